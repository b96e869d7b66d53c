import datetime

import factory
from django.utils import timezone

from assessments.models import Status
from panels.models import (
    AgreedScore,
    Attendance,
    Confirmation,
    Conflict,
    Finalisation,
    Interview,
    OrganisationAction,
    Panel,
    PanelMember,
    PanelSeat,
    PrivateNote,
    Score,
    ScoringSubmission,
    Sitting,
)
from tests.accounts.factories import PanelUserFactory, StaffFactory
from tests.assessments.factories import ApplicationFactory, answer_all
from tests.organisations.factories import OrganisationFactory


class PanelMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PanelMember

    display_name = factory.Sequence(lambda n: f"Maya{n}")
    user = factory.SubFactory(PanelUserFactory, full_name=factory.SelfAttribute("..display_name"))
    group = "Youth Cabinet"
    supervisor = factory.SubFactory(StaffFactory)


class ConflictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Conflict

    member = factory.SubFactory(PanelMemberFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    reason = "I go to this youth club"
    recorded_by = factory.SelfAttribute("member.user")


class PanelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Panel

    application = factory.SubFactory(ApplicationFactory, status=Status.PANEL_ASSIGNED)
    facilitator = factory.SubFactory(StaffFactory)


class PanelSeatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PanelSeat

    panel = factory.SubFactory(PanelFactory)
    member = factory.SubFactory(PanelMemberFactory)


class InterviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interview

    application = factory.SubFactory(ApplicationFactory, status=Status.INTERVIEW_SCHEDULED)
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))
    duration_minutes = 60
    venue = "Town Hall, Room 2"


class PrivateNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PrivateNote

    member = factory.SubFactory(PanelMemberFactory)
    application = factory.SubFactory(ApplicationFactory)
    indicator = factory.LazyAttribute(lambda o: o.application.level.indicators.first())
    notes = "Ask about the forum"


class ScoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Score

    member = factory.SubFactory(PanelMemberFactory)
    application = factory.SubFactory(ApplicationFactory)
    indicator = factory.LazyAttribute(lambda o: o.application.level.indicators.first())
    round = 1
    value = 3
    client_updated_at = factory.LazyFunction(timezone.now)


class ScoringSubmissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ScoringSubmission

    member = factory.SubFactory(PanelMemberFactory)
    application = factory.SubFactory(ApplicationFactory)


class AgreedScoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgreedScore

    application = factory.SubFactory(ApplicationFactory)
    indicator = factory.LazyAttribute(lambda o: o.application.level.indicators.first())
    round = 1
    value = 3
    feedback = "Young people chair the forum. Brilliant."


class FinalisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Finalisation

    application = factory.SubFactory(ApplicationFactory)
    round = 1
    total = 50
    outcome = "awarded"


class OrganisationActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrganisationAction

    agreed_score = factory.SubFactory(AgreedScoreFactory)
    text = "We now pay young people for their time."


def seated_panel(application, members=2, facilitator=None):
    """A panel on `application` with `members` new seated members. Returns (panel, members)."""
    panel = PanelFactory(application=application, facilitator=facilitator or StaffFactory())
    seated = [PanelSeatFactory(panel=panel).member for _ in range(members)]
    return panel, seated


def submitted_application(**kwargs):
    application = ApplicationFactory(status=Status.SUBMITTED, **kwargs)
    answer_all(application)
    return application


def open_round(application, panel, present, round_number=None):
    """The facilitator started the round (early, in round 1: the interview is booked for
    next week) and recorded `present` as here."""
    round_number = round_number or application.round
    Sitting.objects.get_or_create(
        application=application,
        round=round_number,
        defaults={"started_by": panel.facilitator, "early": round_number == 1},
    )
    for member in present:
        Attendance.objects.update_or_create(
            application=application,
            round=round_number,
            member=member,
            defaults={"present": True, "recorded_by": panel.facilitator},
        )


def ready_to_score(members=2, started=True, **kwargs):
    """An application with answers, a seated panel and an interview booked next week.
    With `started`, the facilitator started it early and every member is here."""
    application = submitted_application(**kwargs)
    application.status = Status.INTERVIEW_SCHEDULED
    application.save(update_fields=["status"])
    panel, seated = seated_panel(application, members=members)
    InterviewFactory(application=application)
    if started:
        open_round(application, panel, seated)
    return application, panel, seated


def agree_all(application, values, round_number=1, flagged=(), actor=None, confirmed=True):
    """Agreed scores for the level's indicators, in order; `flagged` are 0-based positions.

    The young people recorded as present in the round gave the same scores and sent them,
    and (with `confirmed`) confirmed the sheet: what finalising needs."""
    indicators = list(application.level.indicators.order_by("order"))
    present = [
        a.member
        for a in Attendance.objects.filter(
            application=application, round=round_number, present=True
        ).select_related("member")
    ]
    for member in present:
        for indicator, value in zip(indicators, values, strict=True):
            Score.objects.update_or_create(
                member=member,
                application=application,
                indicator=indicator,
                round=round_number,
                defaults={"value": value, "client_updated_at": timezone.now()},
            )
        ScoringSubmission.objects.get_or_create(
            member=member, application=application, round=round_number
        )
        if confirmed:
            Confirmation.objects.get_or_create(
                member=member, application=application, round=round_number
            )
    return [
        AgreedScore.objects.create(
            application=application,
            indicator=indicator,
            round=round_number,
            value=value,
            feedback=f"Feedback on {indicator.code}",
            needs_more_evidence=position in flagged,
            agreed_by=actor,
        )
        for position, (indicator, value) in enumerate(zip(indicators, values, strict=True))
    ]


def all_send(application, value=3):
    """Each young person recorded as present scores every indicator being scored with
    `value` and sends their scores, through the scoring service."""
    from assessments.models import Indicator
    from panels.services import scoring

    present = Attendance.objects.filter(
        application=application, round=application.round, present=True
    ).select_related("member")
    for attendance in present:
        for indicator in Indicator.objects.to_score(application):
            scoring.save_score(attendance.member, application, indicator.pk, value)
        scoring.submit_scores(attendance.member, application)


def confirm_all(application):
    """Each young person recorded as present confirms the round's agreed sheet."""
    for attendance in Attendance.objects.filter(
        application=application, round=application.round, present=True
    ):
        Confirmation.objects.get_or_create(
            member_id=attendance.member_id, application=application, round=application.round
        )
