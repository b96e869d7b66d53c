"""What other pages read about the audit log (the console's pipeline reads the last check
of the hash chain from here: console depends on audit, never the reverse)."""

from .models import AuditVerification


def latest_verification():
    """The last check of the chain, or None if it was never checked."""
    return AuditVerification.objects.order_by("-checked_at", "-pk").first()


def chain_broken():
    """The last check found the chain broken (staff must look into it)."""
    latest = latest_verification()
    return latest if latest is not None and not latest.ok else None
