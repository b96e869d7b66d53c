"""Awards: creating one (with its certificate number and first plaque), regenerating its
plaque, and revoking it. Each change is one transaction and goes on the timeline."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from assessments.models import Status, TimelineEvent
from assessments.workflow import record
from jobs.services import enqueue, send_email
from kitemark.refusals import Refused
from scheme.selectors import current_scheme

from ..dates import expiry_date
from ..models import Award, CertificateCounter
from ..selectors import member_emails

PLAQUE_JOB = "plaque"


class AwardError(Refused):
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
        subject=f"Your {current_scheme().scheme_name} award has been revoked",
        template="certificates_revoked",
        context={"award": locked, "reason": reason},
        key=f"award-revoked:{locked.pk}",
        application=locked.application,
    )
    return locked


def _record(award, message, actor, *, visible):
    record(
        award.application,
        TimelineEvent.Kind.NOTE,
        message,
        actor=actor,
        visible_to_organisation=visible,
    )
