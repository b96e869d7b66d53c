import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from assessments import selectors
from assessments.models import Answer, AnswerConflict, AnswerLink, Application, Status
from assessments.services import answers, applications
from tests.assessments.conftest import fill_all
from tests.assessments.factories import EvidenceFactory
from tests.panels.factories import AgreedScoreFactory

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def flag(answer):
    """The panel's round-1 agreed score for the answer's indicator, flagged "needs more
    evidence" (what opens the indicator in a resubmission)."""
    return AgreedScoreFactory(
        application=answer.application,
        indicator=answer.indicator,
        value=1,
        needs_more_evidence=True,
    )


def first_answer(application):
    return application.answers.select_related("indicator").order_by("indicator__order").first()


def answer_url(application, answer):
    return reverse("assessments:answer", args=[application.pk, answer.indicator.code])


def post_data(answer, **overrides):
    data = {
        "text": "Young people chair our forum.",
        "self_rating": "3",
        "revision": answer.revision,
    }
    data.update(overrides)
    return data


def test_indicator_page_shows_guidance_descriptors_and_form(member_client, application):
    answer = first_answer(application)
    response = member_client.get(answer_url(application, answer))
    body = response.content.decode()
    assert response.status_code == 200
    assert escape(answer.indicator.guidance[:30]) in body
    assert escape(answer.indicator.example_evidence_list[0]) in body
    for label in ("No evidence", "Emerging", "Developing", "Established", "Exemplary"):
        assert label in body
    assert 'hx-trigger="input delay:1s, km-retry"' in body
    assert 'maxlength="4000"' in body
    assert 'aria-live="polite"' in body
    assert "Next: " in body


def test_htmx_autosave_saves_and_returns_saved_at_with_new_revision(member_client, application):
    answer = first_answer(application)
    response = member_client.post(answer_url(application, answer), post_data(answer), **HTMX)
    answer.refresh_from_db()
    body = response.content.decode()
    assert response.status_code == 200
    assert answer.text == "Young people chair our forum."
    assert answer.self_rating == 3
    assert answer.revision == 1
    assert body.startswith("Saved at ")
    assert 'value="1"' in body and 'hx-swap-oob="true"' in body


def test_plain_post_saves_and_redirects_with_message(member_client, application, member):
    answer = first_answer(application)
    response = member_client.post(answer_url(application, answer), post_data(answer), follow=True)
    answer.refresh_from_db()
    assert answer.text == "Young people chair our forum."
    assert answer.updated_by == member
    assert "Saved at" in response.content.decode()


def test_save_and_next_goes_to_the_next_indicator(member_client, application):
    answers = list(application.answers.select_related("indicator").order_by("indicator__order"))
    data = post_data(answers[0], save_next="1", next_code=answers[1].indicator.code)
    response = member_client.post(answer_url(application, answers[0]), data)
    assert response.url == answer_url(application, answers[1])


def test_autosave_attaches_library_files(member_client, application, organisation):
    answer = first_answer(application)
    evidence = EvidenceFactory(organisation=organisation)
    other_orgs = EvidenceFactory()
    member_client.post(
        answer_url(application, answer), post_data(answer, evidence=[evidence.pk]), **HTMX
    )
    assert list(answer.evidence.all()) == [evidence]
    response = member_client.post(
        answer_url(application, answer),
        post_data(answer, revision=1, evidence=[other_orgs.pk]),
        **HTMX,
    )
    assert "Not saved" in response.content.decode()
    assert list(answer.evidence.all()) == [evidence]


def test_too_long_text_is_not_saved(member_client, application):
    answer = first_answer(application)
    response = member_client.post(
        answer_url(application, answer), post_data(answer, text="x" * 4001), **HTMX
    )
    assert "Not saved" in response.content.decode()
    answer.refresh_from_db()
    assert answer.text == ""
    page = member_client.post(answer_url(application, answer), post_data(answer, text="x" * 4001))
    assert "up to 4,000 characters" in page.content.decode()


