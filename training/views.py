"""Public pages (no account): the training, its sessions, booking and the emailed links;
and the young trainers' page."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods
from django_ratelimit.decorators import ratelimit

from . import ics, selectors
from .forms import GroupForm, PersonFormSet, TextForm
from .models import Trainer, TrainingSession
from .refusals import TrainingRefused
from .services import bookings, pledges
from .services.bookings import MAX_PEOPLE_PER_BOOKING, Person

BOOKING_RATE = "10/h"


def index(request):
    return render(request, "training/index.html", {"sessions": selectors.upcoming_sessions()})


def calendar_feed(request):
    response = HttpResponse(
        ics.feed(TrainingSession.objects.upcoming()), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="working-with-teenagers.ics"'
    return response


def _people_count(request):
    try:
        count = int(request.GET.get("people", "1"))
    except ValueError:
        count = 1
    return min(max(count, 1), MAX_PEOPLE_PER_BOOKING)


@require_http_methods(["GET", "POST"])
@ratelimit(group="training:book:ip", key="ip", rate=BOOKING_RATE, method="POST")
def session_detail(request, pk):
    session = selectors.session_with_places(pk)
    if session is None:
        raise Http404
    count = _people_count(request)
    group = GroupForm(request.POST or None)
    people = PersonFormSet(request.POST or None, initial=[{}] * count, prefix="person")
    error = ""
    if request.method == "POST" and group.is_valid() and people.is_valid():
        shared = group.cleaned_data
        try:
            results = bookings.book(
                session.pk,
                [
                    Person(
                        organisation_name=shared["organisation_name"],
                        sector=shared["sector"],
                        **{
                            k: form.cleaned_data[k]
                            for k in ("name", "email", "role", "access_needs", "commitment_agreed")
                        },
                    )
                    for form in people.forms
                    if form.cleaned_data
                ],
                user=request.user,
                join_waiting_list=shared["join_waiting_list"],
            )
        except TrainingRefused as refused:
            error = refused.message
            session = selectors.session_with_places(pk)
        else:
            return render(request, "training/booked.html", {"session": session, "results": results})
    return render(
        request,
        "training/session.html",
        {
            "session": session,
            "group": group,
            "people": people,
            "error": error,
            "count": count,
            "counts": range(1, MAX_PEOPLE_PER_BOOKING + 1),
            "open": not session.is_cancelled and not session.has_started(),
        },
    )


def _link_page(request, template, load, act, done_template, **extra):
    """A page reached from an emailed link: GET shows what will happen, POST does it."""
    token = request.resolver_match.kwargs["token"]
    try:
        booking = load(token)
    except TrainingRefused as refused:
        return render(
            request, "training/link_refused.html", {"message": refused.message}, status=410
        )
    form = TextForm(request.POST or None) if extra.get("with_text") else None
    error = ""
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            booking = act(token, form.cleaned_data["text"]) if form else act(token)
        except TrainingRefused as refused:
            if form is None:
                return render(
                    request, "training/link_refused.html", {"message": refused.message}, status=410
                )
            error = refused.message
        else:
            return render(request, done_template, {"booking": booking})
    return render(request, template, {"booking": booking, "form": form, "error": error})


@require_http_methods(["GET", "POST"])
def cancel(request, token):
    return _link_page(
        request,
        "training/cancel.html",
        bookings.booking_for_cancel_link,
        bookings.cancel_by_link,
        "training/cancelled.html",
    )


@require_http_methods(["GET", "POST"])
def accept(request, token):
    return _link_page(
        request,
        "training/accept.html",
        bookings.booking_for_accept_link,
        bookings.accept_offer,
        "training/accepted.html",
    )


@require_http_methods(["GET", "POST"])
def pledge(request, token):
    return _link_page(
        request,
        "training/pledge.html",
        lambda t: pledges.booking_for_link(t, "pledge"),
        pledges.submit_pledge,
        "training/thanks.html",
        with_text=True,
    )


@require_http_methods(["GET", "POST"])
def follow_up(request, token):
    return _link_page(
        request,
        "training/follow_up.html",
        lambda t: pledges.booking_for_link(t, "follow_up"),
        pledges.submit_follow_up,
        "training/thanks.html",
        with_text=True,
    )


@login_required
def trainer_home(request):
    """A young trainer's sessions. Young people who do not train see that they have none;
    adults are refused."""
    if not request.user.is_panel_member:
        raise PermissionDenied
    trainer = Trainer.objects.filter(user=request.user, active=True).first()
    context = {"trainer": trainer, "upcoming": [], "past": [], "said": []}
    if trainer is not None:
        context.update(
            upcoming=selectors.trainer_sessions(trainer, upcoming=True),
            past=selectors.trainer_sessions(trainer, upcoming=False),
            said=selectors.you_said_we_did(trainer),
        )
    return render(request, "training/trainer.html", context)
