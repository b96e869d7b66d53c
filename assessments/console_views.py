"""The staff console: pipeline, application detail, cycles and reports.

Thin views: check the user is participation staff (403 otherwise; anonymous
users go to the login page), call console/reports services, render.
"""

import functools

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods, require_POST
from django_tables2 import RequestConfig
from django_tables2.paginators import LazyPaginator

from . import console, reports
from .csv_export import csv_response
from .filters import ApplicationFilter
from .forms import CycleForm, ReturnForm
from .models import Application, Cycle
from .refusals import ActionRefused
from .services import applications
from .tables import ApplicationTable

PAGE_SIZE = 25


def _staff_only(request):
    if not request.user.has_perm("assessments.review_applications"):
        raise PermissionDenied


def staff_required(view):
    @login_required
    def wrapped(request, *args, **kwargs):
        _staff_only(request)
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


# The pages the console's menu (console/_nav.html) links to: {key: URL name}. Those of
# other apps are left out of the menu when their app does not provide the page.
_CONSOLE_PAGES = {
    "pipeline": "assessments:staff_dashboard",
    "applications": "assessments:staff_applications",
    "cycles": "assessments:staff_cycles",
    "reports": "assessments:staff_reports",
}
_OPTIONAL_CONSOLE_PAGES = {
    "members": "console:staff_members",
    "awards": "console:staff_awards",
    "audit": "audit:log",
}


@functools.cache
def _console_urls(script_prefix, root_urlconf, urlconf):
    """{key: URL} of the console menu's pages. URLs change only with the code (and the URL
    configuration and prefix, part of the key), so they are reversed once per process
    rather than seven times on every console page."""
    urls = {key: reverse(name) for key, name in _CONSOLE_PAGES.items()}
    for key, name in _OPTIONAL_CONSOLE_PAGES.items():
        try:
            urls[key] = reverse(name)
        except NoReverseMatch:
            continue
    return urls


def _render_page(request, template_name, context):
    """Render a console page: `context` and the console menu's URLs (console_urls)."""
    urls = _console_urls(get_script_prefix(), settings.ROOT_URLCONF, get_urlconf())
    return render(request, template_name, {"console_urls": urls, **context})


# ---------------------------------------------------------------- pipeline


@staff_required
def staff_dashboard(request):
    """Counts and the "needs you next" queue. The all-applications table below it is
    loaded from staff_applications (htmx on load; a plain link without JavaScript),
    so each page keeps a small, fixed number of queries."""
    queue = console.pipeline()
    applications_url = reverse("assessments:staff_applications")
    sections = [
        {
            "key": key,
            "title": title,
            "empty": empty,
            "applications": queue[key],
            "shown": len(queue[key]),
            "total": queue["totals"][key],
            "more": queue["totals"][key] > len(queue[key]),
            "more_url": f"{applications_url}?{urlencode({'status': console.SECTION_STATUS[key]})}",
            "more_status": console.SECTION_STATUS[key].label,
        }
        for key, title, empty in console.SECTIONS
    ]
    return _render_page(
        request,
        "assessments/staff_dashboard.html",
        {
            "status_counts": console.status_counts(),
            "sections": sections,
            "to_check": queue["to_check"],
            "to_confirm": queue["to_confirm"],
            "failed_jobs": [(job, console.job_summary(job)) for job in queue["failed_jobs"]],
        },
    )


@staff_required
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
        return _render_page(request, "assessments/console/_applications.html", context)
    return _render_page(request, "assessments/console/applications.html", context)


@staff_required
@require_POST
def staff_retry_job(request, job_pk):
    try:
        console.retry_job(job_pk, actor=request.user)
    except console.ConsoleError as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, "The job will be tried again. Check back in a few minutes.")
    return redirect("assessments:staff_dashboard")


# ---------------------------------------------------------------- application detail


def _staff_application(pk):
    return get_object_or_404(console.staff_application_queryset(), pk=pk)


def _staff_tab_application(pk):
    return get_object_or_404(console.staff_tab_application_queryset(), pk=pk)


# The application record's tabs, in order: (view and template name, label).
APPLICATION_TABS = [
    ("staff_detail", "Overview"),
    ("staff_submission", "Submission"),
    ("staff_scores", "Scores"),
    ("staff_timeline", "Timeline and emails"),
]


def _render_tab(request, tab, application, context):
    """Render one tab of the staff application record (template assessments/<tab>.html),
    with the shared header and sub-navigation (console/_application_header.html)."""
    tabs = [
        {
            "url": console.pk_url_maker(f"assessments:{name}")(application.pk),
            "label": label,
            "current": name == tab,
        }
        for name, label in APPLICATION_TABS
    ]
    return _render_page(
        request,
        f"assessments/{tab}.html",
        {
            "application": application,
            "tabs": tabs,
            "current_tab": next(t for t in tabs if t["current"]),
            "overview_url": console.staff_detail_url_maker()(application.pk),
            "cycle_url": console.pk_url_maker("assessments:staff_cycle")(application.cycle_id),
            "overview": tab == "staff_detail",
            **context,
        },
    )


