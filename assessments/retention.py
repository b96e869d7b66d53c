"""Retention: delete evidence FILES whose retention period has ended.

When an application's retention ends:
- awarded: on the award's expiry date (expires_on) + RETENTION_AFTER_EXPIRY_DAYS
  (default 365). A revoked award keeps its expiry date for this purpose.
- not awarded or withdrawn: RETENTION_AFTER_OUTCOME_DAYS (default 365) after the
  outcome. The outcome time is the moment of the timeline's latest status change
  into "not awarded" or "withdrawn" (this covers a confirmed outcome, a lapsed
  resubmission and a withdrawal alike); if the timeline has no such event, the
  application's outcome_confirmed_at, and failing that its updated_at.
- every other status is live: never due.

A file is due only when EVERY application whose answers use it is due, so a file
also used by a live application (or one still inside its period) is kept.
Files in the evidence library that no answer uses are left alone: the
organisation manages (and can delete) its own library, and the file belongs to
no assessment whose period could end.

Deleting removes the stored file, sets Evidence.file_deleted_at, writes a
RetentionLog row (file name, stored name, size, sha256, evidence id,
applications) and a timeline note on each affected application, and logs a line.
Answers, scores, outcomes and awards are not touched. Running it again changes
nothing: a file already deleted is skipped.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import DateTimeField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from . import workflow
from .models import Answer, Application, Evidence, RetentionLog, Status, TimelineEvent

logger = logging.getLogger("assessments.retention")

FINISHED_WITHOUT_AWARD = (Status.NOT_AWARDED, Status.WITHDRAWN)


def after_expiry_days():
    return int(getattr(settings, "RETENTION_AFTER_EXPIRY_DAYS", 365))


def after_outcome_days():
    return int(getattr(settings, "RETENTION_AFTER_OUTCOME_DAYS", 365))


def _with_finished_at(queryset):
    last_finish = (
        TimelineEvent.objects.filter(
            application=OuterRef("pk"),
            kind=TimelineEvent.Kind.TRANSITION,
            to_status__in=FINISHED_WITHOUT_AWARD,
        )
        .order_by("-created_at", "-pk")
        .values("created_at")[:1]
    )
    return queryset.annotate(
        finished_at=Coalesce(
            Subquery(last_finish, output_field=DateTimeField()),
            "outcome_confirmed_at",
            "updated_at",
        )
    )


def due_application_ids(now=None):
    """Ids of applications whose retention period has ended."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    awarded_due = Q(
        status=Status.AWARDED,
        award__expires_on__lte=today - timedelta(days=after_expiry_days()),
    )
    finished_due = Q(
        status__in=FINISHED_WITHOUT_AWARD,
        finished_at__lte=now - timedelta(days=after_outcome_days()),
    )
    return set(
        _with_finished_at(Application.objects.all())
        .filter(awarded_due | finished_due)
        .values_list("pk", flat=True)
    )


def _usage():
    """{evidence id: {application ids using it}} for files not yet deleted."""
    through = Answer.evidence.through
    usage = {}
    rows = through.objects.filter(evidence__file_deleted_at__isnull=True).values_list(
        "evidence_id", "answer__application_id"
    )
    for evidence_id, application_id in rows:
        usage.setdefault(evidence_id, set()).add(application_id)
    return usage


def due_evidence(now=None, due_apps=None):
    """{evidence id: sorted application ids} for files whose retention has ended."""
    due_apps = due_application_ids(now) if due_apps is None else due_apps
    return {
        evidence_id: sorted(apps)
        for evidence_id, apps in _usage().items()
        if apps and apps <= due_apps
    }


@dataclass
class Removed:
    log: RetentionLog
    application_ids: list


def _reason(application_ids):
    return (
        "Retention period ended for every application that used this file "
        f"(application{'s' if len(application_ids) != 1 else ''} "
        f"{', '.join(str(pk) for pk in application_ids)})."
    )


def _delete_one(evidence_id, due_apps, now):
    with transaction.atomic():
        evidence = (
            Evidence.objects.select_for_update()
            .filter(pk=evidence_id, file_deleted_at__isnull=True)
            .first()
        )
        if evidence is None:  # deleted by a concurrent run
            return None
        # Check again inside the lock: an answer may have started using it meanwhile.
        current = set(
            Answer.objects.filter(evidence=evidence).values_list("application_id", flat=True)
        )
        if not current or not current <= due_apps:
            return None
        application_ids = sorted(current)
        stored_name = evidence.file.name or ""
        log = RetentionLog.objects.create(
            evidence=evidence,
            evidence_pk=evidence.pk,
            organisation_id=evidence.organisation_id,
            original_name=evidence.original_name,
            stored_name=stored_name,
            size=evidence.size,
            sha256=evidence.sha256,
            application_ids=application_ids,
            reason=_reason(application_ids),
            deleted_at=now,
        )
        Evidence.objects.filter(pk=evidence.pk).update(file_deleted_at=now)
        message = (
            f"Evidence file “{evidence.original_name}” ({filesizeformat(evidence.size)}, "
            f"SHA-256 {evidence.sha256}, evidence {evidence.pk}) was deleted because its "
            "retention period ended. The answers, scores and outcome are kept."
        )
        for application in Application.objects.filter(pk__in=application_ids):
            workflow.record(application, TimelineEvent.Kind.NOTE, message)
        # Delete the file last: if anything above fails, the file is still there and the
        # next run tries again. If the commit fails after this, the next run re-marks it.
        if stored_name:
            evidence.file.storage.delete(stored_name)
    logger.info(
        "retention: deleted evidence=%s organisation=%s name=%r size=%s sha256=%s applications=%s",
        evidence.pk,
        evidence.organisation_id,
        evidence.original_name,
        evidence.size,
        evidence.sha256,
        application_ids,
    )
    return Removed(log=log, application_ids=application_ids)


def apply_retention(now=None, *, dry_run=False):
    """Delete every evidence file that is due. Returns what was (or would be) removed."""
    now = now or timezone.now()
    due_apps = due_application_ids(now)
    due = due_evidence(now, due_apps)
    if dry_run:
        return [
            (evidence, due[evidence.pk])
            for evidence in Evidence.objects.filter(pk__in=due).order_by("pk")
        ]
    removed = []
    for evidence_id in sorted(due):
        result = _delete_one(evidence_id, due_apps, now)
        if result is not None:
            removed.append(result)
    logger.info("retention: %s evidence file(s) deleted", len(removed))
    return removed
