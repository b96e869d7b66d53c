from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class ConsoleConfig(AppConfig):
    """The participation team's pages (everything under /staff/ except the audit log).

    It reads and changes data only through the domain apps' selectors and services; no
    domain app imports it."""

    name = "console"
    verbose_name = "Staff console"

    def ready(self):
        # Imported here: models and the workflow's signal need the app registry ready.
        from assessments.models import Application, Cycle, Level
        from assessments.workflow import application_transitioned
        from certificates.models import Award
        from checkins.models import CheckIn, Review
        from organisations.models import Organisation
        from panels.models import Interview, Panel

        from .pipeline import forget_checkins, forget_queue

        # What the pipeline's queue and its check-in sections place or show (see
        # console.pipeline).
        receivers = {
            forget_queue: (Application, Panel, Interview, Organisation, Cycle, Level),
            forget_checkins: (Award, CheckIn, Review, Organisation, Level),
        }
        for receiver, models in receivers.items():
            for model in models:
                for signal in (post_save, post_delete):
                    signal.connect(
                        receiver,
                        sender=model,
                        dispatch_uid=f"{receiver.__name__}-{model.__name__}",
                    )
        application_transitioned.connect(forget_queue, dispatch_uid="pipeline-queue-moves")
