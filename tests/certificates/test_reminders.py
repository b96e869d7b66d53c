import datetime
import time
from datetime import date, timedelta

import pytest
from django.core import mail
from django.db import connection

from assessments.models import Status
from certificates import reminders
from certificates.dates import expiry_date, months_before
from certificates.models import Award, ReminderLedger
from tests.assessments.factories import ApplicationFactory
from tests.certificates.factories import AwardFactory, award_expiring_on
from tests.certificates.helpers import contested_sweeps
from tests.organisations.factories import OrganisationFactory, member_of

EXPIRES = date(2029, 9, 15)


def expiry_mails():
    return [m for m in mail.outbox if "Kitemark expire" in m.subject or "has expired" in m.subject]


def sweep(run_jobs, today):
    with run_jobs(execute=True):
        return reminders.daily_sweep(today)


def award_with_member(expires_on=EXPIRES, **kwargs):
    award = award_expiring_on(expires_on, **kwargs)
    member = member_of(award.organisation)
    return award, member


@pytest.mark.django_db
def test_six_month_reminder_is_sent_once_with_a_renewal_link(run_jobs, settings):
    award, member = award_with_member()
    due = months_before(EXPIRES, 6)
    assert sweep(run_jobs, due - timedelta(days=1))["expiry_sent"] == 0
    assert mail.outbox == []

    assert sweep(run_jobs, due)["expiry_sent"] == 1
    assert sweep(run_jobs, due)["expiry_sent"] == 0
    assert sweep(run_jobs, due + timedelta(days=1))["expiry_sent"] == 0
    [message] = mail.outbox
    assert message.to == [member.email]
    assert "15 September 2029" in message.subject
    assert (
        f"{settings.SITE_URL}/organisations/{award.organisation.pk}/applications/new/"
        in message.body
    )
    ledger = ReminderLedger.objects.get()
    assert (ledger.award, ledger.kind, ledger.due_on) == (award, "expiry_6m", due)
    assert ledger.outcome == ReminderLedger.Outcome.SENT and ledger.sent_at is not None


@pytest.mark.django_db
def test_a_daily_sweep_sends_each_milestone_exactly_once(run_jobs):
    award, _ = award_with_member()
    day = months_before(EXPIRES, 7)
    while day <= EXPIRES + timedelta(days=3):
        sweep(run_jobs, day)
        day += timedelta(days=1)
    kinds = list(ReminderLedger.objects.order_by("due_on").values_list("kind", "due_on"))
    assert kinds == [
        ("expiry_6m", date(2029, 3, 15)),
        ("expiry_3m", date(2029, 6, 15)),
        ("expiry_1m", date(2029, 8, 15)),
        ("expiry_day", EXPIRES),
    ]
    subjects = [m.subject for m in expiry_mails()]
    assert len(subjects) == 4
    assert subjects[-1] == "Your Co-production Kitemark has expired today"
    assert "expired today" in expiry_mails()[-1].body


@pytest.mark.django_db
def test_a_missed_week_catches_up_once(run_jobs):
    award, _ = award_with_member()
    one_month = months_before(EXPIRES, 1)
    sweep(run_jobs, months_before(EXPIRES, 3))  # the 3-month reminder went out on time
    mail.outbox.clear()
    sweep(run_jobs, one_month - timedelta(days=3))  # last run before the next milestone
    assert expiry_mails() == []
    # The sweep did not run for a week; the next run sends the missed reminder once.
    assert sweep(run_jobs, one_month + timedelta(days=4))["expiry_sent"] == 1
    assert sweep(run_jobs, one_month + timedelta(days=5))["expiry_sent"] == 0
    assert [m.subject for m in expiry_mails()] == [
        "Your Co-production Kitemark expires on 15 September 2029: time to renew"
    ]
    assert ReminderLedger.objects.get(kind="expiry_1m").outcome == "sent"
    # The first sweep ever ran on the 3-month milestone; the 6-month one fell due
    # before the catch-up window, so it was neither sent nor recorded.
    assert dict(ReminderLedger.objects.values_list("kind", "outcome")) == {
        "expiry_3m": "sent",
        "expiry_1m": "sent",
    }


@pytest.mark.django_db
def test_a_milestone_whose_successor_is_due_is_skipped_for_ever(run_jobs):
    award, _ = award_with_member()
    sweep(run_jobs, months_before(EXPIRES, 3))
    sweep(run_jobs, months_before(EXPIRES, 1) - timedelta(days=1))
    mail.outbox.clear()
    # Down for five weeks, across both the 1-month reminder and the expiry day.
    summary = sweep(run_jobs, EXPIRES + timedelta(days=3))
    assert summary["expiry_sent"] == 1 and summary["expiry_skipped"] == 1
    assert [m.subject for m in expiry_mails()] == ["Your Co-production Kitemark has expired today"]
    skipped = ReminderLedger.objects.get(kind="expiry_1m")
    assert skipped.outcome == ReminderLedger.Outcome.SKIPPED and skipped.sent_at is None
    for offset in range(4, 40):
        sweep(run_jobs, EXPIRES + timedelta(days=offset))
    assert len(expiry_mails()) == 1


