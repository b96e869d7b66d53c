"""Award business rules: creating, numbering, plaques, revocation and what each page lists."""

import logging
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db import IntegrityError, connection, transaction
from django.db.models import DateField, DateTimeField, Prefetch
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from assessments.models import Status, TimelineEvent
from jobs.services import enqueue, send_email
from kitemark.date_labels import DateLabels
from kitemark.sql import column_reader

from .dates import expiry_date
from .models import (
    Award,
    AwardStatus,
    CertificateCounter,
    Plaque,
    last_valid_day,
    renewal_open_on,
    status_of,
    verification_url_for,
)

logger = logging.getLogger(__name__)

PLAQUE_JOB = "plaque"
REGISTER_PAGE_SIZE = 25


class AwardError(Exception):
    """A request that the rules refuse; the message is shown to the user."""


def format_certificate_number(year, number):
    return f"KM-{year}-{number:04d}"


def next_certificate_number(year):
    """The next number for `year`, e.g. KM-2027-0007.

    The year's counter row is locked (SELECT ... FOR UPDATE) for the rest of the
    transaction, so two awards confirmed at the same moment get distinct numbers;
    the unique constraint on Award.certificate_number is the last line of defence.
    """
    with transaction.atomic():
        try:
            with transaction.atomic():
                CertificateCounter.objects.get_or_create(year=year)
        except IntegrityError:
            pass  # another transaction created the row first; it exists now
        counter = CertificateCounter.objects.select_for_update().get(year=year)
        counter.last_number += 1
        counter.save(update_fields=["last_number"])
        return format_certificate_number(year, counter.last_number)


def member_emails(organisation):
    emails = organisation.member_emails()
    return emails or [organisation.contact_email]


@transaction.atomic
def create_award(application, awarded_on=None):
    """Create the award for an awarded application and queue its plaque. Idempotent."""
    existing = Award.objects.filter(application=application).first()
    if existing is not None:
        return existing
    if awarded_on is None:
        confirmed = application.outcome_confirmed_at
        awarded_on = timezone.localdate(confirmed) if confirmed else timezone.localdate()
    award = Award.objects.create(
        organisation=application.organisation,
        application=application,
        level=application.level,
        awarded_on=awarded_on,
        expires_on=expiry_date(awarded_on),
        certificate_number=next_certificate_number(awarded_on.year),
    )
    _enqueue_plaque(award, award.plaque_version)
    return award


def _enqueue_plaque(award, version):
    return enqueue(
        PLAQUE_JOB,
        {"award_id": award.pk, "version": version},
        key=plaque_job_key(award, version),
        application=award.application,
    )


def plaque_job_key(award, version):
    return f"plaque:{award.pk}:v{version}"


def on_application_transitioned(sender, application, move, actor, **kwargs):
    """Receiver of assessments.workflow.application_transitioned: runs in its transaction."""
    if move.target == Status.AWARDED:
        create_award(application)


@transaction.atomic
def regenerate_plaque(award, *, actor):
    """Queue a new plaque version (e.g. after a name correction); old versions are kept."""
    locked = Award.objects.select_for_update().get(pk=award.pk)
    if locked.is_revoked:
        raise AwardError("This award has been revoked, so its plaque cannot be regenerated.")
    locked.plaque_version += 1
    locked.save(update_fields=["plaque_version"])
    award.plaque_version = locked.plaque_version
    _record(award, f"Plaque version {locked.plaque_version} requested", actor, visible=False)
    return _enqueue_plaque(locked, locked.plaque_version)


@transaction.atomic
def revoke_award(award, *, actor, reason):
    reason = (reason or "").strip()
    if not reason:
        raise AwardError("Give a reason for revoking the award.")
    locked = (
        Award.objects.select_for_update().select_related("organisation", "level").get(pk=award.pk)
    )
    if locked.is_revoked:
        raise AwardError("This award has already been revoked.")
    locked.revoked_at = timezone.now()
    locked.revoked_reason = reason
    locked.revoked_by = actor
    locked.save(update_fields=["revoked_at", "revoked_reason", "revoked_by"])
    award.revoked_at, award.revoked_reason, award.revoked_by = (
        locked.revoked_at,
        reason,
        actor,
    )
    _record(award, f"Award {locked.certificate_number} revoked: {reason}", actor, visible=True)
    send_email(
        to=member_emails(locked.organisation),
        subject="Your Co-production Kitemark award has been revoked",
        template="certificates_revoked",
        context={"award": locked, "reason": reason},
        key=f"award-revoked:{locked.pk}",
        application=locked.application,
    )
    return locked


def _record(award, message, actor, *, visible):
    from assessments.workflow import record

    record(
        award.application,
        TimelineEvent.Kind.NOTE,
        message,
        actor=actor,
        visible_to_organisation=visible,
    )


# --- What pages list -------------------------------------------------------------


def _with_plaques(queryset):
    return queryset.select_related("level", "organisation").prefetch_related(
        Prefetch("plaques", queryset=Plaque.objects.order_by("-version"))
    )


