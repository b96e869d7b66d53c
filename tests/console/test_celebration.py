"""The celebration pages: the year's awards by level, the list, the programme, the
invitations."""

import csv
import io
from datetime import date

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from certificates import celebration
from tests.assessments.factories import LevelFactory, default_level
from tests.certificates.factories import AwardFactory
from tests.organisations.factories import member_of

pytestmark = pytest.mark.django_db


def award(name, day, level="silver", **kwargs):
    result = AwardFactory(
        application__organisation__name=name,
        awarded_on=day,
        expires_on=day.replace(year=day.year + 3),
        level=default_level(level),
        **kwargs,
    )
    member_of(result.organisation)
    return result


def test_celebration_lists_the_year_grouped_by_level(staff_client):
    award("Gold Hub", date(2027, 3, 1), "gold")
    award("Bronze Club", date(2027, 12, 31), "bronze")
    award("Last Year Org", date(2026, 12, 31))
    revoked = award("Revoked Org", date(2027, 5, 5))
    revoked.revoked_at = timezone.now()
    revoked.revoked_reason = "x"
    revoked.save()
    response = staff_client.get(reverse("console:celebration"), {"year": 2027})
    html = response.content.decode()
    assert "Gold Hub" in html and "Bronze Club" in html
    assert "Last Year Org" not in html and "Revoked Org" not in html
    assert html.index("Bronze (1)") < html.index("Bronze Club") < html.index("Gold (1)")


def test_celebration_is_staff_only(client):
    client.force_login(member_of())
    assert client.get(reverse("console:celebration")).status_code == 403
    assert client.get(reverse("console:celebration_export", args=[2027])).status_code == 403


def test_export_is_csv_and_safe_for_spreadsheets(staff_client):
    award('=HYPERLINK("http://evil")', date(2027, 3, 1))
    award("Plain Org", date(2027, 4, 1), "gold")
    response = staff_client.get(reverse("console:celebration_export", args=[2027]))
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["Organisation", "Level", "Awarded on"]
    assert rows[1][0] == '\'=HYPERLINK("http://evil")'
    assert rows[2][:3] == ["Plain Org", "Gold", "2027-04-01"]


def test_inviting_emails_each_organisation_once(staff_client, run_jobs):
    first = award("Org One", date(2027, 3, 1))
    award("Org Two", date(2027, 6, 1))
    AwardFactory(
        application__organisation=first.organisation,
        application__cycle=first.application.cycle,
        awarded_on=date(2027, 9, 1),
        expires_on=date(2030, 9, 1),
        level=default_level("gold"),
    )
    url = reverse("console:celebration_invite", args=[2027])
    page = staff_client.get(url).content.decode()
    assert "Org One (Gold)" in page and "Org Two (Silver)" in page
    data = {"event_date": "2027-11-20", "event_time": "18:30", "place": "Town Hall"}
    response = staff_client.post(url, data)  # not confirmed
    assert "Tick the box" in response.content.decode()
    assert mail.outbox == []

    with run_jobs(execute=True):
        response = staff_client.post(url, {**data, "confirm": "on"})
    assert response.status_code == 302
    assert len(mail.outbox) == 2
    assert "Saturday 20 November 2027 at 6:30 p.m." in mail.outbox[0].body
    assert "Town Hall" in mail.outbox[0].body
    with run_jobs(execute=True):
        staff_client.post(url, {**data, "confirm": "on"})
    assert len(mail.outbox) == 2


def test_year_boundary_31_december_versus_1_january(staff_client):
    award("New Year's Eve Club", date(2027, 12, 31))
    award("New Year's Day Club", date(2028, 1, 1))
    page_2027 = staff_client.get(reverse("console:celebration"), {"year": 2027})
    page_2028 = staff_client.get(reverse("console:celebration"), {"year": 2028})
    assert "Eve Club" in page_2027.content.decode()
    assert "Day Club" not in page_2027.content.decode()
    assert "Day Club" in page_2028.content.decode()
    assert "Eve Club" not in page_2028.content.decode()


def test_a_september_start_moves_the_boundary(staff_client, settings):
    settings.CELEBRATION_YEAR_START_MONTH = 9
    award("August Club", date(2028, 8, 31))
    award("September Club", date(2028, 9, 1))
    page = staff_client.get(reverse("console:celebration"), {"year": 2027}).content.decode()
    assert "August Club" in page and "September Club" not in page
    assert "September 2027 to August 2028" in page


