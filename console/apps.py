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

        from .pipeline import forget_queue

        # Everything the pipeline's queue and check-in sections place or show (see
        # console.pipeline).
        for model in (
            Application,
            Panel,
            Interview,
            Organisation,
            Cycle,
            Level,
            Award,
            CheckIn,
            Review,
        ):
            for signal in (post_save, post_delete):
                signal.connect(
                    forget_queue, sender=model, dispatch_uid=f"pipeline-queue-{model.__name__}"
                )
        application_transitioned.connect(forget_queue, dispatch_uid="pipeline-queue-moves")
