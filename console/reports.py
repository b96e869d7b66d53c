"""Staff reports. Each report is a function returning a Report: a title, the table
(header + rows) that is shown on the page and exported to CSV, and the bars of
its chart. Counts and averages are aggregated in the database; each report runs
a fixed number of queries whatever the amount of data.

Definitions (also shown on the page):
- Awards by level per year: awards made in each calendar year of the award date,
  including awards revoked later.
- Average agreed score: for each application, the agreed scores of its latest
  finalised round (resubmissions replace the first scores), averaged across
  applications per Lundy element and per indicator, lowest first: the lowest
  averages show where organisations find co-production hardest.
- Time from submission to outcome: from the last time the application was sent
  for checking (submitted_at) to the latest confirmed outcome
  (outcome_confirmed_at), in days, by the year of the outcome.
- Outcome rates: every outcome decision counted once in the year it was made.
  An application invited to resubmit and later awarded counts in both columns.
"""

import statistics
from dataclasses import dataclass, field

from django.db.models import Avg, Count, F, OuterRef, Subquery
from django.db.models.functions import ExtractYear

from assessments.models import Application, Element, Level, Status, TimelineEvent
from assessments.outcomes import MAX_SCORE_PER_INDICATOR
from certificates.models import Award
from panels.models import AgreedScore, Finalisation


@dataclass
class Bar:
    label: str
    value: float
    text: str
    percent: int = 0  # of the chart's maximum, for the bar's width


@dataclass
class Report:
    slug: str
    title: str
    description: str
    header: list
    rows: list
    bars: list = field(default_factory=list)
    chart_title: str = ""
    chart_max: float = 0

    def finish_chart(self, maximum=None):
        self.chart_max = maximum or max((b.value for b in self.bars), default=0)
        for bar in self.bars:
            bar.percent = round(100 * bar.value / self.chart_max) if self.chart_max else 0
        return self


# The range an agreed score is in, as the reports' headings write it.
SCORE_RANGE = f"0 to {MAX_SCORE_PER_INDICATOR}"


def _level_names():
    return {code: label for code, label in Level.Code.choices}


# ---------------------------------------------------------------- awards by level


def awards_by_level():
    counts = (
        Award.objects.annotate(year=ExtractYear("awarded_on"))
        .values("year", "level__code")
        .annotate(n=Count("pk"))
        .order_by("year")
    )
    levels = _level_names()
    table = {}
    for row in counts:
        table.setdefault(row["year"], dict.fromkeys(levels, 0))[row["level__code"]] = row["n"]
    header = ["Year", *levels.values(), "Total"]
    rows = [[year, *by.values(), sum(by.values())] for year, by in sorted(table.items())]
    bars = [
        Bar(f"{year} {levels[code]}", n, str(n))
        for year, by in sorted(table.items())
        for code, n in by.items()
    ]
    return Report(
        "awards",
        "Awards by level per year",
        "Awards made in each calendar year, by level. Awards revoked later are included.",
        header,
        rows,
        bars,
        "Number of awards by year and level",
    ).finish_chart()


# ---------------------------------------------------------------- hardest indicators


def _final_round_scores():
    """Agreed scores of each application's latest finalised round."""
    latest_round = (
        Finalisation.objects.filter(application=OuterRef("application"))
        .order_by("-round")
        .values("round")[:1]
    )
    return AgreedScore.objects.annotate(final_round=Subquery(latest_round)).filter(
        round=F("final_round")
    )


def scores_by_element():
    rows = (
        _final_round_scores()
        .values("indicator__element")
        .annotate(average=Avg("value"), applications=Count("application", distinct=True))
        .order_by("average", "indicator__element")
    )
    labels = dict(Element.choices)
    rows = list(rows)
    report = Report(
        "elements",
        "Average agreed score per Lundy element",
        f"The panels' agreed scores ({SCORE_RANGE}) from each application's final round, averaged "
        "across organisations. Lowest first: where organisations find co-production hardest.",
        ["Lundy element", f"Average agreed score ({SCORE_RANGE})", "Applications"],
        [
            [
                labels.get(r["indicator__element"], r["indicator__element"]),
                round(r["average"], 2),
                r["applications"],
            ]
            for r in rows
        ],
        [
            Bar(labels.get(r["indicator__element"], ""), r["average"], f"{r['average']:.2f}")
            for r in rows
        ],
        f"Average agreed score per Lundy element, out of {MAX_SCORE_PER_INDICATOR}",
    )
    return report.finish_chart(MAX_SCORE_PER_INDICATOR)


