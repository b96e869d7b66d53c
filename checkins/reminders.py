"""Check-in reminders, sent by the daily sweep (certificates.reminders.daily_sweep calls
send_checkin_reminders through its `sweeping` signal).

Each reminder is claimed in the same ReminderLedger as the expiry reminders (kind
"checkin<n>_4w", "checkin<n>_due", "checkin<n>_late" on the award), so it goes at most
once, even when two sweeps run at the same moment, and a missed one is caught up the same
way. Only current awards (not revoked, not expired; certificates.models AwardQuerySet
.current) that no newer award replaces are reminded; a check-in already sent gets no
further reminder.
"""

from datetime import timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.formats import date_format

from certificates import reminders as ledger
from certificates.dates import months_before
from certificates.models import Award, ReminderLedger
from certificates.selectors import member_emails
from jobs.services import email_job

from .models import CheckIn
from .schedule import (
    REMIND_AFTER,
    REMIND_BEFORE,
    Stage,
    checkin_months,
    due_dates,
    reminder_dates,
)

_CLAMP_MARGIN = timedelta(days=3)


def checkin_url(award, number):
    path = reverse("checkins:org_edit", args=[award.pk, number])
    return f"{settings.SITE_URL}{path}"


def _candidates(today):
    """Current awards with a check-in reminder that falls in the catch-up window and is not
    yet in the ledger, chosen by ranges on the award date (one per reminder, widened for
    month clamping), as the expiry reminders are."""
    window_start = today - timedelta(days=ledger.catch_up_days())
    condition = Q()
    for number, months in enumerate(checkin_months(), start=1):
        for stage, offset in (
            ("4w", -REMIND_BEFORE),
            ("due", timedelta(0)),
            ("late", REMIND_AFTER),
        ):
            # The reminder goes on due + offset, and due = awarded_on + months.
            low = months_before(window_start - offset, months) - _CLAMP_MARGIN
            high = months_before(today - offset, months) + _CLAMP_MARGIN
            claimed = ReminderLedger.objects.filter(
                award=OuterRef("pk"), kind=Stage(number, stage).kind
            )
            condition |= Q(awarded_on__range=(low, high)) & ~Exists(claimed)
    return (
        Award.objects.current(today)
        .latest_per_organisation(current_on=today)
        .filter(condition)
        .select_related("organisation", "level", "application")
        .prefetch_related(ledger.members_prefetch)
    )


def send_checkin_reminders(sender=None, today=None, **kwargs):
    sent = skipped = 0
    for batch in ledger.batches(_candidates(today)):
        existing = {}
        for award_id, kind in ReminderLedger.objects.filter(
            award__in=batch, kind__startswith="checkin"
        ).values_list("award_id", "kind"):
            existing.setdefault(award_id, set()).add(kind)
        sent_checkins = set(
            CheckIn.objects.filter(award__in=batch, sent_at__isnull=False).values_list(
                "award_id", "number"
            )
        )
        entries = []
        for award in batch:
            for number, due_on in due_dates(award.awarded_on, award.expires_on):
                if (award.pk, number) in sent_checkins:
                    continue
                dues = reminder_dates(number, due_on)
                to_send, to_skip = ledger.plan(dues, today, existing.get(award.pk, set()))
                entries += [ledger.Entry(award, stage.kind, day) for stage, day in to_skip]
                if to_send:
                    stage, day = to_send
                    entries.append(
                        ledger.Entry(
                            award,
                            stage.kind,
                            day,
                            email=lambda a=award, s=stage, d=due_on: _email(a, s, d),
                        )
                    )
        batch_sent, batch_skipped = ledger.claim(field="award", entries=entries)
        sent += batch_sent
        skipped += batch_skipped
    return {"checkin_sent": sent, "checkin_skipped": skipped}


SUBJECTS = {
    "4w": "Your Kitemark check-in is due on {due}",
    "due": "Your Kitemark check-in is due today",
    "late": "Your Kitemark check-in was due on {due}: please send it",
}


def _email(award, stage, due_on):
    due = date_format(due_on, "j F Y")
    return email_job(
        to=member_emails(award.organisation),
        subject=SUBJECTS[stage.name].format(due=due),
        template="checkins_reminder",
        context={
            "award": award,
            "due": due,
            "stage": stage.name,
            "url": checkin_url(award, stage.number),
        },
        key=f"reminder:award:{award.pk}:{stage.kind}",
        application=award.application,
    )
