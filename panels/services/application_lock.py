"""The lock every panel write that depends on an application's state takes first.

Assigning, scheduling, saving and sending scores, finalising and confirming all lock the
application's row, so one waits for another: a score can never land after the round it
belongs to was finalised, nor an outcome be confirmed twice."""

from assessments.models import Application

# The fields a panel write may change on the application, copied back to the caller's
# object (see copy_back).
_CHANGED_FIELDS = (
    "status",
    "round",
    "total",
    "proposed_outcome",
    "outcome_confirmed_at",
    "resubmission_deadline",
    "submitted_at",
    "updated_at",
)


def lock_application(application):
    """A fresh, locked copy of the application, inside the caller's transaction: decisions
    use the stored status, never a stale object."""
    return (
        Application.objects.select_for_update()
        .select_related("organisation", "level")
        .get(pk=application.pk)
    )


def copy_back(original, fresh):
    """Let the caller's object see what the write changed on the locked copy."""
    if original is not fresh:
        for field in _CHANGED_FIELDS:
            setattr(original, field, getattr(fresh, field))
    return original
