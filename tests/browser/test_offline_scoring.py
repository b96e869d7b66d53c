"""A dropped connection loses no score, comment or confirmation: proved in Chromium by
cutting the network."""

import pytest
from playwright.sync_api import expect

from panels.models import Confirmation, Score
from tests.browser.conftest import assert_accessible, assert_no_horizontal_scroll
from tests.conftest import wait_for
from tests.panels.factories import agree_all, ready_to_score

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _choose(page, indicator_id, value):
    page.click(f'label[for="s-{indicator_id}-{value}"]')


def _saved_scores(member, application):
    return dict(
        Score.objects.filter(member=member, application=application).values_list(
            "indicator_id", "value"
        )
    )


def _wait_until_saved(member, application, expected):
    """ "All scores saved" is also the status before the first tap, so wait for the
    server to hold the scores too."""
    wait_for(lambda: _saved_scores(member, application) == expected, timeout=20)


def test_scores_made_offline_are_kept_shown_as_unsaved_and_sent_when_back_online(
    new_page, live_server
):
    application, panel, (member, _other) = ready_to_score()
    indicators = list(application.level.indicators.order_by("order"))
    page = new_page(user=member.user, width=768, height=1024)
    page.goto(f"{live_server.url}/panel/applications/{application.pk}/score/")
    assert_no_horizontal_scroll(page)

    online, offline = indicators[:8], indicators[8:]
    for indicator in online:
        _choose(page, indicator.pk, 3)
    expect(page.locator("#sync-status")).to_have_text("All scores saved", timeout=20_000)
    _wait_until_saved(member, application, {i.pk: 3 for i in online})

    page.context.set_offline(True)
    # A comment typed offline travels with its score.
    page.fill(f"#c-{offline[0].pk}", "They asked us twice")
    for indicator in offline:
        _choose(page, indicator.pk, 2)
    expect(page.locator("#sync-status")).to_contain_text("not saved yet", timeout=20_000)
    for indicator in offline:
        note = page.locator(f'fieldset[data-indicator="{indicator.pk}"] .score-unsaved')
        expect(note).to_be_visible()
    assert set(_saved_scores(member, application)) == {i.pk for i in online}
    stored = page.evaluate(
        "() => { const key = document.getElementById('score-form').dataset.storageKey;"
        " return Object.keys(JSON.parse(localStorage.getItem(key) || '{}')).length; }"
    )
    assert stored == len(offline)

    page.context.set_offline(False)
    expect(page.locator("#sync-status")).to_have_text("All scores saved", timeout=20_000)
    _wait_until_saved(
        member, application, {**{i.pk: 3 for i in online}, **{i.pk: 2 for i in offline}}
    )
    expect(page.locator(".score-unsaved:visible")).to_have_count(0)
    assert Score.objects.get(member=member, indicator=offline[0]).comment == "They asked us twice"
    assert_accessible(page)


def test_scores_left_unsent_when_the_tablet_closes_are_sent_when_the_page_opens_again(
    new_page, live_server
):
    application, panel, (member, _other) = ready_to_score()
    indicator = application.level.indicators.order_by("order").first()
    url = f"{live_server.url}/panel/applications/{application.pk}/score/"
    page = new_page(user=member.user, width=768, height=1024)
    page.goto(url)
    page.context.set_offline(True)
    _choose(page, indicator.pk, 4)
    expect(page.locator("#sync-status")).to_contain_text("not saved yet", timeout=20_000)
    page.context.set_offline(False)
    page.close()  # before the retry timer fires
    reopened = page.context.new_page()
    reopened.goto(url)
    expect(reopened.locator("#sync-status")).to_have_text("All scores saved", timeout=20_000)
    _wait_until_saved(member, application, {indicator.pk: 4})


