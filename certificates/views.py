from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_GET
from django_ratelimit.decorators import ratelimit

from kitemark.inputs import page_number

from .downloads import plaque_response
from .forms import RegisterSearchForm
from .models import Award, AwardStatus
from .selectors import last_checked_in, register_page, register_rows, scored_by

PUBLIC_RATE = "60/m"


# 60 requests a minute per IP, shared by the verification page and the badge (one named
# group, not one budget per view). Over the limit the view raises Ratelimited, and the
# project's RatelimitMiddleware answers with settings.RATELIMIT_VIEW (429).
public_rate_limit = ratelimit(
    group="certificates:public-lookup", key="ip", rate=PUBLIC_RATE, block=True
)


def _public_award(code):
    return get_object_or_404(
        Award.objects.select_related("organisation", "level"), verification_code=code
    )


# --- Public ----------------------------------------------------------------------


@require_GET
@public_rate_limit
def verify(request, code):
    award = _public_award(code)
    badge_url = f"{settings.SITE_URL}{reverse('certificates:badge', args=[code])}"
    embed = (
        f'<a href="{award.verification_url}"><img src="{badge_url}" '
        f'alt="Co-production Kitemark {award.level.name} award: {award.status_label}" '
        f'width="220" height="28"></a>'
    )
    response = render(
        request,
        "certificates/verify.html",
        {
            "award": award,
            "status": award.status,
            "badge_url": badge_url,
            "embed_code": embed,
            "scored_by": scored_by(award),
            "last_checked_in": last_checked_in(award),
        },
    )
    response["X-Robots-Tag"] = "noindex"
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
