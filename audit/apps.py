from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = "Audit log"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.contrib.admin.models import LogEntry
        from django.contrib.auth.signals import user_logged_in, user_login_failed
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_save

        from accounts.signals import two_factor_failed, two_factor_reset

        from . import receivers, tamper_guard

        user_logged_in.connect(receivers.on_user_logged_in, dispatch_uid="audit.login_success")
        user_login_failed.connect(
            receivers.on_user_login_failed, dispatch_uid="audit.login_failure"
        )
        two_factor_failed.connect(
            receivers.on_two_factor_failed, dispatch_uid="audit.two_factor_failure"
        )
        two_factor_reset.connect(
            receivers.on_two_factor_reset, dispatch_uid="audit.two_factor_reset"
        )
        post_save.connect(
            receivers.on_log_entry_saved, sender=LogEntry, dispatch_uid="audit.admin_change"
        )
        receivers.wrap_bulk_admin_logging()
        connection_created.connect(
            tamper_guard.register_sqlite_function, dispatch_uid="audit.tamper_guard"
        )