def test_stale_revision_is_a_conflict_and_keeps_both_versions(
    client, application, member, colleague
):
    answer = first_answer(application)
    url = answer_url(application, answer)
    client.force_login(colleague)
    client.post(url, post_data(answer, text="Colleague's version", self_rating="2"), **HTMX)
    client.force_login(member)
    response = client.post(url, post_data(answer, text="My version", revision=0), **HTMX)
    assert "A colleague changed this answer while you were editing" in response.content.decode()
    answer.refresh_from_db()
    assert answer.text == "Colleague's version"
    assert answer.revision == 1
    conflict = AnswerConflict.objects.get(answer=answer, user=member)
    assert conflict.text == "My version"
    page = client.get(url).content.decode()
    assert "Colleague&#x27;s version" in page and "My version" in page
    assert "Keep mine" in page and "Keep theirs" in page


def test_the_conflict_box_says_not_rated_yet_the_same_way_for_both_versions(
    client, application, member, colleague
):
    answer = first_answer(application)
    url = answer_url(application, answer)
    client.force_login(colleague)
    client.post(url, post_data(answer, text="Theirs, unrated", self_rating=""), **HTMX)
    client.force_login(member)
    client.post(url, post_data(answer, text="Mine, unrated", self_rating="", revision=0), **HTMX)
    page = client.get(url).content.decode()
    assert "Mine, unrated" in page
    assert page.count("<p>Rating: Not rated yet</p>") == 2
    assert "<p>Rating: Not rated</p>" not in page


def test_later_autosaves_update_the_one_stored_version(client, application, member, colleague):
    answer = first_answer(application)
    url = answer_url(application, answer)
    client.force_login(colleague)
    client.post(url, post_data(answer, text="Theirs"), **HTMX)
    client.force_login(member)
    client.post(url, post_data(answer, text="Mine 1", revision=0), **HTMX)
    client.post(url, post_data(answer, text="Mine 2", revision=0), **HTMX)
    assert AnswerConflict.objects.get().text == "Mine 2"


def test_keep_mine_applies_my_version(client, application, member, colleague):
    answer = first_answer(application)
    url = answer_url(application, answer)
    client.force_login(colleague)
    client.post(url, post_data(answer, text="Theirs"), **HTMX)
    client.force_login(member)
    client.post(url, post_data(answer, text="Mine", self_rating="4", revision=0))
    resolve = reverse("assessments:resolve_conflict", args=[application.pk, answer.indicator.code])
    client.post(resolve, {"keep": "mine"})
    answer.refresh_from_db()
    assert answer.text == "Mine"
    assert answer.self_rating == 4
    assert answer.revision == 2
    assert not AnswerConflict.objects.exists()


def test_keep_theirs_discards_mine(client, application, member, colleague):
    answer = first_answer(application)
    url = answer_url(application, answer)
    client.force_login(colleague)
    client.post(url, post_data(answer, text="Theirs"), **HTMX)
    client.force_login(member)
    client.post(url, post_data(answer, text="Mine", revision=0))
    resolve = reverse("assessments:resolve_conflict", args=[application.pk, answer.indicator.code])
    client.post(resolve, {"keep": "theirs"})
    answer.refresh_from_db()
    assert answer.text == "Theirs"
    assert not AnswerConflict.objects.exists()


def test_links_can_be_added_and_removed(member_client, application):
    answer = first_answer(application)
    add = reverse("assessments:add_link", args=[application.pk, answer.indicator.code])
    response = member_client.post(
        add, {"url": "https://example.org/forum", "title": "Forum page"}, **HTMX
    )
    assert "Forum page" in response.content.decode()
    link = AnswerLink.objects.get(answer=answer)
    member_client.post(add, {"url": "javascript:alert(1)", "title": "x"})
    assert AnswerLink.objects.count() == 1
    remove = reverse(
        "assessments:remove_link", args=[application.pk, answer.indicator.code, link.pk]
    )
    member_client.post(remove)
    assert not AnswerLink.objects.exists()


