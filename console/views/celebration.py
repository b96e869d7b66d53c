"""The annual celebration: the year's awards, their list and programme, the invitations."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from accounts.decorators import permission_required
from certificates import celebration
from kitemark.inputs import page_number, parse_year

from ..forms import CelebrationInviteForm


def _celebration_year(request):
    return parse_year(request.GET.get("year")) or celebration.current_year()


def _year_or_404(year):
    """The year in the page's address, if the service serves it (kitemark.inputs)."""
    if parse_year(year) is None:
        raise Http404("No celebration that year")
    return year


@permission_required("certificates.manage_awards")
@require_GET
def celebration_list(request):
    year = _celebration_year(request)
    listing = celebration.celebration_page(year, page_number(request.GET.get("page")))
    this_year = celebration.current_year()
    first = listing.first_awarded_on
    first_year = celebration.year_of(first) if first else this_year
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "console/celebration.html",
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


@permission_required("certificates.manage_awards")
@require_GET
def celebration_export(request, year):
    year = _year_or_404(year)
    response = HttpResponse(celebration.export_csv(year), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="kitemark-celebration-{year}.csv"'
    return response


@permission_required("certificates.manage_awards")
@require_GET
def celebration_programme(request, year):
    year = _year_or_404(year)
    response = HttpResponse(celebration.render_programme_pdf(year), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="kitemark-celebration-{year}.pdf"'
    return response


@permission_required("certificates.manage_awards")
@require_http_methods(["GET", "POST"])
def celebration_invite(request, year):
    year = _year_or_404(year)
    organisations = celebration.organisations_in_year(year)
    form = CelebrationInviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        sent, already = celebration.invite(year, event_details=form.cleaned_data)
        messages.success(
            request,
            f"Invitations sent to {sent} organisation{'s' if sent != 1 else ''}."
            + (f" {already} had already been invited." if already else ""),
        )
        return redirect(f"{reverse('console:celebration')}?year={year}")
    return render(
        request,
        "console/celebration_invite.html",
        {
            "year": year,
            "year_label": celebration.year_label(year),
            "organisations": organisations,
            "form": form,
        },
    )
