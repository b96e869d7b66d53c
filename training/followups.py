"""After a session: the pledge email and certificate, then three months later the
follow-up, each once per attendee; and retention.

"Once" follows the reminder ledger's pattern (certificates/reminders.py): a sweep inserts
FollowUpLedger rows for a batch with one INSERT that ignores conflicts, each row carrying
the sweep's claim token, reads back which rows carry its token, and queues the emails for
those rows only, in the same transaction. A second sweep, even at the same moment, claims
nothing already claimed.
"""

import logging
import uuid
from datetime import datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.formats import date_format

from assessments.outcomes import add_months_clamped
from jobs.models import Job
from jobs.services import email_job, enqueue_many

from . import links
from .models import Booking, FollowUpLedger
from .services.bookings import expire_offers

logger = logging.getLogger(__name__)

PLEDGE = "pledge"
FOLLOW_UP = "follow_up"
# The follow-up asks what changed this many months after the session (the scheme's rule).
FOLLOW_UP_MONTHS = 3
BATCH_SIZE = 500


def follow_up_due_on(session):
    return add_months_clamped(timezone.localdate(session.starts_at), FOLLOW_UP_MONTHS)


def _attended():
    return Booking.objects.filter(
        status=Booking.Status.CONFIRMED,
        attendance=Booking.Attendance.ATTENDED,
        anonymised_at__isnull=True,
        session__cancelled_at__isnull=True,
    ).select_related("session")


def _not_claimed(kind):
    return ~Exists(FollowUpLedger.objects.filter(booking=OuterRef("pk"), kind=kind))


def _claim(kind, bookings, jobs_for):
    """Claim `kind` for each booking; queue the jobs of the rows this call claimed."""
    if not bookings:
        return 0
    token = uuid.uuid4()
    with transaction.atomic():
        FollowUpLedger.objects.bulk_create(
            [FollowUpLedger(booking=b, kind=kind, claim=token) for b in bookings],
            ignore_conflicts=True,
        )
        mine = set(
            FollowUpLedger.objects.filter(
                claim=token, kind=kind, booking__in=[b.pk for b in bookings]
            ).values_list("booking_id", flat=True)
        )
        jobs = []
        for booking in bookings:
            if booking.pk in mine:
                jobs += jobs_for(booking)
        enqueue_many(jobs)
    return len(mine)


def _date(session):
    return date_format(timezone.localtime(session.starts_at), "j F Y")


def _pledge_jobs(booking):
    return [
        email_job(
            to=[booking.email],
            subject="Thank you for coming: what will you change?",
            template="training_pledge_request",
            context={
                "booking": booking,
                "date": _date(booking.session),
                "pledge_url": links.url(booking, "pledge"),
            },
            key=f"training:pledge-request:{booking.pk}",
        ),
        Job(
            kind="training_certificate",
            key=f"training:certificate:{booking.pk}",
            payload={"booking_id": booking.pk},
        ),
    ]


def _follow_up_jobs(booking):
    return [
        email_job(
            to=[booking.email],
            subject="Three months on: what did you change?",
            template="training_follow_up",
            context={
                "booking": booking,
                "date": _date(booking.session),
                "follow_up_url": links.url(booking, "follow_up"),
            },
            key=f"training:follow-up:{booking.pk}",
        )
    ]


def send_pledge_requests(now=None):
    """Each attendee of a session that has ended: the pledge request and the certificate."""
    now = now or timezone.now()
    ended = [
        b
        for b in _attended()
        .filter(_not_claimed(PLEDGE), session__starts_at__lte=now)
        .order_by("pk")[:BATCH_SIZE]
        if b.session.ends_at <= now
    ]
    return _claim(PLEDGE, ended, _pledge_jobs)


def send_follow_ups(today=None):
    """Each attendee who pledged, three months after their session: asked once what they
    actually changed."""
    today = today or timezone.localdate()
    # Sessions up to the end of today three months ago; the exact date is checked below.
    latest = timezone.make_aware(
        datetime.combine(add_months_clamped(today, -FOLLOW_UP_MONTHS), time.max)
    ) + timedelta(days=3)
    candidates = (
        _attended()
        .filter(_not_claimed(FOLLOW_UP), session__starts_at__lte=latest, pledged_at__isnull=False)
        .exclude(pledge="")
        .order_by("pk")[:BATCH_SIZE]
    )
    due = [b for b in candidates if follow_up_due_on(b.session) <= today]
    return _claim(FOLLOW_UP, due, _follow_up_jobs)


def retention_cutoff(today=None):
    """Bookings of sessions before this date are anonymised: the follow-up (three months
    on) plus TRAINING_RETENTION_DAYS."""
    today = today or timezone.localdate()
    return add_months_clamped(
        today - timedelta(days=settings.TRAINING_RETENTION_DAYS), -FOLLOW_UP_MONTHS
    )


def anonymise_old_bookings(today=None):
    """Remove the personal data of bookings whose follow-up was TRAINING_RETENTION_DAYS
    ago or more. Kept: sector, attendance, the pledge and what changed (no names), the
    organisation link (for the evidence and reports)."""
    cutoff = retention_cutoff(today)
    start = timezone.make_aware(datetime.combine(cutoff, time.min))
    count = Booking.objects.filter(anonymised_at__isnull=True, session__starts_at__lt=start).update(
        name="",
        email="",
        role="",
        organisation_name="",
        access_needs="",
        anonymised_at=timezone.now(),
    )
    return count


def sweep(now=None):
    """Beat runs this every 15 minutes: offers that ran out, pledges, follow-ups,
    retention."""
    now = now or timezone.now()
    summary = {
        "offers_lapsed": expire_offers(now),
        "pledge_requests": send_pledge_requests(now),
        "follow_ups": send_follow_ups(timezone.localdate(now)),
        "anonymised": anonymise_old_bookings(timezone.localdate(now)),
    }
    logger.info("Training sweep: %s", summary)
    return summary
