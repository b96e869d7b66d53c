"""An application's life: starting it, submitting (and resubmitting) it, withdrawing
it, returning it for more information, and the resubmission deadline lapsing.

Every status change goes through `workflow.transition`, which records it on the
timeline and queues the status email in the same transaction.
"""

import logging

from django.db import IntegrityError, transaction
from django.utils import timezone

from .. import selectors, workflow
from ..models import (
    Answer,
    Application,
    FrameworkVersion,
    Indicator,
    Status,
    SubmissionSnapshot,
    TimelineEvent,
)
from ..refusals import ActionRefused

logger = logging.getLogger("assessments.applications")

ONE_AT_A_TIME = (
    "Your organisation already has an application in progress. You can have only one at a time."
)
LAPSED_MESSAGE = (
    "The resubmission deadline passed with nothing submitted, so the application is not awarded."
)

# ---------------------------------------------------------------- starting


def start_application(organisation, level, user):
    """Create a draft with an empty answer for each of the level's indicators."""
    cycle = selectors.open_cycle()
    if cycle is None:
        raise ActionRefused("Applications are closed at the moment. No round is open.")
    version = FrameworkVersion.objects.current()
    if version is None or level.version_id != version.pk:
        raise ActionRefused("Choose a level from the current framework.")
    if selectors.live_application(organisation) is not None:
        raise ActionRefused(ONE_AT_A_TIME)
    try:
        with transaction.atomic():
            application = Application.objects.create(
                organisation=organisation, cycle=cycle, level=level, created_by=user
            )
            indicators = Indicator.objects.filter(level=level).order_by("order")
            Answer.objects.bulk_create(
                Answer(application=application, indicator=indicator) for indicator in indicators
            )
            workflow.record(
                application,
                TimelineEvent.Kind.NOTE,
                f"Application for the {level.name} Kitemark started in {cycle.name}",
                actor=user,
            )
    except IntegrityError:
        # Two colleagues pressed "Start" at the same moment: the constraint keeps one.
        raise ActionRefused(ONE_AT_A_TIME) from None
    return application


# ---------------------------------------------------------------- submitting


def _snapshot(application, user):
    return SubmissionSnapshot.objects.create(
        application=application,
        round=application.round,
        status=application.status,
        submitted_by=user,
        answers=selectors.answers_as_submitted(application),
    )


def submit(application, user, day=None):
    """Submit (or resubmit after a 42-47 total). Raises ActionRefused with the reason."""
    day = day or timezone.localdate()
    if selectors.missing_answers(application):
        raise ActionRefused("Answer every indicator before you submit.")
    with transaction.atomic():
        if application.status == Status.RESUBMISSION_INVITED:
            deadline = application.resubmission_deadline
            if deadline is not None and day > deadline:
                raise ActionRefused("The deadline for resubmitting has passed.")
            Application.objects.filter(pk=application.pk).update(round=2)
            application.round = 2
            target = Status.RESUBMITTED
        else:
            if application.status == Status.DRAFT and application.cycle.submission_deadline < day:
                raise ActionRefused(
                    f"The deadline for this round was "
                    f"{application.cycle.submission_deadline:%-d %B %Y}. "
                    "Contact the participation team."
                )
            target = Status.SUBMITTED
        try:
            event = workflow.transition(
                application, target, actor=user, actor_kind=workflow.ORGANISATION
            )
        except workflow.TransitionNotAllowed:
            raise ActionRefused(
                f"This application is “{application.get_status_display()}”, "
                "so it cannot be submitted now."
            ) from None
        _snapshot(application, user)
    return event


# ---------------------------------------------------------------- withdrawing, returning


def withdraw(application, user, reason=""):
    message = "Withdrawn by the organisation"
    if reason.strip():
        message = f"{message}: {reason.strip()}"
    try:
        return workflow.transition(
            application,
            Status.WITHDRAWN,
            actor=user,
            actor_kind=workflow.ORGANISATION,
            message=message,
        )
    except workflow.TransitionNotAllowed:
        raise ActionRefused("This application can no longer be withdrawn.") from None


def return_for_information(application, staff_user, message):
    if not message.strip():
        raise ActionRefused("Write a message saying what information is needed.")
    try:
        return workflow.transition(
            application,
            Status.RETURNED,
            actor=staff_user,
            actor_kind=workflow.STAFF,
            message=message.strip(),
        )
    except workflow.TransitionNotAllowed:
        raise ActionRefused("Only a submitted application can be returned.") from None


# ---------------------------------------------------------------- the resubmission lapse


def lapse_overdue_resubmissions(today=None):
    """THE lapse: each application invited to resubmit whose deadline passed before
    `today` (today's date; the deadline day itself is still open) with nothing sent
    becomes not awarded, by the system. One transaction per application, each locked
    and checked again, so a resubmission sent meanwhile is left alone and a second run
    changes nothing. Returns how many lapsed."""
    today = today or timezone.localdate()
    lapsed = 0
    overdue = Application.objects.overdue_resubmissions(today).values_list("pk", flat=True)
    for pk in list(overdue):
        with transaction.atomic():
            application = (
                Application.objects.overdue_resubmissions(today)
                .select_for_update()
                .filter(pk=pk)
                .first()
            )
            if application is None:
                continue
            workflow.transition(
                application,
                Status.NOT_AWARDED,
                actor=None,
                actor_kind=workflow.SYSTEM,
                message=LAPSED_MESSAGE,
            )
            lapsed += 1
    if lapsed:
        logger.info("resubmissions lapsed: %s", lapsed)
    return lapsed
