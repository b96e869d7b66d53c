"""The staff application record: the overview (with the return-for-information form)
and the submission, scores and timeline tabs."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.decorators import permission_required
from assessments.services import applications as application_services
from kitemark.refusals import Refused

from .. import applications
from ..forms import ReturnForm, SubmissionCompareForm

# The record's tabs, in order: (URL and template name, label).
APPLICATION_TABS = [
    ("staff_detail", "Overview"),
    ("staff_submission", "Submission"),
    ("staff_scores", "Scores"),
    ("staff_timeline", "Timeline and emails"),
]


def _staff_application(pk):
    return get_object_or_404(applications.staff_application_queryset(), pk=pk)


def _staff_tab_application(pk):
    return get_object_or_404(applications.staff_tab_application_queryset(), pk=pk)


def _render_tab(request, tab, application, context, template=None):
    """Render one tab of the record (template console/<tab>.html, or `template` for a
    page within the tab), with the shared header and sub-navigation
    (console/_application_header.html)."""
    tabs = [
        {
            "url": reverse(f"console:{name}", args=[application.pk]),
            "label": label,
            "current": name == tab,
        }
        for name, label in APPLICATION_TABS
    ]
    return render(
        request,
        template or f"console/{tab}.html",
        {
            "application": application,
            "tabs": tabs,
            "current_tab": next(t for t in tabs if t["current"]),
            "overview": tab == "staff_detail",
            **context,
        },
    )


def _overview_context(request, application, return_form):
    panel, award = applications.panel_and_award(application)
    actions = applications.staff_actions(application, user=request.user, panel=panel, award=award)
    return {
        "return_form": return_form,
        "actions": actions,
        "can_return": any(a.key == "return" for a in actions),
        "panel": panel,
        "seats": list(panel.seats.all()) if panel else [],
        "interviews": applications.interviews_for(application),
        "award": award,
    }


@permission_required("assessments.review_applications")
def staff_detail(request, pk):
    """The record's overview: status, what staff can do now, the panel and interview,
    the award and the return-for-information form."""
    application = _staff_application(pk)
    return _render_tab(
        request, "staff_detail", application, _overview_context(request, application, ReturnForm())
    )


@permission_required("assessments.review_applications")
def staff_submission(request, pk):
    """The submission: every answer with its self-rating, evidence and links, and the
    submissions received."""
    application = _staff_tab_application(pk)
    return _render_tab(
        request,
        "staff_submission",
        application,
        {
            "answers": applications.submission_answers(application),
            "snapshots": applications.submissions_received(application),
        },
    )


@permission_required("assessments.review_applications")
def staff_submission_received(request, pk, snapshot_pk):
    """One submission received, read-only, and what changed between it and the previous
    one, the next one or the current answers (?against=)."""
    application = _staff_tab_application(pk)
    form = SubmissionCompareForm(request.GET)
    against = form.cleaned_data["against"] if form.is_valid() else ""
    view = applications.submission_view(application, snapshot_pk, against)
    if view is None:
        raise Http404
    return _render_tab(
        request,
        "staff_submission",
        application,
        {"view": view},
        template="console/staff_submission_received.html",
    )


@permission_required("assessments.review_applications")
def staff_scores(request, pk):
    """The score rounds: agreed scores, each member's scores, feedback and finalisation."""
    application = _staff_tab_application(pk)
    return _render_tab(
        request,
        "staff_scores",
        application,
        {"score_rounds": applications.score_rounds(application)},
    )


@permission_required("assessments.review_applications")
def staff_timeline(request, pk):
    """The full timeline (staff-only events too) and the emails and plaques queued."""
    application = _staff_tab_application(pk)
    return _render_tab(
        request,
        "staff_timeline",
        application,
        {
            "timeline": applications.staff_timeline(application),
            "jobs": applications.application_jobs(application),
        },
    )


@permission_required("assessments.review_applications")
@require_POST
def staff_return(request, pk):
    application = _staff_application(pk)
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            application_services.return_for_information(
                application, request.user, form.cleaned_data["message"]
            )
        except Refused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(
                request, f"{application.organisation.name}'s application has been returned."
            )
        return redirect("console:staff_detail", pk=application.pk)
    # An invalid form: the overview again, with the errors next to the field.
    return _render_tab(
        request, "staff_detail", application, _overview_context(request, application, form)
    )
