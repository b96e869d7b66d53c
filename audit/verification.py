"""Checking the hash chain, keeping the result, and alerting staff when it is broken."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from jobs.services import send_email

from . import chain
from .models import AuditVerification


def verify_and_record():
    """Check the whole chain, store the result (shown on the audit page and, when broken,
    in the staff pipeline) and email every participation staff member on a break.
    Returns the stored AuditVerification."""
    result = chain.verify()
    with transaction.atomic():
        check = AuditVerification.objects.create(
            checked_at=timezone.now(),
            ok=result.ok,
            records_checked=result.records_checked,
            broken_seq=result.broken_seq,
            message=result.message,
        )
        if not result.ok:
            recipients = list(
                User.objects.filter(is_active=True)
                .filter(role=User.Role.STAFF)
                .exclude(email=None)
                .exclude(email="")
                .values_list("email", flat=True)
            )
            if recipients:
                send_email(
                    to=recipients,
                    subject="The audit log's chain is broken",
                    template="audit_chain_broken",
                    context={"check": check, "site_url": settings.SITE_URL},
                    key=f"audit-chain-broken:{check.pk}",
                )
    return check