def test_answers_are_read_only_after_submission(member_client, application):
    fill_all(application)
    applications.submit(application, application.created_by)
    answer = first_answer(application)
    page = member_client.get(answer_url(application, answer)).content.decode()
    assert "read-only" in page
    assert 'id="answer-form"' not in page
    response = member_client.post(answer_url(application, answer), post_data(answer, text="new"))
    assert response.status_code == 403
    htmx = member_client.post(
        answer_url(application, answer), post_data(answer, text="new"), **HTMX
    )
    assert htmx.status_code == 403
    answer.refresh_from_db()
    assert answer.text != "new"


def test_resubmission_only_flagged_indicators_are_editable(application):
    all_answers = list(application.answers.select_related("indicator").order_by("indicator__order"))
    flag(all_answers[2])
    # An agreed score that is not flagged, and a flag from round 2, open nothing.
    AgreedScoreFactory(application=application, indicator=all_answers[0].indicator)
    AgreedScoreFactory(
        application=application,
        indicator=all_answers[1].indicator,
        round=2,
        needs_more_evidence=True,
    )
    flagged = all_answers[2].indicator_id
    application.status = Status.RESUBMISSION_INVITED
    application.resubmission_deadline = None
    assert answers.editable_indicator_ids(application) == {flagged}
    assert answers.is_editable(application)
    assert answers.can_edit_indicator(application, flagged)
    assert not answers.can_edit_indicator(application, all_answers[0].indicator_id)
    assert not answers.can_edit_indicator(application, all_answers[1].indicator_id)


def test_a_resubmission_with_nothing_flagged_is_read_only(application):
    application.status = Status.RESUBMISSION_INVITED
    assert answers.editable_indicator_ids(application) == set()
    assert not answers.is_editable(application)


def test_resubmission_after_deadline_is_read_only(application):
    import datetime

    flag(first_answer(application))
    application.status = Status.RESUBMISSION_INVITED
    application.resubmission_deadline = datetime.date(2026, 2, 28)
    assert answers.editable_indicator_ids(application, day=datetime.date(2026, 2, 28))
    assert not answers.editable_indicator_ids(application, day=datetime.date(2026, 3, 1))


def test_a_resubmission_opens_the_flagged_answer_page_only(member_client, application):
    all_answers = list(application.answers.select_related("indicator").order_by("indicator__order"))
    flag(all_answers[1])
    Application.objects.filter(pk=application.pk).update(status=Status.RESUBMISSION_INVITED)
    assert (
        'id="answer-form"'
        in member_client.get(answer_url(application, all_answers[1])).content.decode()
    )
    assert (
        'id="answer-form"'
        not in member_client.get(answer_url(application, all_answers[0])).content.decode()
    )
    refused = member_client.post(
        answer_url(application, all_answers[0]), post_data(all_answers[0]), **HTMX
    )
    assert refused.status_code == 403
    saved = member_client.post(
        answer_url(application, all_answers[1]), post_data(all_answers[1]), **HTMX
    )
    assert saved.status_code == 200
    assert Answer.objects.get(pk=all_answers[1].pk).text == "Young people chair our forum."
    assert Answer.objects.get(pk=all_answers[0].pk).text == ""


def test_progress_counts_overall_and_per_element(member_client, application):
    answers = list(application.answers.select_related("indicator").order_by("indicator__order"))
    space = [a for a in answers if a.indicator.element == "space"]
    for a in space[:3]:
        a.text, a.self_rating = "Done", 2
        a.save()
    voice = next(a for a in answers if a.indicator.element == "voice")
    voice.text = "Half done, no rating"
    voice.save()
    progress = selectors.progress(
        application.answers.select_related("indicator").order_by("indicator__order")
    )
    assert progress["answered"] == 3
    assert progress["total"] == 16
    by_element = {g.code: (g.answered, g.total) for g in progress["elements"]}
    assert by_element == {"space": (3, 4), "voice": (0, 4), "audience": (0, 4), "influence": (0, 4)}
    page = member_client.get(reverse("assessments:detail", args=[application.pk])).content.decode()
    assert "3 of 16 indicators answered" in page
    assert "Space: 3 of 4" in page
    assert "In progress" in page


