"""Working with Teenagers, for the participation team (/staff/training/): sessions, their
bookings and waiting list, the team, the register on a tablet, the register's CSV, and the
reports. The rules are the training app's (training/services/)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from accounts.decorators import permission_required
from kitemark.csv_export import csv_response
from training import selectors
from training.models import Booking, Trainer, TrainingSession
from training.refusals import TrainingRefused
from training.services import sessions

from ..training_forms import (
    CancelSessionForm,
    SessionForm,
    TeamForm,
    TrainerAccountForm,
    hours_fields,
)

PERM = "training.manage_sessions"


@permission_required(PERM)
def session_list(request):
    now = timezone.now()
    all_sessions = list(TrainingSession.objects.with_booked().order_by("-starts_at"))
    return render(
        request,
        "console/training/sessions.html",
        {
            "upcoming": [s for s in reversed(all_sessions) if s.ends_at > now],
            "past": [s for s in all_sessions if s.ends_at <= now],
        },
    )


@permission_required(PERM)
@require_http_methods(["GET", "POST"])
def session_create(request):
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            session = sessions.create_session(actor=request.user, **form.values())
        except TrainingRefused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, "The session has been created.")
            return redirect("console:training_session", pk=session.pk)
    return render(request, "console/training/session_form.html", {"form": form, "session": None})


@permission_required(PERM)
@require_http_methods(["GET", "POST"])
def session_edit(request, pk):
    session = get_object_or_404(TrainingSession, pk=pk)
    form = SessionForm(request.POST or None, initial=SessionForm.initial_for(session))
    if request.method == "POST" and form.is_valid():
        try:
            sessions.update_session(
                session.pk,
                actor=request.user,
                supporting_staff=session.supporting_staff,
                **form.values(),
            )
        except TrainingRefused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(
                request, "The session has been saved. Bookers of a moved session are emailed."
            )
            return redirect("console:training_session", pk=session.pk)
    return render(request, "console/training/session_form.html", {"form": form, "session": session})


@permission_required(PERM)
def session_detail(request, pk):
    session = get_object_or_404(TrainingSession.objects.select_related("supporting_staff"), pk=pk)
    assignments = list(session.assignments.select_related("trainer"))
    team = TeamForm(
        initial={
            "trainers": [a.trainer.user_id for a in assignments],
            "supporting_staff": session.supporting_staff_id,
        }
    )
    return render(
        request,
        "console/training/session.html",
        {
            "session": session,
            "bookings": selectors.session_bookings(session),
            "team": team,
            "assignments": assignments,
            "hours": hours_fields(assignments)() if assignments else None,
            "evidence": session.evidence_items.select_related("organisation"),
        },
    )


@permission_required(PERM)
@require_POST
def session_team(request, pk):
    session = get_object_or_404(TrainingSession, pk=pk)
    form = TeamForm(request.POST)
    if form.is_valid():
        try:
            sessions.set_team(
                session.pk,
                trainer_users=list(form.cleaned_data["trainers"]),
                supporting_staff=form.cleaned_data["supporting_staff"],
                actor=request.user,
            )
        except TrainingRefused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, "The team has been saved.")
    else:
        messages.error(request, "Choose young trainers and a member of staff from the lists.")
    return redirect("console:training_session", pk=session.pk)


@permission_required(PERM)
@require_POST
def session_hours(request, pk):
    session = get_object_or_404(TrainingSession, pk=pk)
    assignments = list(session.assignments.select_related("trainer"))
    form = hours_fields(assignments)(request.POST)
    if form.is_valid():
        sessions.record_hours(
            session.pk,
            {a.trainer_id: form.cleaned_data.get(f"hours_{a.trainer_id}") for a in assignments},
            actor=request.user,
        )
        messages.success(request, "The trainers' hours have been saved.")
    else:
        messages.error(request, "Hours must be a number from 0 to 100.")
    return redirect("console:training_session", pk=session.pk)


@permission_required(PERM)
@require_http_methods(["GET", "POST"])
def session_cancel(request, pk):
    session = get_object_or_404(TrainingSession, pk=pk)
    form = CancelSessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            sessions.cancel_session(
                session.pk, reason=form.cleaned_data["reason"], actor=request.user
            )
        except TrainingRefused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, "The session is cancelled. Everyone booked has been emailed.")
        return redirect("console:training_session", pk=session.pk)
    booked = session.bookings.filter(
        status__in=[Booking.Status.CONFIRMED, Booking.Status.OFFERED, Booking.Status.WAITING]
    ).count()
    return render(
        request,
        "console/training/session_cancel.html",
        {"session": session, "form": form, "booked": booked},
    )


@permission_required(PERM)
@require_http_methods(["GET", "POST"])
def session_register(request, pk):
    """The register, made for a tablet: one big choice per person."""
    session = get_object_or_404(TrainingSession, pk=pk)
    people = list(session.bookings.filter(status=Booking.Status.CONFIRMED).order_by("name"))
    if request.method == "POST":
        marks = {}
        for booking in people:
            mark = request.POST.get(f"booking-{booking.pk}", "")
            marks[booking.pk] = mark if mark in Booking.Attendance.values else ""
        try:
            sessions.take_register(session.pk, marks, actor=request.user)
        except TrainingRefused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, "The register has been saved.")
            return redirect("console:training_register", pk=session.pk)
    return render(
        request,
        "console/training/register.html",
        {
            "session": session,
            "people": people,
            "open": sessions.register_open(session),
            "choices": Booking.Attendance.choices,
        },
    )


@permission_required(PERM)
def session_register_csv(request, pk):
    session = get_object_or_404(TrainingSession, pk=pk)
    day = timezone.localdate(session.starts_at)
    return csv_response(
        f"register-{day:%Y-%m-%d}.csv", selectors.REGISTER_HEADER, selectors.register_rows(session)
    )


@permission_required(PERM)
@require_http_methods(["GET", "POST"])
def trainer_create(request):
    form = TrainerAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            trainer = sessions.create_trainer_account(actor=request.user, **form.cleaned_data)
        except TrainingRefused as refused:
            form.add_error("username", refused.message)
        else:
            messages.success(
                request,
                f"{trainer.display_name} is a trainer. They sign in with the username "
                f"{trainer.user.username} and the password you chose.",
            )
            return redirect("console:training_sessions")
    return render(request, "console/training/trainer_form.html", {"form": form})


@permission_required(PERM)
@require_http_methods(["GET", "POST"])
def trainer_anonymise(request, trainer_id):
    """A young trainer who is not a panel member leaves (a panel member who trains leaves
    from the panel members' page, which the contribution page links to)."""
    trainer = get_object_or_404(
        Trainer.objects.select_related("user"),
        pk=trainer_id,
        anonymised_at__isnull=True,
        user__panel_member__isnull=True,
    )
    if request.method == "POST":
        sessions.anonymise_trainer(trainer, actor=request.user)
        messages.success(
            request, "The young trainer has been anonymised. Their sessions and hours stay."
        )
        return redirect("recognition:staff_record", user_id=trainer.user_id)
    return render(request, "console/training/trainer_anonymise.html", {"trainer": trainer})


@permission_required(PERM)
def training_report(request):
    return render(request, "console/training/report.html", {"report": selectors.report()})
