"""Reports: numbers on a small known dataset, charts, CSV export and its safety."""

import csv
import datetime
import io
import zoneinfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import Status, TimelineEvent
from console import reports
from panels.models import AgreedScore, Finalisation
from tests.assessments.factories import (
    ApplicationFactory,
    IndicatorFactory,
    LevelFactory,
    TimelineEventFactory,
    default_level,
)
from tests.certificates.factories import AwardFactory
from tests.panels.factories import agree_all

pytestmark = pytest.mark.django_db

LONDON = zoneinfo.ZoneInfo("Europe/London")


def _at(*args):
    return datetime.datetime(*args, tzinfo=LONDON)


def _csv(client, slug):
    response = client.get(reverse("console:staff_report_csv", args=[slug]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


# ---------------------------------------------------------------- awards


def _award(level_code, awarded_on):
    application = ApplicationFactory(status=Status.AWARDED, level=default_level(level_code))
    return AwardFactory(application=application, awarded_on=awarded_on)


def test_awards_by_level_per_year(staff_client):
    _award("gold", datetime.date(2025, 3, 1))
    _award("silver", datetime.date(2025, 12, 31))
    _award("silver", datetime.date(2026, 1, 1))
    _award("bronze", datetime.date(2026, 6, 1))
    report = reports.awards_by_level()
    assert report.header == ["Year", "Bronze", "Silver", "Gold", "Total"]
    assert report.rows == [[2025, 0, 1, 1, 2], [2026, 1, 1, 0, 2]]
    assert _csv(staff_client, "awards") == [
        ["Year", "Bronze", "Silver", "Gold", "Total"],
        ["2025", "0", "1", "1", "2"],
        ["2026", "1", "1", "0", "2"],
    ]


# ---------------------------------------------------------------- agreed scores


@pytest.fixture
def scored():
    """A: round 1 all 0, round 2 (final) all 4. B: one round, score by element. C: unfinalised."""
    level = default_level("silver")
    indicators = list(level.indicators.order_by("order"))
    by_element = {"space": 0, "voice": 1, "audience": 2, "influence": 3}
    a = ApplicationFactory(level=level, status=Status.AWARDED)
    agree_all(a, [0] * 16)
    agree_all(a, [4] * 16, round_number=2)
    Finalisation.objects.create(application=a, round=1, total=0, outcome="resubmission")
    Finalisation.objects.create(application=a, round=2, total=64, outcome="awarded")
    b = ApplicationFactory(level=level, status=Status.NOT_AWARDED)
    agree_all(b, [by_element[i.element] for i in indicators])
    Finalisation.objects.create(application=b, round=1, total=24, outcome="not_awarded")
    c = ApplicationFactory(level=level, status=Status.INTERVIEW_SCHEDULED)
    agree_all(c, [0] * 16)  # not finalised: left out
    return a, b, c


def test_average_agreed_score_per_element_uses_the_final_round(scored):
    report = reports.scores_by_element()
    assert report.rows == [
        ["Space", 2.0, 2],
        ["Voice", 2.5, 2],
        ["Audience", 3.0, 2],
        ["Influence", 3.5, 2],
    ]
    assert [b.percent for b in report.bars] == [50, 62, 75, 88]


def test_average_agreed_score_per_indicator_hardest_first(scored):
    report = reports.scores_by_indicator()
    assert len(report.rows) == 16
    averages = [row[4] for row in report.rows]
    assert averages == sorted(averages)
    assert {row[3] for row in report.rows[:4]} == {"Space"}
    assert all(row[4] == 2.0 and row[5] == 2 for row in report.rows[:4])
    assert {row[3] for row in report.rows[-4:]} == {"Influence"}


def test_scores_report_page_shows_chart_and_table(staff_client, scored):
    body = staff_client.get(reverse("console:staff_reports")).content.decode()
    assert 'role="img"' in body
    assert '<title id="chart-elements-title">' in body
    assert '<th scope="row">Space</th><td>2.0</td>' in body
    assert "style=" not in body  # CSP: no inline styles
    assert reverse("console:staff_report_csv", args=["elements"]) in body


# ---------------------------------------------------------------- time to outcome


def _decided(submitted, confirmed):
    return ApplicationFactory(
        status=Status.AWARDED, submitted_at=submitted, outcome_confirmed_at=confirmed
    )


def test_time_from_submission_to_outcome_median_and_average_per_year(staff_client):
    _decided(_at(2025, 12, 1, 9), _at(2025, 12, 6, 9))  # 5 days, 2025
    _decided(_at(2026, 1, 1, 12), _at(2026, 1, 11, 12))  # 10 days
    _decided(_at(2026, 2, 1, 12), _at(2026, 2, 21, 12))  # 20 days
    _decided(_at(2026, 3, 1, 12), _at(2026, 4, 30, 12))  # 60 days
    ApplicationFactory(status=Status.SUBMITTED, submitted_at=_at(2026, 1, 1))  # no outcome yet
    report = reports.time_to_outcome()
    assert report.rows == [[2025, 1, 5.0, 5.0], [2026, 3, 20.0, 30.0]]
    assert _csv(staff_client, "time-to-outcome")[2] == ["2026", "3", "20.0", "30.0"]


# ---------------------------------------------------------------- outcome rates


def _decision(status, when):
    TimelineEventFactory(
        application=ApplicationFactory(),
        kind=TimelineEvent.Kind.TRANSITION,
        to_status=status,
        created_at=when,
    )


def test_outcome_rates_per_year():
    _decision(Status.AWARDED, _at(2026, 1, 5))
    _decision(Status.AWARDED, _at(2026, 12, 31, 23, 30))  # still 2026 in UK time
    _decision(Status.RESUBMISSION_INVITED, _at(2026, 4, 1))
    _decision(Status.NOT_AWARDED, _at(2026, 5, 1))
    _decision(Status.WITHDRAWN, _at(2025, 7, 1))
    _decision(Status.SUBMITTED, _at(2026, 1, 1))  # not an outcome
    report = reports.outcome_rates()
    assert report.header[:4] == ["Year", "Decisions", "Awarded", "Awarded (%)"]
    assert report.rows == [
        [2025, 1, 0, 0.0, 0, 0.0, 0, 0.0, 1, 100.0],
        [2026, 4, 2, 50.0, 1, 25.0, 1, 25.0, 0, 0.0],
    ]


def test_reports_run_a_fixed_number_of_queries(staff_client, scored):
    url = reverse("console:staff_reports")
    staff_client.get(url)
    with CaptureQueriesContext(connection) as before:
        staff_client.get(url)
    for n in range(5):
        _award("gold", datetime.date(2024 + n, 5, 1))
        _decided(_at(2026, 1, 1), _at(2026, 1, 2 + n))
        _decision(Status.NOT_AWARDED, _at(2023 + n, 2, 1))
    scored_more = ApplicationFactory(level=default_level("silver"))
    agree_all(scored_more, [1] * 16)
    Finalisation.objects.create(application=scored_more, round=1, total=16, outcome="not_awarded")
    with CaptureQueriesContext(connection) as after:
        staff_client.get(url)
    assert len(after.captured_queries) == len(before.captured_queries)


def test_unknown_report_is_404(staff_client):
    assert staff_client.get("/staff/reports/nothing.csv").status_code == 404


# ---------------------------------------------------------------- CSV safety


def test_indicator_report_csv_neutralises_a_hostile_title(staff_client):
    level = LevelFactory()
    IndicatorFactory(level=level, title='=HYPERLINK("http://evil")', code="X1")
    IndicatorFactory(level=level, title="-2+3", code="X2")
    IndicatorFactory(level=level, title="+cmd", code="X3")
    IndicatorFactory(level=level, title="@SUM(1)", code="X4")
    application = ApplicationFactory(level=level)
    for indicator in level.indicators.all():
        AgreedScore.objects.create(application=application, indicator=indicator, value=2)
    Finalisation.objects.create(application=application, round=1, total=8, outcome="not_awarded")
    rows = _csv(staff_client, "indicators")
    titles = {row[1] for row in rows[1:]}
    assert titles == {'\'=HYPERLINK("http://evil")', "'-2+3", "'+cmd", "'@SUM(1)"}
