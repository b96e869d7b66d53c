"""seed_demo adds Working with Teenagers: past and upcoming sessions, bookings, a waiting
list, pledges, follow-ups, evidence, and prints a young trainer's login that works."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from assessments.models import Evidence
from console.management.commands.seed_demo import DEMO_PASSWORD
from training.models import Booking, FollowUpLedger, TrainingSession


@pytest.mark.django_db
def test_seed_demo_adds_training_and_a_young_trainers_login(client, run_jobs):
    out = StringIO()
    with run_jobs(execute=True):
        call_command("seed_demo", stdout=out)
    assert "young trainer       : zara" in out.getvalue()
    now = timezone.now()
    assert TrainingSession.objects.filter(starts_at__gt=now).count() == 2
    assert TrainingSession.objects.filter(starts_at__lt=now).count() == 2
    assert Booking.objects.filter(status="waiting").count() == 2
    assert Booking.objects.exclude(pledge="").exists()
    assert Booking.objects.exclude(changed="").exists()
    assert FollowUpLedger.objects.filter(kind="follow_up").exists()
    assert Evidence.objects.filter(original_name__contains="Working with Teenagers").count() == 2
    response = client.post(
        "/accounts/login/", {"username": "zara", "password": DEMO_PASSWORD}, REMOTE_ADDR="10.9.9.9"
    )
    assert response.status_code == 302
    page = client.get("/accounts/home/", follow=True).content.decode()
    assert "My training sessions" in page and "people booked" in page
