"""What accounts tells the apps above it (the audit log records both, audit/receivers.py)."""

from django.dispatch import Signal

# A wrong two-factor code: request, user.
two_factor_failed = Signal()
# A staff member removed another account's two-factor devices: request, actor, target, removed.
two_factor_reset = Signal()
