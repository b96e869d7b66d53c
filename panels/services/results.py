"""The outcome: staff confirm what the panel's total implies, and the organisation tells
the panel what it did about the feedback ("you said, we did")."""

from django.db import transaction
from django.utils import timezone

from assessments import outcomes, workflow
from assessments.models import Status, TimelineEvent

from .. import selectors
from ..models import AgreedScore, Confirmation, Finalisation, OrganisationAction, SendBack
from ..refusals import PanelError
from . import notices
from .application_lock import copy_back, lock_application
from .records import record_step

_OUTCOME_STATUS = {
    outcomes.AWARDED: Status.AWARDED,
    outcomes.RESUBMISSION: Status.RESUBMISSION_INVITED,
    outcomes.NOT_AWARDED: Status.NOT_AWARDED,
}


@transaction.atomic
def confirm_outcome(application, *, actor):
    """Staff confirm the proposed outcome. Only then does the organisation see it."""
    if not actor.is_participation_staff:
        raise PanelError("Only the participation team can confirm an outcome.")
    original, application = application, lock_application(application)
    if application.status != Status.SCORED or not application.proposed_outcome:
        raise PanelError("There is no outcome waiting to be confirmed.")
    finalisation = Finalisation.objects.of_round(application).get()
    outcome = application.proposed_outcome
    if outcome == outcomes.RESUBMISSION:
        application.resubmission_deadline = outcomes.resubmission_deadline(
            selectors.interview_date_for(application)
        )
        application.save(update_fields=["resubmission_deadline", "updated_at"])
    workflow.transition(
        application, _OUTCOME_STATUS[outcome], actor=actor, actor_kind=workflow.STAFF
    )
    finalisation.confirmed_by = actor
    finalisation.confirmed_at = timezone.now()
    finalisation.save(update_fields=["confirmed_by", "confirmed_at"])
    message = (
        f"Outcome confirmed: {outcomes.OUTCOME_LABELS[outcome]} "
        f"({finalisation.total} out of {outcomes.MAX_TOTAL})."
    )
    if outcome == outcomes.RESUBMISSION:
        message += f" Resubmit by {application.resubmission_deadline:%-d %B %Y}."
    workflow.record(application, TimelineEvent.Kind.SCORES, message, actor=actor)
    return copy_back(original, application)


@transaction.atomic
def send_back(application, *, reason, actor):
    """Staff send the finalised round back to the panel with a reason, instead of
    confirming it: staff never change scores. The round opens again (its finalisation, the
    round-2 copies it made and the young people's confirmations go), the panel re-agrees,
    and the young people confirm again."""
    if not actor.is_participation_staff:
        raise PanelError("Only the participation team can send a result back.")
    reason = (reason or "").strip()
    if not reason:
        raise PanelError("Say why you are sending it back, so the panel knows what to look at.")
    original, application = application, lock_application(application)
    if application.status != Status.SCORED or not application.proposed_outcome:
        raise PanelError("There is no outcome waiting to be confirmed.")
    finalisation = Finalisation.objects.of_round(application).get()
    SendBack.objects.create(
        application=application,
        round=application.round,
        reason=reason,
        total=finalisation.total,
        sent_by=actor,
    )
    finalisation.delete()
    AgreedScore.objects.of_round(application).filter(carried_over=True).delete()
    Confirmation.objects.of_round(application).delete()
    application.total = None
    application.proposed_outcome = ""
    application.save(update_fields=["total", "proposed_outcome", "updated_at"])
    workflow.transition(
        application,
        selectors.SCORING_STATUS_FOR_ROUND[application.round],
        actor=actor,
        actor_kind=workflow.STAFF,
    )
    record_step(
        application,
        f"Sent back to the panel ({finalisation.total} out of {outcomes.MAX_TOTAL}): {reason}",
        actor=actor,
        step="sent back to the panel by staff, with a reason",
        total=finalisation.total,
    )
    return copy_back(original, application)


@transaction.atomic
def add_organisation_action(application, agreed_score_id, text, *, actor):
    """The organisation records what it did about one piece of the latest feedback."""
    text = (text or "").strip()
    if not text:
        raise PanelError("Write what you did or are doing.")
    item = selectors.feedback_items_for_actions(application).filter(pk=agreed_score_id).first()
    if item is None:
        raise PanelError("Choose one of the panel's feedback points.")
    action = OrganisationAction.objects.create(agreed_score=item, text=text, created_by=actor)
    notices.actions_recorded(application, action)
    return action
