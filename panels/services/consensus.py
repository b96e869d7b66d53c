"""The panel's consensus: revealing everyone's scores, agreeing one score per indicator,
and finalising the round."""

from django.db import transaction
from django.utils import timezone

from assessments import outcomes, workflow
from assessments.models import Indicator, Status, TimelineEvent

from .. import selectors
from ..models import AgreedScore, Finalisation, Panel
from ..refusals import PanelError
from .application_lock import copy_back, lock_application


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


@transaction.atomic
def save_agreed_score(application, indicator_id, *, value, feedback, needs_more_evidence, actor):
    """Record the panel's agreed score and feedback for one indicator of this round."""
    _require_facilitator(actor, application)
    application = lock_application(application)
    _require_scoring_open(application)
    try:
        value = int(value)
    except (TypeError, ValueError):
        raise PanelError("Choose an agreed score from 0 to 4.") from None
    if not 0 <= value <= outcomes.MAX_SCORE_PER_INDICATOR:
        raise PanelError("Choose an agreed score from 0 to 4.")
    if not Indicator.objects.to_score(application).filter(pk=indicator_id).exists():
        raise PanelError("This indicator is not being scored in this round.")
    agreed, _ = AgreedScore.objects.update_or_create(
        application_id=application.pk,
        indicator_id=indicator_id,
        round=application.round,
        defaults={
            "value": value,
            "feedback": (feedback or "").strip(),
            "needs_more_evidence": bool(needs_more_evidence) and application.round == 1,
            "agreed_by": actor,
            "agreed_at": timezone.now(),
            "carried_over": False,
        },
    )
    return agreed


@transaction.atomic
def finalise(application, *, actor):
    """Total the agreed scores, propose the outcome and move the application to SCORED."""
    original, application = application, lock_application(application)
    _require_facilitator(actor, application)
    _require_scoring_open(application)
    missing = selectors.missing_agreed(application)
    if missing:
        codes = ", ".join(f"{i.code} {i.title}" for i in missing)
        raise PanelError(f"Agree a score for every indicator first. Still missing: {codes}.")
    final = selectors.final_scores(application)
    if len(final) != outcomes.INDICATORS_PER_LEVEL:
        raise PanelError("Agree a score for every indicator first.")
    AgreedScore.objects.bulk_create(agreed for agreed in final if agreed.pk is None)
    round_number = application.round
    total = sum(agreed.value for agreed in final)
    outcome = outcomes.outcome_for_total(total, is_resubmission=round_number == 2)
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
