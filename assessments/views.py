"""Thin views: look up, check permission, call a service, render."""

from functools import partial
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, HttpResponse, HttpResponseGone
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import RFC3986_SUBDELIMS
from django.views.decorators.http import require_http_methods, require_POST

from audit.services import record_evidence_download
from kitemark.files import private_file_response
from kitemark.inputs import parse_id
from kitemark.refusals import Refused
from organisations.models import Organisation

from . import selectors, workflow
from .forms import (
    AnswerForm,
    LinkForm,
    ResolveConflictForm,
    StartApplicationForm,
    SubmitForm,
    UploadForm,
    WithdrawForm,
)
from .models import (
    MAX_ANSWER_CHARS,
    Answer,
    AnswerLink,
    Application,
    Evidence,
    FrameworkVersion,
    ScoreDescriptor,
    Status,
)
from .services import answers, applications, evidence, pdf
from .uploads import INLINE_TYPES

EVIDENCE_CSP = "default-src 'none'; sandbox"
# An answer without a self-rating, wherever the answer page shows one.
NOT_RATED = "Not rated yet"


def _is_htmx(request):
    return request.headers.get("HX-Request") == "true"


def _answer_url_prefix(application):
    """The indicator pages' address without the code: the links to several indicators
    come from one reverse() (each is the prefix, the quoted code and a slash, as reverse()
    would build it)."""
    return reverse("assessments:answer", args=[application.pk, "-"])[:-2]


def _answer_url(prefix, code):
    return f"{prefix}{quote(code, safe=RFC3986_SUBDELIMS + '/~:@')}/"


def _is_member_or_404(request, application):
    """Whether the user is a member of the application's organisation (may submit it);
    404 unless they are or may see it anyway (staff). A member may always see it."""
    user = request.user
    is_member = user.has_perm("assessments.submit_application", application)
    if not is_member and not user.has_perm("assessments.view_application", application):
        # Another organisation's application: do not reveal that it exists.
        raise Http404("No application found")
    return is_member


def _application(request, pk, perm="assessments.view_application", related=()):
    """The application with its organisation, level and cycle (and the `related` rows it
    shows) if the user may (`perm`); 404 otherwise."""
    application = get_object_or_404(
        Application.objects.select_related("organisation", "level", "cycle", *related), pk=pk
    )
    if not request.user.has_perm(perm, application):
        # Another organisation's application: do not reveal that it exists.
        raise Http404("No application found")
    return application


def _organisation(request, org_pk, perm):
    organisation = get_object_or_404(Organisation, pk=org_pk)
    if not request.user.has_perm(perm, organisation):
        raise Http404("No organisation found")
    return organisation


# ---------------------------------------------------------------- start


@login_required
@require_http_methods(["GET", "POST"])
def start(request, org_pk):
    organisation = _organisation(request, org_pk, "assessments.start_application")
    version = FrameworkVersion.objects.current()
    cycle = selectors.open_cycle()
    live = selectors.live_application(organisation)
    form = StartApplicationForm(request.POST if request.method == "POST" else None, version=version)
    if request.method == "POST" and form.is_valid():
        try:
            application = applications.start_application(
                organisation, form.cleaned_data["level"], request.user
            )
        except Refused as refused:
            messages.error(request, refused.message)
            return redirect("assessments:start", org_pk=organisation.pk)
        messages.success(request, "Your application has started. Work through each indicator.")
        return redirect("assessments:detail", pk=application.pk)
    return render(
        request,
        "assessments/start.html",
        {
            "organisation": organisation,
            "form": form,
            "cycle": cycle,
            "next_cycle": None if cycle else selectors.next_cycle(),
            "live": live,
            "levels": list(form.fields["level"].queryset),
        },
    )


# ---------------------------------------------------------------- overview


