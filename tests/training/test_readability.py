"""The young trainers' page reads at the panel pages' level (tests/quality/
test_readability.py: Flesch-Kincaid grade 6 or lower), with what others typed (access
needs, pledges) removed first: those words are not ours."""

from datetime import timedelta

import pytest
import textstat
from django.utils import timezone

from tests.panels.factories import PanelMemberFactory
from tests.quality.pages import main_text
from tests.quality.test_readability import MAX_GRADE
from training.services import sessions

from .factories import BookingFactory, TrainingSessionFactory

pytestmark = pytest.mark.django_db

THEIR_WORDS = ["Needs a quiet space to take breaks", "Ask young people first", "I now ask first"]


@pytest.fixture(autouse=True)
def _offline_syllables(monkeypatch):
    monkeypatch.setattr("textstat.backend.counts._count_syllables.get_cmudict", lambda lang: None)


def test_the_trainers_page_reads_at_grade_6_or_lower(client):
    member = PanelMemberFactory()
    trainer = sessions.make_trainer(member.user)
    upcoming = TrainingSessionFactory(venue="Youth Centre")
    past = TrainingSessionFactory(starts_at=timezone.now() - timedelta(days=3))
    for session in (upcoming, past):
        sessions.set_trainers(session.pk, [trainer])
    BookingFactory(session=upcoming, access_needs=THEIR_WORDS[0])
    BookingFactory(session=upcoming, status="waiting")
    BookingFactory(
        session=past, attendance="attended", pledge=THEIR_WORDS[1], changed=THEIR_WORDS[2]
    )
    client.force_login(member.user)
    html = client.get("/training/trainer/").content.decode()
    text = main_text(html)
    for words in [*THEIR_WORDS, "Youth Centre"]:
        assert words in text
        text = text.replace(words, "")
    grade = textstat.flesch_kincaid_grade(text)
    print(f"\nTrainers' page: FK grade {grade:.1f}")
    assert len(text.split()) > 20
    assert grade <= MAX_GRADE, text
