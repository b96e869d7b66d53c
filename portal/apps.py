from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The organisation user's home page: their organisations, invitations, applications
    and awards, brought together from the domain apps.

    It reads through the domain apps' selectors and rules; no app imports it."""

    name = "portal"
    verbose_name = "Organisation home page"