@login_required
def detail(request, pk):
    application = get_object_or_404(
        Application.objects.select_related("organisation", "level", "cycle"), pk=pk
    )
    is_member = _is_member_or_404(request, application)
    # The page marks the indicators the panel asked to be improved, so it needs the
    # editable set only while a resubmission is awaited.
    flagged = (
        answers.editable_indicator_ids(application)
        if is_member and application.awaiting_resubmission
        else set()
    )
    return render(
        request,
        "assessments/detail.html",
        {
            "application": application,
            # The indicators' links come from one reverse().
            "progress": selectors.overview_progress(
                application,
                url_for=partial(_answer_url, _answer_url_prefix(application)),
                flagged_ids=flagged,
            ),
            "timeline": selectors.timeline(
                application, staff_only_too=request.user.is_participation_staff
            ),
            "is_member": is_member,
            "can_submit": is_member and application.is_editable_by_organisation,
            "can_withdraw": is_member
            and workflow.can_transition(application, Status.WITHDRAWN, workflow.ORGANISATION),
            "show_result": application.outcome_visible_to_organisation,
            "earlier_checkins": (
                selectors.earlier_checkins(application)
                if is_member and application.is_editable_by_organisation
                else []
            ),
        },
    )


# ---------------------------------------------------------------- one indicator


def _indicator_answer(request, pk, code):
    """(application, its answer to the indicator `code`, whether the user is a member of
    its organisation). The answer comes with the indicator, the application and its
    level (one query). 404 if there is no such answer or the user may not see the
    application."""
    answer = selectors.indicator_page_answer(pk, code)
    if answer is None:
        raise Http404("No indicator found")
    application = answer.application
    return application, answer, _is_member_or_404(request, application)


def _answer_page(
    request,
    application,
    answer,
    navigation,
    *,
    is_member,
    editable,
    descriptors=None,
    form=None,
    status=200,
):
    indicator = answer.indicator
    if descriptors is None:
        descriptors = list(ScoreDescriptor.objects.for_level(application.level_id))
    # The library's files (id, name, attached), each marked if this answer uses it.
    files = selectors.library_for_answer(answer) if editable else []
    if form is None:
        form = AnswerForm(
            initial={
                "text": answer.text,
                "self_rating": answer.self_rating,
                "evidence": [pk for pk, _name, attached in files if attached],
                "revision": answer.revision,
            },
            descriptors=descriptors,
        )
    conflict = selectors.open_conflict(answer, request.user) if is_member else None
    conflict_evidence = (
        list(Evidence.objects.filter(pk__in=conflict.evidence_ids).only("original_name"))
        if conflict
        else []
    )
    rating_labels = {d.value: f"{d.value} – {d.label}" for d in descriptors}
    prefix = _answer_url_prefix(application)
    previous_code, next_code = navigation.previous, navigation.next
    return render(
        request,
        "assessments/answer.html",
        {
            "application": application,
            "indicator": indicator,
            "answer": answer,
            "answer_url": _answer_url(prefix, indicator.code),
            "form": form,
            "rating_options": form.options("self_rating"),
            "evidence_options": form.options("evidence", [(pk, name) for pk, name, _ in files]),
            "links": selectors.answer_links(answer),
            "link_form": LinkForm(),
            "editable": editable,
            "is_member": is_member,
            "rating_labels": rating_labels,
            "answer_rating_label": rating_labels.get(answer.self_rating, NOT_RATED),
            "previous": previous_code,
            "previous_url": _answer_url(prefix, previous_code) if previous_code else "",
            "next": next_code,
            "next_url": _answer_url(prefix, next_code) if next_code else "",
            "position": navigation.position,
            "count": navigation.count,
            "conflict": conflict,
            "conflict_evidence": conflict_evidence,
            "conflict_rating_label": rating_labels.get(conflict.self_rating, NOT_RATED)
            if conflict
            else "",
            "max_chars": MAX_ANSWER_CHARS,
        },
        status=status,
    )


def _navigation(application, code):
    """The indicator's place among the level's (see `selectors.indicator_navigation`), or
    404."""
    navigation = selectors.indicator_navigation(application.level_id, code)
    if navigation is None:
        raise Http404("No indicator found")
    return navigation


