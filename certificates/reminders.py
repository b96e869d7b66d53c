"""The daily sweep: expiry reminders and resubmission deadline reminders.

Each reminder is sent at most once per award (or application) and kind. The
sweep claims ReminderLedger rows and queues the emails in the same transaction,
a batch at a time; the ledger's unique constraints make a second sweep, even one
running at the same moment, fail to claim those rows, and each sweep queues the
emails only for the rows it claimed itself (see _claim).

Catching up: when the sweep has not run for a while, the latest milestone that
is due is sent once (if it fell due within REMINDER_CATCH_UP_DAYS); earlier
milestones whose successor is already due are recorded as skipped so they never
go out later.

Scale: only awards whose milestone dates fall inside the catch-up window and
that have no ledger row for that milestone are read, selected in the database
by date ranges on the indexed expires_on column, in batches of a bounded size,
with a fixed number of queries per batch (read the batch, its members, its ledger
rows; insert the claims, read them back; insert the emails, read their ids).
"""

import logging
import time
import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db import OperationalError, transaction
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.dispatch import Signal
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from assessments.models import Application, Status
from assessments.outcomes import add_months_clamped
from jobs.services import email_job, enqueue_many
from organisations.models import Membership
from scheme.selectors import current_scheme

from .dates import months_before
from .models import Award, ReminderLedger
from .selectors import member_emails

logger = logging.getLogger(__name__)

BATCH_SIZE = 500
# A month can clamp a date by up to 3 days (31st -> 28th), so ranges are widened by this.
_CLAMP_MARGIN = timedelta(days=3)
_LOCK_RETRIES = 20


@dataclass(frozen=True)
class Milestone:
    kind: str
    offset: int  # months before expiry, or weeks before a resubmission deadline

    def expiry_due(self, expires_on: date) -> date:
        return months_before(expires_on, self.offset)

    def resubmission_due(self, deadline: date) -> date:
        return deadline - timedelta(weeks=self.offset)


def catch_up_days():
    return int(getattr(settings, "REMINDER_CATCH_UP_DAYS", 60))


def expiry_milestones():
    """Earliest first: e.g. 6 months, 3 months, 1 month before, then the expiry day."""
    months = sorted(
        {int(m) for m in getattr(settings, "EXPIRY_REMINDER_MONTHS", [6, 3, 1]) if int(m) > 0},
        reverse=True,
    )
    return [Milestone(f"expiry_{m}m", m) for m in months] + [Milestone("expiry_day", 0)]


def resubmission_milestones():
    weeks = sorted(
        {int(w) for w in getattr(settings, "RESUBMISSION_REMINDER_WEEKS", [4, 1]) if int(w) > 0},
        reverse=True,
    )
    return [Milestone(f"resubmission_{w}w", w) for w in weeks]


def renewal_url(organisation):
    return f"{settings.SITE_URL}{reverse('assessments:start', args=[organisation.pk])}"


# Apps above this one add their own reminders to the sweep (checkins): each receiver is
# called with `today` and returns its summary, a dict merged into the sweep's. They claim
# through the same ledger (claim, plan, Entry), so the "once" rule is this module's.
sweeping = Signal()


# --- The sweep --------------------------------------------------------------------


def daily_sweep(today=None):
    """Send every reminder that is due today (or was missed). Lapsing a resubmission whose
    deadline passed is the assessments app's own task, run by its own beat entry."""
    today = today or timezone.localdate()
    summary = {}
    summary.update(send_expiry_reminders(today))
    summary.update(send_resubmission_reminders(today))
    for _receiver, result in sweeping.send(sender=daily_sweep, today=today):
        summary.update(result or {})
    logger.info("Daily sweep for %s: %s", today, summary)
    return summary


_MEMBERS = Prefetch("organisation__memberships", queryset=Membership.objects.select_related("user"))


@dataclass
class _Entry:
    """One reminder this sweep means to record: sent (with its email) or skipped."""

    target: object  # the Award or Application
    kind: str
    due_on: date
    email: object = None  # a function returning an unsaved email Job, or None to skip


