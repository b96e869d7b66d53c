import datetime
from datetime import date

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from assessments.models import Status
from certificates.dates import expiry_date, months_before, renewal_opens_on
from certificates.models import Award, AwardStatus, CertificateCounter, new_verification_code
from certificates.services import awards
from jobs.models import Job
from tests.certificates.factories import AwardFactory
from tests.certificates.helpers import confirm_award, scored_application

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("awarded_on", "expected"),
    [
        (date(2028, 2, 29), date(2031, 2, 28)),  # leap day -> 28 February
        (date(2024, 2, 29), date(2027, 2, 28)),
        (date(2027, 2, 28), date(2030, 2, 28)),
        (date(2027, 3, 1), date(2030, 3, 1)),
        (date(2026, 12, 31), date(2029, 12, 31)),
        (date(2029, 2, 28), date(2032, 2, 28)),  # lands in a leap year: stays the 28th
    ],
)
def test_expiry_date_is_the_same_calendar_date_three_years_later(awarded_on, expected):
    assert expiry_date(awarded_on) == expected


def test_months_before_clamps_to_the_end_of_the_month():
    assert months_before(date(2026, 5, 31), 3) == date(2026, 2, 28)
    assert months_before(date(2028, 5, 31), 3) == date(2028, 2, 29)
    assert months_before(date(2027, 1, 15), 6) == date(2026, 7, 15)
    assert renewal_opens_on(date(2029, 8, 31)) == date(2029, 2, 28)


def test_status_is_current_the_day_before_expiry_and_expired_on_the_day():
    award = AwardFactory(awarded_on=date(2028, 2, 29), expires_on=expiry_date(date(2028, 2, 29)))
    assert award.expires_on == date(2031, 2, 28)
    assert award.status_on(date(2031, 2, 27)) == AwardStatus.CURRENT
    assert award.status_on(date(2031, 2, 28)) == AwardStatus.EXPIRED
    assert award.status_on(date(2031, 3, 1)) == AwardStatus.EXPIRED
    # The queryset agrees with the model, so lists never disagree with pages.
    assert list(Award.objects.current(date(2031, 2, 27))) == [award]
    assert list(Award.objects.expired(date(2031, 2, 27))) == []
    assert list(Award.objects.current(date(2031, 2, 28))) == []
    assert list(Award.objects.expired(date(2031, 2, 28))) == [award]
    annotated = Award.objects.annotate_status(date(2031, 2, 28)).get()
    assert annotated.derived_status == "expired"


def test_revoked_wins_over_every_date():
    award = AwardFactory()
    award.revoked_at = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    award.revoked_reason = "Misrepresented evidence"
    award.save()
    assert award.status_on(award.awarded_on) == AwardStatus.REVOKED
    assert list(Award.objects.revoked()) == [award]
    assert list(Award.objects.current(award.awarded_on)) == []
    assert list(Award.objects.expired(award.expires_on)) == []


def test_status_is_never_stored():
    field_names = {f.name for f in Award._meta.get_fields()}
    assert "status" not in field_names


