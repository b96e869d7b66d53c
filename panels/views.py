"""Thin views: check who may do what, call a service, show the result."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from assessments import outcomes
from assessments.models import Answer, Application, Indicator, ScoreDescriptor
from kitemark.inputs import json_object, parse_id
from kitemark.refusals import Refused
from organisations.membership import is_member

from . import selectors
from .forms import (
    ActionForm,
    AgreedScoreForm,
    AttendanceForm,
    ConfirmForm,
    NoteForm,
    ScoreForm,
    conflict_forms,
)
from .models import PanelMember
from .refusals import PanelError
from .services import consensus as panel_consensus  # the consensus view has the module's name
from .services import members, notes, results, scoring, sittings

# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------


def panel_member_required(view):
    """For panel members only. The view finds the user's PanelMember in
    request.panel_member."""

    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        request.panel_member = selectors.member_for(request.user)
        if request.panel_member is None:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _application(pk):
    return get_object_or_404(Application.objects.select_related("organisation"), pk=pk)


def _application_or_404(request, pk, perm):
    """The application if the user holds `perm` on it; otherwise 404, so nothing leaks."""
    application = _application(pk)
    if not request.user.has_perm(perm, application):
        raise Http404
    return application


def _seat_or_404(request, pk):
    """(application, the user's PanelMember) for a member seated on the application's panel
    (who holds panels.score_application); otherwise 404, so nothing leaks. Scoring and notes
    belong to a seat: a superuser passes every `rules` permission (Django's shortcut) but
    has no seat and no scores, so they get 404 too."""
    application = _application(pk)
    member = selectors.seated_member(request.user, application)
    if member is None:
        raise Http404
    return application, member


def staff_application_url(application):
    return reverse("console:staff_detail", args=[application.pk])


def _wants_json(request):
    return request.content_type == "application/json" or "application/json" in request.headers.get(
        "Accept", ""
    )


# ---------------------------------------------------------------------------
# Panel member pages
# ---------------------------------------------------------------------------


@panel_member_required
def dashboard(request):
    member = request.panel_member
    context = selectors.dashboard_for(member)
    context["member"] = member
    return render(request, "panels/dashboard.html", context)


@panel_member_required
@require_POST
def notice_emails(request):
    """The young person says yes or no to emails about what happened next."""
    member = request.panel_member
    wanted = request.POST.get("notice_emails") == "yes"
    members.set_notice_emails(member, wanted and bool(request.user.email))
    if wanted and request.user.email:
        messages.success(request, "We will email you when something happens.")
    else:
        messages.success(request, "We will not email you. You can still see it all here.")
    return redirect("panels:dashboard")


@panel_member_required
@require_http_methods(["GET", "POST"])
def my_conflicts(request):
    member = request.panel_member
    search, query, form = conflict_forms(request)
    if request.method == "POST" and form.is_valid():
        try:
            members.record_conflict(
                member,
                form.cleaned_data["organisation"],
                form.cleaned_data["reason"],
                recorded_by=request.user,
            )
        except Refused as error:
            form.add_error("organisation", error.message)
        else:
            messages.success(request, "Thank you. We will not ask you to score them.")
            return redirect("panels:my_conflicts")
    conflicts = member.conflicts.select_related("organisation")
    return render(
        request,
        "panels/my_conflicts.html",
        {"form": form, "search": search, "query": query, "conflicts": conflicts},
    )


@login_required
def reader(request, pk, n):
    application = _application_or_404(request, pk, "panels.read_application")
    indicators = list(Indicator.objects.filter(level_id=application.level_id).order_by("order"))
    if not 1 <= n <= len(indicators):
        raise Http404
    indicator = indicators[n - 1]
    answer = (
        Answer.objects.filter(application=application, indicator=indicator)
        .prefetch_related("evidence", "links")
        .first()
    )
    descriptors = {d.value: d for d in ScoreDescriptor.objects.for_level(application.level_id)}
    member = selectors.member_for(request.user)
    note_form = None
    if member is not None:
        note = selectors.notes_for(member, application, indicator)
        note_form = NoteForm(
            initial={"notes": note.notes, "questions": note.questions} if note else None
        )
    flagged = (
        application.round == 2
        and Indicator.objects.flagged_for_resubmission(application).filter(pk=indicator.pk).exists()
    )
    return render(
        request,
        "panels/reader.html",
        {
            "application": application,
            "indicator": indicator,
            "answer": answer,
            "descriptor": descriptors.get(answer.self_rating) if answer else None,
            "n": n,
            "count": len(indicators),
            "previous": n - 1 if n > 1 else None,
            "next": n + 1 if n < len(indicators) else None,
            "note_form": note_form,
            "flagged": flagged,
        },
    )


@login_required
@require_POST
def save_note(request, pk, indicator_id):
    application, member = _seat_or_404(request, pk)
    indicator = get_object_or_404(Indicator, pk=indicator_id, level_id=application.level_id)
    form = NoteForm(request.POST)
    saved = False
    if form.is_valid():
        notes.save_note(member, application, indicator, **form.cleaned_data)
        saved = True
    if request.headers.get("HX-Request"):
        return render(request, "panels/_note_status.html", {"saved": saved, "form": form})
    if saved:
        messages.success(request, "Your notes are saved. Only you can see them.")
    else:
        messages.error(request, "Your notes are too long. Make them shorter.")
    n = list(
        Indicator.objects.filter(level_id=application.level_id)
        .order_by("order")
        .values_list("pk", flat=True)
    ).index(indicator.pk)
    return redirect("panels:reader", pk=application.pk, n=n + 1)


# The scoring form's radio groups are named "score-<indicator id>".
SCORE_FIELD_PREFIX = "score-"
COMMENT_FIELD_PREFIX = "comment-"


def _scoring_context(request, application, member):
    rows = [
        {
            "indicator": i,
            "value": value,
            "field": f"{SCORE_FIELD_PREFIX}{i.pk}",  # read back by score() without JavaScript
            "choice_id": f"s-{i.pk}",
        }
        for i, value in selectors.indicators_with_my_scores(member, application)
    ]
    state = selectors.round_state(application, member)
    return {
        "application": application,
        "member": member,
        "rows": rows,
        "descriptors": list(ScoreDescriptor.objects.for_level(application.level_id)),
        "closed": selectors.scoring_closed(application, state),
        "submitted": state.submitted,
        "missing": [r["indicator"] for r in rows if r["value"] is None],
        "storage_key": f"kitemark-scores:{application.pk}:{member.pk}:{application.round}",
    }


@login_required
@require_http_methods(["GET", "POST"])
def score(request, pk):
    application, member = _seat_or_404(request, pk)
    if request.method == "POST":
        # Without JavaScript: the whole form, or one indicator's "Save" button.
        saved, errors = 0, []
        for key, value in request.POST.items():
            if not key.startswith(SCORE_FIELD_PREFIX):
                continue
            try:
                indicator_id = key.removeprefix(SCORE_FIELD_PREFIX)
                comment = request.POST.get(f"{COMMENT_FIELD_PREFIX}{indicator_id}", "")
                scoring.save_score(member, application, indicator_id, value, comment=comment)
                saved += 1
            except Refused as error:
                errors.append(error.message)
        for error in dict.fromkeys(errors):
            messages.error(request, error)
        if saved and not errors:
            messages.success(request, f"Saved {saved} score{'s' if saved != 1 else ''}.")
        return redirect("panels:score", pk=application.pk)
    return render(request, "panels/score.html", _scoring_context(request, application, member))


@login_required
@require_POST
def score_save(request, pk):
    """Save one score at once (fetch() from scoring.js, or a plain form post)."""
    application, member = _seat_or_404(request, pk)
    if request.content_type == "application/json":
        try:
            data = json_object(request.body or b"{}")
        except ValueError as error:
            return JsonResponse({"ok": False, "error": str(error)}, status=400)
    else:
        data = request.POST
    form = ScoreForm(data)
    if not form.is_valid():
        if _wants_json(request):
            return JsonResponse({"ok": False, "error": form.first_error()}, status=400)
        messages.error(request, form.first_error())
        return redirect("panels:score", pk=application.pk)
    try:
        saved, applied = scoring.save_score(
            member,
            application,
            form.cleaned_data["indicator"],
            form.cleaned_data["value"],
            client_time=form.cleaned_data["client_ts"],
            comment=form.cleaned_data["comment"],
        )
    except Refused as error:
        if _wants_json(request):
            return JsonResponse({"ok": False, "error": error.message}, status=409)
        messages.error(request, error.message)
        return redirect("panels:score", pk=application.pk)
    if _wants_json(request):
        return JsonResponse(
            {"ok": True, "indicator": saved.indicator_id, "value": saved.value, "applied": applied}
        )
    messages.success(request, "Score saved.")
    return redirect("panels:score", pk=application.pk)


@login_required
@require_http_methods(["GET", "POST"])
def score_finish(request, pk):
    application, member = _seat_or_404(request, pk)
    if request.method == "POST":
        try:
            scoring.submit_scores(member, application)
        except Refused as error:
            messages.error(request, error.message)
            return redirect("panels:score", pk=application.pk)
        messages.success(request, "Thank you. Your scores are sent.")
        return redirect("panels:consensus", pk=application.pk)
    context = _scoring_context(request, application, member)
    return render(request, "panels/score_finish.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def presence(request, pk):
    """The facilitator starts the interview (early, if before its time) and records who is
    here: scoring opens once enough young people are."""
    application = _application_or_404(request, pk, "panels.agree_scores")
    form = AttendanceForm(request.POST or None)
    if request.method == "POST":
        try:
            if "start" in request.POST:
                sittings.start_round(application, actor=request.user)
                messages.success(request, "Started. Now record who is here.")
            elif form.is_valid():
                member = get_object_or_404(
                    PanelMember.objects.seated_on(application), pk=form.cleaned_data["member"]
                )
                sittings.record_attendance(
                    application,
                    member,
                    present=form.cleaned_data["present"],
                    reason=form.cleaned_data["reason"],
                    actor=request.user,
                )
                messages.success(request, f"Saved for {member.display_name}.")
            else:
                messages.error(request, "Choose here or not here.")
        except Refused as error:
            messages.error(request, error.message)
        return redirect("panels:presence", pk=application.pk)
    state = selectors.round_state(application)
    interview = selectors.next_interview_for(application) if application.round == 1 else None
    return render(
        request,
        "panels/presence.html",
        {
            "application": application,
            "interview": interview,
            "rows": selectors.attendance_rows(application),
            "started": state.started,
            "not_started": selectors.round_not_started(application, state),
            "closed": selectors.scoring_closed(application, state),
            "present_count": state.present_count,
            "needed": selectors.min_young_people(),
        },
    )


def _agreed_prefix(indicator_id):
    """The AgreedScoreForm prefix of one indicator's form on the consensus page."""
    return f"i{indicator_id}"


@login_required
@require_http_methods(["GET", "POST"])
def consensus(request, pk):
    """The consensus page: everyone's scores side by side, and the facilitator's forms for
    the agreed scores."""
    user = request.user
    application = _application(pk)
    # Each fact once: whether the user facilitates this panel, the agree_scores permission
    # (the facilitator's, and a superuser's), and the user's seat.
    facilitating = selectors.is_facilitator(user, application)
    may_agree = facilitating or user.has_perm("panels.agree_scores", application)
    member = selectors.seated_member(user, application)
    if not (may_agree or member or user.has_perm("panels.view_consensus", application)):
        raise Http404
    if request.method == "POST":
        if not may_agree:
            raise PermissionDenied
        indicator_id = parse_id(request.POST.get("indicator"))
        if indicator_id is None:
            messages.error(request, "Choose one of the indicators on this page.")
            return redirect("panels:consensus", pk=application.pk)
        form = AgreedScoreForm(request.POST, prefix=_agreed_prefix(indicator_id))
        if form.is_valid():
            try:
                panel_consensus.save_agreed_score(
                    application, indicator_id, actor=user, **form.cleaned_data
                )
            except Refused as error:
                messages.error(request, error.message)
            else:
                messages.success(request, "Agreed score saved.")
        else:
            messages.error(request, "Choose an agreed score from 0 to 4.")
        return redirect(f"{reverse('panels:consensus', args=[application.pk])}#ind-{indicator_id}")
    state = selectors.round_state(application, member)
    context = selectors.consensus_rows(application, state, member=member, facilitating=facilitating)
    for row in context["rows"]:
        # The agreed_score_form tag writes each row's fields (no form object per row).
        prefix = _agreed_prefix(row["pk"])
        row.update(prefix=prefix, field=f"{prefix}-value", choice_id=f"a-{row['pk']}")
    context.update(
        {
            "application": application,
            "is_facilitator": may_agree,
            "scores_revealed": state.scores_revealed,
            "descriptors": (
                list(ScoreDescriptor.objects.for_level(application.level_id)) if may_agree else []
            ),
            "closed": selectors.scoring_closed(application, state),
            "sent_back": state.sent_back,
        }
    )
    return render(request, "panels/consensus.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def confirm(request, pk):
    """The agreed sheet. A present young person confirms it on their own device ("These are
    our scores"); the facilitator sees who has, and records a spoken confirmation by name."""
    application = _application(pk)
    facilitating = selectors.is_facilitator(request.user, application)
    member = selectors.seated_member(request.user, application)
    if not (facilitating or member):
        raise Http404
    if request.method == "POST":
        form = ConfirmForm(request.POST)
        try:
            if not form.is_valid():
                raise PanelError("Open the page again and confirm.")
            if facilitating:
                who = get_object_or_404(
                    PanelMember.objects.seated_on(application), pk=form.cleaned_data["member"]
                )
                panel_consensus.confirm_sheet(
                    application,
                    who,
                    sheet=form.cleaned_data["sheet"],
                    actor=request.user,
                    spoken=True,
                )
                messages.success(
                    request, f"Recorded: {who.display_name} said these are our scores."
                )
            else:
                panel_consensus.confirm_sheet(
                    application, member, sheet=form.cleaned_data["sheet"], actor=request.user
                )
                messages.success(request, "Thank you. You confirmed these are our scores.")
        except Refused as error:
            messages.error(request, error.message)
        return redirect("panels:confirm", pk=application.pk)
    state = selectors.round_state(application, member)
    rows = selectors.confirmation_rows(application)
    mine = next((r for r in rows if member and r["member"].pk == member.pk), None)
    return render(
        request,
        "panels/confirm.html",
        {
            "application": application,
            "is_facilitator": facilitating,
            "sheet": selectors.sheet_fingerprint(application),
            "agreed": selectors.final_scores(application),
            "missing": selectors.missing_agreed(application),
            "rows": rows,
            "mine": mine,
            "closed": selectors.scoring_closed(application, state),
        },
    )


@login_required
@require_POST
def reveal(request, pk):
    application = _application_or_404(request, pk, "panels.agree_scores")
    try:
        panel_consensus.reveal_scores(application, actor=request.user)
    except Refused as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Everyone on the panel can now see all the scores.")
    return redirect("panels:consensus", pk=application.pk)


@login_required
@require_http_methods(["GET", "POST"])
def finalise(request, pk):
    application = _application_or_404(request, pk, "panels.agree_scores")
    if request.method == "POST":
        try:
            panel_consensus.finalise(application, actor=request.user)
        except Refused as error:
            messages.error(request, error.message)
            return redirect("panels:consensus", pk=application.pk)
        messages.success(request, "Scores finalised. The participation team will confirm.")
        return redirect(staff_application_url(application))
    missing = selectors.missing_agreed(application)
    total = sum(agreed.value for agreed in selectors.final_scores(application))
    proposed = None
    if not missing:
        proposed = outcomes.OUTCOME_LABELS[
            outcomes.outcome_for_total(total, is_resubmission=application.round == 2)
        ]
    return render(
        request,
        "panels/finalise.html",
        {
            "application": application,
            "missing": missing,
            "total": total,
            "proposed": proposed,
            "closed": selectors.scoring_closed(application, selectors.round_state(application)),
        },
    )


# ---------------------------------------------------------------------------
# Organisation: result and "you said, we did"
# ---------------------------------------------------------------------------


def _org_application_or_404(request, pk, perm):
    application = get_object_or_404(
        Application.objects.select_related("organisation", "level"), pk=pk
    )
    member = is_member(request.user, application.organisation_id)
    if not (member or request.user.is_participation_staff):
        raise Http404
    return application, request.user.has_perm(perm, application)


@login_required
def org_result(request, pk):
    application, allowed = _org_application_or_404(request, pk, "panels.view_result")
    rounds = selectors.result_rounds(application) if allowed else []
    return render(
        request,
        "panels/org_result.html",
        {
            "application": application,
            "rounds": rounds,
            "panel_label": selectors.panel_label(application) if rounds else "",
            "can_act": request.user.has_perm("panels.add_action", application),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def org_actions(request, pk):
    application, allowed = _org_application_or_404(request, pk, "panels.add_action")
    if not allowed:
        raise Http404
    items = list(selectors.feedback_items_for_actions(application))
    initial = {"agreed_score": request.GET.get("item", "")}
    form = ActionForm(request.POST or None, items=items, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            results.add_organisation_action(
                application,
                form.cleaned_data["agreed_score"],
                form.cleaned_data["text"],
                actor=request.user,
            )
        except Refused as error:
            form.add_error("agreed_score", error.message)
        else:
            messages.success(request, "Thank you. The panel will see what you did.")
            return redirect("panels:org_result", pk=application.pk)
    return render(request, "panels/org_actions.html", {"application": application, "form": form})
