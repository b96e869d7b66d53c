from django.apps import AppConfig


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = "Awards and plaques"

    def ready(self):
        from assessments.workflow import application_transitioned

        from . import plaques  # noqa: F401  (registers the "plaque" job kind)
        from .services import on_application_transitioned

        application_transitioned.connect(
            on_application_transitioned, dispatch_uid="certificates.create_award"
        )