def test_other_organisation_gets_404_on_application_pages(client, application, other_org_user):
    client.force_login(other_org_user)
    answer = first_answer(application)
    assert client.get(reverse("assessments:detail", args=[application.pk])).status_code == 404
    assert client.get(answer_url(application, answer)).status_code == 404
    assert client.post(answer_url(application, answer), post_data(answer)).status_code == 404
    assert Answer.objects.get(pk=answer.pk).text == ""


def test_indicator_page_ticks_the_library_files_this_answer_uses(
    member_client, application, organisation
):
    answer = first_answer(application)
    used = EvidenceFactory(organisation=organisation, original_name="Used minutes.pdf")
    unused = EvidenceFactory(organisation=organisation, original_name="Unused plan.pdf")
    other_orgs = EvidenceFactory(original_name="Someone else's.pdf")
    answer.evidence.add(used)
    body = member_client.get(answer_url(application, answer)).content.decode()
    assert re.search(rf'<input type="checkbox"[^>]*value="{used.pk}"[^>]*checked>', body)
    assert re.search(rf'<input type="checkbox"[^>]*value="{unused.pk}"[^>]*id="[^"]+">', body)
    assert "Unused plan.pdf" in body and other_orgs.original_name not in body
    assert 'name="revision" value="0"' in body


def test_a_plain_save_with_errors_shows_them_beside_the_fields_and_keeps_the_choices(
    member_client, application, organisation
):
    answer = first_answer(application)
    chosen = EvidenceFactory(organisation=organisation)
    page = member_client.post(
        answer_url(application, answer),
        post_data(answer, text="x" * 4001, self_rating="2", evidence=[chosen.pk]),
    ).content.decode()
    assert 'class="textarea form-control is-invalid"' in page
    assert 'aria-describedby="id_text_helptext id_text_error"' in page
    assert 'id="error_1_id_text"' in page and 'aria-invalid="true"' in page
    assert re.search(r'<input type="radio"[^>]*value="2"[^>]*checked>', page)
    assert re.search(rf'<input type="checkbox"[^>]*value="{chosen.pk}"[^>]*checked>', page)
    answer.refresh_from_db()
    assert answer.text == ""


def test_a_link_with_a_bad_address_is_shown_again_with_its_error(member_client, application):
    answer = first_answer(application)
    url = reverse("assessments:add_link", args=[application.pk, answer.indicator.code])
    body = member_client.post(url, {"url": "not a web address", "title": "Forum"}, **HTMX)
    body = body.content.decode()
    assert 'value="not a web address"' in body and 'value="Forum"' in body
    assert 'id="error_1_id_url"' in body and "Enter a full web address" in body
    assert not AnswerLink.objects.filter(answer=answer).exists()


def test_overview_marks_the_indicators_the_panel_asked_to_change(member_client, application):
    answers = list(application.answers.select_related("indicator").order_by("indicator__order"))
    flag(answers[1])
    url = reverse("assessments:detail", args=[application.pk])
    assert "Panel asked for changes" not in member_client.get(url).content.decode()
    Application.objects.filter(pk=application.pk).update(status=Status.RESUBMISSION_INVITED)
    body = member_client.get(url).content.decode()
    assert body.count("Panel asked for changes") == 1
    assert body.index("Panel asked for changes") > body.index(answers[1].indicator.code)
    assert body.index("Panel asked for changes") < body.index(answers[2].indicator.code)


def test_indicator_page_links_to_the_previous_and_next_indicators(member_client, application):
    answers = list(application.answers.select_related("indicator").order_by("indicator__order"))
    first, second, third = (a.indicator.code for a in answers[:3])
    body = member_client.get(answer_url(application, answers[1])).content.decode()
    assert f"Indicator 2 of {len(answers)}" in body
    assert f'href="{reverse("assessments:answer", args=[application.pk, first])}"' in body
    assert f"Previous: {first}<" in body and f"Next: {third}<" in body
    assert f'name="next_code" value="{third}"' in body
    assert second in body


def test_last_indicator_has_no_next_and_an_unknown_code_is_not_found(member_client, application):
    answers = list(application.answers.select_related("indicator").order_by("indicator__order"))
    body = member_client.get(answer_url(application, answers[-1])).content.decode()
    assert f"Indicator {len(answers)} of {len(answers)}" in body
    assert f"Previous: {answers[-2].indicator.code}<" in body
    assert "Next:" not in body and 'name="next_code"' not in body
    url = reverse("assessments:answer", args=[application.pk, "NOPE"])
    assert member_client.get(url).status_code == 404