@login_required
@require_http_methods(["GET", "POST"])
def answer(request, pk, code):
    application, answer, is_member = _indicator_answer(request, pk, code)
    if request.method == "GET":
        return _answer_page(
            request,
            application,
            answer,
            _navigation(application, code),
            is_member=is_member,
            editable=is_member and answers.can_edit_answer(answer),
        )

    # A save does not show the evidence and links, so it does not load them.
    indicator = answer.indicator
    if not (is_member and answers.can_edit_answer(answer)):
        if _is_htmx(request):
            return render(
                request,
                "assessments/_save_status.html",
                {"error": "This answer is read-only now, so your change was not saved."},
                status=403,
            )
        raise PermissionDenied
    descriptors = list(ScoreDescriptor.objects.for_level(application.level_id))
    form = AnswerForm(
        request.POST,
        descriptors=descriptors,
        # The save needs only the chosen files' ids.
        library=Evidence.objects.library(application.organisation_id).only("pk"),
    )
    if not form.is_valid():
        if _is_htmx(request):
            errors = [e for field_errors in form.errors.values() for e in field_errors]
            return render(
                request,
                "assessments/_save_status.html",
                {"error": "Not saved: " + " ".join(errors)},
            )
        return _answer_page(
            request,
            application,
            answer,
            _navigation(application, code),
            is_member=True,
            editable=True,
            descriptors=descriptors,
            form=form,
        )
    try:
        result = answers.save_answer(
            answer,
            user=request.user,
            text=form.cleaned_data["text"],
            self_rating=form.cleaned_data["self_rating"],
            evidence_ids=[e.pk for e in form.cleaned_data["evidence"]],
            base_revision=form.cleaned_data["revision"],
        )
    except Refused as refused:
        if _is_htmx(request):
            return render(request, "assessments/_save_status.html", {"error": refused.message})
        messages.error(request, refused.message)
        return redirect("assessments:answer", pk=application.pk, code=indicator.code)
    if _is_htmx(request):
        return render(
            request,
            "assessments/_save_status.html",
            {"result": result, "saved_at": timezone.localtime(result.answer.updated_at)},
        )
    if not result.saved:
        messages.warning(
            request,
            "A colleague changed this answer while you were editing. Your version has been "
            "kept: compare the two below and choose which to keep.",
        )
        return redirect("assessments:answer", pk=application.pk, code=indicator.code)
    saved_at = timezone.localtime(result.answer.updated_at)
    messages.success(request, f"Saved at {saved_at:%H:%M}.")
    next_code = request.POST.get("next_code")
    if (
        "save_next" in request.POST
        and next_code
        and application.answers.filter(indicator__code=next_code).exists()
    ):
        return redirect("assessments:answer", pk=application.pk, code=next_code)
    return redirect("assessments:answer", pk=application.pk, code=indicator.code)


def _editable_answer(request, pk, code):
    """(application, answer) as `_indicator_answer` reads them, or 403 unless the user is
    a member and the edit rule lets them change the answer now."""
    application, answer, is_member = _indicator_answer(request, pk, code)
    if not (is_member and answers.can_edit_answer(answer)):
        raise PermissionDenied
    return application, answer


@login_required
@require_POST
def resolve_conflict(request, pk, code):
    application, answer, _is_member = _indicator_answer(request, pk, code)
    conflict = selectors.open_conflict(answer, request.user)
    form = ResolveConflictForm(request.POST)
    if conflict is None or not form.is_valid():
        messages.info(request, "There is nothing to choose between any more.")
        return redirect("assessments:answer", pk=application.pk, code=answer.indicator.code)
    conflict.answer = answer
    try:
        answers.resolve_conflict(conflict, keep=form.cleaned_data["keep"], user=request.user)
    except Refused as refused:
        messages.error(request, refused.message)
    else:
        kept = "your version" if form.cleaned_data["keep"] == "mine" else "your colleague's version"
        messages.success(request, f"Done: the answer now shows {kept}.")
    return redirect("assessments:answer", pk=application.pk, code=answer.indicator.code)