def status_text(status, *, revoked_on, expires_on, labels=None):
    """What an award's status badge says: "Current", "Expired on 5 March 2027" or
    "Revoked on 1 June 2026". The one place this wording lives."""
    labels = labels or DateLabels()
    if status == AwardStatus.REVOKED:
        return f"Revoked on {labels.day(revoked_on)}"
    if status == AwardStatus.EXPIRED:
        return f"Expired on {labels.day(expires_on)}"
    return "Current"


def _url_maker(name, placeholder=987654321):
    """Build `name`'s URL for many primary keys from one reverse()."""
    prefix, suffix = reverse(name, args=[placeholder]).split(str(placeholder))
    return lambda pk: f"{prefix}{pk}{suffix}"


def _renewal_url(organisation):
    try:
        return reverse("assessments:start", args=[organisation.pk])
    except NoReverseMatch:
        return f"/organisations/{organisation.pk}/applications/new/"


# PostgreSQL and SQLite both read this: what the organisation's dashboard shows of each
# award, newest first (Award.Meta.ordering). The plaques come in through a LEFT JOIN (one
# row per plaque version, none yet: one row with NULL): cheaper than an EXISTS per award,
# and an award has a handful of versions at most. Through the ORM (values() across two
# joins) the query took about 0.5 ms to build on every dashboard request.
_ORGANISATION_AWARDS_SQL = """
    SELECT a."id", a."awarded_on", a."expires_on", a."certificate_number",
        a."verification_code", a."revoked_at", l."name", p."id"
    FROM "certificates_award" a
    INNER JOIN "assessments_level" l ON l."id" = a."level_id"
    LEFT OUTER JOIN "certificates_plaque" p ON p."award_id" = a."id"
    WHERE a."organisation_id" = %s
    ORDER BY a."awarded_on" DESC, a."id" DESC
"""


def organisation_awards(organisation, today=None):
    """The organisation's awards for its dashboard, newest first, split in two, as rows of
    what the page shows (read as plain values, no model instances).

    `featured`: what staff act on now, each shown in full with its plaque download and any
    renewal invitation: the current awards and the newest unrevoked one (which invites
    renewal from six months before it expires, and after it has expired).
    `earlier`: every other award, for a compact history table.
    `any`: whether the organisation holds any award at all.
    """
    today = today or timezone.localdate()
    with connection.cursor() as cursor:
        cursor.execute(_ORGANISATION_AWARDS_SQL, [organisation.pk])
        rows = cursor.fetchall()
    read_date, read_datetime = column_reader(DateField()), column_reader(DateTimeField())
    awards = {}  # pk -> the award's values, newest first
    with_plaque = set()
    for pk, awarded_on, expires_on, number, code, revoked_at, level_name, plaque_id in rows:
        if pk not in awards:
            awards[pk] = (
                read_date(awarded_on),
                read_date(expires_on),
                number,
                code,
                read_datetime(revoked_at),
                level_name,
            )
        if plaque_id is not None:
            with_plaque.add(pk)
    unrevoked = [day for day, *_, revoked_at, _ in awards.values() if revoked_at is None]
    newest = max(unrevoked, default=None)
    plaque_url = _url_maker("certificates:plaque")
    labels = DateLabels()
    featured, earlier = [], []
    for pk, (awarded_on, expires_on, number, code, revoked_at, level_name) in awards.items():
        status = status_of(revoked_at, expires_on, today)
        revoked = status == AwardStatus.REVOKED
        has_plaque = pk in with_plaque and not revoked
        row = {
            "pk": pk,
            "level_name": level_name,
            "year": awarded_on.year,
            "certificate_number": number,
            "verification_url": verification_url_for(code),
            "status": status,
            "status_text": status_text(
                status,
                revoked_on=timezone.localdate(revoked_at) if revoked else None,
                expires_on=expires_on,
                labels=labels,
            ),
            # No download once revoked; until the plaque is made, say so instead.
            "plaque_url": plaque_url(pk) if has_plaque else "",
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
                row["renewal_url"] = _renewal_url(organisation)
            featured.append(row)
        else:
            earlier.append(row)
    return {"featured": featured, "earlier": earlier, "any": bool(awards)}


def award_for_application(application):
    return _with_plaques(Award.objects.filter(application=application)).first()


def newest_award_ids(organisation):
    return set(
        Award.objects.filter(organisation=organisation)
        .latest_per_organisation()
        .values_list("pk", flat=True)
    )


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
    """The register's rows for one page of register_queryset().values_list(*REGISTER_COLUMNS),
    with the verification links built without a reverse() each."""
    placeholder = "0" * 16
    prefix, suffix = reverse("certificates:verify", args=[placeholder]).split(placeholder)
    labels = DateLabels()
    return [
        RegisterRow(
            level_name,
            name,
            f"{prefix}{code}{suffix}",
            labels.month(awarded_on),
            labels.day(last_valid_day(expires_on)),
        )
        for level_name, name, code, awarded_on, expires_on in values
    ]


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


def staff_awards_queryset(*, status="", query="", today=None):
    queryset = Award.objects.with_status(status, today) if status else Award.objects.all()
    if query:
        queryset = queryset.filter(organisation__name__icontains=query) | queryset.filter(
            certificate_number__iexact=query
        )
    return _with_plaques(queryset.order_by("-awarded_on", "-pk"))


STATUS_FILTERS = [("", "All")] + [(s.value, s.label) for s in AwardStatus]
