from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = "Awards and plaques"

    def ready(self):
        # These modules import models, which Django loads after this module: they are
        # imported once the apps are ready.
        from assessments.models import Level
        from assessments.workflow import application_transitioned
        from organisations.models import Organisation

        from . import plaques  # noqa: F401  (registers the "plaque" job kind)
        from .models import Award
        from .receivers import award_deleted, level_saved, organisation_saved
        from .services.awards import on_application_transitioned

        application_transitioned.connect(
            on_application_transitioned, dispatch_uid="certificates.create_award"
        )
        post_save.connect(
            organisation_saved,
            sender=Organisation,
            dispatch_uid="certificates.organisation_copies",
        )
        post_save.connect(level_saved, sender=Level, dispatch_uid="certificates.level_copies")
        post_delete.connect(award_deleted, sender=Award, dispatch_uid="certificates.award_deleted")
