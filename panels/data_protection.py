"""Subject access and erasure for panel members (children): export everything held,
and anonymise someone who leaves while keeping the totals they contributed to."""

import re
import uuid

from django.db import transaction
from django.db.models import Q
from django.dispatch import Signal
from django.utils import timezone

from accounts.logins import forget_sign_ins
from assessments.models import TimelineEvent
from audit import tamper_guard

from .models import Conflict, Notice, PanelMember, PrivateNote, Score, ScoringSubmission

# Sent when a young person's account (a panel member's, a young trainer's, or both) has
# been anonymised, in the same transaction, so apps above panels remove what they hold
# that names them (recognition's certificates) and keep the counts.
young_person_anonymised = Signal()


def export_member(member):
    """Everything the service holds about one panel member, as plain data."""
    user = member.user
    return {
        "exported_at": timezone.now().isoformat(),
        "account": {
            "display_name": member.display_name,
            "group": member.group,
            "email": user.email,
            "username": user.username,
            "full_name": user.full_name,
            "is_active": member.is_active,
            "created_at": member.created_at.isoformat(),
            "deactivated_at": member.deactivated_at.isoformat() if member.deactivated_at else None,
            "anonymised_at": member.anonymised_at.isoformat() if member.anonymised_at else None,
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "supervisor": member.supervisor.display_label,
        },
        "conflicts": [
            {
                "organisation": c.organisation.name,
                "reason": c.reason,
                "recorded_at": c.created_at.isoformat(),
            }
            for c in member.conflicts.select_related("organisation")
        ],
        "panels": [
            {
                "organisation": seat.panel.application.organisation.name,
                "application": seat.panel.application_id,
            }
            for seat in member.seats.select_related("panel__application__organisation")
        ],
        "private_notes": [
            {
                "application": n.application_id,
                "indicator": n.indicator.code,
                "notes": n.notes,
                "questions": n.questions,
            }
            for n in PrivateNote.objects.filter(member=member).select_related("indicator")
        ],
        "scores": [
            {
                "application": s.application_id,
                "organisation": s.application.organisation.name,
                "indicator": s.indicator.code,
                "round": s.round,
                "value": s.value,
                "saved_at": s.updated_at.isoformat(),
            }
            for s in Score.objects.filter(member=member).select_related(
                "indicator", "application__organisation"
            )
        ],
        "finished_scoring": [
            {
                "application": sub.application_id,
                "round": sub.round,
                "submitted_at": sub.submitted_at.isoformat(),
            }
            for sub in ScoringSubmission.objects.filter(member=member)
        ],
    }


def _forget_name_in_old_timeline_messages(name, label):
    """Panel messages written before names were stored as references ("Panel changed: Leo,
    Maya.") froze the name into the text: put the label in its place."""
    if not name:
        return
    pattern = re.compile(rf"(?<![\w]){re.escape(name)}(?![\w])")
    events = TimelineEvent.objects.filter(
        kind=TimelineEvent.Kind.PANEL, message__contains=name
    ).filter(Q(message__startswith="Panel assigned:") | Q(message__startswith="Panel changed:"))
    for event in events.only("pk", "message"):
        message = pattern.sub(label, event.message)
        if message != event.message:
            TimelineEvent.objects.filter(pk=event.pk).update(message=message)


@transaction.atomic
def anonymise_young_account(user, *, label, actor, records=()):
    """The one way a young person's account loses its identity, whichever way they leave
    (the panel, or training as a young trainer who is not on the panel): the name becomes
    `label`, the email and username go, the password no longer works and the account is
    inactive (which ends its sessions), django-axes forgets its sign-ins, and the audit
    log's snapshots of it and of `records` ((object_type, id) pairs naming the same person)
    are redacted through the audit's one redaction path."""
    old_logins = [user.email, user.username]
    user.email = None
    user.username = f"anonymised-{uuid.uuid4().hex[:20]}"
    # Pages show people by their account's name when they are read (timelines, the audit
    # log, a trainer's name): from now on that is the label.
    user.full_name = label
    user.is_active = False
    user.set_unusable_password()
    user.save()
    forget_sign_ins(old_logins)
    tamper_guard.redact_people(
        users=[user],
        objects=[("accounts.user", user.pk), *records],
        logins=old_logins,
        reason=f"{label} was anonymised",
        actor=actor,
    )
    young_person_anonymised.send(sender=type(user), user=user)


@transaction.atomic
def anonymise_member(member, *, actor):
    """Remove everything that identifies the member. Scores stay, unlinked from the person."""
    member = PanelMember.objects.select_for_update().select_related("user").get(pk=member.pk)
    if member.anonymised_at:
        return member
    label = f"Former panel member {member.pk}"
    old_name = member.display_name
    Conflict.objects.filter(member=member).delete()
    PrivateNote.objects.filter(member=member).delete()
    Notice.objects.filter(member=member).delete()
    now = timezone.now()
    member.display_name = label
    member.group = ""
    member.is_active = False
    member.deactivated_at = member.deactivated_at or now
    member.anonymised_at = now
    member.save()
    _forget_name_in_old_timeline_messages(old_name, label)
    for application_id in set(member.seats.values_list("panel__application_id", flat=True)):
        TimelineEvent.objects.create(
            application_id=application_id,
            kind=TimelineEvent.Kind.PANEL,
            actor=actor,
            message=f"A panel member left and was anonymised ({label}). Their scores stay.",
            visible_to_organisation=False,
        )
    anonymise_young_account(
        member.user, label=label, actor=actor, records=[("panels.panelmember", member.pk)]
    )
    return member
