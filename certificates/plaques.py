"""Render and store plaque PDFs. Rendering never fetches anything over the network.

WeasyPrint is imported where a PDF is made, so processes that never render one (the web
processes, mostly) do not load it and its native libraries."""

import atexit
import contextlib
import logging
import re
import threading
from pathlib import Path
from urllib.parse import urlparse
from urllib.request import url2pathname

import segno
from celery.signals import worker_process_shutdown
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string

from jobs.registry import register
from jobs.services import send_email
from scheme.selectors import current_scheme

from .models import Award, Plaque
from .selectors import member_emails, scored_by

logger = logging.getLogger(__name__)

_HEX_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")
_FALLBACK_COLOUR = "#1d3b6e"


class BlockedResource(ValueError):
    pass


def asset_dir() -> Path:
    """The folder of the plaque's stylesheet and fonts (other PDFs use its fonts too)."""
    return _asset_dir()


def _asset_dir() -> Path:
    found = finders.find("certificates/plaque.css")
    if found:
        return Path(found).resolve().parent
    return (Path(settings.BASE_DIR) / "static" / "certificates").resolve()


def url_fetcher_for(allowed_dir: Path):
    """A WeasyPrint URL fetcher that only reads data: URLs and files under `allowed_dir`.

    Anything else (http, https, ftp, files elsewhere) is refused, and a refusal
    stops the rendering rather than producing a plaque with a missing font.
    """
    from weasyprint.urls import URLFetcher

    allowed = allowed_dir.resolve()

    class LocalOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("file:"):
                path = Path(url2pathname(urlparse(url).path)).resolve()
                if not path.is_relative_to(allowed):
                    raise BlockedResource(f"Plaque rendering refused to read {url!r}")
            elif not url.startswith("data:"):
                raise BlockedResource(f"Plaque rendering refused to fetch {url!r}")
            return super().fetch(url, headers)

    return LocalOnlyFetcher(
        allowed_protocols={"file", "data"}, allow_redirects=False, fail_on_errors=True
    )


def qr_png_data_uri(url: str) -> str:
    """The QR code as a PNG with one pixel per module, scaled up by the stylesheet with
    `image-rendering: pixelated`. An SVG of the same code is thousands of path segments
    that WeasyPrint parses and draws on every render; the tiny PNG costs nothing."""
    return segno.make(url, error="m").png_data_uri(scale=1, border=4, dark="#000", light="#fff")


def level_colour(level) -> str:
    colour = level.colour or ""
    return colour if _HEX_COLOUR.match(colour) else _FALLBACK_COLOUR


def tint(colour: str, strength: float = 0.18) -> str:
    """The colour mixed with white: the print-ready plaque's background, which runs
    into the bleed so a trim slightly off the line leaves no white edge."""
    channels = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(255 - (255 - c) * strength):02x}" for c in channels)


class _PlaqueStyle:
    """The plaque's stylesheet and fonts, parsed and loaded once per process.

    They are static files of this release, so every plaque a worker renders can share
    them instead of parsing the stylesheet and registering both fonts with Fontconfig
    again for each plaque. WeasyPrint documents sharing one
    FontConfiguration between a CSS object and the documents that use it. Pango and
    Fontconfig objects are not safe to use from two threads at once, so renders that
    share them take the lock.
    """

    def __init__(self):
        self.lock = threading.Lock()
        self.stylesheet = None

    @contextlib.contextmanager
    def in_use(self):
        """The loaded style, held by this render alone until the block ends."""
        with self.lock:
            if self.stylesheet is None:
                self._load()
            yield self

    def _load(self):
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        assets = _asset_dir()
        self.font_config = FontConfiguration()
        self.url_fetcher = url_fetcher_for(assets)
        self.base_url = assets.as_uri() + "/"
        self.stylesheet = CSS(
            filename=str(assets / "plaque.css"),
            base_url=self.base_url,
            url_fetcher=self.url_fetcher,
            font_config=self.font_config,
        )

    def unload(self, **signal_kwargs):
        """Forget the shared style; WeasyPrint then deletes the fonts' temporary folder."""
        with self.lock:
            self.stylesheet = self.font_config = None


_plaque_style = _PlaqueStyle()
# Drop the fonts' temporary folder while the interpreter can still remove it: at exit,
# and when Celery announces that a pool process is shutting down (those processes end
# with os._exit, which skips atexit).
atexit.register(_plaque_style.unload)
worker_process_shutdown.connect(_plaque_style.unload, weak=False)


def render_plaque_pdf(award: Award, *, print_ready: bool = False) -> bytes:
    """The plaque as a PDF: A4 landscape for any printer, or (`print_ready`) the same
    page with 3 mm of bleed and crop marks, for a print shop. The council's name, logo,
    scheme name and signatory come from the scheme settings."""
    from weasyprint import HTML

    # The URL is printed on two lines (site, then code) so that no line needs breaking
    # inside a word, which WeasyPrint would otherwise try at every character.
    site, verify_path, code_path = award.verification_url.rpartition("/verify/")
    html = render_to_string(
        "certificates/plaque.html",
        {
            "award": award,
            "organisation_name": award.organisation.name,
            "level_name": award.level.name,
            "level_colour": level_colour(award.level),
            "level_tint": tint(level_colour(award.level)),
            "print_ready": print_ready,
            "scheme": current_scheme(),
            "qr_data_uri": qr_png_data_uri(award.verification_url),
            "verification_site": site + verify_path,
            "verification_code_path": code_path,
            "scored_by": scored_by(award),
        },
    )
    with _plaque_style.in_use() as style:
        document = HTML(string=html, base_url=style.base_url, url_fetcher=style.url_fetcher)
        return document.write_pdf(stylesheets=[style.stylesheet], font_config=style.font_config)


def generate_plaque(award_id: int, version: int):
    """Render, store and announce plaque `version` of an award. Idempotent.

    Returns the Plaque (new or existing). Runs inside the job's transaction, so
    the plaque row and the "ready" email job commit together.
    """
    with transaction.atomic():
        award = (
            Award.objects.select_for_update()
            .select_related("organisation", "level", "application")
            .get(pk=award_id)
        )
        existing = Plaque.objects.filter(award=award, version=version).first()
        if existing is not None:
            return existing
        pdf = render_plaque_pdf(award)
        plaque = Plaque(award=award, version=version, size=len(pdf))
        plaque.file.save("plaque.pdf", ContentFile(pdf), save=False)
        try:
            plaque.save()
            _announce(award, version)
        except Exception:
            # Nothing refers to the file if the row was not written: do not leave it behind.
            plaque.file.storage.delete(plaque.file.name)
            raise
        return plaque


def _announce(award, version):
    scheme_name = current_scheme().scheme_name
    send_email(
        to=member_emails(award.organisation),
        subject=(
            f"Your {scheme_name} plaque is ready"
            if version == 1
            else f"Your updated {scheme_name} plaque is ready"
        ),
        template="certificates_plaque_ready",
        context={"award": award, "version": version},
        key=f"plaque-ready:{award.pk}:v{version}",
        application=award.application,
    )


@register("plaque")
def plaque_job(job):
    generate_plaque(job.payload["award_id"], job.payload["version"])
