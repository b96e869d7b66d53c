"""The whole Kitemark journey in Chromium, each step done by the person who does it.

A. awarded: fully through the UI, from sign-up to the plaque and the public check page.
B. resubmission: 42-47 with flagged indicators, the organisation resubmits, the panel
   re-scores the flagged ones and the revised total decides.
C. not awarded: 41 or less.

Organisation and staff use a 1280x900 window, panel members a 768x1024 tablet.
"""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from assessments.models import Application, Status
from certificates.models import Award
from panels.models import AgreedScore, Score
from tests.accounts.factories import StaffFactory
from tests.assessments.factories import ApplicationFactory, CycleFactory, answer_all
from tests.conftest import wait_for
from tests.organisations.factories import OrganisationFactory, member_of
from tests.panels.factories import PanelMemberFactory, ready_to_score

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 900}
TABLET = {"width": 768, "height": 1024}
PASSWORD = "a-long-and-unusual-passphrase-2026"
SYNCED = "All scores saved"


# --------------------------------------------------------------------------- the cast


@pytest.fixture
def cast():
    """What exists before anyone opens a browser: an open cycle, a staff member who
    facilitates, and two panel members (created the way staff create them)."""
    cycle = CycleFactory(name="Spring 2026")
    staff = StaffFactory(full_name="Sam Staff")
    members = [
        PanelMemberFactory(display_name=name, supervisor=staff, group="Youth Cabinet")
        for name in ("Aisha", "Ben")
    ]
    return {"cycle": cycle, "staff": staff, "members": members}


def _pdf_bytes(text="Youth forum minutes"):
    from weasyprint import HTML

    return HTML(string=f"<h1>{text}</h1><p>Young people chaired the meeting.</p>").write_pdf()


def _indicators(application):
    return list(application.level.indicators.order_by("order"))


def _interview_day():
    return timezone.localdate() + datetime.timedelta(days=3)


# --------------------------------------------------------------------------- steps


def staff_assign_and_schedule(page, base, application, members):
    """Staff: application page -> assign a panel of two -> book the interview."""
    page.goto(f"{base}/staff/applications/{application.pk}/")
    page.locator("a[data-action=assign]").click()
    for member in members:
        page.check(f"#m-{member.pk}")
    page.get_by_role("button", name="Assign this panel").click()
    expect(page.get_by_text("The panel is saved.")).to_be_visible()
    application.refresh_from_db()
    assert application.status == Status.PANEL_ASSIGNED

    page.locator("a[data-action=schedule]").click()
    page.fill("#id_date", _interview_day().isoformat())
    page.fill("#id_time", "10:30")
    page.fill("#id_duration_minutes", "60")
    page.fill("#id_venue", "Town Hall, Room 2")
    page.get_by_role("button", name="Book and send invitations").click()
    expect(page.get_by_text("Interview booked.")).to_be_visible()
    application.refresh_from_db()
    assert application.status == Status.INTERVIEW_SCHEDULED


def _saved(member, application):
    return dict(
        Score.objects.filter(
            member=member, application=application, round=application.round
        ).values_list("indicator_id", "value")
    )


