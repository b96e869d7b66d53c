"""The scheme's settings, as every app reads them."""

from django.core.cache import cache

from .models import SchemeSettings

CACHE_KEY = "scheme:settings:v1"
# Saving the settings forgets the cached copy at once (services/settings.py). A process
# with its own cache (the embedded default, locmem) sees another process's save within
# this many seconds; with Redis every process shares the one copy.
CACHE_SECONDS = 300


def current_scheme():
    """The scheme's settings: the saved row, or the defaults before staff save any.
    Certificates, credentials and any other app that prints the council's name, logo,
    contacts or signatory read them here."""
    settings_row = cache.get(CACHE_KEY)
    if settings_row is None:
        settings_row = (
            SchemeSettings.objects.filter(pk=SchemeSettings.SINGLETON_PK).first()
            or SchemeSettings()
        )
        # PostgreSQL gives binary fields as memoryviews, which cannot be cached.
        settings_row.logo = bytes(settings_row.logo)
        settings_row.signature = bytes(settings_row.signature)
        cache.set(CACHE_KEY, settings_row, CACHE_SECONDS)
    return settings_row


def forget_cached_scheme():
    cache.delete(CACHE_KEY)
