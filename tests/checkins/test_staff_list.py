"""Staff's list of check-ins: every due one, earliest due first, a page at a time, at a
fixed number of queries however many are due."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.checkins.factories import award_on, checkin_for

pytestmark = pytest.mark.django_db


def _due_table(html):
    return html.split("<h2>Due or overdue</h2>")[1]


def test_due_check_ins_show_earliest_first_with_their_organisation(staff_client):
    today = timezone.localdate()
    flagged = award_on(today - timedelta(days=365 + 70))
    soon = award_on(today - timedelta(days=365 - 10))
    sent = award_on(today - timedelta(days=365 + 5))
    checkin_for(sent, sent=True)
    new = award_on(today - timedelta(days=100))

    table = _due_table(staff_client.get(reverse("checkins:staff_list")).content.decode())

    assert "2 due in the next 4 weeks or late, 1 of them more than 8 weeks late" in table
    assert table.index(flagged.organisation.name) < table.index(soon.organisation.name)
    assert "More than 8 weeks late" in table
    assert sent.organisation.name not in table and new.organisation.name not in table


def test_the_due_list_is_paged(staff_client, monkeypatch, django_assert_max_num_queries):
    monkeypatch.setattr("checkins.views.DUE_PAGE_SIZE", 2)
    today = timezone.localdate()
    names = [
        f"<td>{award_on(today - timedelta(days=400 - n)).organisation.name}</td>" for n in range(5)
    ]

    url = reverse("checkins:staff_list")
    first = _due_table(staff_client.get(url).content.decode())
    last = _due_table(staff_client.get(url, {"page": 3}).content.decode())

    assert names[0] in first and names[1] in first and names[2] not in first
    assert "Page 1 of 3" in first
    assert names[4] in last and names[0] not in last
    with django_assert_max_num_queries(12) as few:
        staff_client.get(url)
    for n in range(10):
        award_on(today - timedelta(days=390 - n))
    with django_assert_max_num_queries(len(few.captured_queries)):
        staff_client.get(url)
