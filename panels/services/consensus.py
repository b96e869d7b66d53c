"""The panel's consensus: revealing everyone's scores, agreeing one score per indicator,
and finalising the round."""

from django.db import transaction
from django.utils import timezone

from assessments import outcomes, workflow
from assessments.models import Indicator, Status, TimelineEvent

from .. import agreement, selectors
from ..models import AgreedScore, Confirmation, Finalisation, Panel
from ..refusals import PanelError
from .application_lock import copy_back, lock_application
from .records import record_step


def _require_facilitator(actor, application):
    if not selectors.is_facilitator(actor, application):
        raise PanelError("Only the panel's facilitator can do this.")


def _require_scoring_open(application):
    closed = selectors.scoring_closed(application, selectors.round_state(application))
    if closed:
        raise PanelError(closed)


@transaction.atomic
def reveal_scores(application, *, actor):
    if not selectors.is_facilitator(actor, application):
        raise PanelError("Only the facilitator can show everyone's scores.")
    Panel.objects.of_application(application).update(scores_revealed=True)
    workflow.record(
        application,
        TimelineEvent.Kind.SCORES,
        "The facilitator showed everyone's scores to the panel.",
        actor=actor,
        visible_to_organisation=False,
    )


def _clear_confirmations(application, actor):
    """A change to the agreed sheet after a confirmation clears every confirmation: the
    young people confirm the sheet as it now stands."""
    cleared, _ = Confirmation.objects.of_round(application).delete()
    if cleared:
        record_step(
            application,
            "The agreed scores changed, so the young people's confirmations were cleared.",
            actor=actor,
            step="confirmations cleared (the agreed scores changed)",
            cleared=cleared,
        )


@transaction.atomic
def save_agreed_score(
    application, indicator_id, *, value, feedback, needs_more_evidence, reason="", actor
):
    """Record the panel's agreed score and feedback for one indicator of this round.

    The value comes from the present young people's own scores: any value within their
    range, or outside it with the panel's written reason. Every present young person must
    have sent their scores first. A change clears the round's confirmations."""
    _require_facilitator(actor, application)
    application = lock_application(application)
    _require_scoring_open(application)
    try:
        value = int(value)
    except (TypeError, ValueError):
        raise PanelError("Choose an agreed score from 0 to 4.") from None
    if not 0 <= value <= outcomes.MAX_SCORE_PER_INDICATOR:
        raise PanelError("Choose an agreed score from 0 to 4.")
    indicator = Indicator.objects.to_score(application).filter(pk=indicator_id).first()
    if indicator is None:
        raise PanelError("This indicator is not being scored in this round.")
    waiting = selectors.members_not_sent(application)
    if waiting:
        names = ", ".join(m.display_name for m in waiting)
        raise PanelError(f"Every young person here sends their scores first. Waiting for: {names}.")
    given = selectors.members_scores(application, [indicator.pk]).get(indicator.pk, [])
    reason = (reason or "").strip()
    if agreement.within_range(value, given):
        reason = ""
    elif not reason:
        raise PanelError(
            f"{value} is outside the young people's own scores "
            f"(from {min(given)} to {max(given)}). Write the panel's reason for it."
        )
    fields = {
        "value": value,
        "feedback": (feedback or "").strip(),
        "needs_more_evidence": bool(needs_more_evidence) and application.round == 1,
        "outside_range_reason": reason,
        "carried_over": False,
    }
    agreed = AgreedScore.objects.of_round(application).filter(indicator=indicator).first()
    if agreed is not None and all(getattr(agreed, k) == v for k, v in fields.items()):
        return agreed  # nothing changed: the confirmations stand
    before = agreed.value if agreed is not None else None
    agreed, _ = AgreedScore.objects.update_or_create(
        application_id=application.pk,
        indicator_id=indicator.pk,
        round=application.round,
        defaults={**fields, "agreed_by": actor, "agreed_at": timezone.now()},
    )
    message = f"Agreed score for {indicator.code}: {value}"
    if before is not None and before != value:
        message += f" (was {before})"
    message += f". Young people's scores: {', '.join(map(str, sorted(given)))}."
    if reason:
        message += f" Outside their range because: {reason}"
    record_step(
        application,
        message,
        actor=actor,
        step=f"agreed score for {indicator.code}"
        + (" (changed)" if before is not None else "")
        + (" outside the young people's range, with a reason" if reason else ""),
        indicator_id=indicator.pk,
        value=value,
        previous_value=before,
        given=sorted(given),
    )
    _clear_confirmations(application, actor)
    return agreed