def member_scores(page, base, member, application, values, offline_after=None):
    """A panel member on a tablet: dashboard -> Score -> tap each score -> send them.

    `values` maps indicator pk -> score. With offline_after=n the tablet loses the
    network after n taps and gets it back after the rest."""
    page.goto(f"{base}/panel/")
    card = page.locator(".panel-card", has_text=application.organisation.name)
    card.get_by_role("link", name="Score").click()
    expect(page.locator("h1")).to_contain_text(f"Score {application.organisation.name}")
    page.wait_for_load_state("load")  # scoring.js is listening before the first tap
    answers = []  # what the server said to each save, to explain a failed wait below
    page.on(
        "response",
        lambda response: (
            answers.append(f"{response.status} {response.request.post_data}")
            if "/score/save/" in response.url
            else None
        ),
    )
    page.on(
        "requestfailed",
        lambda request: (
            answers.append(f"failed {request.failure} {request.post_data}")
            if "/score/save/" in request.url
            else None
        ),
    )
    items = list(values.items())
    for position, (indicator_pk, value) in enumerate(items):
        if offline_after is not None and position == offline_after:
            expect(page.locator("#sync-status")).to_have_text(SYNCED, timeout=20_000)
            page.context.set_offline(True)
        page.click(f'label[for="s-{indicator_pk}-{value}"]')
        expect(page.locator(f"#s-{indicator_pk}-{value}")).to_be_checked()
    if offline_after is not None:
        expect(page.locator("#sync-status")).to_contain_text("not saved yet", timeout=20_000)
        unsaved = page.locator(".score-unsaved:visible")
        expect(unsaved).to_have_count(len(items) - offline_after)
        page.context.set_offline(False)
    expect(page.locator("#sync-status")).to_have_text(SYNCED, timeout=20_000)
    expect(page.locator(".score-unsaved:visible")).to_have_count(0)
    # "All scores saved" is also the text before the first tap: wait for the server too.
    try:
        wait_for(lambda: _saved(member, application) == values, timeout=60)
    except AssertionError:
        errors = page.locator(".score-error:visible").all_inner_texts()
        raise AssertionError(
            f"saved {_saved(member, application)} != tapped {values}; "
            f"errors on the page {errors}; the server's answers {answers}"
        ) from None

    page.get_by_role("link", name="I have finished scoring").click()
    expect(page.get_by_text("After you send your scores you cannot change them")).to_be_visible()
    page.get_by_role("button", name="Yes, send my scores").click()
    expect(page.get_by_text("Thank you. Your scores are sent.")).to_be_visible()


def facilitator_starts(page, base, application, members):
    """The staff facilitator starts the session before its booked time, everyone being in
    the room, and records each young person as here: scoring opens."""
    page.goto(f"{base}/panel/applications/{application.pk}/here/")
    page.get_by_role("button", name="Start now").click()
    expect(page.get_by_text("Started. Now record who is here.")).to_be_visible()
    for member in members:
        section = page.locator("section.presence-item", has=page.locator(f"#m-{member.pk}"))
        section.locator(f'label[for="here-{member.pk}"]').click()
        section.get_by_role("button", name=f"Save for {member.display_name}").click()
        expect(page.get_by_text(f"Saved for {member.display_name}.")).to_be_visible()
    expect(page.locator("main")).to_contain_text(f"{len(members)} here.")


def facilitator_agrees(page, base, application, agreed, flagged=(), reasons=None):
    """The facilitator: application page -> consensus -> agree each score, with the
    panel's reason where it is outside the young people's own scores."""
    reasons = reasons or {}
    page.goto(f"{base}/staff/applications/{application.pk}/")
    page.locator("a[data-action=finalise]").click()
    for indicator_pk, value in agreed.items():
        section = page.locator(f"#ind-{indicator_pk}")
        section.locator(f'label[for="a-{indicator_pk}-{value}"]').click()
        section.locator("textarea[name$=-feedback]").fill(
            f"Panel feedback {indicator_pk}: keep going."
        )
        if indicator_pk in reasons:
            section.locator("textarea[name$=-reason]").fill(reasons[indicator_pk])
        if indicator_pk in flagged:
            section.get_by_label("Needs more evidence").check()
        section.get_by_role("button", name="Save agreed score").click()
        expect(page.get_by_text("Agreed score saved.")).to_be_visible()


def members_confirm(member_pages, base, application):
    """Each young person confirms the agreed sheet on their own device."""
    for page in member_pages:
        page.goto(f"{base}/panel/applications/{application.pk}/agree/confirm/")
        page.get_by_role("button", name="These are our scores").click()
        expect(page.get_by_text("You confirmed these are our scores.", exact=True)).to_be_visible()


