"""Panel members are 11 to 18: the text of their pages must be plain English.

The agreed level: Flesch-Kincaid grade 6 or lower (a reading age of about 11,
UK Year 7), measured with textstat on the visible text of <main>. The
organisation's own words (answers, names, evidence titles) are removed first:
they are not ours to control.

A page whose wording changes with what happened (a check-in before and after the
review, the "What happened next" news) is measured in each of those states (STATES).

Syllables are counted with Pyphen's English hyphenation dictionary (shipped with
pyphen), not NLTK's CMU dictionary, which textstat would otherwise download at
run time: tests must not reach the network.
"""

import re
from dataclasses import dataclass

import pytest
import textstat
from django.urls import reverse

from checkins.models import ElementReport, Review
from checkins.services import reviews
from panels import selectors
from panels.models import Notice, OrganisationAction
from panels.services import results
from tests.checkins.factories import sent_checkin
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
        "read a check-in (questions not answered yet)": reverse(
            "checkins:panel_review", args=[side.checkin.pk]
        ),
        "what I did": reverse("recognition:my_record"),
    }


@dataclass(frozen=True)
class Section:
    """Only the <section> of a page that its heading names (aria-labelledby): a part
    whose wording changes with what happened, measured apart so the rest of the page
    cannot hide it."""

    url: str
    heading: str


def what_happened_next():
    return Section(reverse("panels:dashboard"), "done-heading")


def what_i_think(checkin):
    return Section(reverse("checkins:panel_review", args=[checkin.pk]), "think-heading")


def _only_news(world, kind):
    """The young person's news is one notice of `kind`, so each kind is measured."""
    member = world.a.members[0]
    assert list(Notice.objects.filter(member=member).values_list("kind", flat=True)) == [kind]


def before_my_review(world):
    """A check-in the young person has not reviewed yet: the form with its three choices.
    Sending it is also the news "sent their check-in"."""
    side = world.a
    Notice.objects.filter(member=side.members[0]).delete()
    checkin = sent_checkin(side.award, number=2, actor=side.org_user)
    assert not Review.objects.get(checkin=checkin, member=side.members[0]).verdict
    _only_news(world, Notice.Kind.CHECKIN)
    return {
        "read a check-in (before I review)": reverse("checkins:panel_review", args=[checkin.pk]),
        "what I think (before I review)": what_i_think(checkin),
        "what happened next (check-in sent)": what_happened_next(),
    }


def questions_answered(world):
    side = world.a
    Notice.objects.filter(member=side.members[0]).delete()
    reviews.answer(side.review, f"{side.key} answer to the reviewer", actor=side.org_user)
    _only_news(world, Notice.Kind.ANSWER)
    return {
        "read a check-in (questions answered)": reverse(
            "checkins:panel_review", args=[side.checkin.pk]
        ),
        "what happened next (questions answered)": what_happened_next(),
    }


def actions_recorded(world):
    side = world.a
    Notice.objects.filter(member=side.members[0]).delete()
    feedback = selectors.feedback_items_for_actions(side.result).first()
    results.add_organisation_action(
        side.result, feedback.pk, f"{side.key} second action we took", actor=side.org_user
    )
    _only_news(world, Notice.Kind.ACTIONS)
    return {"what happened next (actions recorded)": what_happened_next()}


# What the young person meets, each state built through the services (inside the test's
# own savepoint): the world as built, then the states it does not show on its own.
STATES = {
    "as built": panel_pages,
    "before my review": before_my_review,
    "questions answered": questions_answered,
    "actions recorded": actions_recorded,
}


def their_words(world):
    """Text that comes from the organisations or the young people, not from our templates."""
    words = []
    for side in (world.a, world.b):
        words += [side.organisation.name, side.draft_organisation.name]
        words += [side.evidence.original_name]
    # What organisations wrote (actions, check-ins, answers) and what reviewers asked.
    words += OrganisationAction.objects.values_list("text", flat=True)
    words += ElementReport.objects.values_list("done", flat=True)
    for review in Review.objects.all():
        words += [review.comment, review.questions, review.answer]
    return sorted({w for w in words if w}, key=len, reverse=True)


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


def section_of(html, heading):
    match = re.search(rf'<section aria-labelledby="{heading}".*?</section>', html, flags=re.DOTALL)
    assert match, f"no section labelled by {heading}"
    return f"<main>{match.group(0)}</main>"


def measure(client, world, pages):
    client.force_login(world.users["panel_assigned"])
    grades = {}
    for label, page in pages.items():
        response = client.get(getattr(page, "url", page))
        assert response.status_code == 200, f"{label}: {response.status_code}"
        html = response.content.decode()
        if isinstance(page, Section):
            html = section_of(html, page.heading)
        text = template_text(html, world)
        assert len(text.split()) > 20, f"{label}: too little text to measure: {text!r}"
        grades[label] = (
            textstat.flesch_kincaid_grade(text),
            textstat.flesch_reading_ease(text),
        )
    return grades


@pytest.mark.parametrize("state", STATES)
def test_panel_pages_read_at_grade_6_or_lower(client, world, state):
    grades = measure(client, world, STATES[state](world))
    report = "\n".join(
        f"  {label:45} FK grade {grade:5.1f}   reading ease {ease:5.1f}"
        for label, (grade, ease) in grades.items()
    )
    print(f"\nReadability of panel pages, {state} (limit: grade {MAX_GRADE}):\n{report}")
    too_hard = {label: grade for label, (grade, _) in grades.items() if grade > MAX_GRADE}
    assert not too_hard, f"Harder than grade {MAX_GRADE}:\n{report}"