def _require_sheet_ready(application):
    missing = selectors.missing_agreed(application)
    if missing:
        codes = ", ".join(f"{i.code} {i.title}" for i in missing)
        raise PanelError(f"Agree a score for every indicator first. Still missing: {codes}.")


@transaction.atomic
def confirm_sheet(application, member, *, sheet, actor, spoken=False):
    """A present young person confirms the agreed sheet ("These are our scores"): on their
    own device (`actor` is the member), or spoken and recorded by name by the facilitator
    (`spoken`). `sheet` is the fingerprint of the sheet they saw: if it changed since, the
    confirmation is refused."""
    application = lock_application(application)
    _require_scoring_open(application)
    if spoken:
        _require_facilitator(actor, application)
    elif member is None or member.user_id != actor.pk:
        raise PanelError("Only you can confirm for yourself.")
    if member.pk not in {m.pk for m in selectors.present_members(application)}:
        raise PanelError(f"{member.display_name} is not recorded as here.")
    _require_sheet_ready(application)
    if sheet != selectors.sheet_fingerprint(application):
        raise PanelError("The agreed scores changed since this page was opened. Look again.")
    confirmation, created = Confirmation.objects.get_or_create(
        application=application,
        round=application.round,
        member=member,
        defaults={"spoken": spoken, "recorded_by": actor},
    )
    if created:
        how = "said so out loud (recorded by the facilitator)" if spoken else "on their own device"
        record_step(
            application,
            f"{member.display_name} confirmed the agreed scores, {how}.",
            actor=actor,
            step="confirmed the agreed scores, " + ("spoken" if spoken else "on their device"),
            member=member,
            sheet=sheet,
        )
    return confirmation


def _require_within_range_or_reason(application):
    given = selectors.members_scores(application)
    for agreed in AgreedScore.objects.of_round(application).select_related("indicator"):
        values = given.get(agreed.indicator_id, [])
        if not values:
            raise PanelError(f"No young person here has scored {agreed.indicator.code}.")
        if not agreement.within_range(agreed.value, values) and not agreed.outside_range_reason:
            raise PanelError(
                f"The agreed score for {agreed.indicator.code} is outside the young people's "
                "scores and has no reason. Write the reason first."
            )


@transaction.atomic
def finalise(application, *, actor):
    """Total the agreed scores, propose the outcome and move the application to SCORED."""
    original, application = application, lock_application(application)
    _require_facilitator(actor, application)
    _require_scoring_open(application)
    waiting = selectors.members_not_sent(application)
    if waiting:
        names = ", ".join(m.display_name for m in waiting)
        raise PanelError(f"Every young person here sends their scores first. Waiting for: {names}.")
    _require_sheet_ready(application)
    final = selectors.final_scores(application)
    if len(final) != outcomes.INDICATORS_PER_LEVEL:
        raise PanelError("Agree a score for every indicator first.")
    _require_within_range_or_reason(application)
    unconfirmed = selectors.not_confirmed(application)
    if unconfirmed:
        names = ", ".join(m.display_name for m in unconfirmed)
        raise PanelError(
            f"Every young person here confirms the scores first. Still to confirm: {names}."
        )
    round_number = application.round
    total = sum(agreed.value for agreed in final)
    outcome = outcomes.outcome_for_total(total, is_resubmission=round_number == 2)
    if outcome == outcomes.RESUBMISSION:
        flagged = [agreed.value for agreed in final if agreed.needs_more_evidence]
        if not agreement.resubmission_is_reachable(total, flagged):
            possible, needed = agreement.resubmission_headroom(total, flagged)
            raise PanelError(
                f"A total of {total} means they may resubmit, so they must be able to reach "
                f"{outcomes.AWARD_THRESHOLD}. The parts marked “Needs more evidence” could add "
                f"{possible} at most, and they need {needed}. Mark more parts."
            )
    AgreedScore.objects.bulk_create(agreed for agreed in final if agreed.pk is None)
    Finalisation.objects.create(
        application=application,
        round=round_number,
        total=total,
        outcome=outcome,
        finalised_by=actor,
    )
    application.total = total
    application.proposed_outcome = outcome
    application.save(update_fields=["total", "proposed_outcome", "updated_at"])
    # A second round starts hidden again: members score without seeing each other.
    Panel.objects.of_application(application).update(scores_revealed=False)
    workflow.transition(application, Status.SCORED, actor=actor, actor_kind=workflow.PANEL)
    workflow.record(
        application,
        TimelineEvent.Kind.SCORES,
        f"Round {round_number} scores finalised: {total} out of {outcomes.MAX_TOTAL}. "
        f"Proposed outcome: {outcomes.OUTCOME_LABELS[outcome]}.",
        actor=actor,
        visible_to_organisation=False,
    )
    return copy_back(original, application)