@pytest.mark.django_db
def test_reminders_older_than_the_catch_up_window_are_not_sent(run_jobs, settings):
    settings.REMINDER_CATCH_UP_DAYS = 30
    award_with_member(expires_on=date(2027, 1, 10))
    # First ever sweep, long after the award expired (e.g. imported history).
    sweep(run_jobs, date(2027, 6, 1))
    assert expiry_mails() == []


@pytest.mark.django_db
def test_no_reminders_for_revoked_or_renewed_awards(run_jobs):
    revoked, _ = award_with_member()
    revoked.revoked_at = datetime.datetime(2029, 1, 1, tzinfo=datetime.UTC)
    revoked.revoked_reason = "Misconduct"
    revoked.save()
    renewed, _ = award_with_member()
    AwardFactory(
        application__organisation=renewed.organisation,
        awarded_on=date(2029, 2, 1),
        expires_on=date(2032, 2, 1),
    )
    summary = sweep(run_jobs, months_before(EXPIRES, 6))
    assert expiry_mails() == []
    assert summary["expiry_sent"] == 0
    # The renewed award's milestone is recorded as skipped, never sent later.
    assert ReminderLedger.objects.filter(award=renewed, outcome="skipped").count() == 1
    assert not ReminderLedger.objects.filter(award=revoked).exists()


@pytest.mark.django_db
def test_offsets_come_from_settings(run_jobs, settings):
    settings.EXPIRY_REMINDER_MONTHS = [2]
    award_with_member()
    assert sweep(run_jobs, months_before(EXPIRES, 6))["expiry_sent"] == 0
    assert sweep(run_jobs, months_before(EXPIRES, 2))["expiry_sent"] == 1
    assert ReminderLedger.objects.get().kind == "expiry_2m"


# --- Resubmission deadlines ---------------------------------------------------------


def invited(deadline, **kwargs):
    organisation = OrganisationFactory()
    member_of(organisation)
    return ApplicationFactory(
        organisation=organisation,
        status=Status.RESUBMISSION_INVITED,
        total=44,
        resubmission_deadline=deadline,
        **kwargs,
    )


def resubmission_mails():
    return [m for m in mail.outbox if "left to resubmit" in m.subject]


@pytest.mark.django_db
def test_resubmission_reminders_four_weeks_and_one_week_before(run_jobs):
    deadline = date(2027, 3, 31)
    application = invited(deadline)
    other = invited(deadline)
    other.status = Status.RESUBMITTED
    other.save()
    day = deadline - timedelta(days=40)
    while day <= deadline:
        sweep(run_jobs, day)
        day += timedelta(days=1)
    assert [m.subject for m in resubmission_mails()] == [
        "4 weeks left to resubmit your Kitemark application",
        "1 week left to resubmit your Kitemark application",
    ]
    assert "31 March 2027" in resubmission_mails()[0].body
    assert list(
        ReminderLedger.objects.filter(application=application)
        .order_by("due_on")
        .values_list("kind", "due_on")
    ) == [("resubmission_4w", date(2027, 3, 3)), ("resubmission_1w", date(2027, 3, 24))]
    assert not ReminderLedger.objects.filter(application=other).exists()


@pytest.mark.django_db
def test_resubmission_catch_up_sends_only_the_latest(run_jobs):
    deadline = date(2027, 3, 31)
    invited(deadline)
    sweep(run_jobs, deadline - timedelta(days=2))  # down since before the 4-week reminder
    assert [m.subject for m in resubmission_mails()] == [
        "1 week left to resubmit your Kitemark application"
    ]


@pytest.mark.django_db
def test_the_celery_task_calls_the_sweep(run_jobs):
    from certificates.tasks import daily_sweep

    award_with_member(expires_on=date.today() + timedelta(days=1))
    months_due = reminders.expiry_milestones()
    assert months_due[-1].kind == "expiry_day"
    with run_jobs(execute=True):
        summary = daily_sweep.apply().get()
    assert summary == {
        "expiry_sent": 1,
        "expiry_skipped": 0,
        "resubmission_sent": 0,
        "resubmission_skipped": 0,
        "checkin_sent": 0,
        "checkin_skipped": 0,
    }
    assert len(expiry_mails()) == 1


# --- Concurrency and scale ---------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_sweeps_send_one_email_per_milestone(monkeypatch):
    awards = [award_with_member()[0] for _ in range(4)]
    apps = [invited(date(2027, 3, 31)) for _ in range(2)]
    today = date(2029, 3, 15)  # the 6-month milestone for EXPIRES
    assert all(months_before(a.expires_on, 6) == today for a in awards)
    for application in apps:
        application.resubmission_deadline = today + timedelta(weeks=1)
        application.save()

    results = contested_sweeps(monkeypatch, today)
    assert len(results) == 2
    assert sum(r["expiry_sent"] for r in results) == 4
    assert sum(r["resubmission_sent"] for r in results) == 2
    assert len(expiry_mails()) == 4
    assert len(resubmission_mails()) == 2
    assert ReminderLedger.objects.filter(outcome="sent").count() == 6
    # The 4-week reminders fell due before the first sweep: recorded once as skipped.
    assert ReminderLedger.objects.filter(outcome="skipped").count() == 2
    assert sorted(len(m.to) for m in expiry_mails()) == [1, 1, 1, 1]


