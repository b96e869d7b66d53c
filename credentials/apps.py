from django.apps import AppConfig
from django.db.models.signals import post_save


class CredentialsConfig(AppConfig):
    name = "credentials"
    verbose_name = "Open Badges credentials"

    def ready(self):
        # Imported once the apps are ready: these modules import models.
        from certificates.models import Award

        from . import tasks  # noqa: F401  (registers the "issue_credentials" job kind)
        from .services.issuing import award_saved

        post_save.connect(award_saved, sender=Award, dispatch_uid="credentials.issue")
