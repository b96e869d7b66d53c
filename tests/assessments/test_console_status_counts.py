"""The pipeline's count of applications in each status is kept by database triggers
(ApplicationStatusCount, migration 0006). It must equal a fresh GROUP BY after every way
an application can be made, moved or removed."""

import random

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count

from assessments import console, workflow
from assessments.framework import install_default_framework
from assessments.models import (
    Application,
    ApplicationStatusCount,
    FrameworkVersion,
    Indicator,
    Level,
    ScoreDescriptor,
    Status,
)
from assessments.services import applications
from tests.assessments.conftest import fill_all
from tests.assessments.factories import ApplicationFactory, CycleFactory, default_level
from tests.organisations.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def _fresh():
    """The counts as a GROUP BY over every application."""
    return dict(
        Application.objects.order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )


def _kept():
    """The counts the triggers keep (statuses with none left out)."""
    return {status: n for status, n in ApplicationStatusCount.as_dict().items() if n}


def _assert_counts_agree():
    assert _kept() == _fresh()
    shown = {value: n for value, _, n in console.status_counts()}
    assert set(shown) == set(Status.values)
    assert {status: n for status, n in shown.items() if n} == _fresh()


def test_creating_with_save_and_bulk_create_counts():
    ApplicationFactory()
    ApplicationFactory(status=Status.SUBMITTED)
    ApplicationFactory(status=Status.AWARDED)
    _assert_counts_agree()
    cycle, level = CycleFactory(), default_level()
    Application.objects.bulk_create(
        Application(organisation=OrganisationFactory(), cycle=cycle, level=level, status=status)
        for status in [Status.AWARDED] * 3 + [Status.DRAFT, Status.SCORED]
    )
    _assert_counts_agree()
    assert _kept()[Status.AWARDED] == 4


def test_transitions_through_the_state_machine_count(application, member, staff_user):
    fill_all(application)
    applications.submit(application, member)
    _assert_counts_agree()
    assert _kept() == {Status.SUBMITTED: 1}
    workflow.transition(
        application, Status.RETURNED, actor=staff_user, actor_kind=workflow.STAFF, message="More"
    )
    _assert_counts_agree()
    assert _kept() == {Status.RETURNED: 1}


def test_refused_transition_changes_no_count(application, staff_user):
    before = _kept()
    with pytest.raises(workflow.TransitionNotAllowed):
        workflow.transition(
            application, Status.AWARDED, actor=staff_user, actor_kind=workflow.STAFF
        )
    assert _kept() == before == _fresh()


def test_save_and_queryset_update_count_and_other_edits_do_not():
    apps = [ApplicationFactory(status=Status.SUBMITTED) for _ in range(3)]
    apps[0].status = Status.SCORED
    apps[0].save()
    _assert_counts_agree()
    apps[1].total = 50  # not a status change
    apps[1].save()
    Application.objects.filter(pk=apps[2].pk).update(total=40)
    _assert_counts_agree()
    Application.objects.filter(status=Status.SUBMITTED).update(status=Status.AWARDED)
    _assert_counts_agree()
    assert _kept() == {Status.SCORED: 1, Status.AWARDED: 2}
    Application.objects.update(status=Status.NOT_AWARDED)
    _assert_counts_agree()
    assert _kept() == {Status.NOT_AWARDED: 3}


def test_deleting_one_or_many_counts():
    keep = ApplicationFactory(status=Status.DRAFT)
    gone = ApplicationFactory(status=Status.DRAFT)
    for _ in range(3):
        ApplicationFactory(status=Status.WITHDRAWN)
    gone.delete()
    _assert_counts_agree()
    Application.objects.filter(status=Status.WITHDRAWN).delete()
    _assert_counts_agree()
    assert _kept() == {Status.DRAFT: 1}
    keep.delete()
    assert _kept() == {} == _fresh()


def test_counts_agree_after_a_random_mix_of_changes():
    rng = random.Random(8)
    cycle, level = CycleFactory(), default_level()
    statuses = Status.values
    for _ in range(40):
        apps = list(Application.objects.all())
        action = rng.choice(["create", "bulk", "move", "update", "delete"])
        if action == "create" or not apps:
            ApplicationFactory(cycle=cycle, status=rng.choice(statuses))
        elif action == "bulk":
            Application.objects.bulk_create(
                Application(
                    organisation=OrganisationFactory(),
                    cycle=cycle,
                    level=level,
                    status=rng.choice(Status.values[-3:]),  # finished: no live-per-org limit
                )
                for _ in range(rng.randint(1, 4))
            )
        elif action == "move":
            app = rng.choice(apps)
            app.status = rng.choice(Status.values[-3:])
            app.save()
        elif action == "update":
            Application.objects.filter(
                pk__in=[a.pk for a in rng.sample(apps, min(3, len(apps)))]
            ).update(status=Status.WITHDRAWN)
        else:
            rng.choice(apps).delete()
        assert _kept() == _fresh(), action


def test_the_pipeline_reads_the_counts_in_one_small_query(staff_client):
    ApplicationFactory(status=Status.SUBMITTED)
    ApplicationFactory(status=Status.AWARDED)
    response = staff_client.get("/staff/")
    counts = {value: n for value, _, n in response.context["status_counts"]}
    assert counts[Status.SUBMITTED] == 1
    assert counts[Status.AWARDED] == 1
    assert counts[Status.DRAFT] == 0


@pytest.mark.django_db(transaction=True)
def test_counts_stay_right_when_the_test_database_is_flushed():
    """pytest-django empties every table between transactional tests (DELETE on SQLite,
    TRUNCATE on PostgreSQL): the counts must be empty afterwards, not negative."""
    for status in (Status.DRAFT, Status.AWARDED, Status.AWARDED):
        ApplicationFactory(status=status)
    _assert_counts_agree()
    call_command("flush", interactive=False, verbosity=0)
    assert _kept() == {} == _fresh()
    assert not ApplicationStatusCount.objects.filter(total__lt=0).exists()
    install_default_framework(FrameworkVersion, Level, Indicator, ScoreDescriptor)
    ApplicationFactory(status=Status.SUBMITTED)
    _assert_counts_agree()


@pytest.mark.django_db(transaction=True)
def test_emptying_the_counts_first_then_the_applications_leaves_no_negative_count():
    """A flush may empty the tables in either order."""
    ApplicationFactory(status=Status.AWARDED)
    ApplicationStatusCount.objects.all().delete()
    Application.objects.all().delete()
    assert not ApplicationStatusCount.objects.filter(total__lt=0).exists()
    assert _kept() == {} == _fresh()


@pytest.mark.postgres_only  # TRUNCATE is PostgreSQL's
@pytest.mark.django_db(transaction=True)
def test_truncating_the_applications_empties_the_counts():
    ApplicationFactory(status=Status.AWARDED)
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {Application._meta.db_table} CASCADE")
    assert _kept() == {} == _fresh()
