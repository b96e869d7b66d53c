from django.apps import AppConfig


class ConsoleConfig(AppConfig):
    """The participation team's pages (everything under /staff/ except the audit log).

    It reads and changes data only through the domain apps' selectors and services; no
    domain app imports it."""

    name = "console"
    verbose_name = "Staff console"
