"""The audit log in a real browser: axe (WCAG 2.2 AA) and a 320 px wide screen."""

import datetime

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from tests.accounts.factories import StaffFactory
from tests.audit.factories import AuditEventFactory
from tests.browser.conftest import assert_accessible, assert_no_horizontal_scroll

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_audit_pages_are_accessible_at_320px_and_desktop(new_page, live_server):
    base = datetime.datetime(2026, 5, 1, 9, 0, tzinfo=datetime.UTC)
    events = [
        AuditEventFactory(
            occurred_at=base + datetime.timedelta(hours=i),
            summary="Refused GET /staff/a-very-long-address/that/should/wrap/nicely/on/phones/",
            user_agent="Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)",
            extra={"path": "/staff/a-very-long-address/", "method": "GET"},
        )
        for i in range(60)
    ]
    staff = StaffFactory(full_name="Sam Staff")
    for width, height in [(320, 640), (1280, 900)]:
        page = new_page(user=staff, width=width, height=height)
        for url in [
            reverse("audit:log"),
            reverse("audit:log") + "?date_from=2026-07-10&date_to=2026-07-01",
            reverse("audit:detail", args=[events[0].pk]),
        ]:
            page.goto(live_server.url + url)
            assert page.locator("h1").count() == 1, url
            assert_accessible(page)
            assert_no_horizontal_scroll(page)


def test_staff_filter_by_event_in_the_browser(new_page, live_server):
    AuditEventFactory(event=AuditEvent.Event.LOGIN_FAILURE, summary="Failed sign-in for “kim”")
    AuditEventFactory(summary="Refused GET /x/")
    page = new_page(user=StaffFactory())
    page.goto(live_server.url + reverse("audit:log"))
    page.get_by_label("Event").select_option(AuditEvent.Event.LOGIN_FAILURE)
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**event=login_failure**")
    table = page.locator("table")
    assert "Failed sign-in for “kim”" in table.inner_text()
    assert "Refused GET /x/" not in table.inner_text()
