"""Staff look after awards: the list, one award and its plaques, a new plaque, revoking."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from accounts.decorators import permission_required
from certificates.downloads import plaque_response
from certificates.models import Award, Plaque
from certificates.selectors import staff_awards_queryset
from certificates.services.awards import plaque_job_key, regenerate_plaque, revoke_award
from jobs.models import Job
from kitemark.inputs import page_number
from kitemark.refusals import Refused

from ..forms import RevokeForm, StaffAwardFilterForm

PAGE_SIZE = 50


@permission_required("certificates.manage_awards")
@require_GET
def staff_awards(request):
    form = StaffAwardFilterForm(request.GET or None)
    status = query = ""
    if form.is_valid():
        status = form.cleaned_data["status"]
        query = form.cleaned_data["q"].strip()
    awards = staff_awards_queryset(status=status, query=query)
    page = Paginator(awards, PAGE_SIZE).get_page(page_number(request.GET.get("page")))
    jobs = _plaque_jobs(page.object_list)
    rows = [(award, jobs.get(award.pk)) for award in page.object_list]
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "console/staff_awards.html",
        {"form": form, "page": page, "rows": rows, "query_string": params.urlencode()},
    )


def _plaque_jobs(awards):
    """The job for each award's newest plaque version, in one query."""
    keys = {plaque_job_key(a, a.plaque_version): a.pk for a in awards}
    return {keys[job.key]: job for job in Job.objects.filter(key__in=list(keys))}


@permission_required("certificates.manage_awards")
@require_GET
def staff_award_detail(request, pk):
    award = get_object_or_404(
        Award.objects.select_related("organisation", "level", "application", "revoked_by"), pk=pk
    )
    plaques = list(award.plaques.order_by("-version"))
    job = Job.objects.filter(key=plaque_job_key(award, award.plaque_version)).first()
    return render(
        request,
        "console/staff_award_detail.html",
        {"award": award, "plaques": plaques, "plaque_job": job},
    )


@permission_required("certificates.manage_awards")
@require_http_methods(["GET", "POST"])
def staff_regenerate(request, pk):
    award = get_object_or_404(Award.objects.select_related("organisation", "level"), pk=pk)
    if request.method == "POST":
        try:
            regenerate_plaque(award, actor=request.user)
        except Refused as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(
                request,
                f"Plaque version {award.plaque_version} is being made. "
                "The organisation will be emailed when it is ready.",
            )
        return redirect("console:staff_award", pk=award.pk)
    return render(request, "console/staff_regenerate.html", {"award": award})


@permission_required("certificates.manage_awards")
@require_http_methods(["GET", "POST"])
def staff_revoke(request, pk):
    award = get_object_or_404(Award.objects.select_related("organisation", "level"), pk=pk)
    if award.is_revoked:
        messages.info(request, "This award has already been revoked.")
        return redirect("console:staff_award", pk=award.pk)
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            revoke_award(award, actor=request.user, reason=form.cleaned_data["reason"])
        except Refused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, f"Award {award.certificate_number} has been revoked.")
            return redirect("console:staff_award", pk=award.pk)
    return render(request, "console/staff_revoke.html", {"award": award, "form": form})


@permission_required("certificates.manage_awards")
@require_GET
def staff_plaque_download(request, pk, version):
    plaque = get_object_or_404(Plaque.objects.select_related("award"), award_id=pk, version=version)
    return plaque_response(plaque)
