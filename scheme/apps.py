from django.apps import AppConfig


class SchemeConfig(AppConfig):
    """The council's own settings for the scheme (its name, logo, colour, contacts and
    signatory), read by every app through `scheme.selectors.current_scheme`."""

    name = "scheme"
    verbose_name = "Scheme settings"
