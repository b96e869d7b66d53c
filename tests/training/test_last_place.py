"""Two people booking the last place at the same moment: one place, one waiting-list
entry. Booking locks the session's row first (training/services/bookings.py:
lock_session), so the second waits for the first to commit and counts what is stored.
SQLite locks the whole database instead, so this runs on PostgreSQL."""

import threading

import pytest
from django.db import connection

from training.models import Booking
from training.services import bookings

from .factories import TrainingSessionFactory, person

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def test_two_bookings_for_the_last_place_give_one_place_and_one_waiting_list_entry():
    session = TrainingSessionFactory(capacity=3)
    bookings.book(session.pk, [person(0), person(1)])  # two of three places taken
    barrier = threading.Barrier(2)
    errors = []

    def book(n):
        try:
            barrier.wait(10)
            bookings.book(session.pk, [person(n)], join_waiting_list=True)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    for _ in range(5):  # each round races two fresh bookers for one freed place
        threads = [threading.Thread(target=book, args=(n,)) for n in (10, 11)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        assert not errors, errors
        statuses = sorted(
            Booking.objects.filter(
                email__in=["jo10@police.example", "jo11@police.example"]
            ).values_list("status", flat=True)
        )
        assert statuses == ["confirmed", "waiting"]
        assert Booking.objects.filter(session=session, status="confirmed").count() == 3
        Booking.objects.filter(email__in=["jo10@police.example", "jo11@police.example"]).delete()
        barrier.reset()


def test_two_sweeps_at_once_send_each_follow_up_once():
    from datetime import timedelta

    from django.utils import timezone

    from jobs.models import Job
    from training import followups

    from .factories import BookingFactory

    session = TrainingSessionFactory(starts_at=timezone.now() - timedelta(days=120))
    BookingFactory.create_batch(
        5, session=session, attendance="attended", pledge="Listen", pledged_at=timezone.now()
    )
    barrier = threading.Barrier(2)
    sent, errors = [], []

    def sweep():
        try:
            barrier.wait(10)
            sent.append(followups.send_follow_ups())
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not errors, errors
    assert sum(sent) == 5
    assert Job.objects.filter(key__startswith="training:follow-up:").count() == 5