def test_scoring_can_be_completed_by_keyboard_alone(new_page, live_server):
    application, panel, (member, _other) = ready_to_score()
    indicators = list(application.level.indicators.order_by("order"))
    page = new_page(user=member.user, width=768, height=1024)
    page.goto(f"{live_server.url}/panel/applications/{application.pk}/score/")
    page.focus(f"#s-{indicators[0].pk}-0")
    for position in range(len(indicators)):
        # Arrow keys move within a question's five options; Tab goes to its comment box,
        # and Tab again to the next question.
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowRight")
        if position < len(indicators) - 1:
            page.keyboard.press("Tab")
            expect(page.locator(f"#c-{indicators[position].pk}")).to_be_focused()
            page.keyboard.press("Tab")
    expect(page.locator("#sync-status")).to_have_text("All scores saved", timeout=20_000)
    _wait_until_saved(member, application, {i.pk: 2 for i in indicators})


def test_score_page_fits_a_320px_phone(new_page, live_server):
    application, panel, (member, _other) = ready_to_score()
    page = new_page(user=member.user, width=320, height=640)
    page.goto(f"{live_server.url}/panel/applications/{application.pk}/score/")
    assert_no_horizontal_scroll(page)
    box = page.locator(".score-option").first.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44
    assert_accessible(page)


def test_a_confirmation_made_offline_is_kept_told_and_sent_when_back_online(new_page, live_server):
    """The connection drops as a young person taps "These are our scores": the page says
    their yes is not sent yet, keeps it, and sends it once the tablet is back online."""
    application, panel, (member, _other) = ready_to_score()
    agree_all(application, [3] * 16, actor=panel.facilitator, confirmed=False)
    page = new_page(user=member.user, width=768, height=1024)
    page.goto(f"{live_server.url}/panel/applications/{application.pk}/agree/confirm/")

    page.context.set_offline(True)
    page.click("#confirm-sheet")
    status = page.locator("#confirm-status")
    expect(status).to_contain_text("No internet. Your yes is not sent yet", timeout=20_000)
    expect(status).to_have_attribute("role", "alert")  # read out at once
    expect(page.locator("#confirm-sheet")).to_be_enabled()  # they can try again themselves
    assert not Confirmation.objects.filter(member=member).exists()

    page.context.set_offline(False)
    expect(page.get_by_text("You confirmed these are our scores.", exact=True)).to_be_visible(
        timeout=20_000
    )
    wait_for(lambda: Confirmation.objects.filter(member=member).exists(), timeout=20)
    confirmation = Confirmation.objects.get(member=member)
    assert not confirmation.spoken and confirmation.recorded_by == member.user
    assert_accessible(page)


def test_a_score_on_its_way_does_not_move_the_page_under_the_next_tap(new_page, live_server):
    """A slow answer must not shift the next question while a young person taps it: a
    score merely on its way says "Saving…" and shows no "Not saved yet" note (a note
    appearing or going away moved every question below it, and a tap landed on nothing)."""
    application, _panel, (member, _other) = ready_to_score()
    first, second = list(application.level.indicators.order_by("order"))[:2]
    page = new_page(user=member.user, width=768, height=1024)
    page.goto(f"{live_server.url}/panel/applications/{application.pk}/score/")
    page.wait_for_load_state("load")
    held = []
    page.route("**/score/save/", lambda route: held.append(route))

    # The tap itself marks its choice (bold, with a tick), which may move what is below
    # at once, before the next tap; the answer must move nothing later.
    _choose(page, first.pk, 3)
    wait_for(lambda: held, timeout=10)
    expect(page.locator("#sync-status")).to_have_text("Saving…")
    expect(page.locator(".score-unsaved:visible")).to_have_count(0)
    before = page.locator(f"#ind-{second.pk}").bounding_box()

    held[0].continue_()
    expect(page.locator("#sync-status")).to_have_text("All scores saved")
    assert page.locator(f"#ind-{second.pk}").bounding_box() == before
    _wait_until_saved(member, application, {first.pk: 3})