def facilitator_records_spoken_confirmations(page, base, application, members):
    """Young people without a device say yes out loud; the facilitator records it."""
    page.goto(f"{base}/panel/applications/{application.pk}/agree/confirm/")
    for member in members:
        page.get_by_role("button", name=f"{member.display_name} said yes out loud").click()
        expect(
            page.get_by_text(f"Recorded: {member.display_name} said these are our scores.")
        ).to_be_visible()


def facilitator_finalises(page, base, application, agreed):
    page.goto(f"{base}/panel/applications/{application.pk}/agree/finalise/")
    total = _expected_total(application, agreed)
    expect(page.locator("main")).to_contain_text(f"Total: {total} out of 64")
    page.get_by_role("button", name="Yes, finalise the scores").click()
    expect(page.get_by_text("Scores finalised.")).to_be_visible()
    application.refresh_from_db()
    assert application.status == Status.SCORED
    assert application.total == total
    return total


def facilitator_agrees_and_finalises(page, base, application, members, agreed, flagged=()):
    """Agree, the young people say yes out loud, finalise (journeys B and C)."""
    facilitator_agrees(page, base, application, agreed, flagged)
    facilitator_records_spoken_confirmations(page, base, application, members)
    return facilitator_finalises(page, base, application, agreed)


def _expected_total(application, agreed):
    if application.round == 1:
        return sum(agreed.values())
    first = dict(
        AgreedScore.objects.filter(application=application, round=1).values_list(
            "indicator_id", "value"
        )
    )
    return sum({**first, **agreed}.values())


def staff_confirms(page, base, application, label):
    page.goto(f"{base}/staff/applications/{application.pk}/")
    page.locator("a[data-action=confirm]").click()
    page.get_by_role("button", name=f"Confirm: {label}").click()
    expect(page.get_by_text("Outcome confirmed.")).to_be_visible()


def org_sees_result(page, base, application, total, outcome):
    page.goto(f"{base}/applications/{application.pk}/")
    page.get_by_role("link", name="See your result and the panel's feedback").click()
    main = page.locator("main")
    expect(main).to_contain_text(f"{total} out of 64")
    expect(main).to_contain_text(f"Outcome: {outcome}")
    # The subtotal for each Lundy element, and the panel's feedback for each indicator.
    table = page.locator("table.lundy-chart").last
    for element in ("Space", "Voice", "Audience", "Influence"):
        expect(table).to_contain_text(element)
    expect(main).to_contain_text("Panel feedback")
    # Organisations never see the panel members' individual scores.
    assert page.locator("table.consensus-table").count() == 0


def _submitted_by_factory(cast, name):
    organisation = OrganisationFactory(name=name)
    user = member_of(organisation)
    application = ApplicationFactory(
        organisation=organisation, cycle=cast["cycle"], status=Status.SUBMITTED
    )
    answer_all(application)
    return organisation, user, application


# --------------------------------------------------------------------------- A


