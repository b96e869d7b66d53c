from django.apps import AppConfig
from django.conf import settings


class OperationsConfig(AppConfig):
    name = "operations"
    verbose_name = "Operations"

    def ready(self):
        from celery import signals

        from . import celery_signals

        signals.before_task_publish.connect(celery_signals.add_request_id, weak=False)
        signals.task_prerun.connect(celery_signals.set_request_id, weak=False)
        signals.task_postrun.connect(celery_signals.clear_request_id, weak=False)
        if settings.SENTRY_DSN:
            from .monitoring import init_sentry

            init_sentry(settings)
