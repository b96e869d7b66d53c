from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods
from django_ratelimit.decorators import ratelimit

from jobs.models import Job

from . import celebration
from .forms import (
    CelebrationInviteForm,
    RegisterSearchForm,
    RevokeForm,
    StaffAwardFilterForm,
)
from .models import Award, AwardStatus, Plaque
from .selectors import register_page, register_rows, staff_awards_queryset
from .services.awards import AwardError, plaque_job_key, regenerate_plaque, revoke_award

PUBLIC_RATE = "60/m"
STAFF_PAGE_SIZE = 50


# 60 requests a minute per IP, shared by the verification page and the badge (one named
# group, not one budget per view). Over the limit the view raises Ratelimited, and the
# project's RatelimitMiddleware answers with settings.RATELIMIT_VIEW (429).
public_rate_limit = ratelimit(
    group="certificates:public-lookup", key="ip", rate=PUBLIC_RATE, block=True
)


def staff_required(view):
    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        if not request.user.has_perm("certificates.manage_awards"):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


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
        {"award": award, "status": award.status, "badge_url": badge_url, "embed_code": embed},
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
    response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    response["Cache-Control"] = "public, max-age=300"
    return response


@require_GET
def register(request):
    form = RegisterSearchForm(request.GET or None)
    query = level = ""
    if form.is_valid():
        query = form.cleaned_data["q"].strip()
        level = form.cleaned_data["level"]
    page = register_page(query=query, level_code=level, number=request.GET.get("page"))
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
    return _plaque_response(plaque)


def _plaque_response(plaque):
    response = FileResponse(
        plaque.file.open("rb"),
        as_attachment=True,
        filename=plaque.download_name,
        content_type="application/pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response


# --- Staff -----------------------------------------------------------------------


@staff_required
@require_GET
def staff_awards(request):
    form = StaffAwardFilterForm(request.GET or None)
    status = query = ""
    if form.is_valid():
        status = form.cleaned_data["status"]
        query = form.cleaned_data["q"].strip()
    awards = staff_awards_queryset(status=status, query=query)
    page = Paginator(awards, STAFF_PAGE_SIZE).get_page(request.GET.get("page"))
    jobs = _plaque_jobs(page.object_list)
    rows = [(award, jobs.get(award.pk)) for award in page.object_list]
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "certificates/staff_awards.html",
        {"form": form, "page": page, "rows": rows, "query_string": params.urlencode()},
    )


def _plaque_jobs(awards):
    """The job for each award's newest plaque version, in one query."""
    keys = {plaque_job_key(a, a.plaque_version): a.pk for a in awards}
    return {keys[job.key]: job for job in Job.objects.filter(key__in=list(keys))}


@staff_required
@require_GET
def staff_award_detail(request, pk):
    award = get_object_or_404(
        Award.objects.select_related("organisation", "level", "application", "revoked_by"), pk=pk
    )
    plaques = list(award.plaques.order_by("-version"))
    job = Job.objects.filter(key=plaque_job_key(award, award.plaque_version)).first()
    return render(
        request,
        "certificates/staff_award_detail.html",
        {"award": award, "plaques": plaques, "plaque_job": job},
    )


@staff_required
@require_http_methods(["GET", "POST"])
def staff_regenerate(request, pk):
    award = get_object_or_404(Award.objects.select_related("organisation", "level"), pk=pk)
    if request.method == "POST":
        try:
            regenerate_plaque(award, actor=request.user)
        except AwardError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                f"Plaque version {award.plaque_version} is being made. "
                "The organisation will be emailed when it is ready.",
            )
        return redirect("certificates:staff_award", pk=award.pk)
    return render(request, "certificates/staff_regenerate.html", {"award": award})


@staff_required
@require_http_methods(["GET", "POST"])
def staff_revoke(request, pk):
    award = get_object_or_404(Award.objects.select_related("organisation", "level"), pk=pk)
    if award.is_revoked:
        messages.info(request, "This award has already been revoked.")
        return redirect("certificates:staff_award", pk=award.pk)
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            revoke_award(award, actor=request.user, reason=form.cleaned_data["reason"])
        except AwardError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"Award {award.certificate_number} has been revoked.")
            return redirect("certificates:staff_award", pk=award.pk)
    return render(request, "certificates/staff_revoke.html", {"award": award, "form": form})


@staff_required
@require_GET
def staff_plaque_download(request, pk, version):
    plaque = get_object_or_404(Plaque.objects.select_related("award"), award_id=pk, version=version)
    return _plaque_response(plaque)


# --- Celebration -------------------------------------------------------------------


def _celebration_year(request):
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return celebration.current_year()
    return year if 2000 <= year <= 2100 else celebration.current_year()


@staff_required
@require_GET
def celebration_list(request):
    year = _celebration_year(request)
    listing = celebration.celebration_page(year, request.GET.get("page"))
    this_year = celebration.current_year()
    first = listing.first_awarded_on
    first_year = celebration.year_of(first) if first else this_year
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "certificates/celebration.html",
        {
            "year": year,
            "year_label": celebration.year_label(year),
            "page": listing.page,
            "groups": listing.groups,
            "award_count": listing.award_count,
            "organisation_count": listing.organisation_count,
            "years": list(range(max(first_year, this_year - 10), this_year + 1))[::-1],
            "query_string": params.urlencode(),
        },
    )


@staff_required
@require_GET
def celebration_export(request, year):
    response = HttpResponse(celebration.export_csv(year), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="kitemark-celebration-{year}.csv"'
    return response


@staff_required
@require_GET
def celebration_programme(request, year):
    response = HttpResponse(celebration.render_programme_pdf(year), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="kitemark-celebration-{year}.pdf"'
    return response


@staff_required
@require_http_methods(["GET", "POST"])
def celebration_invite(request, year):
    organisations = celebration.organisations_in_year(year)
    form = CelebrationInviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        sent, already = celebration.invite(year, event_details=form.cleaned_data)
        messages.success(
            request,
            f"Invitations sent to {sent} organisation{'s' if sent != 1 else ''}."
            + (f" {already} had already been invited." if already else ""),
        )
        return redirect(f"{reverse('certificates:celebration')}?year={year}")
    return render(
        request,
        "certificates/celebration_invite.html",
        {
            "year": year,
            "year_label": celebration.year_label(year),
            "organisations": organisations,
            "form": form,
        },
    )
