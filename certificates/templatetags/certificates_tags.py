from django import template
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.html import format_html

from certificates import services
from certificates.models import AwardStatus
from kitemark.date_labels import DateLabels

register = template.Library()


def status_text(award, status, labels=None):
    """What an award's status badge says: "Current", "Expired on 5 March 2027" or
    "Revoked on 1 June 2026". The one place this wording lives."""
    labels = labels or DateLabels()
    if status == AwardStatus.REVOKED:
        return f"Revoked on {labels.day(award.revoked_on)}"
    if status == AwardStatus.EXPIRED:
        return f"Expired on {labels.day(award.expires_on)}"
    return "Current"


@register.simple_tag
def award_status(award, status=None):
    """The status badge. `status` defaults to the award's status today."""
    status = status or award.status
    return format_html(
        '<span class="award-status award-status-{}">{}</span>', status, status_text(award, status)
    )


def _url_maker(name, placeholder=987654321):
    """Build `name`'s URL for many primary keys from one reverse()."""
    prefix, suffix = reverse(name, args=[placeholder]).split(str(placeholder))
    return lambda pk: f"{prefix}{pk}{suffix}"


def _renewal_url(organisation):
    try:
        return reverse("assessments:start", args=[organisation.pk])
    except NoReverseMatch:
        return f"/organisations/{organisation.pk}/applications/new/"


@register.simple_tag
def organisation_awards(organisation):
    """The organisation's awards, newest first, split in two.

    `featured`: what staff act on now, each shown in full with its plaque download and any
    renewal invitation: the current awards and the newest unrevoked one (which invites
    renewal from six months before it expires, and after it has expired).
    `earlier`: every other award, for a compact history table.
    """
    today = timezone.localdate()
    awards = services.awards_for_organisation(organisation)
    newest = max((a.awarded_on for a in awards if not a.is_revoked), default=None)
    plaque_url = _url_maker("certificates:plaque")
    labels = DateLabels()
    featured, earlier = [], []
    for award in awards:
        status = award.status_on(today)
        revoked = status == AwardStatus.REVOKED
        has_plaque = award.has_plaque and not revoked
        row = {
            "pk": award.pk,
            "level_name": award.level_name,
            "year": award.awarded_on.year,
            "certificate_number": award.certificate_number,
            "verification_url": award.verification_url,
            "status": status,
            "status_text": status_text(award, status, labels),
            # No download once revoked; until the plaque is made, say so instead.
            "plaque_url": plaque_url(award.pk) if has_plaque else "",
            "plaque_note": "" if has_plaque else "Not available" if revoked else "Being made",
            "invite_renewal": False,
        }
        is_newest = not revoked and award.awarded_on == newest
        if status == AwardStatus.CURRENT or is_newest:
            row["awarded_label"] = labels.day(award.awarded_on)
            row["expires_label"] = labels.day(award.expires_on)
            # Invite renewal on the newest award only, from six months before it expires.
            if is_newest and award.renewal_open(today):
                row["invite_renewal"] = True
                row["renewal_url"] = _renewal_url(organisation)
            featured.append(row)
        else:
            earlier.append(row)
    return {"featured": featured, "earlier": earlier, "any": bool(awards)}


@register.simple_tag
def application_award(application):
    return services.award_for_application(application)