def test_journey_a_awarded_entirely_through_the_ui(browser, live_server, cast):
    base = live_server.url
    staff, (aisha, ben) = cast["staff"], cast["members"]

    # 1. An organisation user signs up and confirms their email address.
    org_context = browser.new_context(viewport=DESKTOP, accept_downloads=True)
    org_context.set_default_timeout(10_000)
    org = org_context.new_page()
    org.goto(f"{base}/accounts/signup/")
    org.fill("#id_full_name", "Priya Shah")
    org.fill("#id_email", "priya@riverside.example.org")
    org.fill("#id_password1", PASSWORD)
    org.fill("#id_password2", PASSWORD)
    org.locator("main button[type=submit]").click()
    expect(org.locator("main")).to_contain_text("priya@riverside.example.org")
    message = next(m for m in mail.outbox if "priya@riverside.example.org" in m.to)
    link = re.search(r"/accounts/verify/\S+", message.body).group(0)
    org.goto(base + link)
    expect(org.get_by_text("Your email address is confirmed")).to_be_visible()

    # ... registers the organisation ...
    org.get_by_role("link", name="Register your organisation").click()
    org.fill("#id_name", "Riverside Youth Club")
    org.select_option("#id_type", index=1)
    org.fill("#id_address", "1 High Street\nRiverside")
    org.fill("#id_postcode", "TN1 1AA")
    org.fill("#id_contact_name", "Priya Shah")
    org.fill("#id_contact_email", "priya@riverside.example.org")
    org.fill("#id_contact_phone", "01632 960001")
    org.fill("#id_age_from", "11")
    org.fill("#id_age_to", "18")
    org.fill("#id_young_people_per_year", "200")
    org.get_by_role("button", name="Register organisation").click()
    expect(org.locator("h1")).to_have_text("Riverside Youth Club")

    # ... starts a Silver application ...
    org.get_by_role("link", name="Start an application").click()
    org.locator("label", has_text="Silver").click()
    org.get_by_role("button", name="Start application").click()
    expect(org.get_by_text("Your application has started")).to_be_visible()
    application = Application.objects.get(organisation__name="Riverside Youth Club")
    assert application.level.code == "silver"
    indicators = _indicators(application)
    assert len(indicators) == 16

    # ... uploads evidence on the first indicator (a real PDF) ...
    org.get_by_role("link", name=re.compile(rf"^{re.escape(indicators[0].code)} ")).click()
    org.set_input_files(
        "#answer-files",
        files=[
            {"name": "forum-minutes.pdf", "mimeType": "application/pdf", "buffer": _pdf_bytes()}
        ],
    )
    org.get_by_role("button", name="Upload and attach").click()
    expect(org.get_by_text("They are attached to this answer")).to_be_visible()
    expect(org.get_by_label("forum-minutes.pdf")).to_be_checked()

    # ... answers all 16 indicators: the first by autosave, the rest with the Save buttons.
    org.fill("#id_text", f"Young people chair our forum. ({indicators[0].code})")
    org.check('input[name="self_rating"][value="3"]')
    expect(org.locator("#save-status")).to_contain_text("Saved at", timeout=15_000)
    for position, indicator in enumerate(indicators):
        if position == 0:
            org.get_by_role("button", name="Save and go to next").click()
            continue
        expect(org.locator("h1")).to_contain_text(indicator.code)
        org.fill("#id_text", f"How we meet {indicator.code}: young people lead it.")
        org.check('input[name="self_rating"][value="3"]')
        if position < len(indicators) - 1:
            org.get_by_role("button", name="Save and go to next").click()
        else:
            org.get_by_role("button", name="Save", exact=True).click()
            expect(org.get_by_text("Saved at")).to_be_visible()
    answers = application.answers.select_related("indicator").prefetch_related("evidence")
    assert all(a.text and a.self_rating == 3 for a in answers)
    first = answers.get(indicator=indicators[0])
    assert [e.original_name for e in first.evidence.all()] == ["forum-minutes.pdf"]

    # ... and submits with the declaration.
    org.get_by_role("link", name="All indicators").click()
    expect(org.locator("main")).to_contain_text("16 of 16 indicators answered")
    org.get_by_role("link", name="Check and submit").click()
    org.locator("#id_declaration").check()
    org.get_by_role("button", name="Submit application").click()
    expect(org.get_by_text("Your application has been sent")).to_be_visible()
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED

    # 2. Staff assign a panel of two and book the interview.
    staff_page = _signed_in(browser, live_server, staff, DESKTOP)
    staff_assign_and_schedule(staff_page, base, application, [aisha, ben])
    invitation = [m for m in mail.outbox if "priya@riverside.example.org" in m.to][-1]
    assert any(name.endswith(".ics") for name, *_ in invitation.attachments)

    # 3. On the day, the facilitator starts and records both young people as here; both
    # score on a tablet, and Ben loses the network half-way.
    facilitator_starts(staff_page, base, application, [aisha, ben])
    scores_a = {i.pk: 3 for i in indicators}
    scores_b = {i.pk: (4 if n % 2 else 3) for n, i in enumerate(indicators)}
    aisha_page = _signed_in(browser, live_server, aisha.user, TABLET)
    ben_page = _signed_in(browser, live_server, ben.user, TABLET)
    member_scores(aisha_page, base, aisha, application, scores_a)
    member_scores(ben_page, base, ben, application, scores_b, offline_after=8)
    saved = dict(
        Score.objects.filter(application=application, member=ben).values_list(
            "indicator_id", "value"
        )
    )
    assert saved == scores_b

    # 4. The facilitator agrees the scores within the young people's own (3 or 4):
    # 14 x 3 + 2 x 4 = 50; both confirm on their tablets; the facilitator finalises.
    agreed = {i.pk: (4 if n in (1, 3) else 3) for n, i in enumerate(indicators)}
    facilitator_agrees(staff_page, base, application, agreed)
    members_confirm([aisha_page, ben_page], base, application)
    assert facilitator_finalises(staff_page, base, application, agreed) == 50

    # 5. Staff confirm the outcome.
    staff_confirms(staff_page, base, application, "Awarded")
    application.refresh_from_db()
    assert application.status == Status.AWARDED

    # 6. The organisation sees its result and downloads its plaque.
    org_sees_result(org, base, application, 50, "Awarded")
    org.goto(f"{base}/organisations/")
    with org.expect_download() as download_info:
        org.get_by_role("link", name=re.compile("Download your plaque")).click()
    download = download_info.value
    with open(download.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    award = Award.objects.get(application=application)

    # 7. The public verification page says the award is current.
    org.get_by_role("link", name=award.verification_url).click()
    public = browser.new_context(viewport=DESKTOP).new_page()
    public.goto(f"{base}/verify/{award.verification_code}/")
    expect(public.locator("main")).to_contain_text("This award is current.")
    expect(public.locator("main")).to_contain_text("Current")
    expect(public.locator("main")).to_contain_text("Riverside Youth Club")
    public.context.close()
    org_context.close()


def _signed_in(browser, live_server, user, viewport):
    from django.test import Client

    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport=viewport, accept_downloads=True)
    context.set_default_timeout(10_000)
    context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "url": live_server.url,
            }
        ]
    )
    return context.new_page()


