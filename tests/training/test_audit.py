"""Each staff action on training goes on the audit log once, naming who did it, as other
staff actions do; the record names no one else and keeps no typed text. Through the staff
pages as a member of the participation team."""

from datetime import timedelta

import pytest
from django.utils import timezone

from audit.models import AuditEvent
from tests.panels.factories import PanelMemberFactory
from training.models import Trainer, TrainingSession
from training.services import sessions

from .factories import BookingFactory, TrainingSessionFactory
from .test_staff_pages import _session_form

pytestmark = pytest.mark.django_db


def create(client):
    client.post("/staff/training/new/", _session_form())
    return TrainingSession.objects.get(), "created"


def edit(client):
    session = TrainingSessionFactory()
    client.post(f"/staff/training/{session.pk}/edit/", _session_form(capacity="12"))
    return session, "changed"


def cancel(client):
    session = TrainingSessionFactory()
    BookingFactory(session=session, name="Placed Person")
    client.post(f"/staff/training/{session.pk}/cancel/", {"reason": "Trainers' exams"})
    return session, "cancelled"


def set_team(client):
    session = TrainingSessionFactory()
    member = PanelMemberFactory()
    client.post(f"/staff/training/{session.pk}/team/", {"trainers": [member.user.pk]})
    return session, "team set"


def record_hours(client):
    session = TrainingSessionFactory()
    trainer = sessions.make_trainer(PanelMemberFactory().user)
    sessions.set_trainers(session.pk, [trainer])
    client.post(f"/staff/training/{session.pk}/hours/", {f"hours_{trainer.pk}": "3.5"})
    return session, "hours recorded"


def take_register(client):
    session = TrainingSessionFactory(starts_at=timezone.now() + timedelta(minutes=5))
    came, missed = BookingFactory.create_batch(2, session=session)
    client.post(
        f"/staff/training/{session.pk}/register/",
        {f"booking-{came.pk}": "attended", f"booking-{missed.pk}": "no_show"},
    )
    return session, "register taken"


def create_trainer(client):
    client.post(
        "/staff/training/trainers/new/",
        {"display_name": "Zara", "username": "zara-trains", "password": "a-long-passphrase"},
    )
    return Trainer.objects.get(user__username="zara-trains"), "account created"


ACTIONS = [create, edit, cancel, set_team, record_hours, take_register, create_trainer]


def training_events():
    return AuditEvent.objects.filter(event=AuditEvent.Event.TRAINING)


@pytest.mark.parametrize("action", ACTIONS, ids=[a.__name__ for a in ACTIONS])
def test_each_staff_action_leaves_one_event_naming_the_actor(staff_client, staff_user, action):
    obj, step = action(staff_client)
    [event] = training_events()
    assert event.actor_id == staff_user.pk
    assert event.who == staff_user.display_label
    assert (event.object_type, event.object_id) == (obj._meta.label_lower, str(obj.pk))
    assert event.extra["step"] == step
    assert step in event.summary
    # Names and typed text stay off the log.
    for said in ("Zara", "zara-trains", "Placed Person", "exams"):
        assert said not in f"{event.summary} {event.extra}"


def test_what_each_record_says(staff_client, staff_user):
    session, _ = take_register(staff_client)
    assert training_events().get().extra == {"step": "register taken", "attended": 1, "no_show": 1}
    member = PanelMemberFactory()
    staff_client.post(
        f"/staff/training/{session.pk}/team/",
        {"trainers": [member.user.pk], "supporting_staff": staff_user.pk},
    )
    team = training_events().get(extra__step="team set")
    assert team.extra["trainer_ids"] == [Trainer.objects.get(user=member.user).pk]
    assert team.extra["supporting_staff_id"] == staff_user.pk


def test_a_refused_action_leaves_no_event(staff_client):
    session = TrainingSessionFactory(starts_at=timezone.now() + timedelta(days=3))
    booking = BookingFactory(session=session)
    staff_client.post(
        f"/staff/training/{session.pk}/register/", {f"booking-{booking.pk}": "attended"}
    )
    staff_client.post("/staff/training/new/", _session_form(venue=""))
    assert not training_events().exists()