def scores_by_indicator():
    rows = list(
        _final_round_scores()
        .values(
            "indicator_id",
            "indicator__code",
            "indicator__title",
            "indicator__element",
            "indicator__level__name",
        )
        .annotate(average=Avg("value"), applications=Count("application", distinct=True))
        .order_by("average", "indicator__level__order", "indicator__order")
    )
    labels = dict(Element.choices)
    report = Report(
        "indicators",
        "Average agreed score per indicator",
        f"Each indicator's average agreed score ({SCORE_RANGE}) across organisations, "
        "lowest first.",
        [
            "Indicator",
            "Title",
            "Level",
            "Lundy element",
            f"Average agreed score ({SCORE_RANGE})",
            "Applications",
        ],
        [
            [
                r["indicator__code"],
                r["indicator__title"],
                r["indicator__level__name"],
                labels.get(r["indicator__element"], r["indicator__element"]),
                round(r["average"], 2),
                r["applications"],
            ]
            for r in rows
        ],
        [
            Bar(
                f"{r['indicator__code']} ({r['indicator__level__name']})",
                r["average"],
                f"{r['average']:.2f}",
            )
            for r in rows
        ],
        f"Average agreed score per indicator, out of {MAX_SCORE_PER_INDICATOR}, lowest first",
    )
    return report.finish_chart(MAX_SCORE_PER_INDICATOR)


# ---------------------------------------------------------------- time to outcome


def time_to_outcome():
    durations = (
        Application.objects.filter(submitted_at__isnull=False, outcome_confirmed_at__isnull=False)
        .annotate(year=ExtractYear("outcome_confirmed_at"))
        .values_list("year", "submitted_at", "outcome_confirmed_at")
        .order_by("year")
    )
    by_year = {}
    for year, submitted, confirmed in durations:
        days = max(0.0, (confirmed - submitted).total_seconds() / 86400)
        by_year.setdefault(year, []).append(days)
    rows = [
        [year, len(days), round(statistics.median(days), 1), round(statistics.fmean(days), 1)]
        for year, days in sorted(by_year.items())
    ]
    return Report(
        "time-to-outcome",
        "Time from submission to outcome",
        "Days from the application being sent for checking to its outcome being confirmed, "
        "by the year of the outcome.",
        ["Year of outcome", "Applications", "Median days", "Average days"],
        rows,
        [Bar(str(r[0]), r[2], f"{r[2]} days") for r in rows],
        "Median days from submission to outcome, by year",
    ).finish_chart()


# ---------------------------------------------------------------- outcome rates

OUTCOME_COLUMNS = [
    (Status.AWARDED, "Awarded"),
    (Status.RESUBMISSION_INVITED, "Resubmission invited"),
    (Status.NOT_AWARDED, "Not awarded"),
    (Status.WITHDRAWN, "Withdrawn"),
]


def outcome_rates():
    counts = (
        TimelineEvent.objects.filter(
            kind=TimelineEvent.Kind.TRANSITION, to_status__in=[s for s, _ in OUTCOME_COLUMNS]
        )
        .annotate(year=ExtractYear("created_at"))
        .values("year", "to_status")
        .annotate(n=Count("application", distinct=True))
        .order_by("year")
    )
    table = {}
    for row in counts:
        table.setdefault(row["year"], dict.fromkeys([s for s, _ in OUTCOME_COLUMNS], 0))[
            row["to_status"]
        ] = row["n"]
    header = ["Year", "Decisions"]
    for _, label in OUTCOME_COLUMNS:
        header += [label, f"{label} (%)"]
    rows, bars = [], []
    for year, by in sorted(table.items()):
        total = sum(by.values())
        row = [year, total]
        for status, label in OUTCOME_COLUMNS:
            percent = round(100 * by[status] / total, 1) if total else 0
            row += [by[status], percent]
            bars.append(Bar(f"{year} {label}", percent, f"{percent}%"))
        rows.append(row)
    return Report(
        "outcomes",
        "Outcome rates",
        "Each outcome decision counted in the year it was made. An application invited to "
        "resubmit and later awarded counts in both columns.",
        header,
        rows,
        bars,
        "Share of decisions by outcome and year, in per cent",
    ).finish_chart(100)


REPORTS = {
    "awards": awards_by_level,
    "elements": scores_by_element,
    "indicators": scores_by_indicator,
    "time-to-outcome": time_to_outcome,
    "outcomes": outcome_rates,
}


def all_reports():
    return [build() for build in REPORTS.values()]
