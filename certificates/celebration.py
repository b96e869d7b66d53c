"""The annual celebration: every organisation awarded in a celebration year."""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.paginator import Page
from django.db.models import Count, Min
from django.template.loader import render_to_string
from django.utils import timezone

from jobs.models import Job
from jobs.services import send_email
from kitemark.csv_export import write_rows
from scheme.selectors import current_scheme

from .models import Award
from .plaques import _asset_dir, url_fetcher_for
from .selectors import CountedPaginator, member_emails


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


def _year_awards(year):
    """The unrevoked awards made in celebration year `year`, in no particular order."""
    first, following = year_bounds(year)
    return Award.objects.not_revoked().filter(awarded_on__gte=first, awarded_on__lt=following)


def awards_in_year(year):
    """Unrevoked awards made in the celebration year, by level then organisation."""
    return (
        _year_awards(year)
        .select_related("organisation", "level")
        .order_by("level__order", "organisation__name", "pk")
    )


PAGE_SIZE = 50


@dataclass
class CelebrationPage:
    page: Page  # its object_list: this page's awards, as dicts of _ROW_FIELDS
    groups: list  # this page's awards under their level: dicts of order, name, count, awards
    award_count: int
    organisation_count: int
    first_awarded_on: date | None  # the first award ever made, for the list of years


# What the list shows of each award, read from the award's own copies of its organisation's
# name and its level's order (see Award.organisation_name): the certificates_award_celebrate
# index holds every column the page and its counts read.
_ROW_FIELDS = ("pk", "organisation_name", "awarded_on", "level_order")


def celebration_page(year, number):
    """One page of the celebration list: the year's unrevoked awards by level, then
    organisation name, with the year's counts, in a fixed number of queries."""
    awards = _year_awards(year)
    # Each level's whole-year count, under the level's order as the list groups them.
    levels = {
        level["level_order"]: level
        for level in awards.order_by("level_order")
        .values("level_order")
        .annotate(count=Count("pk"), name=Min("level__name"))
    }
    award_count = sum(level["count"] for level in levels.values())
    organisation_count = awards.aggregate(count=Count("organisation", distinct=True))["count"]
    first_awarded_on = Award.objects.aggregate(first=Min("awarded_on"))["first"]
    rows = awards.order_by("level_order", "organisation_name", "pk").values(*_ROW_FIELDS)
    # The level counts give the total, so the paginator need not count the rows again.
    page = CountedPaginator(rows, PAGE_SIZE, award_count).get_page(number)
    groups = []
    for row in page.object_list:
        order = row["level_order"]
        if not groups or groups[-1]["order"] != order:
            level = levels[order]
            groups.append(
                {"order": order, "name": level["name"], "count": level["count"], "awards": []}
            )
        groups[-1]["awards"].append(row)
    return CelebrationPage(page, groups, award_count, organisation_count, first_awarded_on)


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
            subject=f"You are invited to the {current_scheme().scheme_name} celebration",
            template="certificates_celebration_invite",
            context={"organisation": award.organisation, "award": award, "details": event_details},
            key=key,
        )
        sent += 1
    return sent, len(already)


def render_programme_pdf(year):
    """A printable A4 programme for the event: every organisation awarded that year,
    grouped by level. Rendered locally with the plaque's fonts; nothing is fetched."""
    from weasyprint import HTML  # only where a PDF is made (see plaques)

    assets = _asset_dir()
    html = render_to_string(
        "certificates/celebration_programme.html",
        {
            "year_label": year_label(year),
            "awards": list(awards_in_year(year)),
            "font_regular_url": (assets / "fonts" / "DejaVuSans.ttf").as_uri(),
            "font_bold_url": (assets / "fonts" / "DejaVuSans-Bold.ttf").as_uri(),
            "scheme": current_scheme(),
        },
    )
    return HTML(
        string=html, base_url=assets.as_uri() + "/", url_fetcher=url_fetcher_for(assets)
    ).write_pdf()
