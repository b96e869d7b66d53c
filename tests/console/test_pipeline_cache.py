"""The pipeline's queue is kept for its window of time, and forgotten as soon as anything it
places or shows changes: staff never see a queue older than their own last change."""

import datetime
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assessments.models import Status
from assessments.workflow import STAFF, transition
from checkins.services import reviews
from console import pipeline
from tests.assessments.factories import ApplicationFactory
from tests.checkins.factories import award_on, review_of, scored_award, sent_checkin
from tests.panels.factories import InterviewFactory, PanelFactory

pytestmark = pytest.mark.django_db


def _shown(section):
    return [row["pk"] for row in pipeline.pipeline()[section]]


def _queries(function):
    with CaptureQueriesContext(connection) as context:
        function()
    return len(context.captured_queries)


def test_a_second_look_in_the_same_window_does_not_read_the_queue_again():
    ApplicationFactory(status=Status.SUBMITTED)
    award_on(timezone.localdate() - datetime.timedelta(days=400))  # a check-in due
    first = _queries(pipeline.pipeline)
    # The queue's two statements (see console.pipeline._queue_rows) and the check-in
    # sections' three (checkins.selectors.staff_queue) are not run again.
    assert _queries(pipeline.pipeline) == first - 5


def test_a_move_shows_at_once(staff_user):
    application = ApplicationFactory(status=Status.SUBMITTED)
    assert _shown("to_check") == [application.pk]
    transition(application, Status.RETURNED, actor=staff_user, actor_kind=STAFF)
    assert _shown("to_check") == []


def test_a_new_application_and_a_deleted_one_show_at_once():
    assert _shown("to_check") == []
    application = ApplicationFactory(status=Status.SUBMITTED)
    assert _shown("to_check") == [application.pk]
    application.delete()
    assert _shown("to_check") == []


def test_a_new_panel_shows_at_once():
    application = ApplicationFactory(status=Status.SUBMITTED)
    assert _shown("no_panel") == [application.pk]
    panel = PanelFactory(application=application)
    assert _shown("no_panel") == []
    panel.delete()
    assert _shown("no_panel") == [application.pk]


def test_a_moved_interview_shows_at_once():
    application = ApplicationFactory(status=Status.INTERVIEW_SCHEDULED)
    interview = InterviewFactory(
        application=application, starts_at=timezone.now() + datetime.timedelta(days=3)
    )
    assert _shown("interviews") == [application.pk]
    interview.starts_at = timezone.now() + datetime.timedelta(days=20)
    interview.save()
    assert _shown("interviews") == []


def test_a_renamed_organisation_shows_at_once():
    application = ApplicationFactory(status=Status.SUBMITTED)
    pipeline.pipeline()
    application.organisation.name = "Renamed Youth Trust"
    application.organisation.save()
    assert [row["organisation_name"] for row in pipeline.pipeline()["to_check"]] == [
        "Renamed Youth Trust"
    ]


def test_a_changed_total_shows_at_once():
    application = ApplicationFactory(status=Status.SCORED, total=45)
    pipeline.pipeline()
    application.total = 49
    application.save()
    assert [row["total"] for row in pipeline.pipeline()["to_confirm"]] == [49]


def test_the_queue_moves_with_time_without_any_change():
    """An interview that starts is "to finalise" from the next window on, at most
    QUEUE_WINDOW_SECONDS late, though nothing was saved."""
    now = timezone.now()
    application = ApplicationFactory(status=Status.INTERVIEW_SCHEDULED)
    InterviewFactory(application=application, starts_at=now + datetime.timedelta(seconds=5))
    with mock.patch("django.utils.timezone.now", return_value=now):
        assert _shown("interviews") == [application.pk]
        assert _shown("to_finalise") == []
    later = now + datetime.timedelta(seconds=pipeline.QUEUE_WINDOW_SECONDS)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert _shown("interviews") == []
        assert _shown("to_finalise") == [application.pk]


def test_a_queue_read_before_the_change_committed_is_dropped_at_commit(
    django_capture_on_commit_callbacks,
):
    """Another request may read, and keep, the queue between the change and its commit:
    the commit forgets it again."""
    # One window of time throughout: a window that ends between the read and the
    # look-up would send them to two keys.
    now = timezone.now()
    key = pipeline._queue_cache_key(now)
    with mock.patch("django.utils.timezone.now", return_value=now):
        with django_capture_on_commit_callbacks() as callbacks:
            ApplicationFactory(status=Status.SUBMITTED)
            pipeline.pipeline()  # as another request would, before the commit
            assert cache.get(key) is not None
        assert callbacks
        for callback in callbacks:
            callback()
    assert cache.get(key) is None


def test_a_check_in_sent_and_its_review_show_at_once():
    """The check-in sections are kept with the queue, and forgotten as soon as a check-in
    or a review is saved."""
    award, writer, (ana,) = scored_award(
        reviewers=1, awarded_on=timezone.localdate() - datetime.timedelta(days=400)
    )
    assert pipeline.pipeline()["checkins"]["due_count"] == 1
    checkin = sent_checkin(award, actor=writer)
    sections = pipeline.pipeline()["checkins"]
    assert sections["due_count"] == 0
    assert [c.pk for c in sections["waiting"]] == [checkin.pk]
    reviews.give(review_of(checkin, ana), verdict="worried", comment="", questions="", member=ana)
    sections = pipeline.pipeline()["checkins"]
    assert sections["waiting"] == []
    assert [c.pk for c in sections["worried"]] == [checkin.pk]


def test_the_check_in_sections_are_kept_for_the_day_and_counted_again_the_next():
    """Whether a check-in is due changes with the day: a later window of the same day
    reads none of the check-in statements again, the next day reads them."""
    award_on(timezone.localdate() - datetime.timedelta(days=340))  # due in 25 days
    now = timezone.localtime().replace(hour=9, minute=0)
    with mock.patch("django.utils.timezone.now", return_value=now):
        assert pipeline.pipeline()["checkins"]["due_count"] == 1
    later = now + datetime.timedelta(hours=8)
    with mock.patch("django.utils.timezone.now", return_value=later):
        first = _queries(pipeline.pipeline)
    next_day = now + datetime.timedelta(days=1)
    with mock.patch("django.utils.timezone.now", return_value=next_day):
        assert _queries(pipeline.pipeline) == first + 3
