from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = "Working with Teenagers training"

    def ready(self):
        from . import documents  # noqa: F401  (registers the certificate and evidence jobs)