def test_printable_programme_lists_the_year_by_level(staff_client):
    award("Gold Hub", date(2027, 3, 1), "gold")
    award("Bronze Club", date(2027, 12, 31), "bronze")
    award("Next Year Org", date(2028, 1, 1))
    response = staff_client.get(reverse("console:celebration_programme", args=[2027]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Gold Hub" in text and "Bronze Club" in text
    assert "Next Year Org" not in text
    assert text.index("Bronze") < text.index("Gold Hub")


def test_programme_is_staff_only(client):
    client.force_login(member_of())
    assert client.get(reverse("console:celebration_programme", args=[2027])).status_code == 403


def test_celebration_list_is_paginated_and_keeps_the_grouping(
    staff_client, monkeypatch, django_assert_num_queries
):
    monkeypatch.setattr(celebration, "PAGE_SIZE", 3)
    for name in ("Bronze A", "Bronze B", "Bronze C", "Bronze D"):
        award(name, date(2027, 2, 1), "bronze")
    gold_a = award("Gold A", date(2027, 3, 1), "gold")
    award("Gold B", date(2027, 4, 1), "gold")
    # Gold A's organisation also won Bronze: 7 awards to 6 organisations.
    AwardFactory(
        application__organisation=gold_a.organisation,
        application__cycle=gold_a.application.cycle,
        awarded_on=date(2027, 1, 15),
        expires_on=date(2030, 1, 15),
        level=default_level("bronze"),
    )
    url = reverse("console:celebration")

    def page(number):
        # Session, user, the year's counts by level, its organisations, the first award's
        # date (for the list of years), the page's rows.
        with django_assert_num_queries(6):
            response = staff_client.get(url, {"year": 2027, "page": number})
        return response.content.decode()

    first, second, third = page(1), page(2), page(3)
    assert "7 awards to 6 organisations" in first and "7 awards to 6 organisations" in third
    assert "This page shows awards 1 to 3" in first
    assert "Page 1 of 3" in first and "year=2027&amp;page=2" in first
    assert first.index("Bronze (5)") < first.index("Bronze A") < first.index("Bronze B")
    assert "Bronze C" in first and "Bronze D" not in first and "Gold (" not in first
    # A level that runs over a page break keeps its heading and its whole-year count.
    # Page 2: Bronze D, Gold A (its Bronze), then Gold A (its Gold).
    assert second.index("Bronze (5)") < second.index("Bronze D") < second.index("Gold A")
    assert second.index("Gold A") < second.index("Gold (2)") < second.rindex("Gold A")
    assert "Bronze C" not in second and "Gold B" not in second
    assert "Gold B" in third and "Bronze (" not in third
    assert "Page 3 of 3" in third and "year=2027&amp;page=2" in third
    assert "Page 3 of 3" in page(99)  # past the end: the last page

    # The invitation still goes to every organisation of the year, not one page.
    invite = staff_client.get(reverse("console:celebration_invite", args=[2027])).content
    for name in ("Bronze A", "Bronze D", "Gold A", "Gold B"):
        assert name.encode() in invite
    export = staff_client.get(reverse("console:celebration_export", args=[2027])).content
    assert export.decode().count("\n") == 8  # the header and all 7 awards


def test_celebration_list_of_a_year_without_awards(staff_client):
    html = staff_client.get(reverse("console:celebration"), {"year": 2011}).content.decode()
    assert "0 awards to 0 organisations" in html
    assert "No organisations were awarded in 2011" in html


def test_the_years_to_choose_from_start_at_the_first_award(staff_client):
    this_year = celebration.current_year()
    first = award("First Org", date(this_year - 3, 6, 1))
    first.revoked_at = timezone.now()  # a revoked award still dates the first year
    first.revoked_reason = "x"
    first.save()
    html = staff_client.get(reverse("console:celebration")).content.decode()
    for year in range(this_year - 3, this_year + 1):
        assert f'<option value="{year}"' in html
    assert f'<option value="{this_year - 4}"' not in html


def test_a_level_counts_the_whole_year_across_level_versions(staff_client):
    award("Bronze Old", date(2027, 2, 1), "bronze")
    newer = LevelFactory(name="Bronze", order=default_level("bronze").order)  # a new version
    AwardFactory(
        application__organisation__name="Bronze New",
        awarded_on=date(2027, 3, 1),
        expires_on=date(2030, 3, 1),
        level=newer,
    )
    html = staff_client.get(reverse("console:celebration"), {"year": 2027}).content.decode()
    assert "2 awards to 2 organisations" in html
    assert html.count("Bronze (2)") == 1