def test_overview_links_every_indicator_and_shows_its_state(member_client, application):
    answers = list(application.answers.select_related("indicator").order_by("indicator__order"))
    Answer.objects.filter(pk=answers[0].pk).update(text="We ask them.", self_rating=3)
    Answer.objects.filter(pk=answers[1].pk).update(text="Started", self_rating=None)
    body = member_client.get(reverse("assessments:detail", args=[application.pk])).content.decode()
    for answer in answers:
        url = reverse("assessments:answer", args=[application.pk, answer.indicator.code])
        assert f'<a href="{url}">{answer.indicator.code} ' in body
    assert body.count('<span class="badge text-bg-success">Answered</span>') == 1
    assert body.count('<span class="badge text-bg-warning">In progress</span>') == 1
    not_started = '<span class="badge text-bg-light border">Not started</span>'
    assert body.count(not_started) == len(answers) - 2


def test_an_unknown_application_or_indicator_is_not_found(member_client, application):
    answer = first_answer(application)
    missing = Application.objects.order_by("-pk").first().pk + 1
    assert member_client.get(reverse("assessments:detail", args=[missing])).status_code == 404
    code = answer.indicator.code
    url = reverse("assessments:answer", args=[missing, code])
    assert member_client.get(url).status_code == 404
    assert member_client.post(url, post_data(answer), **HTMX).status_code == 404


def test_staff_see_the_pages_read_only_and_the_staff_only_events(
    client, staff_user, member_client, application
):
    from assessments import workflow
    from assessments.models import TimelineEvent

    workflow.record(application, TimelineEvent.Kind.NOTE, "Seen by all", actor=staff_user)
    workflow.record(
        application, TimelineEvent.Kind.NOTE, "Staff eyes", visible_to_organisation=False
    )
    detail_url = reverse("assessments:detail", args=[application.pk])
    member_page = member_client.get(detail_url).content.decode()
    assert "Seen by all" in member_page and "Staff eyes" not in member_page
    assert f"({staff_user.display_label})" in member_page

    client.force_login(staff_user)
    staff_page = client.get(detail_url).content.decode()
    assert "Seen by all" in staff_page and "Staff eyes" in staff_page
    assert "(Kitemark system)" in staff_page and "Staff only</span>" in staff_page
    assert "Withdraw this application" not in staff_page

    answer = first_answer(application)
    response = client.get(answer_url(application, answer))
    assert response.status_code == 200
    assert 'id="answer-form"' not in response.content.decode()
    # Staff may look but not change an answer.
    assert client.post(answer_url(application, answer), post_data(answer)).status_code == 403


def test_overview_shows_the_organisation_round_and_deadline(member_client, application):
    body = member_client.get(reverse("assessments:detail", args=[application.pk])).content.decode()
    cycle = application.cycle
    assert f"<h1>{escape(application.organisation.name)}: Silver application</h1>" in body
    assert f"Round: {escape(cycle.name)}, deadline {cycle.submission_deadline:%-d %B %Y}." in body


def test_indicator_page_lists_the_links_oldest_first(member_client, application):
    answer = first_answer(application)
    AnswerLink.objects.create(answer=answer, url="https://example.org/b", title="Second")
    AnswerLink.objects.create(answer=answer, url="https://example.org/a", title="")
    body = member_client.get(answer_url(application, answer)).content.decode()
    assert body.index(">Second</a>") < body.index(">https://example.org/a</a>")
    assert body.count("the link ") == 2


def test_organisation_does_not_see_staff_only_timeline_events(member_client, application):
    from assessments import workflow
    from assessments.models import TimelineEvent

    workflow.record(
        application, TimelineEvent.Kind.NOTE, "Internal staff note", visible_to_organisation=False
    )
    body = member_client.get(reverse("assessments:detail", args=[application.pk])).content.decode()
    assert "Internal staff note" not in body
    assert "started" in body
