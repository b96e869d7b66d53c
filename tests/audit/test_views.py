"""The staff audit log page: who may read it, search, filters, dates and query counts."""

import datetime
import re

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from tests.accounts.factories import PanelUserFactory, StaffFactory, UserFactory
from tests.audit.factories import AuditEventFactory
from tests.organisations.factories import member_of

Event = AuditEvent.Event
URL = "/staff/audit/"


def _rows(response):
    return list(response.context["table"].page.object_list)


def _ids(response):
    return {row.record.pk for row in _rows(response)}


@pytest.fixture
def staff(client):
    client.force_login(StaffFactory(full_name="Sam Staff"))
    return client


@pytest.mark.django_db
class TestAccess:
    def test_url_name(self):
        assert reverse("audit:log") == URL

    def test_staff_can_read_the_log(self, staff):
        AuditEventFactory(summary="Refused GET /secret/")
        response = staff.get(URL)
        assert response.status_code == 200
        assert "Refused GET /secret/" in response.content.decode()

    @pytest.mark.parametrize(
        "make_user",
        [lambda: member_of(), lambda: PanelUserFactory()],
        ids=["organisation", "panel"],
    )
    def test_others_get_403(self, client, make_user):
        event = AuditEventFactory()
        client.force_login(make_user())
        assert client.get(URL).status_code == 403
        assert client.get(reverse("audit:detail", args=[event.pk])).status_code == 403

    def test_inactive_staff_may_not_read_the_log(self, client):
        staff = StaffFactory(is_active=False)
        assert not staff.has_perm("audit.read_log")
        client.force_login(staff)
        # The session of an inactive account is not accepted: sent to sign in, never shown.
        response = client.get(URL)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")

    def test_anonymous_is_sent_to_sign_in(self, client):
        response = client.get(URL)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")

    def test_the_log_cannot_be_changed_through_the_page(self, staff):
        event = AuditEventFactory(summary="Original")
        assert staff.post(URL, {"summary": "x"}).status_code == 405
        detail = reverse("audit:detail", args=[event.pk])
        assert staff.post(detail, {"summary": "x"}).status_code == 405
        assert staff.delete(detail).status_code == 405
        assert AuditEvent.objects.get(pk=event.pk).summary == "Original"


@pytest.mark.django_db
class TestSearchAndFilter:
    def test_search_by_actor_label_summary_object_id_and_ip(self, staff):
        alice = AuditEventFactory(actor_label="Alice Able (alice@example.org)", summary="a")
        bob = AuditEventFactory(actor_label="Bob", summary="Downloaded “minutes.pdf”")
        obj = AuditEventFactory(actor_label="Cat", summary="c", object_id="4321")
        ip = AuditEventFactory(actor_label="Dan", summary="d", ip_address="198.51.100.200")
        assert _ids(staff.get(URL, {"q": "alice@EXAMPLE"})) == {alice.pk}
        assert _ids(staff.get(URL, {"q": "minutes.pdf"})) == {bob.pk}
        assert _ids(staff.get(URL, {"q": "4321"})) == {obj.pk}
        assert _ids(staff.get(URL, {"q": "198.51.100.200"})) == {ip.pk}
        assert _ids(staff.get(URL, {"q": ""})) >= {alice.pk, bob.pk, obj.pk, ip.pk}

    def test_filter_by_event_type(self, staff):
        AuditEventFactory(event=Event.PERMISSION_DENIED)
        login = AuditEventFactory(event=Event.LOGIN_FAILURE)
        assert _ids(staff.get(URL, {"event": Event.LOGIN_FAILURE})) == {login.pk}

    def test_filter_by_uk_date_range(self, staff):
        def at(*args):
            return datetime.datetime(*args, tzinfo=datetime.UTC)

        # 23:30 UTC on 30 June is 00:30 BST on 1 July: a UK date of 1 July.
        june = AuditEventFactory(occurred_at=at(2026, 6, 30, 22, 30))
        july_first = AuditEventFactory(occurred_at=at(2026, 6, 30, 23, 30))
        july_later = AuditEventFactory(occurred_at=at(2026, 7, 15, 12, 0))
        AuditEventFactory(occurred_at=at(2026, 8, 1, 9, 0))
        response = staff.get(URL, {"date_from": "2026-07-01", "date_to": "2026-07-31"})
        assert _ids(response) == {july_first.pk, july_later.pk}
        assert _ids(staff.get(URL, {"date_to": "2026-06-30"})) == {june.pk}

    def test_end_before_start_shows_an_error_next_to_the_field_and_no_records(self, staff):
        AuditEventFactory()
        response = staff.get(URL, {"date_from": "2026-07-10", "date_to": "2026-07-01"})
        assert response.status_code == 200
        assert _rows(response) == []
        html = response.content.decode()
        assert "The end date must be the same as or after the start date." in html
        assert re.search(r'id="id_date_to"[^>]*is-invalid|is-invalid[^>]*id="id_date_to"', html)

    def test_newest_first_and_paginated(self, staff):
        base = datetime.datetime(2026, 3, 1, 12, 0, tzinfo=datetime.UTC)
        events = [
            AuditEventFactory(occurred_at=base + datetime.timedelta(minutes=i)) for i in range(55)
        ]
        only = {"event": Event.PERMISSION_DENIED}  # leaves out the staff member's own sign-in
        first = staff.get(URL, only)
        assert [r.record.pk for r in _rows(first)][:2] == [events[-1].pk, events[-2].pk]
        assert len(_rows(first)) == 50
        second = staff.get(URL, {**only, "page": 2})
        assert _ids(second) == {e.pk for e in events[:5]}
        oldest_first = staff.get(URL, {**only, "sort": "occurred_at"})
        assert _rows(oldest_first)[0].record.pk == events[0].pk


