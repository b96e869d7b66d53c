"""Cycles: the list, a cycle's page with its applications, creating and editing one,
and closing or reopening it."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from accounts.decorators import permission_required
from assessments import selectors
from assessments.models import Cycle
from assessments.services import cycles
from kitemark.refusals import Refused

from ..forms import CycleForm


@permission_required("assessments.review_applications")
def staff_cycles(request):
    return render(request, "console/cycles.html", {"cycles": selectors.cycles_with_counts()})


@permission_required("assessments.review_applications")
@require_http_methods(["GET", "POST"])
def staff_cycle_create(request):
    form = CycleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        cycle = cycles.save_cycle(form, actor=request.user)
        messages.success(request, f"The cycle “{cycle.name}” has been created.")
        return redirect("console:staff_cycle", pk=cycle.pk)
    return render(request, "console/cycle_form.html", {"form": form, "cycle": None})


@permission_required("assessments.review_applications")
@require_http_methods(["GET", "POST"])
def staff_cycle_edit(request, pk):
    cycle = get_object_or_404(Cycle, pk=pk)
    form = CycleForm(request.POST or None, instance=cycle)
    if request.method == "POST" and form.is_valid():
        cycle = cycles.save_cycle(form, actor=request.user)
        messages.success(request, f"The cycle “{cycle.name}” has been saved.")
        return redirect("console:staff_cycle", pk=cycle.pk)
    return render(request, "console/cycle_form.html", {"form": form, "cycle": cycle})


@permission_required("assessments.review_applications")
def staff_cycle(request, pk):
    cycle = get_object_or_404(Cycle, pk=pk)
    return render(
        request,
        "console/cycle_detail.html",
        {
            "cycle": cycle,
            "applications": selectors.cycle_applications(cycle),
        },
    )


_CYCLE_CHANGES = {
    "close": (cycles.close_cycle, "closed"),
    "open": (cycles.reopen_cycle, "reopened"),
}


@permission_required("assessments.review_applications")
@require_http_methods(["GET", "POST"])
def staff_cycle_state(request, pk, change):
    if change not in _CYCLE_CHANGES:
        raise Http404("No such change")
    cycle = get_object_or_404(Cycle, pk=pk)
    apply, done = _CYCLE_CHANGES[change]
    if request.method == "POST":
        try:
            apply(cycle, actor=request.user)
        except Refused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, f"The cycle “{cycle.name}” has been {done}.")
        return redirect("console:staff_cycle", pk=cycle.pk)
    return render(
        request,
        "console/cycle_confirm.html",
        {
            "cycle": cycle,
            "change": change,
            "live_count": cycle.applications.live().count(),
            "already": cycle.is_closed == (change == "close"),
        },
    )
