from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class AssessmentsConfig(AppConfig):
    name = "assessments"

    def ready(self):
        from .models import Application
        from .selectors import forget_status_counts

        post_save.connect(forget_status_counts, sender=Application, dispatch_uid="status-counts")
        post_delete.connect(
            forget_status_counts, sender=Application, dispatch_uid="status-counts-delete"
        )