def _links_response(request, application, answer, link_form=None):
    if _is_htmx(request):
        return render(
            request,
            "assessments/_links.html",
            {
                "application": application,
                "indicator": answer.indicator,
                "answer": answer,
                "links": list(selectors.answer_links(answer)),
                "link_form": link_form or LinkForm(),
                "editable": True,
            },
        )
    return redirect("assessments:answer", pk=application.pk, code=answer.indicator.code)


@login_required
@require_POST
def add_link(request, pk, code):
    application, answer = _editable_answer(request, pk, code)
    form = LinkForm(request.POST)
    if not form.is_valid():
        if _is_htmx(request):
            return _links_response(request, application, answer, link_form=form)
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, f"The link was not added: {error}")
        return redirect("assessments:answer", pk=application.pk, code=answer.indicator.code)
    try:
        answers.add_link(answer, user=request.user, **form.cleaned_data)
    except Refused as refused:
        messages.error(request, refused.message)
    else:
        if not _is_htmx(request):
            messages.success(request, "Link added.")
    return _links_response(request, application, answer)


@login_required
@require_POST
def remove_link(request, pk, code, link_pk):
    application, answer = _editable_answer(request, pk, code)
    link = get_object_or_404(AnswerLink, pk=link_pk, answer=answer)
    link.answer = answer
    answers.remove_link(link, user=request.user)
    if not _is_htmx(request):
        messages.success(request, "Link removed.")
    return _links_response(request, application, answer)


# ---------------------------------------------------------------- submit / withdraw


@login_required
@require_http_methods(["GET", "POST"])
def submit(request, pk):
    application = _application(request, pk, "assessments.submit_application")
    if not application.is_editable_by_organisation:
        messages.info(request, "This application has already been submitted.")
        return redirect("assessments:detail", pk=application.pk)
    missing = selectors.missing_answers(application)
    form = SubmitForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and not missing and form.is_valid():
        try:
            applications.submit(application, request.user)
        except Refused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(
                request,
                "Thank you. Your application has been sent. We have emailed everyone in "
                "your organisation a receipt.",
            )
            return redirect("assessments:detail", pk=application.pk)
    return render(
        request,
        "assessments/submit.html",
        {
            "application": application,
            "missing": missing,
            "form": form,
            "is_resubmission": application.awaiting_resubmission,
        },
        status=200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request, pk):
    application = _application(request, pk, "assessments.withdraw_application")
    if not workflow.can_transition(application, Status.WITHDRAWN, workflow.ORGANISATION):
        messages.info(request, "This application can no longer be withdrawn.")
        return redirect("assessments:detail", pk=application.pk)
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            applications.withdraw(application, request.user, form.cleaned_data["reason"])
        except Refused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, "Your application has been withdrawn.")
        return redirect("assessments:detail", pk=application.pk)
    return render(request, "assessments/withdraw.html", {"application": application, "form": form})


@login_required
def application_pdf(request, pk):
    application = _application(request, pk, related=("level__version",))
    response = HttpResponse(pdf.render_pdf(application), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="kitemark-application-{application.pk}.pdf"'
    )
    return response


# ---------------------------------------------------------------- evidence


