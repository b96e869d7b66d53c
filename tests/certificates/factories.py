import datetime

import factory
from django.utils import timezone

from assessments.models import Status
from certificates.dates import expiry_date
from certificates.models import Award, CertificateCounter, Plaque, ReminderLedger
from tests.assessments.factories import ApplicationFactory


class CertificateCounterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CertificateCounter
        django_get_or_create = ("year",)

    year = 2026
    last_number = 0


class AwardFactory(factory.django.DjangoModelFactory):
    """An award made directly (no plaque job): for pages, statuses and reminders."""

    class Meta:
        model = Award

    application = factory.SubFactory(ApplicationFactory, status=Status.AWARDED, total=52)
    organisation = factory.LazyAttribute(lambda o: o.application.organisation)
    level = factory.LazyAttribute(lambda o: o.application.level)
    awarded_on = factory.LazyFunction(timezone.localdate)
    expires_on = factory.LazyAttribute(lambda o: expiry_date(o.awarded_on))
    # Year 1999 keeps factory numbers apart from numbers the service allocates.
    certificate_number = factory.Sequence(lambda n: f"KM-1999-{n:04d}")


def award_expiring_on(expires_on, **kwargs):
    """An award whose expiry day is `expires_on` (awarded three years before)."""
    awarded_on = expires_on.replace(year=expires_on.year - 3)
    return AwardFactory(awarded_on=awarded_on, expires_on=expires_on, **kwargs)


class PlaqueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plaque

    award = factory.SubFactory(AwardFactory)
    version = 1
    file = factory.django.FileField(filename="plaque.pdf", data=b"%PDF-1.7 test plaque")
    size = 20


class ReminderLedgerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReminderLedger

    award = factory.SubFactory(AwardFactory)
    kind = "expiry_6m"
    due_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=1))
    sent_at = factory.LazyFunction(timezone.now)
