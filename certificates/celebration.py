"""The annual celebration: every organisation awarded in a celebration year."""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from assessments.csv_export import write_rows
from jobs.models import Job
from jobs.services import send_email

from .models import Award
from .services import member_emails


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


@dataclass
class LevelGroup:
    name: str
    awards: list  # of CelebrationRow


@dataclass
class CelebrationRow:
    pk: int
    organisation_id: int
    organisation_name: str
    awarded_on: date
    awarded_label: str
    url: str


def celebration_list(year):
    """The celebration page's list: every unrevoked award of the year, grouped by level,
    reading only the columns the page shows (it can run to thousands of awards)."""
    url_for_zero = reverse("certificates:staff_award", args=[0])
    prefix, suffix = url_for_zero.rsplit("/0/", 1)
    labels = {}  # a year has at most 366 dates: format each once
    groups = []
    for row in awards_in_year(year).values_list(
        "pk", "organisation_id", "organisation__name", "awarded_on", "level__name"
    ):
        pk, organisation_id, name, awarded_on, level_name = row
        if not groups or groups[-1].name != level_name:
            groups.append(LevelGroup(level_name, []))
        if awarded_on not in labels:
            labels[awarded_on] = date_format(awarded_on, "j F Y")
        groups[-1].awards.append(
            CelebrationRow(
                pk, organisation_id, name, awarded_on, labels[awarded_on], f"{prefix}/{pk}/{suffix}"
            )
        )
    return groups


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
