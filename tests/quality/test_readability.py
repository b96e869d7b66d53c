"""Panel members are 11 to 18: the text of their pages must be plain English.

The agreed level: Flesch-Kincaid grade 6 or lower (a reading age of about 11,
UK Year 7), measured with textstat on the visible text of <main>. The
organisation's own words (answers, names, evidence titles) are removed first:
they are not ours to control.

Syllables are counted with Pyphen's English hyphenation dictionary (shipped with
pyphen), not NLTK's CMU dictionary, which textstat would otherwise download at
run time: tests must not reach the network.
"""

import re

import pytest
import textstat
from django.urls import reverse

from tests.quality.pages import main_text

pytestmark = pytest.mark.django_db

MAX_GRADE = 6


def panel_pages(world):
    side = world.a
    return {
        "dashboard": reverse("panels:dashboard"),
        "my conflicts": reverse("panels:my_conflicts"),
        "reader": reverse("panels:reader", args=[side.scoring.pk, 1]),
        "score": reverse("panels:score", args=[side.scoring.pk]),
        "check and send scores": reverse("panels:score_finish", args=[side.scoring.pk]),
        "agree scores": reverse("panels:consensus", args=[side.scoring.pk]),
        "confirm our scores": reverse("panels:confirm", args=[side.scoring.pk]),
        "result (after the panel)": reverse("panels:consensus", args=[side.result.pk]),
        "check-ins to read": reverse("checkins:panel_list"),
        "read a check-in": reverse("checkins:panel_review", args=[side.checkin.pk]),
        "what I did": reverse("recognition:my_record"),
    }


def their_words(world):
    """Text that comes from the organisations, not from our templates."""
    words = []
    for side in (world.a, world.b):
        words += [side.organisation.name, side.draft_organisation.name]
        words += [side.evidence.original_name, side.secrets["action text"]]
        # A check-in's text is the organisation's; the review's is the young person's.
        words += [r.done for r in side.checkin.elements.all()]
        words += [side.review.comment, side.review.questions]
    return words


def scheme_terms():
    """The score descriptor labels (Emerging, Developing, Established, Exemplary) are the
    scheme's defined terms, fixed by DESIGN.md, not wording we can simplify. The score
    page explains each one in plain words, and that explanation is measured."""
    from assessments.models import ScoreDescriptor

    return sorted(set(ScoreDescriptor.objects.values_list("label", flat=True)), key=len)[::-1]


def template_text(html, world):
    text = main_text(html)
    for words in their_words(world) + scheme_terms():
        text = text.replace(words, "")
    # Answers: "<TOKEN>-SECRET-ANSWER ... for S-S1".
    text = re.sub(r"[A-Z]+-SECRET-ANSWER( \w+)? for [A-Z0-9-]+", "", text)
    return re.sub(r"(\s*\.\s*)+", ". ", text).strip()


@pytest.fixture(autouse=True)
def _offline_syllables(monkeypatch):
    monkeypatch.setattr("textstat.backend.counts._count_syllables.get_cmudict", lambda lang: None)


def measure(client, world):
    client.force_login(world.users["panel_assigned"])
    results = {}
    for label, url in panel_pages(world).items():
        response = client.get(url)
        assert response.status_code == 200, f"{label}: {response.status_code}"
        text = template_text(response.content.decode(), world)
        assert len(text.split()) > 20, f"{label}: too little text to measure: {text!r}"
        results[label] = (
            textstat.flesch_kincaid_grade(text),
            textstat.flesch_reading_ease(text),
        )
    return results


def test_panel_pages_read_at_grade_6_or_lower(client, world):
    results = measure(client, world)
    report = "\n".join(
        f"  {label:28} FK grade {grade:5.1f}   reading ease {ease:5.1f}"
        for label, (grade, ease) in results.items()
    )
    print(f"\nReadability of panel pages (limit: grade {MAX_GRADE}):\n{report}")
    too_hard = {label: grade for label, (grade, _) in results.items() if grade > MAX_GRADE}
    assert not too_hard, f"Harder than grade {MAX_GRADE}:\n{report}"
