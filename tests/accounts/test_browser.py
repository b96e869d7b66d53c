"""Two-factor sign-in in a real browser, on a 320 px wide screen: a member of staff signs
in with a password, sets up an authenticator app from the QR code page, keeps the backup
codes, and signs in again with a backup code. axe (WCAG 2.2 AA) checks each page, with
its error message too."""

import re

import pytest
from playwright.sync_api import expect

from tests.accounts.factories import StaffFactory
from tests.accounts.test_two_factor import PASSWORD, app_from_typed_key, current_code
from tests.browser.conftest import assert_accessible, assert_no_horizontal_scroll

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def check(page):
    assert page.locator("h1").count() == 1, page.url
    assert_accessible(page)
    assert_no_horizontal_scroll(page)


def sign_in(page, live_server, staff):
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email address or username").fill(staff.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_staff_set_up_two_factor_and_sign_in_with_a_backup_code(new_page, live_server, settings):
    settings.STAFF_REQUIRE_2FA = True
    # django-otp's wait after a wrong code is tested in test_two_factor.py.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0
    staff = StaffFactory(full_name="Sam Staff", email="sam.staff@council.example")
    page = new_page(width=320, height=640)

    sign_in(page, live_server, staff)
    expect(page.get_by_role("heading", name="Set up two-factor sign-in")).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("QR code"))).to_be_visible()
    check(page)

    page.get_by_label("Code from the app").fill("12")
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page.get_by_text("That code is not right")).to_be_visible()
    check(page)

    device = app_from_typed_key(page.locator("#two-factor-key").inner_text())
    page.get_by_label("Code from the app").fill(current_code(device))
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page.get_by_role("heading", name="Backup codes")).to_be_visible()
    codes = page.locator("#backup-codes li").all_inner_texts()
    assert len(codes) == 10
    check(page)

    page.get_by_role("link", name="Continue").click()
    expect(page).to_have_url(re.compile(r"/staff/$"))
    page.goto(live_server.url + "/accounts/two-factor/backup-codes/")
    expect(page.get_by_text("You have 10 unused backup codes")).to_be_visible()
    check(page)

    page.context.clear_cookies()
    sign_in(page, live_server, staff)
    expect(page.get_by_role("heading", name="Enter your two-factor code")).to_be_visible()
    check(page)
    page.get_by_label("Code").fill("wrong-code")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("That code is not right")).to_be_visible()
    check(page)
    page.get_by_label("Code").fill(codes[0])
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(re.compile(r"/staff/$"))
