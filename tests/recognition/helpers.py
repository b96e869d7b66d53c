"""Young trainers who are not panel members, with sessions they delivered."""

from datetime import timedelta
from decimal import Decimal

from django.test import Client
from django.utils import timezone

from recognition import selectors
from tests.training.factories import TrainingSessionFactory
from training.models import TrainerAssignment
from training.services.sessions import create_trainer_account


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def person_of(user):
    return selectors.young_person(user.pk)


def delivered(trainer, *hours_and_minutes):
    """Past sessions `trainer` trained at: (hours staff recorded or None, session minutes)."""
    past = timezone.now() - timedelta(days=10)
    for hours, minutes in hours_and_minutes:
        session = TrainingSessionFactory(starts_at=past, length_minutes=minutes)
        TrainerAssignment.objects.create(
            session=session, trainer=trainer, hours=None if hours is None else Decimal(hours)
        )


def young_trainer(display_name="Kit", username="kit.trainer"):
    """A young trainer who is not on the panel, who delivered two sessions: 2.5 hours
    recorded, and one of 90 minutes with none recorded (4.0 hours in all)."""
    trainer = create_trainer_account(
        display_name=display_name, username=username, password="a long password 123", actor=None
    )
    delivered(trainer, ("2.5", 120), (None, 90))
    return trainer