def test_verification_codes_are_long_unguessable_and_url_safe():
    codes = {new_verification_code() for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        assert len(code) >= 32  # 24 random bytes = 192 bits
        assert set(code) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


def test_confirming_an_awarded_outcome_creates_the_award_and_queues_one_plaque(staff_user):
    application = scored_application()
    confirm_award(application, staff_user)
    award = Award.objects.get(application=application)
    application.refresh_from_db()
    assert award.organisation == application.organisation
    assert award.level == application.level
    assert award.awarded_on == timezone.localdate(application.outcome_confirmed_at)
    assert award.expires_on == expiry_date(award.awarded_on)
    assert award.certificate_number == f"KM-{award.awarded_on.year}-0001"
    job = Job.objects.get(kind="plaque")
    assert job.key == f"plaque:{award.pk}:v1"
    assert job.payload == {"award_id": award.pk, "version": 1}
    assert job.application_id == application.pk
    assert job.status == Job.Status.PENDING


def test_other_outcomes_create_no_award(staff_user):
    from assessments import workflow

    application = scored_application()
    application.proposed_outcome = "not_awarded"
    application.save()
    workflow.transition(
        application, Status.NOT_AWARDED, actor=staff_user, actor_kind=workflow.STAFF
    )
    assert not Award.objects.exists()
    assert not Job.objects.filter(kind="plaque").exists()


def test_award_and_transition_share_one_transaction(staff_user, monkeypatch):
    """If creating the award fails, the status change is rolled back too."""
    application = scored_application()

    def broken(*args, **kwargs):
        raise RuntimeError("numbering broke")

    monkeypatch.setattr(awards, "next_certificate_number", broken)
    with pytest.raises(RuntimeError):
        confirm_award(application, staff_user)
    application.refresh_from_db()
    assert application.status == Status.SCORED
    assert not Award.objects.exists()


def test_create_award_is_idempotent_and_takes_a_given_date():
    application = scored_application()
    application.status = Status.AWARDED
    application.save()
    award = awards.create_award(application, awarded_on=date(2028, 2, 29))
    again = awards.create_award(application, awarded_on=date(2028, 3, 1))
    assert again.pk == award.pk
    assert award.awarded_on == date(2028, 2, 29)
    assert award.expires_on == date(2031, 2, 28)
    assert award.certificate_number == "KM-2028-0001"
    assert Job.objects.filter(kind="plaque").count() == 1


def _awarded_application():
    application = scored_application()
    application.status = Status.AWARDED
    application.save()
    return application


def test_certificate_numbers_are_sequential_per_year():
    numbers = [
        awards.create_award(_awarded_application(), awarded_on=day).certificate_number
        for day in [date(2027, 1, 5), date(2027, 6, 1), date(2028, 1, 2), date(2027, 12, 31)]
    ]
    assert numbers == ["KM-2027-0001", "KM-2027-0002", "KM-2028-0001", "KM-2027-0003"]
    assert CertificateCounter.objects.get(year=2027).last_number == 3


def test_two_awards_in_the_same_transaction_and_moment_get_distinct_numbers():
    first, second = _awarded_application(), _awarded_application()
    with transaction.atomic():
        a = awards.create_award(first, awarded_on=date(2027, 5, 5))
        b = awards.create_award(second, awarded_on=date(2027, 5, 5))
    assert {a.certificate_number, b.certificate_number} == {"KM-2027-0001", "KM-2027-0002"}


def test_the_database_refuses_a_duplicate_certificate_number():
    AwardFactory(certificate_number="KM-2027-0009")
    with pytest.raises(IntegrityError), transaction.atomic():
        AwardFactory(certificate_number="KM-2027-0009")


def test_numbers_continue_past_9999():
    CertificateCounter.objects.create(year=2030, last_number=9999)
    assert awards.next_certificate_number(2030) == "KM-2030-10000"


@pytest.mark.django_db(transaction=True)
def test_awards_confirmed_at_the_same_moment_in_two_connections_get_distinct_numbers():
    import threading

    from django.db import OperationalError, connection

    applications = [_awarded_application() for _ in range(4)]
    barrier = threading.Barrier(len(applications), timeout=10)
    numbers, errors = [], []

    def confirm(application):
        try:
            barrier.wait()
            for attempt in range(50):
                try:
                    award = awards.create_award(application, awarded_on=date(2027, 7, 1))
                    numbers.append(award.certificate_number)
                    return
                except OperationalError as exc:  # SQLite: busy instead of waiting
                    if "locked" not in str(exc):
                        raise
                    import time

                    time.sleep(0.01 * (attempt + 1))
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=confirm, args=(a,)) for a in applications]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sorted(numbers) == [f"KM-2027-{n:04d}" for n in range(1, 5)]
    assert CertificateCounter.objects.get(year=2027).last_number == 4
