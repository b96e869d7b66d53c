import datetime

import factory
from django.utils import timezone

from assessments.models import (
    Answer,
    AnswerConflict,
    AnswerLink,
    Application,
    Cycle,
    Evidence,
    FrameworkVersion,
    Indicator,
    Level,
    ScoreDescriptor,
    SubmissionSnapshot,
    TimelineEvent,
)
from tests.organisations.factories import OrganisationFactory


def default_level(code="silver"):
    """A level of the shipped default framework (installed by the data migration)."""
    return Level.objects.get(version__name="2026", code=code)


class FrameworkVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FrameworkVersion

    name = factory.Sequence(lambda n: f"test-{n}")


class LevelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Level

    version = factory.SubFactory(FrameworkVersionFactory)
    code = Level.Code.BRONZE
    name = "Bronze"
    order = 1
    colour = "#A0632B"


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    level = factory.SubFactory(LevelFactory)
    code = factory.Sequence(lambda n: f"T-{n}")
    title = "Young people have a safe place to talk"
    element = "space"
    promise = "involved"
    guidance = "Tell us where young people meet."
    example_evidence = "Photos; Notes"
    order = factory.Sequence(lambda n: n)


class ScoreDescriptorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ScoreDescriptor

    version = factory.SubFactory(FrameworkVersionFactory)
    value = 0
    label = "No evidence"
    description = "Nothing yet."


class CycleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cycle

    name = factory.Sequence(lambda n: f"Round {n}")
    opens_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=10))
    submission_deadline = factory.LazyFunction(
        lambda: timezone.localdate() + datetime.timedelta(days=30)
    )
    interview_window_start = factory.LazyFunction(
        lambda: timezone.localdate() + datetime.timedelta(days=31)
    )
    interview_window_end = factory.LazyFunction(
        lambda: timezone.localdate() + datetime.timedelta(days=90)
    )


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    organisation = factory.SubFactory(OrganisationFactory)
    cycle = factory.SubFactory(CycleFactory)
    level = factory.LazyFunction(default_level)


class AnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Answer

    application = factory.SubFactory(ApplicationFactory)
    indicator = factory.LazyAttribute(lambda o: o.application.level.indicators.first())
    text = "Young people run our forum every month and choose the topics."
    self_rating = 3


class AnswerLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AnswerLink

    answer = factory.SubFactory(AnswerFactory)
    url = "https://example.org/youth-forum"
    title = "Youth forum page"


class EvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evidence

    organisation = factory.SubFactory(OrganisationFactory)
    file = factory.django.FileField(filename="notes.pdf", data=b"%PDF-1.4 test")
    storage_name = factory.Sequence(lambda n: f"stored-{n}.pdf")
    original_name = "Forum notes.pdf"
    content_type = "application/pdf"
    size = 13
    sha256 = "0" * 64


class TimelineEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TimelineEvent

    application = factory.SubFactory(ApplicationFactory)
    kind = TimelineEvent.Kind.NOTE
    message = "A note"


def answer_all(application, rating=3):
    """Answer every indicator of the application's level."""
    return [
        Answer.objects.update_or_create(
            application=application,
            indicator=indicator,
            defaults={"text": f"How we meet {indicator.code}", "self_rating": rating},
        )[0]
        for indicator in application.level.indicators.all()
    ]


class AnswerConflictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AnswerConflict

    answer = factory.SubFactory(AnswerFactory)
    user = factory.SubFactory("tests.accounts.factories.UserFactory")
    base_revision = 0
    text = "My unsaved version"
    self_rating = 2


class SubmissionSnapshotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SubmissionSnapshot

    application = factory.SubFactory(ApplicationFactory)
    round = 1
    status = "submitted"
    answers = factory.LazyFunction(list)


class RetentionLogFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "assessments.RetentionLog"

    evidence = factory.SubFactory(EvidenceFactory)
    evidence_pk = factory.LazyAttribute(lambda o: o.evidence.pk)
    organisation = factory.LazyAttribute(lambda o: o.evidence.organisation)
    original_name = factory.LazyAttribute(lambda o: o.evidence.original_name)
    stored_name = factory.LazyAttribute(lambda o: o.evidence.file.name)
    size = factory.LazyAttribute(lambda o: o.evidence.size)
    sha256 = factory.LazyAttribute(lambda o: o.evidence.sha256)
    application_ids = factory.LazyFunction(list)
    reason = "Retention period ended."
