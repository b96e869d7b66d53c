"""Signal receivers that turn events elsewhere into audit records (connected in apps.py)."""

import functools

from . import services


def on_user_logged_in(sender, request, user, **kwargs):
    services.record_login_success(request, user)


def on_user_login_failed(sender, credentials, request=None, **kwargs):
    # Only the attempted login name is kept from `credentials`: never the password.
    services.record_login_failure(request, credentials)


def on_two_factor_failed(sender, request, user, **kwargs):
    services.record_two_factor_failure(request, user)


def on_two_factor_reset(sender, request, actor, target, removed, **kwargs):
    services.record_two_factor_reset(request, actor, target, removed)


def on_log_entry_saved(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        services.record_admin_entry(instance)


def wrap_bulk_admin_logging():
    """Record admin log entries written with bulk_create (which sends no post_save).

    Django's LogEntryManager.log_actions saves one entry with save() but several
    (a "delete selected" action on many objects) with bulk_create. This wraps it
    once so those entries reach the audit log too.
    """
    from django.contrib.admin.models import LogEntryManager

    original = LogEntryManager.log_actions
    if getattr(original, "_audit_wrapped", False):
        return

    @functools.wraps(original)
    def log_actions(self, *args, **kwargs):
        result = original(self, *args, **kwargs)
        if isinstance(result, list) and len(result) > 1:
            for entry in result:
                services.record_admin_entry(entry)
        return result

    log_actions._audit_wrapped = True
    LogEntryManager.log_actions = log_actions