# --------------------------------------------------------------------------- B


def test_journey_b_resubmission_then_awarded(browser, live_server, cast):
    base = live_server.url
    staff, (aisha, ben) = cast["staff"], cast["members"]
    _organisation, org_user, application = _submitted_by_factory(cast, "Hilltop Sports Club")
    indicators = _indicators(application)

    staff_page = _signed_in(browser, live_server, staff, DESKTOP)
    staff_assign_and_schedule(staff_page, base, application, [aisha, ben])
    facilitator_starts(staff_page, base, application, [aisha, ben])
    flagged = {indicators[4].pk, indicators[9].pk}
    scores = {i.pk: (1 if i.pk in flagged else 3) for i in indicators}
    for member, offline in ((aisha, None), (ben, 5)):
        page = _signed_in(browser, live_server, member.user, TABLET)
        member_scores(page, base, member, application, scores, offline)

    # 14 x 3 + 2 x 1 = 44: resubmission invited; the two 1s need more evidence, and
    # could add 6, more than the 4 that 48 needs.
    agreed = dict(scores)
    assert (
        facilitator_agrees_and_finalises(
            staff_page, base, application, [aisha, ben], agreed, flagged
        )
        == 44
    )
    staff_confirms(staff_page, base, application, "Resubmission invited")
    application.refresh_from_db()
    assert application.status == Status.RESUBMISSION_INVITED
    assert application.resubmission_deadline is not None

    # The organisation sees the result, improves a flagged indicator and resubmits.
    org = _signed_in(browser, live_server, org_user, DESKTOP)
    org_sees_result(org, base, application, 44, "Resubmission invited")
    org.goto(f"{base}/applications/{application.pk}/")
    flagged_row = org.locator("li.list-group-item", has_text="Panel asked for changes").first
    flagged_row.get_by_role("link").click()
    org.fill("#id_text", "We now pay young people for their time and they sit on our board.")
    org.check('input[name="self_rating"][value="4"]')
    org.get_by_role("button", name="Save", exact=True).click()
    expect(org.get_by_text("Saved at")).to_be_visible()
    org.get_by_role("link", name="All indicators").click()
    org.get_by_role("link", name="Resubmit").click()
    org.locator("#id_declaration").check()
    org.get_by_role("button", name="Resubmit application").click()
    expect(org.get_by_text("Your application has been sent")).to_be_visible()
    application.refresh_from_db()
    assert application.status == Status.RESUBMITTED
    assert application.round == 2

    # The panel re-scores only the flagged indicators, once the facilitator starts the
    # session: 44 - 2 + 8 = 50, awarded.
    facilitator_starts(staff_page, base, application, [aisha, ben])
    for member in (aisha, ben):
        page = _signed_in(browser, live_server, member.user, TABLET)
        page.goto(f"{base}/panel/applications/{application.pk}/score/")
        assert page.locator("fieldset.score-item").count() == len(flagged)
        member_scores(page, base, member, application, {pk: 4 for pk in flagged})
    total = facilitator_agrees_and_finalises(
        staff_page, base, application, [aisha, ben], {pk: 4 for pk in flagged}
    )
    assert total == 50
    staff_confirms(staff_page, base, application, "Awarded")
    application.refresh_from_db()
    assert application.status == Status.AWARDED
    assert Award.objects.filter(application=application).exists()
    org_sees_result(org, base, application, 50, "Awarded")
    expect(org.locator("main")).to_contain_text("After resubmission: 50 out of 64")


