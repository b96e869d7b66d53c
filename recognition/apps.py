from django.apps import AppConfig


class RecognitionConfig(AppConfig):
    name = "recognition"
    verbose_name = "Recognition for young people"

    def ready(self):
        from panels.data_protection import young_person_anonymised

        from . import (
            certificates,  # noqa: F401  (registers the certificate job kind)
            rules,  # noqa: F401  (registers the permissions)
        )
        from .services.records import forget_identity

        young_person_anonymised.connect(forget_identity, dispatch_uid="recognition.forget_identity")
