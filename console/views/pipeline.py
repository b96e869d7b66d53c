"""The pipeline: the counts by status, the "needs you next" queue, the failed jobs, and
the table of every application below them."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_POST
from django_tables2.paginators import LazyPaginator

from accounts.decorators import permission_required
from assessments.models import Application
from kitemark.inputs import RequestConfig
from kitemark.refusals import Refused

from .. import pipeline
from ..filters import ApplicationFilter
from ..tables import ApplicationTable

PAGE_SIZE = 25


@permission_required("assessments.review_applications")
def staff_dashboard(request):
    """Counts and the "needs you next" queue. The all-applications table below it is
    loaded from staff_applications (htmx on load; a plain link without JavaScript),
    so each page keeps a small, fixed number of queries."""
    queue = pipeline.pipeline()
    applications_url = reverse("console:staff_applications")
    sections = [
        {
            "key": key,
            "title": title,
            "empty": empty,
            "applications": queue[key],
            "shown": len(queue[key]),
            "total": queue["totals"][key],
            "more": queue["totals"][key] > len(queue[key]),
            "more_url": f"{applications_url}?{urlencode({'status': pipeline.SECTION_STATUS[key]})}",
            "more_status": pipeline.SECTION_STATUS[key].label,
        }
        for key, title, empty in pipeline.SECTIONS
    ]
    return render(
        request,
        "console/staff_dashboard.html",
        {
            "status_counts": pipeline.status_counts(),
            "sections": sections,
            "checkins": queue["checkins"],
            "to_check": queue["to_check"],
            "to_confirm": queue["to_confirm"],
            "failed_jobs": [(job, pipeline.job_summary(job)) for job in queue["failed_jobs"]],
            "audit_chain_broken": queue["audit_chain_broken"],
            "seat_losses": queue["seat_losses"],
        },
    )


@permission_required("assessments.review_applications")
def staff_applications(request):
    """Every application: filters (django-filter), sortable paginated table (django-tables2)."""
    application_filter = ApplicationFilter(
        request.GET,
        queryset=Application.objects.select_related("organisation", "level", "cycle"),
    )
    valid = application_filter.is_valid()
    table = ApplicationTable(application_filter.qs if valid else Application.objects.none())
    # LazyPaginator: no COUNT query, so the page's query count stays fixed.
    RequestConfig(
        request, paginate={"per_page": PAGE_SIZE, "paginator_class": LazyPaginator}
    ).configure(table)
    context = {
        "filter": application_filter,
        "table": table,
        "valid": valid,
        "filtered": any(request.GET.get(name) for name in application_filter.form.fields),
    }
    if request.headers.get("HX-Request") == "true":
        return render(request, "console/_applications.html", context)
    return render(request, "console/applications.html", context)


@permission_required("assessments.review_applications")
@require_POST
def staff_retry_job(request, job_pk):
    try:
        pipeline.retry_job(job_pk, actor=request.user)
    except Refused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, "The job will be tried again. Check back in a few minutes.")
    return redirect("console:staff_dashboard")