def _claim(*, field, entries):
    """Claim a batch of reminders and queue the emails of the claimed ones, in one
    transaction and a bounded number of queries.

    The ledger rows go in with one INSERT that ignores conflicts; the rows another sweep
    already holds are left alone. Each row carries this call's claim token, so reading
    the token back tells exactly which rows this sweep claimed: only those emails are
    queued. Returns (sent, skipped) counted over the claimed rows.
    """
    if not entries:
        return 0, 0
    token = uuid.uuid4()
    for attempt in range(_LOCK_RETRIES):
        try:
            with transaction.atomic():
                now = timezone.now()
                ReminderLedger.objects.bulk_create(
                    [
                        ReminderLedger(
                            **{field: entry.target},
                            kind=entry.kind,
                            due_on=entry.due_on,
                            outcome=(
                                ReminderLedger.Outcome.SENT
                                if entry.email
                                else ReminderLedger.Outcome.SKIPPED
                            ),
                            sent_at=now if entry.email else None,
                            claim=token,
                        )
                        for entry in entries
                    ],
                    ignore_conflicts=True,
                )
                claimed = set(
                    ReminderLedger.objects.filter(
                        claim=token, **{f"{field}__in": {e.target.pk for e in entries}}
                    ).values_list(f"{field}_id", "kind")
                )
                mine = [e for e in entries if (e.target.pk, e.kind) in claimed]
                enqueue_many([e.email() for e in mine if e.email])
            sent = sum(1 for e in mine if e.email)
            return sent, len(mine) - sent
        except OperationalError as exc:
            # SQLite reports a busy database instead of waiting like PostgreSQL does.
            if "locked" not in str(exc).lower() or attempt == _LOCK_RETRIES - 1:
                raise
            time.sleep(0.02 * (attempt + 1))
    return 0, 0  # pragma: no cover


def _plan(dues, today, existing_kinds):
    """From (milestone, due date) pairs (earliest first) decide what to send and skip.

    Returns (to_send or None, [to_skip]).
    """
    window_start = today - timedelta(days=catch_up_days())
    fallen_due = [(m, d) for m, d in dues if d <= today]
    if not fallen_due:
        return None, []
    latest = fallen_due[-1]
    if latest[1] < window_start:
        return None, []  # too old to be worth sending now, and nothing newer is due
    # Milestones missed inside the window whose successor is already due: record them
    # as skipped so they can never go out later. Older ones predate the window.
    skip = [
        (m, d) for m, d in fallen_due[:-1] if m.kind not in existing_kinds and d >= window_start
    ]
    if latest[0].kind in existing_kinds:
        return None, skip
    return latest, skip


def _range_query(field, milestones, ranges, ledger_filter):
    condition = Q()
    for milestone, (low, high) in zip(milestones, ranges, strict=True):
        claimed = ReminderLedger.objects.filter(
            kind=milestone.kind, **{ledger_filter: OuterRef("pk")}
        )
        condition |= Q(**{f"{field}__range": (low, high)}) & ~Exists(claimed)
    return condition


def _batches(queryset):
    last_pk = 0
    while True:
        batch = list(queryset.filter(pk__gt=last_pk).order_by("pk")[:BATCH_SIZE])
        if not batch:
            return
        last_pk = batch[-1].pk
        yield batch


