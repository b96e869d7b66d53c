"""Staff open each submission an application sent, read-only, and see what changed
between it and the previous one, the next one or the answers as they are now."""

import pytest
from django.urls import reverse

from assessments.models import AnswerLink
from assessments.selectors import TextPart, text_changes
from assessments.services import answers as answer_services
from assessments.services import applications
from tests.accounts.factories import StaffFactory
from tests.assessments.conftest import fill_all
from tests.assessments.factories import ApplicationFactory, EvidenceFactory

pytestmark = pytest.mark.django_db


def _edit(answer, member, **changes):
    values = {
        "text": answer.text,
        "self_rating": answer.self_rating,
        "evidence_ids": list(answer.evidence.values_list("pk", flat=True)),
    }
    values.update(changes)
    answer_services.save_answer(answer, user=member, base_revision=answer.revision, **values)


@pytest.fixture
def returned_and_resubmitted(application, member, organisation):
    """Submitted, returned for more information, one answer rewritten with a new file and
    a higher self-rating, and submitted again: two submissions received."""
    fill_all(application)
    first = application.answers.order_by("indicator__order").first()
    first.text = "Young people chair our forum every month."
    first.save()
    applications.submit(application, member)
    applications.return_for_information(application, StaffFactory(), "Tell us more about VS1.")
    first.refresh_from_db()
    evidence = EvidenceFactory(organisation=organisation, original_name="forum-minutes.pdf")
    _edit(
        first,
        member,
        text="Young people chair our youth forum every week.",
        self_rating=4,
        evidence_ids=[evidence.pk],
    )
    AnswerLink.objects.create(answer=first, url="https://example.org/forum", title="Forum")
    application.refresh_from_db()
    applications.submit(application, member)
    return application, first


def _url(application, snapshot, against=None):
    url = reverse("console:staff_submission_received", args=[application.pk, snapshot.pk])
    return f"{url}?against={against}" if against else url


def test_the_submission_tab_links_each_submission_received(staff_client, returned_and_resubmitted):
    application, _ = returned_and_resubmitted
    page = staff_client.get(reverse("console:staff_submission", args=[application.pk]))
    body = page.content.decode()
    for snapshot in application.snapshots.all():
        assert _url(application, snapshot) in body


def test_a_resubmission_shows_what_changed_since_the_previous_one(
    staff_client, returned_and_resubmitted, django_assert_max_num_queries
):
    application, first = returned_and_resubmitted
    older, newer = application.snapshots.order_by("created_at", "pk")
    # The session, the user, the application, its submissions, the score descriptors.
    with django_assert_max_num_queries(5):
        response = staff_client.get(_url(application, newer))
    body = response.content.decode()
    assert response.status_code == 200
    assert response.context["view"].against == "previous"
    assert "1 of 16 answers changed." in body
    hidden = '<span class="visually-hidden">'
    assert f"our <ins>{hidden}added: </span>youth </ins>forum every " in body
    assert (
        f"<del>{hidden}removed: </span>month.</del><ins>{hidden}added: </span>week.</ins>" in body
    )
    assert "File added: forum-minutes.pdf" in body
    assert "Link added: Forum (https://example.org/forum)" in body
    assert "Self-rating:</strong> 3 – " in body and "→ 4 – " in body
    assert f"{first.indicator.code} {first.indicator.title}" in body


def test_the_first_submission_is_read_only_as_sent_and_compared_with_the_next(
    staff_client, returned_and_resubmitted
):
    application, _ = returned_and_resubmitted
    older, _newer = application.snapshots.order_by("created_at", "pk")
    response = staff_client.get(_url(application, older))
    body = response.content.decode()
    assert response.context["view"].against == "next"
    assert "Young people chair our forum every month." in body
    assert "Submission 1, received" in body
    assert "<form" not in body.split('id="received-heading"')[1]
    assert "1 of 16 answers changed." in body
    assert "Since the previous submission" not in body


def test_compared_with_the_current_answers(
    staff_client, returned_and_resubmitted, django_assert_max_num_queries
):
    application, first = returned_and_resubmitted
    _older, newer = application.snapshots.order_by("created_at", "pk")
    # Three more: the answers, their files and their links.
    with django_assert_max_num_queries(8):
        body = staff_client.get(_url(application, newer, "current")).content.decode()
    assert "0 of 16 answers changed." in body and "Nothing changed." in body
    first_sent = staff_client.get(_url(application, _older, "current")).content.decode()
    assert "1 of 16 answers changed." in first_sent
    assert "From this submission to the answers as they are now" in first_sent
    # The organisation changes nothing after submitting, so the answers still match;
    # an unknown comparison falls back to the default.
    fallback = staff_client.get(_url(application, newer, "sideways"))
    assert fallback.status_code == 200
    assert fallback.context["view"].against == "previous"


def test_another_applications_submission_is_not_found(staff_client, returned_and_resubmitted):
    application, _ = returned_and_resubmitted
    other = ApplicationFactory()
    snapshot = application.snapshots.first()
    url = reverse("console:staff_submission_received", args=[other.pk, snapshot.pk])
    assert staff_client.get(url).status_code == 404


def test_only_staff_may_open_a_submission_received(client, member, returned_and_resubmitted):
    application, _ = returned_and_resubmitted
    client.force_login(member)
    assert client.get(_url(application, application.snapshots.first())).status_code == 403


def test_text_changes_marks_the_words_added_and_removed():
    assert text_changes("We meet every month.", "We meet every week.") == [
        TextPart("We meet every ", "same"),
        TextPart("month.", "removed"),
        TextPart("week.", "added"),
    ]
    assert text_changes("Same", "Same") == [TextPart("Same", "same")]