@pytest.mark.django_db
def test_sweep_queries_do_not_grow_with_awards_that_are_not_due(
    run_jobs, django_assert_max_num_queries, settings
):
    # The awards below have yearly check-ins due in these weeks (tests/checkins covers
    # their reminders): only expiry reminders are counted here.
    settings.CHECKIN_MONTHS = []
    today = date(2029, 3, 15)
    award_with_member()  # due today
    with django_assert_max_num_queries(60) as baseline:
        reminders.daily_sweep(today)
    ReminderLedger.objects.all().delete()
    # 300 more awards expiring at all sorts of other times.
    for n in range(300):
        AwardFactory(
            awarded_on=date(2027, 1, 1) + timedelta(days=n),
            expires_on=date(2030, 1, 1) + timedelta(days=n),
        )
    with django_assert_max_num_queries(len(baseline.captured_queries)):
        reminders.daily_sweep(today)


@pytest.mark.django_db
def test_sweep_makes_a_fixed_number_of_queries_per_batch(monkeypatch):
    """Due reminders are claimed and queued a batch at a time: the queries grow with the
    number of batches, never with the number of reminders in a batch."""
    from django.test.utils import CaptureQueriesContext

    from jobs.models import Job

    today = date(2029, 3, 15)  # the 6-month milestone for EXPIRES

    def queries_for(due_awards, batch_size):
        ReminderLedger.objects.all().delete()
        Job.objects.all().delete()
        Award.objects.all().delete()
        for _ in range(due_awards):
            award_with_member()
        monkeypatch.setattr(reminders, "BATCH_SIZE", batch_size)
        with CaptureQueriesContext(connection) as ctx:
            summary = reminders.daily_sweep(today)
        assert summary["expiry_sent"] == due_awards
        return len(ctx.captured_queries)

    one_batch_of_1 = queries_for(1, 100)
    one_batch_of_9 = queries_for(9, 100)
    three_batches = queries_for(9, 3)
    nine_batches = queries_for(9, 1)
    assert one_batch_of_1 == one_batch_of_9
    per_batch = (three_batches - one_batch_of_9) // 2
    assert 0 < per_batch <= 10
    assert nine_batches == one_batch_of_9 + 8 * per_batch
    # Each claimed reminder was queued exactly once.
    assert ReminderLedger.objects.filter(outcome="sent").count() == 9
    assert Job.objects.filter(key__startswith="reminder:award:").count() == 9


@pytest.mark.django_db
def test_sweep_over_108000_awards_takes_seconds(settings):
    """108,000 awards (three years of 100 a day): a day's sweep reads only the due ones."""
    from assessments.models import Application

    settings.REMINDER_CATCH_UP_DAYS = 1  # steady state: the sweep also ran yesterday
    base = ApplicationFactory(status=Status.AWARDED)
    organisation, cycle, level = base.organisation, base.cycle, base.level
    per_day, days = 100, 1080
    t0 = time.monotonic()
    Application.objects.bulk_create(
        [
            Application(organisation=organisation, cycle=cycle, level=level, status="awarded")
            for _ in range(per_day * days)
        ],
        batch_size=5000,
    )
    app_ids = Application.objects.exclude(pk=base.pk).order_by("pk").values_list("pk", flat=True)
    first_day = date(2026, 1, 1)
    awards = []
    for n, app_id in enumerate(app_ids.iterator(chunk_size=5000)):
        awarded = first_day + timedelta(days=n // per_day)
        awards.append(
            Award(
                organisation=organisation,
                application_id=app_id,
                level=level,
                awarded_on=awarded,
                expires_on=expiry_date(awarded),
                certificate_number=f"KM-{n:07d}",
                verification_code=f"code-{n:027d}",
            )
        )
    Award.objects.bulk_create(awards, batch_size=5000)
    assert Award.objects.count() == per_day * days
    setup = time.monotonic() - t0

    today = date(2029, 6, 1)
    started = time.monotonic()
    summary = reminders.daily_sweep(today)
    elapsed = time.monotonic() - started
    handled = summary["expiry_sent"] + summary["expiry_skipped"]
    # Only awards with a milestone due yesterday or today are touched (100 a day each).
    assert 0 < handled <= 2 * per_day * len(reminders.expiry_milestones())
    assert elapsed < 10, f"sweep took {elapsed:.1f}s (setup {setup:.1f}s)"
    # The next day's sweep does the next day's work only.
    started = time.monotonic()
    reminders.daily_sweep(today + timedelta(days=1))
    assert time.monotonic() - started < 10
