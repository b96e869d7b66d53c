from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "jobs"
    verbose_name = "Background jobs"

    def ready(self):
        from . import handlers  # noqa: F401  (registers the built-in job kinds)