def _overview_context(request, application, return_form):
    panel, award = console.panel_and_award(application)
    actions = console.staff_actions(application, user=request.user, panel=panel, award=award)
    return {
        "return_form": return_form,
        "actions": actions,
        "can_return": any(a.key == "return" for a in actions),
        "panel": panel,
        "seats": list(panel.seats.all()) if panel else [],
        "interviews": console.interviews_for(application),
        "award": award,
    }


@staff_required
def staff_detail(request, pk):
    """The application record's overview: status, what staff can do now, the panel and
    interview, the award and the return-for-information form."""
    application = _staff_application(pk)
    return _render_tab(
        request, "staff_detail", application, _overview_context(request, application, ReturnForm())
    )


@staff_required
def staff_submission(request, pk):
    """The submission: every answer with its self-rating, evidence and links, and the
    submissions received."""
    application = _staff_tab_application(pk)
    return _render_tab(
        request,
        "staff_submission",
        application,
        {
            "answers": console.submission_answers(application),
            "snapshots": console.submissions_received(application),
        },
    )


@staff_required
def staff_scores(request, pk):
    """The score rounds: agreed scores, each member's scores, feedback and finalisation."""
    application = _staff_tab_application(pk)
    return _render_tab(
        request, "staff_scores", application, {"score_rounds": console.score_rounds(application)}
    )


@staff_required
def staff_timeline(request, pk):
    """The full timeline (staff-only events too) and the emails and plaques queued."""
    application = _staff_tab_application(pk)
    return _render_tab(
        request,
        "staff_timeline",
        application,
        {
            "timeline": console.staff_timeline(application),
            "jobs": console.application_jobs(application),
        },
    )


@staff_required
@require_POST
def staff_return(request, pk):
    application = _staff_application(pk)
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            applications.return_for_information(
                application, request.user, form.cleaned_data["message"]
            )
        except ActionRefused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(
                request, f"{application.organisation.name}'s application has been returned."
            )
        return redirect("assessments:staff_detail", pk=application.pk)
    # An invalid form: the overview again, with the errors next to the field.
    return _render_tab(
        request, "staff_detail", application, _overview_context(request, application, form)
    )


# ---------------------------------------------------------------- cycles


@staff_required
def staff_cycles(request):
    cycles = list(console.cycles_with_counts())
    for cycle in cycles:
        cycle.state = console.cycle_state(cycle)
    return _render_page(request, "assessments/console/cycles.html", {"cycles": cycles})


@staff_required
@require_http_methods(["GET", "POST"])
def staff_cycle_create(request):
    form = CycleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        cycle = console.save_cycle(form, actor=request.user)
        messages.success(request, f"The cycle “{cycle.name}” has been created.")
        return redirect("assessments:staff_cycle", pk=cycle.pk)
    return _render_page(
        request, "assessments/console/cycle_form.html", {"form": form, "cycle": None}
    )


@staff_required
@require_http_methods(["GET", "POST"])
def staff_cycle_edit(request, pk):
    cycle = get_object_or_404(Cycle, pk=pk)
    form = CycleForm(request.POST or None, instance=cycle)
    if request.method == "POST" and form.is_valid():
        cycle = console.save_cycle(form, actor=request.user)
        messages.success(request, f"The cycle “{cycle.name}” has been saved.")
        return redirect("assessments:staff_cycle", pk=cycle.pk)
    return _render_page(
        request, "assessments/console/cycle_form.html", {"form": form, "cycle": cycle}
    )


@staff_required
def staff_cycle(request, pk):
    cycle = get_object_or_404(Cycle, pk=pk)
    return _render_page(
        request,
        "assessments/console/cycle_detail.html",
        {
            "cycle": cycle,
            "state": console.cycle_state(cycle),
            "applications": console.cycle_applications(cycle),
        },
    )


_CYCLE_CHANGES = {
    "close": (console.close_cycle, "closed"),
    "open": (console.reopen_cycle, "reopened"),
}


@staff_required
@require_http_methods(["GET", "POST"])
def staff_cycle_state(request, pk, change):
    if change not in _CYCLE_CHANGES:
        raise Http404("No such change")
    cycle = get_object_or_404(Cycle, pk=pk)
    apply, done = _CYCLE_CHANGES[change]
    if request.method == "POST":
        try:
            apply(cycle, actor=request.user)
        except console.ConsoleError as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, f"The cycle “{cycle.name}” has been {done}.")
        return redirect("assessments:staff_cycle", pk=cycle.pk)
    return _render_page(
        request,
        "assessments/console/cycle_confirm.html",
        {
            "cycle": cycle,
            "change": change,
            "live_count": cycle.applications.live().count(),
            "already": cycle.is_closed == (change == "close"),
        },
    )


# ---------------------------------------------------------------- reports


@staff_required
def staff_reports(request):
    return _render_page(
        request, "assessments/console/reports.html", {"reports": reports.all_reports()}
    )


@staff_required
def staff_report_csv(request, slug):
    build = reports.REPORTS.get(slug)
    if build is None:
        raise Http404("No such report")
    report = build()
    return csv_response(f"kitemark-{slug}.csv", report.header, report.rows)
