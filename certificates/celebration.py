"""The annual celebration: every organisation awarded in a celebration year."""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.paginator import Page
from django.db import connection
from django.db.models import DateField
from django.urls import reverse
from django.utils import timezone

from assessments.csv_export import write_rows
from jobs.models import Job
from jobs.services import send_email
from kitemark.date_labels import DateLabels
from kitemark.sql import column_reader

from .models import Award
from .services import CountedPaginator, member_emails


def start_month():
    month = int(getattr(settings, "CELEBRATION_YEAR_START_MONTH", 1))
    return month if 1 <= month <= 12 else 1


def year_bounds(year):
    """(first day, first day of the next year) of celebration year `year`."""
    month = start_month()
    return date(year, month, 1), date(year + 1, month, 1)


def year_of(day):
    return day.year if day.month >= start_month() else day.year - 1


def current_year(today=None):
    return year_of(today or timezone.localdate())


def year_label(year):
    if start_month() == 1:
        return str(year)
    first, following = year_bounds(year)
    last_month = (
        date(following.year - 1, 12, 1)
        if following.month == 1
        else following.replace(month=following.month - 1)
    )
    return f"{first:%B %Y} to {last_month:%B %Y}"


def awards_in_year(year):
    """Unrevoked awards made in the celebration year, by level then organisation."""
    first, following = year_bounds(year)
    return (
        Award.objects.not_revoked()
        .filter(awarded_on__gte=first, awarded_on__lt=following)
        .select_related("organisation", "level")
        .order_by("level__order", "organisation__name", "pk")
    )


PAGE_SIZE = 50


@dataclass
class CelebrationPage:
    page: Page  # its object_list: this page's rows, as dicts (see _YearRows)
    groups: list  # this page's rows under their level: dicts of name, count, awards
    award_count: int
    organisation_count: int
    first_awarded_on: date | None  # the first award ever made, for the list of years


# PostgreSQL and SQLite both read these statements. Through the ORM the counts were one
# query with a Subquery annotation that took about 1 ms to build on every request (the
# statement is the same each time; only the dates change), more than the database took.
# One row of totals, then a row per level: its whole-year count, and its name, looked up
# after counting (a join before counting joins every award of the year to its level).
_COUNTS_SQL = """
    SELECT 0, NULL, NULL, COUNT(DISTINCT organisation_id),
           (SELECT MIN(awarded_on) FROM {awards})
    FROM {awards}
    WHERE revoked_at IS NULL AND awarded_on >= %s AND awarded_on < %s
    UNION ALL
    SELECT 1, counted.level_order, MIN(levels.name), SUM(counted.awards), NULL
    FROM (
        SELECT level_order, level_id, COUNT(*) AS awards
        FROM {awards}
        WHERE revoked_at IS NULL AND awarded_on >= %s AND awarded_on < %s
        GROUP BY level_order, level_id
    ) AS counted
    JOIN {levels} AS levels ON levels.id = counted.level_id
    GROUP BY counted.level_order
    ORDER BY 1, 2
"""

# One page of the year's unrevoked awards by level, then organisation name, read from the
# award's own copies (Award.organisation_name, level_order): the certificates_award_celebrate
# index holds every column.
_ROWS_SQL = """
    SELECT id, organisation_name, awarded_on, level_order
    FROM {awards}
    WHERE revoked_at IS NULL AND awarded_on >= %s AND awarded_on < %s
    ORDER BY level_order, organisation_name, id
    LIMIT %s OFFSET %s
"""


def _statement(sql):
    from assessments.models import Level

    # Table names from the models; every value is a parameter.
    return sql.format(awards=Award._meta.db_table, levels=Level._meta.db_table)


class _YearRows:
    """The year's rows for CountedPaginator, which slices them as it would a QuerySet: each
    slice is one query, of only that page's rows."""

    ordered = True  # by level, organisation name and pk (Paginator warns on unordered lists)

    def __init__(self, bounds):
        self.bounds = bounds

    def __getitem__(self, page):
        limit = page.stop - page.start
        if limit <= 0:
            return []  # an empty year: no query, as with an empty QuerySet slice
        read_date = column_reader(DateField())
        with connection.cursor() as cursor:
            cursor.execute(_statement(_ROWS_SQL), [*self.bounds, limit, page.start])
            return [
                {
                    "pk": pk,
                    "organisation_name": name,
                    "awarded_on": read_date(awarded_on),
                    "level_order": order,
                }
                for pk, name, awarded_on, order in cursor.fetchall()
            ]


