"""The scheme's public pages and files: the privacy page, the logo and the stylesheet
that carries the brand colour (the Content Security Policy allows no inline styles)."""

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .selectors import current_scheme

# The logo's URL carries its version, so a copy may be kept for a long time.
ASSET_MAX_AGE = 60 * 60 * 24 * 30


@require_GET
def privacy(request):
    return render(
        request,
        "scheme/privacy.html",
        {
            "retention_after_expiry_days": settings.RETENTION_AFTER_EXPIRY_DAYS,
            "retention_after_outcome_days": settings.RETENTION_AFTER_OUTCOME_DAYS,
        },
    )


@require_GET
def logo(request, version):
    scheme = current_scheme()
    if not scheme.has_logo or version != scheme.logo_version:
        raise Http404("No such logo")
    response = HttpResponse(bytes(scheme.logo), content_type=scheme.logo_type)
    # An SVG opened on its own is a document: it may draw, never run or load anything.
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = f"public, max-age={ASSET_MAX_AGE}, immutable"
    return response


@require_GET
def brand_css(request, colour):
    """The header's colour, as a stylesheet. Only the current colour is served, so the
    URL (which carries it) may be cached for long."""
    scheme = current_scheme()
    if colour != scheme.brand_colour_slug:
        raise Http404("No such colour")
    css = f":root {{ --km-primary: {scheme.brand_colour}; }}\n"
    response = HttpResponse(css, content_type="text/css; charset=utf-8")
    response["Cache-Control"] = f"public, max-age={ASSET_MAX_AGE}, immutable"
    return response
