"""When check-ins fall due, and their reminders through the daily sweep's ledger."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from certificates import reminders
from certificates.models import ReminderLedger
from checkins.schedule import due_dates, is_flagged_overdue
from tests.certificates.helpers import contested_sweeps
from tests.checkins.factories import award_on, checkin_for

AWARDED = date(2026, 3, 10)


def checkin_mails():
    return [m for m in mail.outbox if "check-in" in m.subject]


def sweep(run_jobs, today):
    with run_jobs(execute=True):
        return reminders.daily_sweep(today)


def test_check_ins_fall_due_12_and_24_months_after_the_award_date():
    assert due_dates(AWARDED) == [(1, date(2027, 3, 10)), (2, date(2028, 3, 10))]


def test_29_february_becomes_28_february_as_for_the_expiry_date():
    assert due_dates(date(2028, 2, 29)) == [(1, date(2029, 2, 28)), (2, date(2030, 2, 28))]
    # 29 February exists 48 months later.
    assert due_dates(date(2028, 2, 29), None)[-1][1] == date(2030, 2, 28)


def test_the_months_are_a_setting(settings):
    settings.CHECKIN_MONTHS = [6, 18, 30]
    assert [d for _, d in due_dates(AWARDED)] == [
        date(2026, 9, 10),
        date(2027, 9, 10),
        date(2028, 9, 10),
    ]
    # A date on or after the expiry is no check-in.
    settings.CHECKIN_MONTHS = [12, 36]
    assert due_dates(AWARDED, date(2029, 3, 10)) == [(1, date(2027, 3, 10))]


def test_more_than_8_weeks_late_is_flagged():
    due = date(2027, 3, 10)
    assert not is_flagged_overdue(due, due + timedelta(weeks=8))
    assert is_flagged_overdue(due, due + timedelta(weeks=8, days=1))


@pytest.mark.django_db
def test_three_reminders_each_sent_exactly_once_over_a_daily_sweep(run_jobs):
    award = award_on(AWARDED)
    day = date(2027, 1, 1)
    while day <= date(2027, 5, 1):
        sweep(run_jobs, day)
        day += timedelta(days=1)
    ledger = list(
        ReminderLedger.objects.filter(award=award).order_by("due_on").values_list("kind", "due_on")
    )
    assert ledger == [
        ("checkin1_4w", date(2027, 2, 10)),
        ("checkin1_due", date(2027, 3, 10)),
        ("checkin1_late", date(2027, 3, 24)),
    ]
    subjects = [m.subject for m in checkin_mails()]
    assert subjects == [
        "Your Kitemark check-in is due on 10 March 2027",
        "Your Kitemark check-in is due today",
        "Your Kitemark check-in was due on 10 March 2027: please send it",
    ]
    url = f"/organisations/awards/{award.pk}/check-ins/1/"
    assert all(url in m.body for m in checkin_mails())


@pytest.mark.django_db
def test_a_sent_check_in_gets_no_late_reminder(run_jobs):
    award = award_on(AWARDED)
    sweep(run_jobs, date(2027, 3, 10))
    checkin_for(award, 1, sent=True)
    assert sweep(run_jobs, date(2027, 3, 24))["checkin_sent"] == 0
    assert [m.subject for m in checkin_mails()] == ["Your Kitemark check-in is due today"]


@pytest.mark.django_db
def test_the_second_check_in_is_reminded_too(run_jobs):
    award = award_on(AWARDED)
    checkin_for(award, 1, sent=True)
    assert sweep(run_jobs, date(2028, 2, 11))["checkin_sent"] == 1
    assert ReminderLedger.objects.get(award=award).kind == "checkin2_4w"


@pytest.mark.django_db
def test_revoked_or_expired_awards_get_no_reminder(run_jobs):
    revoked = award_on(AWARDED)
    revoked.revoked_at = timezone.now()
    revoked.revoked_reason = "Safeguarding concern"
    revoked.save()
    # An award whose expiry came early (imported data) is expired before its check-in.
    award_on(AWARDED, expires_on=date(2027, 3, 1))
    summary = sweep(run_jobs, date(2027, 3, 10))
    assert summary["checkin_sent"] == 0
    assert checkin_mails() == []
    assert not ReminderLedger.objects.filter(kind__startswith="checkin").exists()


@pytest.mark.django_db
def test_a_missed_week_sends_the_latest_reminder_and_skips_the_earlier(run_jobs):
    award_on(AWARDED)
    summary = sweep(run_jobs, date(2027, 3, 12))
    assert (summary["checkin_sent"], summary["checkin_skipped"]) == (1, 1)
    assert [m.subject for m in checkin_mails()] == ["Your Kitemark check-in is due today"]
    assert ReminderLedger.objects.get(kind="checkin1_4w").outcome == "skipped"


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_sweeps_send_each_check_in_reminder_once(monkeypatch):
    for _ in range(3):
        award_on(AWARDED)
    today = date(2027, 3, 10)
    results = contested_sweeps(monkeypatch, today)
    assert sum(r["checkin_sent"] for r in results) == 3
    assert len(checkin_mails()) == 3
    assert ReminderLedger.objects.filter(kind="checkin1_due", outcome="sent").count() == 3


@pytest.mark.django_db
def test_sweep_queries_do_not_grow_with_awards_whose_check_ins_are_not_due(
    run_jobs, django_assert_max_num_queries
):
    today = date(2027, 3, 10)
    award_on(AWARDED)  # due today
    with django_assert_max_num_queries(60) as baseline:
        reminders.daily_sweep(today)
    ReminderLedger.objects.all().delete()
    for n in range(200):  # awarded at other times: no check-in reminder near today
        award_on(date(2026, 6, 1) + timedelta(days=n))
    with django_assert_max_num_queries(len(baseline.captured_queries)):
        reminders.daily_sweep(today)
