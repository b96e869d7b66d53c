"""The organisation writes and sends a check-in; young people review it; the organisation
answers; staff see worries and close them. Through HTTP as each role."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assessments.models import Status
from certificates.models import Award
from checkins.models import CheckIn, Review
from checkins.schedule import due_dates
from checkins.selectors import State, state_of
from checkins.services import reviews
from panels.models import Notice
from panels.services import results
from tests.assessments.factories import ApplicationFactory, EvidenceFactory
from tests.checkins.factories import review_of, scored_award, sent_checkin
from tests.panels.factories import (
    AgreedScoreFactory,
    ConflictFactory,
    FinalisationFactory,
    PanelMemberFactory,
)

pytestmark = pytest.mark.django_db


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def element_post(**extra):
    data = {}
    for element in ("space", "voice", "audience", "influence"):
        data[f"{element}-done"] = f"We asked young people about {element}."
        data[f"{element}-actions_progress"] = "Half done."
    data.update(extra)
    return data


def test_the_organisation_saves_a_draft_then_sends_it():
    award, writer, members = scored_award(reviewers=2)
    evidence = EvidenceFactory(organisation=award.organisation)
    client = client_for(writer)
    url = reverse("checkins:org_edit", args=[award.pk, 1])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        element_post(
            **{
                "said0-element": "voice",
                "said0-you_said": "More evening sessions",
                "said0-we_did": "We opened on Thursdays",
                "lead_contact_change": "Jo is our new lead",
                "evidence": [evidence.pk],
                "save": "1",
            }
        ),
    )
    assert response.status_code == 302
    checkin = CheckIn.objects.get(award=award, number=1)
    assert not checkin.is_sent
    assert checkin.due_on == due_dates(award.awarded_on)[0][1]
    assert list(checkin.evidence.all()) == [evidence]
    assert checkin.you_said.get().we_did == "We opened on Thursdays"

    response = client.post(url, element_post(send="1"))
    assert response.status_code == 302
    checkin.refresh_from_db()
    assert checkin.is_sent
    assert checkin.you_said.count() == 1  # the saved item is kept, no empty one added
    # The two young people who scored it are asked to review it, and told.
    assert set(Review.objects.filter(checkin=checkin).values_list("member", flat=True)) == {
        m.pk for m in members
    }
    assert Notice.objects.filter(kind=Notice.Kind.CHECKIN).count() == 2
    # Sent: the edit page now shows the sent check-in.
    assert client.get(url)["Location"] == reverse("checkins:org_detail", args=[checkin.pk])


def test_sending_with_an_element_left_empty_is_refused_and_keeps_what_was_written():
    award, writer, _ = scored_award()
    client = client_for(writer)
    url = reverse("checkins:org_edit", args=[award.pk, 1])
    data = element_post(send="1")
    data["influence-done"] = ""
    response = client.post(url, data, follow=True)
    assert "Missing: Influence" in response.content.decode()
    checkin = CheckIn.objects.get()
    assert not checkin.is_sent
    assert checkin.elements.get(element="space").done == "We asked young people about space."


def test_sending_needs_at_least_one_you_said_we_did_item():
    award, writer, _ = scored_award()
    client = client_for(writer)
    url = reverse("checkins:org_edit", args=[award.pk, 1])
    response = client.post(url, element_post(send="1"), follow=True)
    assert "you said, we did" in response.content.decode()
    assert not CheckIn.objects.get().is_sent
    client.post(
        url,
        element_post(
            **{
                "said0-element": "space",
                "said0-you_said": "A quiet room",
                "said0-we_did": "We opened one",
                "send": "1",
            }
        ),
    )
    assert CheckIn.objects.get().is_sent


def test_evidence_of_another_organisation_cannot_be_attached():
    award, writer, _ = scored_award()
    EvidenceFactory(organisation=award.organisation)
    other = EvidenceFactory()
    response = client_for(writer).post(
        reverse("checkins:org_edit", args=[award.pk, 1]),
        element_post(evidence=[other.pk], save="1"),
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not CheckIn.objects.exists()


def test_a_young_person_with_a_conflict_is_not_asked():
    award, writer, members = scored_award(reviewers=2)
    ConflictFactory(member=members[0], organisation=award.organisation)
    checkin = sent_checkin(award, actor=writer)
    assert list(checkin.reviews.values_list("member", flat=True)) == [members[1].pk]


def test_two_reviewers_one_on_track_one_with_questions_answered():
    award, writer, (ana, ben) = scored_award(reviewers=2)
    checkin = sent_checkin(award, actor=writer)
    review_url = reverse("checkins:panel_review", args=[checkin.pk])
    assert state_of(checkin) == State.WAITING

    response = client_for(ana.user).post(
        review_url, {"verdict": "on_track", "comment": "They really listen now."}
    )
    assert response.status_code == 302
    # "We have questions" needs the questions.
    response = client_for(ben.user).post(review_url, {"verdict": "questions"})
    assert "Write your questions." in response.content.decode()
    client_for(ben.user).post(
        review_url, {"verdict": "questions", "questions": "Who chose the Thursday times?"}
    )
    assert state_of(checkin) == State.OPEN

    # The organisation sees both comments and the question, without names.
    org_page = client_for(writer).get(reverse("checkins:org_detail", args=[checkin.pk]))
    text = org_page.content.decode()
    assert "They really listen now." in text and "Who chose the Thursday times?" in text
    assert ana.display_name not in text and ben.display_name not in text

    review = review_of(checkin, ben)
    client_for(writer).post(
        reverse("checkins:org_answer", args=[checkin.pk, review.pk]),
        {"answer": "Young people voted on them."},
    )
    review.refresh_from_db()
    assert review.answer == "Young people voted on them."
    assert state_of(checkin) == State.CLOSED
    # Ben is told; Ana is not (it was Ben's question).
    assert Notice.objects.filter(member=ben, kind=Notice.Kind.ANSWER).count() == 1
    assert not Notice.objects.filter(member=ana, kind=Notice.Kind.ANSWER).exists()
    page = client_for(ben.user).get(review_url).content.decode()
    assert "Young people voted on them." in page
    # A review, once given, stays.
    client_for(ana.user).post(review_url, {"verdict": "worried"})
    assert review_of(checkin, ana).verdict == "on_track"


def test_worried_reaches_the_pipeline_and_staff_close_it_without_changing_the_award(
    staff_client,
):
    award, writer, (ana,) = scored_award(reviewers=1)
    checkin = sent_checkin(award, actor=writer)
    pipeline = staff_client.get(reverse("console:staff_dashboard")).content.decode()
    assert "Waiting for review" in pipeline
    client_for(ana.user).post(
        reverse("checkins:panel_review", args=[checkin.pk]),
        {"verdict": "worried", "comment": "Nothing has changed at all."},
    )
    pipeline = staff_client.get(reverse("console:staff_dashboard")).content.decode()
    assert "Young people are worried" in pipeline
    assert reverse("checkins:staff_detail", args=[checkin.pk]) in pipeline

    review = review_of(checkin, ana)
    detail = staff_client.get(reverse("checkins:staff_detail", args=[checkin.pk]))
    assert "Nothing has changed at all." in detail.content.decode()
    staff_client.post(
        reverse("checkins:staff_close_worry", args=[checkin.pk, review.pk]),
        {"note": "We met them; a plan is agreed."},
    )
    review.refresh_from_db()
    assert review.worry_closed_at is not None
    assert state_of(checkin) == State.CLOSED
    assert (
        "Young people are worried"
        not in staff_client.get(reverse("console:staff_dashboard")).content.decode()
    )
    award.refresh_from_db()
    assert award.is_current and award.revoked_at is None


def test_staff_ask_another_young_person(staff_client):
    award, writer, _ = scored_award(reviewers=1)
    checkin = sent_checkin(award, actor=writer)
    extra = PanelMemberFactory()
    staff_client.post(
        reverse("checkins:staff_detail", args=[checkin.pk]),
        {"add_reviewer": "1", "member": extra.pk},
    )
    assert Review.objects.filter(checkin=checkin, member=extra).exists()
    assert (
        client_for(extra.user).get(reverse("checkins:panel_review", args=[checkin.pk])).status_code
        == 200
    )


def test_the_verification_page_shows_only_the_month_of_the_last_check_in(client):
    award, writer, (ana,) = scored_award(reviewers=1)
    checkin = sent_checkin(award, actor=writer)
    CheckIn.objects.filter(pk=checkin.pk).update(sent_at="2027-03-14T10:00:00Z")
    page = client.get(reverse("certificates:verify", args=[award.verification_code]))
    text = page.content.decode()
    assert "Last checked in: March 2027" in text
    assert "We asked young people" not in text and "workshop" not in text


def test_applying_again_offers_earlier_check_ins_as_evidence():
    award, writer, _ = scored_award(reviewers=1)
    checkin = sent_checkin(award, actor=writer)
    renewal = ApplicationFactory(organisation=award.organisation, status=Status.DRAFT)
    page = client_for(writer).get(reverse("assessments:detail", args=[renewal.pk]))
    assert reverse("checkins:org_detail", args=[checkin.pk]) in page.content.decode()


def test_a_revoked_award_has_no_check_in_to_write():
    award, writer, _ = scored_award()
    Award.objects.filter(pk=award.pk).update(
        revoked_at="2026-01-01T00:00:00Z", revoked_reason="Concern"
    )
    response = client_for(writer).get(reverse("checkins:org_edit", args=[award.pk, 1]))
    assert response.status_code == 404


# --- Notices ----------------------------------------------------------------------


def test_notices_show_newest_first_on_the_dashboard_and_email_only_with_consent(run_jobs):
    award, writer, (ana, ben) = scored_award(reviewers=2)
    ana.user.email = "ana@example.org"
    ana.user.save()
    with run_jobs(execute=True):
        client_for(ana.user).post(reverse("panels:notice_emails"), {"notice_emails": "yes"})
        client_for(ben.user).post(reverse("panels:notice_emails"), {"notice_emails": "yes"})
    ana.refresh_from_db()
    ben.refresh_from_db()
    assert ana.notice_emails is True
    assert ben.notice_emails is False  # no email address: nothing to send to
    with run_jobs(execute=True):
        sent_checkin(award, actor=writer)
    assert [m.to for m in mail.outbox if "after your panel" in m.subject] == [["ana@example.org"]]
    review = review_of(award.checkins.get(), ben)
    Review.objects.filter(pk=review.pk).update(verdict="questions", questions="Why?")
    reviews.answer(review, "Because young people asked.", actor=writer)
    page = client_for(ben.user).get(reverse("panels:dashboard")).content.decode()
    answered = page.index("answered your questions")
    sent = page.index("sent their check-in")
    assert answered < sent  # newest first
    assert ben.display_name in page


def test_without_consent_no_email_even_with_an_address(run_jobs):
    award, writer, (ana,) = scored_award(reviewers=1)
    ana.user.email = "ana@example.org"
    ana.user.save()
    with run_jobs(execute=True):
        sent_checkin(award, actor=writer)
    assert not [m for m in mail.outbox if "after your panel" in m.subject]
    assert Notice.objects.filter(member=ana).count() == 1


def test_recording_actions_tells_the_young_people_who_scored(run_jobs):
    award, writer, (ana,) = scored_award(reviewers=1)
    application = award.application
    item = AgreedScoreFactory(application=application, feedback="More evening sessions")
    FinalisationFactory(application=application, round=1, confirmed_at=timezone.now())
    results.add_organisation_action(application, item.pk, "We opened on Thursdays", actor=writer)
    notice = Notice.objects.get(member=ana)
    assert notice.kind == Notice.Kind.ACTIONS and "We opened on Thursdays" in notice.text


def test_the_staff_queue_reads_a_fixed_number_of_queries(django_assert_max_num_queries):
    from datetime import timedelta

    from checkins.selectors import staff_queue

    def one_of_each():
        late, _, _ = scored_award(awarded_on=timezone.localdate() - timedelta(days=500))
        award, writer, (ana,) = scored_award(reviewers=1)
        checkin = sent_checkin(award, actor=writer)
        reviews.give(
            review_of(checkin, ana), verdict="worried", comment="", questions="", member=ana
        )
        return late

    one_of_each()
    with django_assert_max_num_queries(10) as first:
        queue = staff_queue()
    assert len(queue["worried"]) == 1 and len(queue["due"]) == 1 and queue["flagged"]
    for _ in range(4):
        one_of_each()
    with django_assert_max_num_queries(len(first.captured_queries)):
        queue = staff_queue()
    assert len(queue["worried"]) == 5 and len(queue["due"]) == 5