@login_required
def evidence_library(request, org_pk):
    organisation = _organisation(request, org_pk, "assessments.view_library")
    files = list(
        Evidence.objects.library(organisation)
        .select_related("uploaded_by")
        .prefetch_related(
            Prefetch(
                "answers",
                queryset=Answer.objects.select_related("indicator", "application").order_by(
                    "indicator__order"
                ),
            )
        )
    )
    used = sum(f.size for f in files)
    limit = settings.EVIDENCE_MAX_APPLICATION_BYTES
    return render(
        request,
        "assessments/evidence_library.html",
        {
            "organisation": organisation,
            "files": files,
            "used": used,
            "limit": limit,
            "percent_used": min(100, round(100 * used / limit)) if limit else 0,
            "can_manage": request.user.has_perm("assessments.manage_evidence", organisation),
            "dashboard_url": reverse("portal:dashboard"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def evidence_upload(request, org_pk):
    organisation = _organisation(request, org_pk, "assessments.manage_evidence")
    answer_pk = parse_id(request.POST.get("answer") or request.GET.get("answer"))
    answer = None
    if answer_pk is not None:
        answer = get_object_or_404(
            Answer.objects.select_related("application", "indicator"),
            pk=answer_pk,
            application__organisation=organisation,
        )
    max_mb = settings.EVIDENCE_MAX_FILE_BYTES // (1024 * 1024)
    form = UploadForm(
        request.POST if request.method == "POST" else None, request.FILES or None, max_mb=max_mb
    )
    results = []
    if request.method == "POST" and form.is_valid():
        try:
            results = evidence.store_evidence(
                organisation, form.cleaned_data["files"], user=request.user, attach_to=answer
            )
        except Refused as refused:
            messages.error(request, refused.message)
            results = []
        saved = [r for r in results if r.ok]
        if results and len(saved) == len(results):
            messages.success(
                request,
                f"{len(saved)} file{'s' if len(saved) != 1 else ''} uploaded."
                + (" They are attached to this answer." if answer else ""),
            )
            if answer:
                return redirect(
                    "assessments:answer",
                    pk=answer.application_id,
                    code=answer.indicator.code,
                )
            return redirect("assessments:evidence_library", org_pk=organisation.pk)
        if results:
            form = UploadForm(max_mb=max_mb)
    return render(
        request,
        "assessments/evidence_upload.html",
        {
            "organisation": organisation,
            "form": form,
            "results": results,
            "refused_count": sum(1 for r in results if not r.ok),
            "answer": answer,
            "max_mb": max_mb,
        },
        status=200,
    )


@login_required
def evidence_download(request, pk):
    stored = get_object_or_404(Evidence, pk=pk)
    if not request.user.has_perm("assessments.view_evidence", stored):
        raise Http404("No file found")
    if stored.file_deleted_at:
        return HttpResponseGone(
            f"“{stored.original_name}” was deleted on "
            f"{timezone.localtime(stored.file_deleted_at):%-d %B %Y} because its retention "
            "period ended. The application's answers, scores and outcome are kept.\n",
            content_type="text/plain; charset=utf-8",
        )
    if not stored.file:
        raise Http404("This file has been deleted")
    inline = stored.content_type in INLINE_TYPES
    try:
        response = private_file_response(
            stored.file,
            as_attachment=not inline,
            filename=stored.original_name,
            content_type=stored.content_type,
        )
    except FileNotFoundError:
        raise Http404("This file is missing") from None
    evidence.log_download(stored, request.user)
    record_evidence_download(request, stored)
    response["Content-Security-Policy"] = EVIDENCE_CSP
    response["X-Content-Type-Options"] = "nosniff"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def evidence_delete(request, pk):
    stored = get_object_or_404(Evidence.objects.select_related("organisation"), pk=pk)
    if not request.user.has_perm("assessments.delete_evidence", stored):
        raise Http404("No file found")
    blocking = selectors.evidence_blocking_applications(stored)
    if request.method == "POST" and not blocking:
        org_pk = stored.organisation_id
        name = stored.original_name
        try:
            evidence.delete_evidence(stored, user=request.user)
        except Refused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, f"“{name}” has been deleted.")
        return redirect("assessments:evidence_library", org_pk=org_pk)
    return render(
        request,
        "assessments/evidence_delete.html",
        {
            "evidence": stored,
            "blocking": blocking,
            "uses": stored.answers.select_related("indicator", "application").order_by(
                "application_id", "indicator__order"
            ),
        },
    )
