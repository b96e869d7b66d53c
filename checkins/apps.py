from django.apps import AppConfig


class CheckinsConfig(AppConfig):
    name = "checkins"
    verbose_name = "Check-ins between awards"

    def ready(self):
        # The daily sweep (certificates.reminders) asks the apps above it for their own
        # reminders through a signal: certificates never imports this app.
        from certificates.reminders import sweeping

        from . import rules  # noqa: F401  (registers the permissions)
        from .reminders import send_checkin_reminders

        sweeping.connect(send_checkin_reminders, dispatch_uid="checkins.reminders")