@pytest.mark.django_db
class TestPresentation:
    def test_times_are_shown_in_uk_time_with_utc_noted(self, staff):
        AuditEventFactory(occurred_at=datetime.datetime(2026, 7, 1, 9, 5, 0, tzinfo=datetime.UTC))
        html = staff.get(URL).content.decode()
        assert "1 Jul 2026, 10:05:00 BST" in html
        assert "2026-07-01 09:05:00 UTC" in html
        assert 'datetime="2026-07-01T09:05:00+00:00"' in html

    def test_accessible_structure(self, staff):
        AuditEventFactory()
        html = staff.get(URL).content.decode()
        assert html.count("<h1") == 1
        assert "<caption>" in html and "UTC" in html.split("<caption>")[1].split("</caption>")[0]
        for field in ("id_q", "id_event", "id_date_from", "id_date_to"):
            assert re.search(rf'<label[^>]*for="{field}"', html), field
        assert 'scope="col"' in html
        assert 'aria-sort="descending"' in html

    def test_detail_page_shows_everything_read_only(self, staff):
        user = UserFactory(full_name="Gone Person")
        event = AuditEventFactory(
            actor=user,
            actor_label="Gone Person (g@example.org)",
            summary="Refused GET /x/",
            user_agent="Browser/9",
            extra={"method": "GET", "path": "/x/", "locked_out": False},
        )
        user.delete()
        response = staff.get(reverse("audit:detail", args=[event.pk]))
        html = response.content.decode()
        assert response.status_code == 200
        assert html.count("<h1") == 1
        assert "Gone Person (g@example.org)" in html
        assert "account no longer exists" in html
        assert "Browser/9" in html
        assert "Page address" in html and "/x/" in html
        assert "<form" not in html.split('id="main-content"')[1]


@pytest.mark.django_db
class TestQueryCount:
    PARAMS = {"q": "Person", "event": Event.PERMISSION_DENIED}

    def _queries(self, client):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            response = client.get(URL, self.PARAMS)
        assert response.status_code == 200
        return len(ctx.captured_queries), len(_rows(response))

    def test_query_count_does_not_grow_with_events(self, staff, django_assert_max_num_queries):
        AuditEventFactory(actor=UserFactory())
        with_one, rows = self._queries(staff)
        assert rows == 1
        for _ in range(29):
            AuditEventFactory(actor=UserFactory())
        with_thirty, rows = self._queries(staff)
        assert rows == 30
        assert with_thirty == with_one
        with django_assert_max_num_queries(with_one):
            staff.get(URL, self.PARAMS)
        with django_assert_max_num_queries(8):  # session, user, count, page: a fixed budget
            staff.get(URL, self.PARAMS)


@pytest.mark.django_db
class TestChainAndSignInPolicy:
    def test_the_page_says_when_the_chain_was_last_checked(self, staff):
        assert "The chain has not been checked yet." in staff.get(URL).content.decode()
        from django.core.management import call_command

        AuditEventFactory()
        call_command("verify_audit")
        html = staff.get(URL).content.decode()
        assert "Chain last checked" in html and "intact" in html

    def test_a_failed_sign_in_says_for_whom_shortened_and_can_be_found_by_the_whole_address(
        self, staff, client
    ):
        from django.test import Client

        Client().post("/accounts/login/", {"username": "Leo.Quill@example.org", "password": "x"})
        event = AuditEvent.objects.get(event=Event.LOGIN_FAILURE)
        html = staff.get(reverse("audit:detail", args=[event.pk])).content.decode()
        assert "Failed sign-in for “Le…@example.org”" in html
        assert "no longer" not in html
        assert "Leo.Quill" not in html
        assert _ids(staff.get(URL, {"q": "leo.quill@example.org"})) == {event.pk}
        assert _ids(staff.get(URL, {"q": "someone.else@example.org"})) == set()
