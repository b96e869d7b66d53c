from django.apps import AppConfig


class EnquiriesConfig(AppConfig):
    """ "Ask a question": the public form that reaches the scheme's Kitemark or training
    inbox through the outbox."""

    name = "enquiries"
    verbose_name = "Enquiries"
