from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_GET
from django_ratelimit.decorators import ratelimit

from kitemark.inputs import page_number
from scheme.selectors import current_scheme

from .downloads import plaque_response, print_plaque_response
from .forms import RegisterSearchForm
from .models import Award, AwardStatus
from .selectors import (
    badge_url_for,
    embed_code,
    last_checked_in,
    register_page,
    register_rows,
    scored_by,
)

PUBLIC_RATE = "60/m"


# 60 requests a minute per IP, shared by the verification page and the badge (one named
# group, not one budget per view). Over the limit the view raises Ratelimited, and the
# project's RatelimitMiddleware answers with settings.RATELIMIT_VIEW (429).
public_rate_limit = ratelimit(
    group="certificates:public-lookup", key="ip", rate=PUBLIC_RATE, block=True
)


def _public_award(code):
    # With its signed credential (the credentials app's row) in the same query.
    return get_object_or_404(
        Award.objects.select_related("organisation", "level", "credential"),
        verification_code=code,
    )


# Asked for by a machine (Accept), the verification page answers with the award's signed
# Open Badges credential, which the credentials app serves.
CREDENTIAL_TYPES = ("application/vc+ld+json", "application/vc+jwt", "application/ld+json")


def _wants_credential(request):
    accept = request.headers.get("Accept", "")
    return any(kind in accept for kind in CREDENTIAL_TYPES) and "text/html" not in accept


def signed_credential(award):
    """The award's signed credential (a VC-JWT) or "" while none is issued. The
    credentials app stores it; it is read through the relation its model declares."""
    try:
        return award.credential.jwt
    except ObjectDoesNotExist:
        return ""


# --- Public ----------------------------------------------------------------------


@require_GET
@public_rate_limit
def verify(request, code):
    if _wants_credential(request):
        response = redirect(reverse("credentials:credential", args=[code]), permanent=False)
        response.status_code = 303
        response["Vary"] = "Accept"
        return response
    award = _public_award(code)
    badge_url = badge_url_for(code)
    embed = embed_code(code, award.level.name, award.status_label)
    response = render(
        request,
        "certificates/verify.html",
        {
            "award": award,
            "status": award.status,
            "badge_url": badge_url,
            "embed_code": embed,
            "scored_by": scored_by(award),
            "has_credential": bool(signed_credential(award)),
            "last_checked_in": last_checked_in(award),
        },
    )
    response["X-Robots-Tag"] = "noindex"
    response["Vary"] = "Accept"
    return response


@require_GET
@public_rate_limit
def badge(request, code):
    award = _public_award(code)
    status = award.status
    svg = render_to_string(
        "certificates/badge.svg",
        {
            "award": award,
            "status_label": award.status_label,
            "status_colour": {
                AwardStatus.CURRENT: "#00703c",
                AwardStatus.EXPIRED: "#505a5f",
                AwardStatus.REVOKED: "#d4351c",
            }[status],
            "level_colour": award.level.colour,
            "verify_url": award.verification_url,
            "credential": signed_credential(award),
            "scheme": current_scheme(),
        },
    )
    # Its Cache-Control comes from kitemark.middleware.PUBLIC_PAGES.
    return HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")


@require_GET
def register(request):
    form = RegisterSearchForm(request.GET or None)
    query = level = ""
    if form.is_valid():
        query = form.cleaned_data["q"].strip()
        level = form.cleaned_data["level"]
    page = register_page(query=query, level_code=level, number=page_number(request.GET.get("page")))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "certificates/register.html",
        {
            "form": form,
            "page": page,
            "rows": register_rows(page.object_list),
            "query_string": params.urlencode(),
            "query": query,
        },
    )


# --- Organisation members ----------------------------------------------------------


@login_required
@require_GET
def download_plaque(request, pk):
    award = get_object_or_404(Award.objects.select_related("organisation"), pk=pk)
    if not request.user.has_perm("certificates.download_plaque", award):
        raise Http404  # another organisation's award does not exist, as far as you know
    plaque = award.plaques.order_by("-version").first()
    if plaque is None:
        raise Http404("The plaque is still being prepared.")
    return plaque_response(plaque)


@login_required
@require_GET
def download_print_plaque(request, pk):
    """The print-ready plaque (3 mm bleed and crop marks, for a print shop), made when
    asked for from the award as it stands. Only once the plaque itself exists."""
    award = get_object_or_404(
        Award.objects.select_related("organisation", "level", "application"), pk=pk
    )
    if not request.user.has_perm("certificates.download_plaque", award):
        raise Http404  # another organisation's award does not exist, as far as you know
    plaque = award.plaques.order_by("-version").first()
    if plaque is None:
        raise Http404("The plaque is still being prepared.")
    return print_plaque_response(award, plaque)
