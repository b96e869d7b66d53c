"""Reads of awards: what the organisation's dashboard, the public register and the staff
awards list show, and an award's status wording."""

from dataclasses import dataclass
from html import escape
from urllib.parse import quote, urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Prefetch
from django.urls import reverse
from django.utils import timezone

from kitemark.date_labels import DateLabels
from panels.selectors import young_people_count
from scheme.selectors import current_scheme

from .models import (
    Award,
    AwardStatus,
    Plaque,
    last_valid_day,
    renewal_open_on,
    status_of,
    verification_url_for,
)

REGISTER_PAGE_SIZE = 25


def member_emails(organisation):
    """Where an organisation's award emails go: its active members, else its main contact."""
    emails = organisation.member_emails()
    return emails or [organisation.contact_email]


def status_text(status, *, revoked_on, expires_on, labels=None):
    """What an award's status badge says: "Current", "Expired on 5 March 2027" or
    "Revoked on 1 June 2026". The one place this wording lives."""
    labels = labels or DateLabels()
    if status == AwardStatus.REVOKED:
        return f"Revoked on {labels.day(revoked_on)}"
    if status == AwardStatus.EXPIRED:
        return f"Expired on {labels.day(expires_on)}"
    return "Current"


def badge_url_for(code):
    return f"{settings.SITE_URL}{reverse('certificates:badge', args=[code])}"


def embed_code(code, level_name, status_label):
    """The HTML an organisation copies to show its badge: the live badge image, linked to
    the verification page. The one place this snippet is made."""
    # Plain text (not marked safe): pages show it as code to copy, escaped.
    alt = f"{current_scheme().scheme_name} {level_name} award: {status_label}"
    return (
        f'<a href="{escape(verification_url_for(code))}"><img src="{escape(badge_url_for(code))}" '
        f'alt="{escape(alt)}" '
        'width="220" height="28"></a>'
    )