def celebration_page(year, number):
    """One page of the celebration list: the year's unrevoked awards by level, then
    organisation name, with the year's counts, in two queries."""
    ops = connection.ops
    bounds = [ops.adapt_datefield_value(day) for day in year_bounds(year)]
    with connection.cursor() as cursor:
        cursor.execute(_statement(_COUNTS_SQL), bounds + bounds)
        (_, _, _, organisation_count, first_awarded_on), *levels = cursor.fetchall()
    level_names = {order: name for _, order, name, _, _ in levels}
    level_counts = {order: int(count) for _, order, _, count, _ in levels}
    award_count = sum(level_counts.values())
    page = CountedPaginator(_YearRows(bounds), PAGE_SIZE, award_count).get_page(number)

    url_for_zero = reverse("certificates:staff_award", args=[0])
    prefix, suffix = url_for_zero.rsplit("/0/", 1)
    labels = DateLabels()
    groups = []
    for row in page.object_list:
        order = row["level_order"]
        if not groups or groups[-1]["order"] != order:
            # The level's count is its whole year's, not only this page's.
            count = level_counts[order]
            groups.append(
                {"order": order, "name": level_names[order], "count": count, "awards": []}
            )
        row["awarded_label"] = labels.day(row["awarded_on"])
        row["url"] = f"{prefix}/{row['pk']}/{suffix}"
        groups[-1]["awards"].append(row)
    return CelebrationPage(
        page, groups, award_count, organisation_count, column_reader(DateField())(first_awarded_on)
    )


def export_csv(year):
    return write_rows(
        [
            "Organisation",
            "Level",
            "Awarded on",
            "Certificate number",
            "Contact name",
            "Contact email",
        ],
        (
            [
                award.organisation.name,
                award.level.name,
                award.awarded_on,
                award.certificate_number,
                award.organisation.contact_name,
                award.organisation.contact_email,
            ]
            for award in awards_in_year(year)
        ),
    )


def invitation_key(year, organisation):
    return f"celebration:{year}:{organisation.pk}"


def organisations_in_year(year):
    """Each organisation once (its highest-level award that year), for the invitation."""
    chosen = {}
    for award in awards_in_year(year):
        chosen[award.organisation.pk] = award  # ordered by level, so the highest wins
    return sorted(chosen.values(), key=lambda a: a.organisation.name.lower())


def invite(year, *, event_details):
    """Email every organisation awarded in the year, once each. Returns (sent, already)."""
    awards = organisations_in_year(year)
    keys = {invitation_key(year, a.organisation): a for a in awards}
    already = set(Job.objects.filter(key__in=list(keys)).values_list("key", flat=True))
    sent = 0
    for key, award in keys.items():
        if key in already:
            continue
        send_email(
            to=member_emails(award.organisation),
            subject="You are invited to the Co-production Kitemark celebration",
            template="certificates_celebration_invite",
            context={"organisation": award.organisation, "award": award, "details": event_details},
            key=key,
        )
        sent += 1
    return sent, len(already)


def render_programme_pdf(year):
    """A printable A4 programme for the event: every organisation awarded that year,
    grouped by level. Rendered locally with the plaque's fonts; nothing is fetched."""
    from django.template.loader import render_to_string
    from weasyprint import HTML

    from .plaques import _asset_dir, url_fetcher_for

    assets = _asset_dir()
    html = render_to_string(
        "certificates/celebration_programme.html",
        {
            "year_label": year_label(year),
            "awards": list(awards_in_year(year)),
            "font_regular_url": (assets / "fonts" / "DejaVuSans.ttf").as_uri(),
            "font_bold_url": (assets / "fonts" / "DejaVuSans-Bold.ttf").as_uri(),
        },
    )
    return HTML(
        string=html, base_url=assets.as_uri() + "/", url_fetcher=url_fetcher_for(assets)
    ).write_pdf()
