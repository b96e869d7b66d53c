"""Assigning (and changing) an application's panel: young people and a facilitator."""

from django.db import transaction

from assessments import workflow
from assessments.models import Status, TimelineEvent
from assessments.timeline_people import person

from .. import selectors
from ..models import (
    Confirmation,
    Panel,
    PanelMember,
    PanelSeat,
    Score,
    ScoringSubmission,
    SeatLoss,
)
from ..refusals import PanelError
from .application_lock import copy_back, lock_application


def _check_members(application, members, facilitator):
    needed = selectors.min_young_people()
    if len({m.pk for m in members}) < needed:
        raise PanelError(f"Choose at least {needed} young people for the panel.")
    if any(m.user_id == facilitator.pk for m in members):
        raise PanelError("The facilitator runs the session and never scores: choose someone else.")
    blocked = {
        row["member"].pk: row["blocked_reason"]
        for row in selectors.member_choices_for(application)
        if row["blocked_reason"]
    }
    active_ids = set(PanelMember.objects.active().values_list("pk", flat=True))
    for member in members:
        if member.pk in blocked:
            raise PanelError(f"{member.display_name} cannot be on this panel. {blocked[member.pk]}")
        if member.pk not in active_ids:
            raise PanelError(f"{member.display_name} is no longer an active panel member.")


def _panel_names(members):
    """The members as references: the timeline shows their names when it is read."""
    return ", ".join(person(m.user_id) for m in members)


@transaction.atomic
def assign_panel(application, *, members, facilitator, actor):
    """Assign (or change) the panel. A first assignment moves SUBMITTED → PANEL_ASSIGNED."""
    if not facilitator.is_participation_staff:
        raise PanelError("The facilitator must be a member of the participation team.")
    _check_members(application, members, facilitator)
    original, application = application, lock_application(application)
    panel = selectors.panel_for(application)
    if panel is None:
        if application.status != Status.SUBMITTED:
            raise PanelError("A panel can only be assigned to a submitted application.")
        panel = Panel.objects.create(
            application=application, facilitator=facilitator, created_by=actor
        )
        PanelSeat.objects.bulk_create(PanelSeat(panel=panel, member=m) for m in members)
        workflow.transition(
            application, Status.PANEL_ASSIGNED, actor=actor, actor_kind=workflow.STAFF
        )
        workflow.record(
            application,
            TimelineEvent.Kind.PANEL,
            f"Panel assigned: {_panel_names(members)}. Facilitator: {person(facilitator)}.",
            actor=actor,
            visible_to_organisation=False,
        )
        copy_back(original, application)
        return panel
    if application.status not in (
        Status.PANEL_ASSIGNED,
        Status.INTERVIEW_SCHEDULED,
        Status.RESUBMITTED,
    ):
        raise PanelError("The panel can no longer be changed: scoring has finished.")
    wanted = {m.pk for m in members}
    current = set(panel.seats.values_list("member_id", flat=True))
    removed = current - wanted
    if removed and Score.objects.filter(application=application, member_id__in=removed).exists():
        raise PanelError("A member who has already scored cannot be taken off the panel.")
    PanelSeat.objects.filter(panel=panel, member_id__in=removed).delete()
    PanelSeat.objects.bulk_create(
        PanelSeat(panel=panel, member=m) for m in members if m.pk not in current
    )
    panel.facilitator = facilitator
    panel.save(update_fields=["facilitator"])
    workflow.record(
        application,
        TimelineEvent.Kind.PANEL,
        f"Panel changed: {_panel_names(members)}. Facilitator: {person(facilitator)}.",
        actor=actor,
        visible_to_organisation=False,
    )
    return panel


# Where a seat still matters: the panel has not finished scoring.
_SEATED_STATUSES = (
    Status.PANEL_ASSIGNED,
    Status.INTERVIEW_SCHEDULED,
    Status.SCORED,
    Status.RESUBMITTED,
)


def unseat_for_conflict(member, organisation, *, reason, actor):
    """A member who declares a conflict with an organisation whose panel they sit on loses
    the seat at once: the seat goes, their scores not yet sent are discarded, the round's
    confirmations are cleared (the sheet's signatories changed), and a SeatLoss tells staff
    in the pipeline. Runs inside the caller's transaction."""
    seats = PanelSeat.objects.filter(
        member=member,
        panel__application__organisation=organisation,
        panel__application__status__in=_SEATED_STATUSES,
    ).select_related("panel__application")
    for seat in list(seats):
        application = lock_application(seat.panel.application)
        sent_rounds = ScoringSubmission.objects.filter(
            member=member, application=application
        ).values("round")
        discarded, _ = (
            Score.objects.filter(member=member, application=application)
            .exclude(round__in=sent_rounds)
            .delete()
        )
        PanelSeat.objects.filter(pk=seat.pk).delete()
        Confirmation.objects.of_round(application).delete()
        SeatLoss.objects.create(
            application=application, member=member, reason=reason, discarded_scores=discarded
        )
        workflow.record(
            application,
            TimelineEvent.Kind.PANEL,
            f"{member.display_name} declared a conflict and lost their seat "
            f"({discarded} unsent score{'s' if discarded != 1 else ''} discarded).",
            actor=actor,
            visible_to_organisation=False,
        )