def share_links(code, level_name):
    """Plain links that share an award's verification page on the common networks and by
    email: no script or image from those sites is loaded."""
    url = verification_url_for(code)
    text = f"We hold the Co-production Kitemark ({level_name}), awarded by young people."
    return [
        ("LinkedIn", "https://www.linkedin.com/sharing/share-offsite/?" + urlencode({"url": url})),
        ("Facebook", "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url})),
        ("X", "https://x.com/intent/post?" + urlencode({"text": text, "url": url})),
        ("Bluesky", "https://bsky.app/intent/compose?" + urlencode({"text": f"{text} {url}"})),
        (
            "Email",
            f"mailto:?subject={quote('Our Co-production Kitemark award')}"
            f"&body={quote(f'{text} Check it here: {url}')}",
        ),
    ]


def _with_plaques(queryset):
    return queryset.select_related("level", "organisation").prefetch_related(
        Prefetch("plaques", queryset=Plaque.objects.order_by("-version"))
    )


# What the organisation's dashboard reads of each award, as plain values.
_ORGANISATION_AWARD_FIELDS = (
    "pk",
    "awarded_on",
    "expires_on",
    "certificate_number",
    "verification_code",
    "revoked_at",
    "level__name",
    "has_plaque",
)


def organisation_awards(organisation, today=None):
    """The organisation's awards for its dashboard, newest first, split in two, as rows of
    what the page shows.

    `featured`: what staff act on now, each shown in full with its plaque download and any
    renewal invitation: the current awards and the newest unrevoked one (which invites
    renewal from six months before it expires, and after it has expired).
    `earlier`: every other award, for a compact history table.
    `any`: whether the organisation holds any award at all.
    """
    today = today or timezone.localdate()
    awards = list(
        Award.objects.filter(organisation=organisation)
        .annotate(has_plaque=Exists(Plaque.objects.filter(award=OuterRef("pk"))))
        .order_by("-awarded_on", "-pk")
        .values(*_ORGANISATION_AWARD_FIELDS)
    )
    newest = max(
        (award["awarded_on"] for award in awards if award["revoked_at"] is None), default=None
    )
    labels = DateLabels()
    featured, earlier = [], []
    for award in awards:
        pk, awarded_on, expires_on = award["pk"], award["awarded_on"], award["expires_on"]
        revoked_at = award["revoked_at"]
        status = status_of(revoked_at, expires_on, today)
        revoked = status == AwardStatus.REVOKED
        has_plaque = award["has_plaque"] and not revoked
        row = {
            "pk": pk,
            "level_name": award["level__name"],
            "year": awarded_on.year,
            "certificate_number": award["certificate_number"],
            "verification_url": verification_url_for(award["verification_code"]),
            "status": status,
            "status_text": status_text(
                status,
                revoked_on=timezone.localdate(revoked_at) if revoked else None,
                expires_on=expires_on,
                labels=labels,
            ),
            # No download once revoked; until the plaque is made, say so instead.
            "plaque_url": reverse("certificates:plaque", args=[pk]) if has_plaque else "",
            "print_plaque_url": (
                reverse("certificates:plaque_print", args=[pk]) if has_plaque else ""
            ),
            "plaque_note": "" if has_plaque else "Not available" if revoked else "Being made",
            "invite_renewal": False,
        }
        is_newest = not revoked and awarded_on == newest
        if status == AwardStatus.CURRENT or is_newest:
            row["awarded_label"] = labels.day(awarded_on)
            row["expires_label"] = labels.day(expires_on)
            # Invite renewal on the newest award only, from six months before it expires.
            if is_newest and renewal_open_on(revoked_at, expires_on, today):
                row["invite_renewal"] = True
                row["renewal_url"] = reverse("assessments:start", args=[organisation.pk])
            if status == AwardStatus.CURRENT:
                row["embed_code"] = embed_code(
                    award["verification_code"],
                    award["level__name"],
                    status_text(status, revoked_on=None, expires_on=expires_on, labels=labels),
                )
                row["share_links"] = share_links(award["verification_code"], award["level__name"])
                # The credentials app serves the award's signed Open Badges credential.
                row["credential_url"] = reverse(
                    "credentials:credential", args=[award["verification_code"]]
                )
            featured.append(row)
        else:
            earlier.append(row)
    return {"featured": featured, "earlier": earlier, "any": bool(awards)}


def award_for_application(application):
    return _with_plaques(Award.objects.filter(application=application)).first()


@dataclass
class RegisterRow:
    level_name: str
    organisation_name: str
    url: str
    awarded_label: str
    valid_until_label: str


REGISTER_COLUMNS = (
    "level__name",
    "organisation_name",
    "verification_code",
    "awarded_on",
    "expires_on",
)


class CountedPaginator(Paginator):
    """A paginator given its count, taken from an aggregate the page makes anyway or from a
    cheaper query than counting the page's own rows."""

    def __init__(self, object_list, per_page, count):
        super().__init__(object_list, per_page)
        self.count = count  # replaces the cached property: no COUNT query of object_list


def register_queryset(*, query="", level_code="", today=None):
    """Current awards of organisations that agreed to be listed, grouped by level: each
    organisation once, with its newest award. Sorted on the award's own columns, so the
    register's partial index returns a page without sorting every current award."""
    queryset = (
        Award.objects.on_register(today)
        .select_related("level")
        .order_by("level_order", "organisation_name", "pk")
    )
    if query:
        queryset = queryset.filter(organisation_name__icontains=query)
    if level_code:
        queryset = queryset.filter(level__code=level_code)
    return queryset


def register_page(*, query="", level_code="", number=None, today=None):
    """One page of register_queryset().values_list(*REGISTER_COLUMNS) (see register_rows).

    The total is counted on the awards alone. Counting the page's values query would
    join the levels for their names, and that join turns the count's index-only scan of
    the register's partial index into a visit to every current award."""
    awards = register_queryset(query=query, level_code=level_code, today=today)
    return CountedPaginator(
        awards.values_list(*REGISTER_COLUMNS), REGISTER_PAGE_SIZE, awards.count()
    ).get_page(number)


def register_rows(values):
    """The register's rows for one page of register_queryset().values_list(*REGISTER_COLUMNS)."""
    labels = DateLabels()
    return [
        RegisterRow(
            level_name,
            name,
            reverse("certificates:verify", args=[code]),
            labels.month(awarded_on),
            labels.day(last_valid_day(expires_on)),
        )
        for level_name, name, code, awarded_on, expires_on in values
    ]


def staff_awards_queryset(*, status="", query="", today=None):
    queryset = Award.objects.with_status(status, today) if status else Award.objects.all()
    if query:
        queryset = queryset.filter(organisation__name__icontains=query) | queryset.filter(
            certificate_number__iexact=query
        )
    return _with_plaques(queryset.order_by("-awarded_on", "-pk"))


def scored_by(award):
    """ "Scored by a panel of N young people": the number who scored the award's
    application (panels.selectors.young_people_count), never who they were. Empty when
    none is recorded."""
    count = young_people_count(award.application_id)
    if not count:
        return ""
    return f"Scored by a panel of {count} young {'person' if count == 1 else 'people'}"


def last_checked_in(award):
    """When the award's organisation last sent a yearly check-in for it (a datetime), or
    None. The verification page shows its month and year, never its content. Read through
    the relation the checkins app declares (certificates does not import it). Reads
    award.checkins.all(), so a list of awards that prefetched them asks nothing more; an
    award has one check-in a year at most."""
    return max((c.sent_at for c in award.checkins.all() if c.sent_at is not None), default=None)
