"""The reads behind the application, indicator and evidence pages (assessments.selectors)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from assessments import selectors, workflow
from assessments.models import Answer, AnswerConflict, AnswerLink, Evidence, TimelineEvent
from tests.accounts.factories import StaffFactory
from tests.assessments.factories import EvidenceFactory

pytestmark = pytest.mark.django_db


def ordered_answers(application):
    return list(application.answers.select_related("indicator").order_by("indicator__order"))


def test_indicator_page_answer_reads_the_answer_with_its_relations_in_one_query(
    application, django_assert_num_queries
):
    answer = ordered_answers(application)[0]
    with django_assert_num_queries(1):
        read = selectors.indicator_page_answer(application.pk, answer.indicator.code)
        assert read.pk == answer.pk and read.revision == answer.revision
        assert read.indicator.title == answer.indicator.title
        assert read.application == application
        assert read.application.created_at == application.created_at
        assert read.application.level.name == "Silver"
    assert read.updated_at == Answer.objects.get(pk=answer.pk).updated_at
    assert selectors.indicator_page_answer(application.pk, "NOPE") is None
    assert selectors.indicator_page_answer(application.pk + 1, answer.indicator.code) is None


def test_open_conflict_is_the_users_own_unsaved_version(application, member, colleague):
    answer = ordered_answers(application)[0]
    theirs = AnswerConflict.objects.create(
        answer=answer, user=colleague, base_revision=0, text="Mine"
    )
    assert selectors.open_conflict(answer, member) is None
    assert selectors.open_conflict(answer, colleague) == theirs


def test_library_for_answer_lists_the_newest_first_and_marks_the_attached(
    application, organisation
):
    answer = ordered_answers(application)[0]
    older = EvidenceFactory(organisation=organisation, original_name="Older.pdf")
    newer = EvidenceFactory(organisation=organisation, original_name="Newer.pdf")
    deleted = EvidenceFactory(organisation=organisation, original_name="Gone.pdf")
    EvidenceFactory(original_name="Elsewhere.pdf")
    Evidence.objects.filter(pk=older.pk).update(uploaded_at=timezone.now() - timedelta(days=2))
    Evidence.objects.filter(pk=deleted.pk).update(file_deleted_at=timezone.now())
    answer.evidence.add(older)
    # Another answer's use of a file does not mark it for this one.
    application.answers.exclude(pk=answer.pk).first().evidence.add(newer)
    answer = selectors.indicator_page_answer(application.pk, answer.indicator.code)
    assert selectors.library_for_answer(answer) == [
        (newer.pk, "Newer.pdf", False),
        (older.pk, "Older.pdf", True),
    ]


def test_answer_links_are_oldest_first(application):
    answer = ordered_answers(application)[0]
    second = AnswerLink.objects.create(answer=answer, url="https://example.org/b", title="B")
    third = AnswerLink.objects.create(answer=answer, url="https://example.org/a", title="")
    AnswerLink.objects.create(answer=ordered_answers(application)[1], url="https://example.org/c")
    assert list(selectors.answer_links(answer)) == [second, third]


def test_indicator_navigation_places_a_code_among_the_levels(application):
    codes = [a.indicator.code for a in ordered_answers(application)]
    first = selectors.indicator_navigation(application.level_id, codes[0])
    assert (first.previous, first.next, first.position, first.count) == (
        None,
        codes[1],
        1,
        len(codes),
    )
    middle = selectors.indicator_navigation(application.level_id, codes[5])
    assert (middle.previous, middle.next, middle.position) == (codes[4], codes[6], 6)
    last = selectors.indicator_navigation(application.level_id, codes[-1])
    assert (last.previous, last.next, last.position) == (codes[-2], None, len(codes))
    assert selectors.indicator_navigation(application.level_id, "NOPE") is None


def test_progress_and_the_overview_rows_count_alike(application):
    answers = ordered_answers(application)
    Answer.objects.filter(pk=answers[0].pk).update(text="Done", self_rating=2)
    Answer.objects.filter(pk=answers[1].pk).update(text="Half done")
    answers = ordered_answers(application)
    plain = selectors.progress(answers)
    rows = selectors.overview_progress(
        application, url_for=lambda code: f"/{code}/", flagged_ids={answers[1].indicator_id}
    )
    for summary in (plain, rows):
        assert (summary["answered"], summary["total"], summary["percent"]) == (1, 16, 6)
        assert [(g.code, g.answered, g.total) for g in summary["elements"]] == [
            ("space", 1, 4),
            ("voice", 0, 4),
            ("audience", 0, 4),
            ("influence", 0, 4),
        ]
    assert plain["elements"][0].answers == answers[:4]
    first, second, third = rows["elements"][0].answers[:3]
    indicator = answers[0].indicator
    assert (first.label, first.url) == (
        f"{indicator.code} {indicator.title}",
        f"/{indicator.code}/",
    )
    assert (first.state, second.state, third.state) == ("Answered", "In progress", "Not started")
    assert (first.flagged, second.flagged, third.flagged) == (False, True, False)


def test_timeline_is_oldest_first_with_the_actors_name_and_hides_staff_only_events(
    application, member, django_assert_num_queries
):
    staff = StaffFactory(full_name="Priya Staff")
    workflow.record(application, TimelineEvent.Kind.NOTE, "Seen by all", actor=staff)
    workflow.record(
        application, TimelineEvent.Kind.PANEL, "Staff eyes", visible_to_organisation=False
    )
    with django_assert_num_queries(1):
        events = selectors.timeline(application, staff_only_too=True)
        labels = [(event.message, event.actor_label) for event in events]
    assert labels == [
        (
            f"Application for the Silver Kitemark started in {application.cycle.name}",
            member.display_label,
        ),
        ("Seen by all", "Priya Staff"),
        ("Staff eyes", "Kitemark system"),
    ]
    shown = selectors.timeline(application, staff_only_too=False)
    assert [event.message for event in shown] == [labels[0][0], "Seen by all"]


def test_missing_answers_lists_the_unanswered_in_order(application):
    answers = ordered_answers(application)
    Answer.objects.filter(pk=answers[0].pk).update(text="Done", self_rating=2)
    Answer.objects.filter(pk=answers[2].pk).update(text="No rating yet")
    missing = selectors.missing_answers(application)
    assert [a.pk for a in missing] == [a.pk for a in answers[1:]]


# ---------------------------------------------------------------- status counts


def test_status_counts_are_read_once_until_something_changes(django_assert_num_queries):
    from assessments.models import Status
    from tests.assessments.factories import ApplicationFactory

    ApplicationFactory(status=Status.SUBMITTED)
    with django_assert_num_queries(1):
        assert selectors.status_counts() == {Status.SUBMITTED: 1}
    with django_assert_num_queries(0):
        assert selectors.status_counts() == {Status.SUBMITTED: 1}


def test_a_new_or_deleted_application_refreshes_the_counts():
    from assessments.models import Status
    from tests.assessments.factories import ApplicationFactory

    first = ApplicationFactory(status=Status.SUBMITTED)
    assert selectors.status_counts() == {Status.SUBMITTED: 1}
    ApplicationFactory(status=Status.DRAFT)
    assert selectors.status_counts() == {Status.SUBMITTED: 1, Status.DRAFT: 1}
    first.delete()
    assert selectors.status_counts() == {Status.DRAFT: 1}


def test_a_status_change_refreshes_the_counts():
    from assessments.models import Status
    from tests.assessments.factories import ApplicationFactory

    application = ApplicationFactory(status=Status.SUBMITTED)
    assert selectors.status_counts() == {Status.SUBMITTED: 1}
    workflow.transition(
        application, Status.RETURNED, actor=StaffFactory(), actor_kind=workflow.STAFF
    )
    assert selectors.status_counts() == {Status.RETURNED: 1}