# --------------------------------------------------------------------------- C


def test_journey_c_not_awarded(browser, live_server, cast):
    base = live_server.url
    staff, (aisha, ben) = cast["staff"], cast["members"]
    _organisation, org_user, application = _submitted_by_factory(cast, "Lowfield Library")
    indicators = _indicators(application)

    staff_page = _signed_in(browser, live_server, staff, DESKTOP)
    staff_assign_and_schedule(staff_page, base, application, [aisha, ben])
    facilitator_starts(staff_page, base, application, [aisha, ben])
    # Aisha gives 3 to the first seven, Ben 2 to everything.
    own = {aisha: {i.pk: (3 if n < 7 else 2) for n, i in enumerate(indicators)}}
    own[ben] = {i.pk: 2 for i in indicators}
    for member in (aisha, ben):
        page = _signed_in(browser, live_server, member.user, TABLET)
        member_scores(page, base, member, application, own[member])

    # 7 x 3 + 9 x 2 = 39, within the young people's own scores.
    agreed = own[aisha]
    assert (
        facilitator_agrees_and_finalises(staff_page, base, application, [aisha, ben], agreed) == 39
    )
    staff_confirms(staff_page, base, application, "Not awarded")
    application.refresh_from_db()
    assert application.status == Status.NOT_AWARDED
    assert not Award.objects.filter(application=application).exists()

    org = _signed_in(browser, live_server, org_user, DESKTOP)
    org_sees_result(org, base, application, 39, "Not awarded")


# --------------------------------------------------------------------------- D


