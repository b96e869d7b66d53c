from datetime import timedelta

import factory
from django.utils import timezone

from training.models import Booking, Sector, TrainingSession
from training.services.bookings import Person


class TrainingSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingSession

    starts_at = factory.LazyFunction(
        lambda: (timezone.now() + timedelta(days=14)).replace(
            hour=16, minute=0, second=0, microsecond=0
        )
    )
    venue = "Youth Centre, 2 Mill Lane, Townville"
    capacity = 12
    accessibility = "Step-free entrance and a hearing loop."


class BookingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Booking

    session = factory.SubFactory(TrainingSessionFactory)
    name = factory.Sequence(lambda n: f"Pat Teacher {n}")
    email = factory.Sequence(lambda n: f"pat{n}@school.example")
    role = "Teacher"
    sector = Sector.SCHOOL
    organisation_name = "Townville Academy"
    commitment_agreed = True
    status = Booking.Status.CONFIRMED


def person(n=0, **overrides):
    values = dict(
        name=f"Jo Officer {n}",
        email=f"jo{n}@police.example",
        role="PCSO",
        sector=Sector.POLICE,
        organisation_name="Townville Police",
        access_needs="",
        commitment_agreed=True,
    )
    values.update(overrides)
    return Person(**values)