def send_expiry_reminders(today):
    milestones = expiry_milestones()
    window_start = today - timedelta(days=catch_up_days())
    # due = expires_on - offset  =>  expires_on ~ due + offset (widened for month clamping).
    ranges = [
        (
            add_months_clamped(window_start, m.offset) - _CLAMP_MARGIN,
            add_months_clamped(today, m.offset) + _CLAMP_MARGIN,
        )
        for m in milestones
    ]
    newer = Award.objects.filter(
        organisation=OuterRef("organisation"),
        revoked_at__isnull=True,
        awarded_on__gt=OuterRef("awarded_on"),
    )
    candidates = (
        Award.objects.not_revoked()
        .filter(_range_query("expires_on", milestones, ranges, "award"))
        .annotate(superseded=Exists(newer))
        .select_related("organisation", "level", "application")
        .prefetch_related(_MEMBERS)
    )
    sent = skipped = 0
    for batch in _batches(candidates):
        existing = {}
        for award_id, kind in ReminderLedger.objects.filter(award__in=batch).values_list(
            "award_id", "kind"
        ):
            existing.setdefault(award_id, set()).add(kind)
        entries = []
        for award in batch:
            dues = [(m, m.expiry_due(award.expires_on)) for m in milestones]
            to_send, to_skip = _plan(dues, today, existing.get(award.pk, set()))
            if to_send and award.superseded:
                # The organisation already holds a newer award: no renewal to invite.
                to_skip, to_send = [*to_skip, to_send], None
            entries += [_Entry(award, m.kind, due) for m, due in to_skip]
            if to_send:
                milestone, due = to_send
                entries.append(
                    _Entry(
                        award,
                        milestone.kind,
                        due,
                        email=lambda a=award, m=milestone: _expiry_email(a, m),
                    )
                )
        batch_sent, batch_skipped = _claim(field="award", entries=entries)
        sent += batch_sent
        skipped += batch_skipped
    return {"expiry_sent": sent, "expiry_skipped": skipped}


def _expiry_email(award, milestone):
    expired = milestone.offset == 0
    if expired:
        subject = f"Your {current_scheme().scheme_name} has expired today"
    else:
        expires = date_format(award.expires_on, "j F Y")
        subject = f"Your {current_scheme().scheme_name} expires on {expires}: time to renew"
    return email_job(
        to=member_emails(award.organisation),
        subject=subject,
        template="certificates_expiry_reminder",
        context={
            "award": award,
            "expired": expired,
            "months": milestone.offset,
            "renewal_url": renewal_url(award.organisation),
        },
        key=f"reminder:award:{award.pk}:{milestone.kind}",
        application=award.application,
    )


def send_resubmission_reminders(today):
    milestones = resubmission_milestones()
    window_start = today - timedelta(days=catch_up_days())
    # due = deadline - weeks  =>  deadline = due + weeks (exact, no clamping).
    ranges = [
        (window_start + timedelta(weeks=m.offset), today + timedelta(weeks=m.offset))
        for m in milestones
    ]
    candidates = (
        Application.objects.filter(
            status=Status.RESUBMISSION_INVITED, resubmission_deadline__gte=today
        )
        .filter(_range_query("resubmission_deadline", milestones, ranges, "application"))
        .select_related("organisation", "level")
        .prefetch_related(_MEMBERS)
    )
    sent = skipped = 0
    for batch in _batches(candidates):
        existing = {}
        for application_id, kind in ReminderLedger.objects.filter(
            application__in=batch
        ).values_list("application_id", "kind"):
            existing.setdefault(application_id, set()).add(kind)
        entries = []
        for application in batch:
            dues = [(m, m.resubmission_due(application.resubmission_deadline)) for m in milestones]
            to_send, to_skip = _plan(dues, today, existing.get(application.pk, set()))
            entries += [_Entry(application, m.kind, due) for m, due in to_skip]
            if to_send:
                milestone, due = to_send
                entries.append(
                    _Entry(
                        application,
                        milestone.kind,
                        due,
                        email=lambda a=application, m=milestone: _resubmission_email(a, m),
                    )
                )
        batch_sent, batch_skipped = _claim(field="application", entries=entries)
        sent += batch_sent
        skipped += batch_skipped
    return {"resubmission_sent": sent, "resubmission_skipped": skipped}


def _resubmission_email(application, milestone):
    weeks = milestone.offset
    return email_job(
        to=member_emails(application.organisation),
        subject=(
            f"{weeks} week{'s' if weeks != 1 else ''} left to resubmit your Kitemark application"
        ),
        template="certificates_resubmission_reminder",
        context={"application": application, "weeks": weeks},
        key=f"reminder:application:{application.pk}:{milestone.kind}",
        application=application,
    )


# The ledger's claiming, for the reminders other apps add through `sweeping`. Called
# through this module, so a test that replaces _claim sees theirs too.
def claim(*, field, entries):
    return _claim(field=field, entries=entries)


Entry = _Entry
plan = _plan
batches = _batches
members_prefetch = _MEMBERS