def test_journey_d_two_young_people_agree_confirm_and_are_counted(browser, live_server):
    """Two young people on two tablets (separate browser contexts): both score; they see
    the middle scores; the facilitator agrees one value outside their range, which needs a
    reason; both confirm; the facilitator finalises; staff see the divergence and confirm;
    the verification page says 2 young people."""
    base = live_server.url
    application, panel, (aisha, ben) = ready_to_score()
    indicators = _indicators(application)
    first = indicators[0]
    tablets = {
        member: _signed_in(browser, live_server, member.user, TABLET) for member in (aisha, ben)
    }
    assert tablets[aisha].context is not tablets[ben].context
    for page in tablets.values():
        page.set_default_timeout(30_000)  # two tablets, a facilitator and staff at once

    # 1. Both score: Aisha 3 everywhere, Ben 4 everywhere.
    for member, value in ((aisha, 3), (ben, 4)):
        member_scores(tablets[member], base, member, application, {i.pk: value for i in indicators})

    # 2. They see the proposals: the middle of 3 and 4 is "3 or 4".
    for page in tablets.values():
        page.goto(f"{base}/panel/applications/{application.pk}/agree/")
        expect(page.locator("p.proposal")).to_have_count(len(indicators))
        expect(page.locator(f"#ind-{first.pk} p.proposal")).to_contain_text("Middle score: 3 or 4")

    # 3. The facilitator agrees 2 for the first part (outside 3 to 4: refused without a
    # reason, saved with one) and 4 for the rest: 2 + 15 x 4 = 62.
    facilitator = _signed_in(browser, live_server, panel.facilitator, DESKTOP)
    facilitator.set_default_timeout(30_000)
    facilitator.goto(f"{base}/panel/applications/{application.pk}/agree/")
    section = facilitator.locator(f"#ind-{first.pk}")
    section.locator(f'label[for="a-{first.pk}-2"]').click()
    section.get_by_role("button", name="Save agreed score").click()
    expect(facilitator.locator("main")).to_contain_text(
        "2 is outside the young people's own scores (from 3 to 4). Write the panel's reason"
    )
    assert not AgreedScore.objects.filter(application=application).exists()
    section = facilitator.locator(f"#ind-{first.pk}")
    section.locator(f'label[for="a-{first.pk}-2"]').click()
    section.locator("textarea[name$='-reason']").fill("Their forum met only once this year")
    section.get_by_role("button", name="Save agreed score").click()
    expect(facilitator.get_by_text("Agreed score saved.")).to_be_visible()
    for indicator in indicators[1:]:
        section = facilitator.locator(f"#ind-{indicator.pk}")
        section.locator(f'label[for="a-{indicator.pk}-4"]').click()
        section.get_by_role("button", name="Save agreed score").click()
        expect(facilitator.get_by_text("Agreed score saved.")).to_be_visible()
    assert AgreedScore.objects.filter(application=application).count() == len(indicators)

    # 4. Both young people confirm on their own tablet.
    for page in tablets.values():
        page.goto(f"{base}/panel/applications/{application.pk}/agree/")
        page.get_by_role("link", name="Check and confirm our scores").click()
        expect(page.locator("main")).to_contain_text("Why this score: Their forum met only once")
        page.get_by_role("button", name="These are our scores").click()
        expect(page.get_by_text("Thank you. You confirmed these are our scores.")).to_be_visible()

    # 5. The facilitator finalises.
    facilitator.goto(f"{base}/panel/applications/{application.pk}/agree/")
    facilitator.get_by_role("link", name="Finalise the scores").click()
    expect(facilitator.locator("main")).to_contain_text("Total: 62 out of 64")
    facilitator.get_by_role("button", name="Yes, finalise the scores").click()
    expect(facilitator.get_by_text("Scores finalised.")).to_be_visible()
    application.refresh_from_db()
    assert application.status == Status.SCORED and application.total == 62

    # 6. Staff see the divergence and confirm.
    staff = _signed_in(browser, live_server, StaffFactory(), DESKTOP)
    staff.goto(f"{base}/staff/applications/{application.pk}/")
    staff.locator("a[data-action=confirm]").click()
    main = staff.locator("main")
    expect(main).to_contain_text("1 agreed score differs from the young people's scores")
    expect(main).to_contain_text("Reason: Their forum met only once this year")
    staff.get_by_role("button", name="Confirm: Awarded").click()
    expect(staff.get_by_text("Outcome confirmed.")).to_be_visible()
    application.refresh_from_db()
    assert application.status == Status.AWARDED

    # 7. The public verification page says 2 young people (never who).
    award = Award.objects.get(application=application)
    public = browser.new_context(viewport=DESKTOP).new_page()
    public.goto(f"{base}/verify/{award.verification_code}/")
    main = public.locator("main")
    expect(main).to_contain_text("Scored by a panel of 2 young people")
    for name in (aisha.display_name, ben.display_name):
        expect(main).not_to_contain_text(name)
    for page in (*tablets.values(), facilitator, staff, public):
        page.context.close()
