import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, assert_no_horizontal_scroll

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PUBLIC_PAGES = [
    "/",
    "/accessibility/",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_page_has_no_axe_violations_and_fits_320px(new_page, live_server, path):
    page = new_page(width=320, height=640)
    page.goto(live_server.url + path)
    assert page.title().endswith("Kitemark")
    assert_accessible(page)
    assert_no_horizontal_scroll(page)


def test_login_form_errors_are_accessible(new_page, live_server):
    page = new_page()
    page.goto(live_server.url + "/accounts/login/")
    page.fill("#id_username", "nobody@example.org")
    page.fill("#id_password", "wrong")
    page.click("button[type=submit]")
    # expect() waits for the server's answer; is_visible() would look at the old page.
    expect(page.get_by_text("The email address, username or password is not right")).to_be_visible()
    assert_accessible(page)


def test_signup_form_errors_are_accessible(new_page, live_server):
    page = new_page()
    page.goto(live_server.url + "/accounts/signup/")
    page.click("button[type=submit]")
    expect(page.locator(".invalid-feedback").first).to_be_visible()
    assert_accessible(page)


def test_skip_link_moves_focus_to_main_content(new_page, live_server):
    page = new_page()
    page.goto(live_server.url + "/accessibility/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"
