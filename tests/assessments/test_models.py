"""The chainable QuerySet methods on the assessments models."""

import datetime

import pytest
from django.utils import timezone

from assessments.models import (
    Application,
    Evidence,
    FrameworkVersion,
    Indicator,
    ScoreDescriptor,
    Status,
)
from tests.assessments.factories import (
    ApplicationFactory,
    EvidenceFactory,
    FrameworkVersionFactory,
    LevelFactory,
    ScoreDescriptorFactory,
    answer_all,
    default_level,
)
from tests.panels.factories import AgreedScoreFactory

pytestmark = pytest.mark.django_db


def level_indicators(application):
    return list(application.level.indicators.order_by("order"))


def flag(application, indicator, round_number=1, needs_more_evidence=True):
    return AgreedScoreFactory(
        application=application,
        indicator=indicator,
        round=round_number,
        value=1,
        needs_more_evidence=needs_more_evidence,
    )


# ---------------------------------------------------------------- Indicator


def test_flagged_for_resubmission_is_the_round_1_flags_of_this_application():
    application = ApplicationFactory(status=Status.RESUBMISSION_INVITED)
    indicators = level_indicators(application)
    flag(application, indicators[3])
    flag(application, indicators[7])
    flag(application, indicators[0], needs_more_evidence=False)  # scored, not flagged
    flag(application, indicators[1], round_number=2)  # a round-2 flag opens nothing
    other = ApplicationFactory(level=application.level)
    flag(other, indicators[5])  # another application's flag
    flagged = Indicator.objects.flagged_for_resubmission(application)
    assert set(flagged) == {indicators[3], indicators[7]}
    assert list(Indicator.objects.flagged_for_resubmission(ApplicationFactory())) == []


def test_to_score_is_every_indicator_in_round_1_and_the_flagged_ones_in_round_2():
    application = ApplicationFactory(status=Status.INTERVIEW_SCHEDULED)
    indicators = level_indicators(application)
    assert list(Indicator.objects.to_score(application)) == indicators
    flag(application, indicators[9])
    flag(application, indicators[2])
    assert list(Indicator.objects.to_score(application)) == indicators
    application.round = 2
    assert list(Indicator.objects.to_score(application)) == [indicators[2], indicators[9]]


# ---------------------------------------------------------------- ScoreDescriptor


def test_for_level_is_the_levels_own_version_lowest_first():
    version = FrameworkVersionFactory()
    level = LevelFactory(version=version)
    for value in (3, 0, 4, 1, 2):
        ScoreDescriptorFactory(version=version, value=value, label=f"Label {value}")
    descriptors = list(ScoreDescriptor.objects.for_level(level.pk))
    assert [(d.value, d.label) for d in descriptors] == [(v, f"Label {v}") for v in range(5)]
    assert all(d.version_id == version.pk for d in descriptors)
    default = list(ScoreDescriptor.objects.for_level(default_level().pk))
    assert [d.label for d in default] == [
        "No evidence",
        "Emerging",
        "Developing",
        "Established",
        "Exemplary",
    ]
    assert FrameworkVersion.objects.current().pk == default[0].version_id


# ---------------------------------------------------------------- Application


def test_status_counts_groups_every_application_by_status(django_assert_num_queries):
    for status in (Status.DRAFT, Status.AWARDED, Status.AWARDED, Status.WITHDRAWN):
        ApplicationFactory(status=status)
    with django_assert_num_queries(1):
        counts = Application.objects.status_counts()
    assert counts == {Status.DRAFT: 1, Status.AWARDED: 2, Status.WITHDRAWN: 1}
    assert Application.objects.filter(status=Status.AWARDED).status_counts() == {Status.AWARDED: 2}


def test_overdue_resubmissions_are_those_past_their_deadline():
    today = datetime.date(2030, 4, 1)
    overdue = ApplicationFactory(
        status=Status.RESUBMISSION_INVITED, resubmission_deadline=datetime.date(2030, 3, 31)
    )
    ApplicationFactory(status=Status.RESUBMISSION_INVITED, resubmission_deadline=today)
    ApplicationFactory(status=Status.RESUBMISSION_INVITED, resubmission_deadline=None)
    ApplicationFactory(status=Status.RESUBMITTED, resubmission_deadline=datetime.date(2030, 1, 1))
    assert list(Application.objects.overdue_resubmissions(today)) == [overdue]


# ---------------------------------------------------------------- Evidence


def test_library_total_size_and_attached():
    application = ApplicationFactory()
    organisation = application.organisation
    kept = EvidenceFactory(organisation=organisation, size=1000)
    used = EvidenceFactory(organisation=organisation, size=300)
    gone = EvidenceFactory(organisation=organisation, size=5000)
    Evidence.objects.filter(pk=gone.pk).update(file_deleted_at=timezone.now())
    EvidenceFactory(size=7)  # another organisation's
    library = Evidence.objects.library(organisation)
    assert set(library) == {kept, used}
    assert set(Evidence.objects.library(organisation.pk)) == {kept, used}
    assert library.total_size() == 1300
    assert Evidence.objects.library(ApplicationFactory().organisation).total_size() == 0
    answer, other_answer = answer_all(application)[:2]
    answer.evidence.add(used)
    other_answer.evidence.add(kept)
    marks = dict(library.with_attached(answer).values_list("pk", "attached"))
    assert marks == {kept.pk: False, used.pk: True}
