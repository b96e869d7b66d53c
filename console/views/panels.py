"""Staff give an application its panel and interview, and confirm the panel's outcome."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from accounts.decorators import permission_required
from assessments import outcomes
from assessments.models import Application, Status
from kitemark.refusals import Refused
from panels import selectors
from panels.models import PanelMember
from panels.services import assignment, interviews, results

from ..forms import AssignPanelForm, InterviewForm, SendBackForm

# The statuses in which the panel page offers its form (the service decides what it allows).
_PANEL_CAN_CHANGE = (Status.SUBMITTED, Status.PANEL_ASSIGNED, Status.INTERVIEW_SCHEDULED)


def _application(pk):
    return get_object_or_404(
        Application.objects.select_related("organisation", "level", "cycle"), pk=pk
    )


def _back_to_application(application):
    return redirect("console:staff_detail", pk=application.pk)


@permission_required("panels.manage_panels")
@require_http_methods(["GET", "POST"])
def staff_assign_panel(request, pk):
    application = _application(pk)
    choices = selectors.member_choices_for(application)
    allowed_ids = [row["member"].pk for row in choices if not row["blocked_reason"]]
    panel = selectors.panel_for(application)
    initial = None
    if panel is not None:
        initial = {
            "members": list(panel.seats.values_list("member_id", flat=True)),
            "facilitator": panel.facilitator_id,
        }
    form = AssignPanelForm(
        request.POST or None,
        initial=initial or {"facilitator": request.user.pk},
        allowed_members=PanelMember.objects.active().filter(pk__in=allowed_ids),
    )
    if request.method == "POST" and form.is_valid():
        try:
            assignment.assign_panel(
                application,
                members=list(form.cleaned_data["members"]),
                facilitator=form.cleaned_data["facilitator"],
                actor=request.user,
            )
        except Refused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, "The panel is saved.")
            return _back_to_application(application)
    selected = {str(v) for v in (form["members"].value() or [])}
    return render(
        request,
        "console/staff_assign.html",
        {
            "application": application,
            "form": form,
            "choices": choices,
            "selected": selected,
            "panel": panel,
            "can_assign": application.status in _PANEL_CAN_CHANGE,
        },
    )


@permission_required("panels.manage_panels")
@require_http_methods(["GET", "POST"])
def staff_interview(request, pk):
    application = _application(pk)
    interview = selectors.next_interview_for(application)
    initial = None
    if interview is not None:
        local = timezone.localtime(interview.starts_at)
        initial = {
            "date": local.date(),
            "time": local.time().replace(second=0, microsecond=0),
            "duration_minutes": interview.duration_minutes,
            "venue": interview.venue,
            "video_link": interview.video_link,
        }
    form = InterviewForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        kwargs = {
            "starts_at": data["starts_at"],
            "duration_minutes": data["duration_minutes"],
            "venue": data.get("venue") or "",
            "video_link": data.get("video_link") or "",
            "actor": request.user,
        }
        try:
            if interview is None:
                interviews.schedule_interview(application, **kwargs)
                messages.success(request, "Interview booked. We emailed the invitation.")
            else:
                interviews.reschedule_interview(interview, **kwargs)
                messages.success(request, "Interview moved. We emailed the new time.")
        except Refused as refusal:
            form.add_error(None, refusal.message)
        else:
            return _back_to_application(application)
    return render(
        request,
        "console/staff_interview.html",
        {"application": application, "form": form, "interview": interview},
    )


@permission_required("panels.manage_panels")
@require_http_methods(["GET", "POST"])
def staff_interview_cancel(request, pk):
    application = _application(pk)
    interview = selectors.next_interview_for(application)
    if interview is None:
        raise Http404
    if request.method == "POST":
        try:
            interviews.cancel_interview(interview, actor=request.user)
        except Refused as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, "Interview cancelled. We emailed everyone.")
        return _back_to_application(application)
    return render(
        request,
        "console/staff_interview_cancel.html",
        {"application": application, "interview": interview},
    )


@permission_required("panels.manage_panels")
@require_http_methods(["GET", "POST"])
def staff_outcome(request, pk):
    """Staff see the young people's scores beside the agreed ones, with any divergence, and
    confirm the outcome or send it back to the panel with a reason. They never change a
    score."""
    application = _application(pk)
    form = SendBackForm(request.POST if "send_back" in request.POST else None)
    if request.method == "POST":
        try:
            if "send_back" in request.POST:
                if form.is_valid():
                    results.send_back(
                        application, reason=form.cleaned_data["reason"], actor=request.user
                    )
                    messages.success(request, "Sent back to the panel with your reason.")
                    return _back_to_application(application)
            else:
                results.confirm_outcome(application, actor=request.user)
                messages.success(
                    request, "Outcome confirmed. The organisation can now see its result."
                )
                return _back_to_application(application)
        except Refused as refusal:
            messages.error(request, refusal.message)
            return redirect("console:staff_outcome", pk=application.pk)
    deadline = None
    if application.proposed_outcome == outcomes.RESUBMISSION:
        deadline = outcomes.resubmission_deadline(selectors.interview_date_for(application))
    waiting = application.status == Status.SCORED
    return render(
        request,
        "console/staff_outcome.html",
        {
            "application": application,
            "waiting": waiting,
            "review": selectors.outcome_review(application) if waiting else None,
            "form": form,
            "proposed": outcomes.OUTCOME_LABELS.get(application.proposed_outcome, ""),
            "deadline": deadline,
            "rounds": selectors.result_rounds(application),
            "panel_label": selectors.panel_label(application),
        },
    )
