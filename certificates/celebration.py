"""The annual celebration: every organisation awarded in a celebration year."""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.paginator import Page
from django.db.models import Count, Min, Subquery, Value
from django.urls import reverse
from django.utils import timezone

from assessments.csv_export import write_rows
from jobs.models import Job
from jobs.services import send_email
from kitemark.date_labels import DateLabels

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
class LevelGroup:
    order: int
    name: str
    count: int  # the level's awards in the whole year, not only on this page
    awards: list  # of CelebrationRow


@dataclass
class CelebrationRow:
    pk: int
    organisation_id: int
    organisation_name: str
    awarded_on: date
    awarded_label: str
    url: str


@dataclass
class CelebrationPage:
    page: Page
    groups: list  # of LevelGroup: this page's rows under their level
    award_count: int
    organisation_count: int


def _unrevoked_in_year(year):
    first, following = year_bounds(year)
    return Award.objects.not_revoked().filter(awarded_on__gte=first, awarded_on__lt=following)


def celebration_page(year, number):
    """One page of the celebration list: the year's unrevoked awards by level, then
    organisation name. The counts come from aggregates; the rows read only the columns the
    page shows, from the award's own copies (Award.organisation_name, level_order)."""
    awards = _unrevoked_in_year(year)
    # One query: each level's count, and (as a subquery) the organisations in the year.
    organisations = (
        awards.order_by()
        .annotate(year=Value(year))
        .values("year")
        .annotate(n=Count("organisation", distinct=True))
        .values("n")
    )
    levels = list(
        awards.values("level_order")
        .annotate(
            name=Min("level__name"), awards=Count("pk"), organisations=Subquery(organisations)
        )
        .order_by("level_order")
    )
    award_count = sum(level["awards"] for level in levels)
    organisation_count = levels[0]["organisations"] if levels else 0
    rows = awards.order_by("level_order", "organisation_name", "pk").values_list(
        "pk", "organisation_id", "organisation_name", "awarded_on", "level_order"
    )
    page = CountedPaginator(rows, PAGE_SIZE, award_count).get_page(number)

    by_order = {level["level_order"]: level for level in levels}
    url_for_zero = reverse("certificates:staff_award", args=[0])
    prefix, suffix = url_for_zero.rsplit("/0/", 1)
    labels = DateLabels()
    groups = []
    for pk, organisation_id, name, awarded_on, order in page.object_list:
        if not groups or groups[-1].order != order:
            level = by_order[order]
            groups.append(LevelGroup(order, level["name"], level["awards"], []))
        groups[-1].awards.append(
            CelebrationRow(
                pk,
                organisation_id,
                name,
                awarded_on,
                labels.day(awarded_on),
                f"{prefix}/{pk}/{suffix}",
            )
        )
    return CelebrationPage(page, groups, award_count, organisation_count)


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
