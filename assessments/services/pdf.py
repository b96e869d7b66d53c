"""The application as a PDF (what the organisation wrote, for its own records)."""

from pathlib import Path
from urllib.parse import urlparse
from urllib.request import url2pathname

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from scheme.selectors import current_scheme

from .. import selectors
from ..models import ScoreDescriptor

STATIC_FILES = (Path(settings.BASE_DIR) / "static").resolve()


class ExternalResourceRefused(ValueError):
    """The PDF asked for something other than our own static files or a data: URL. Not a
    refusal for a person: WeasyPrint logs it and leaves the resource out."""


def _check_pdf_url(url):
    """WeasyPrint may read our own static files and data: URLs, nothing from the network."""
    if url.startswith("data:"):
        return
    if url.startswith("file:"):
        path = Path(url2pathname(urlparse(url).path)).resolve()
        if path.is_relative_to(STATIC_FILES):
            return
    raise ExternalResourceRefused(f"External resource refused: {url[:80]}")


def _local_only_fetcher():
    # WeasyPrint is imported when a PDF is made, not when the site starts: it loads its
    # native libraries on import, and only this page and the worker need them.
    from weasyprint.urls import URLFetcher

    class LocalOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            _check_pdf_url(url)
            return super().fetch(url, headers)

    return LocalOnlyFetcher(allowed_protocols={"file", "data"}, allow_redirects=False)


def render_pdf(application):
    """The application's answers, self-ratings, evidence names and links as PDF bytes.
    `application`: with its organisation, level (and its framework version) and cycle."""
    from weasyprint import HTML  # see _local_only_fetcher

    answers = (
        application.answers.select_related("indicator")
        .prefetch_related("evidence", "links")
        .order_by("indicator__order")
    )
    descriptors = ScoreDescriptor.objects.for_level(application.level_id)
    html = render_to_string(
        "assessments/pdf.html",
        {
            "application": application,
            "progress": selectors.progress(answers),
            "descriptors": {d.value: d.label for d in descriptors},
            "generated_at": timezone.now(),
            "scheme": current_scheme(),
        },
    )
    base_url = STATIC_FILES.as_uri() + "/"
    return HTML(string=html, base_url=base_url, url_fetcher=_local_only_fetcher()).write_pdf()
