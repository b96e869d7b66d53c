"""Check-in pages: the organisation writes and answers; young people review; staff watch."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from accounts.decorators import permission_required
from assessments.models import Element, Evidence
from certificates.models import Award
from kitemark.inputs import page_number
from kitemark.refusals import Refused
from panels.models import PanelMember

from . import selectors
from .forms import (
    AddReviewerForm,
    AnswerForm,
    CheckInForm,
    CloseWorryForm,
    ElementForm,
    ReviewForm,
    YouSaidForm,
)
from .models import CheckIn, Review
from .services import checkins, reviews

YOU_SAID_ROWS = 3


def _checkin_or_404(request, pk, perm):
    checkin = CheckIn.objects.select_related("award__organisation").filter(pk=pk).first()
    if checkin is None or not request.user.has_perm(perm, checkin):
        raise Http404
    return checkin


# ------------------------------------------------------------------ organisations


@login_required
def org_list(request, award_id):
    award = get_object_or_404(Award.objects.select_related("organisation", "level"), pk=award_id)
    if not request.user.has_perm("checkins.write_checkin", award):
        raise Http404
    rows = [r for r in selectors.for_organisation(award.organisation) if r.award.pk == award.pk]
    return render(request, "checkins/org_list.html", {"award": award, "rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def org_edit(request, award_id, number):
    award = get_object_or_404(Award.objects.select_related("organisation", "level"), pk=award_id)
    if not request.user.has_perm("checkins.write_checkin", award):
        raise Http404
    existing = CheckIn.objects.filter(award=award, number=number).first()
    if existing is not None and existing.is_sent:
        return redirect("checkins:org_detail", pk=existing.pk)
    if not selectors.can_write(award, number):
        raise Http404
    library = Evidence.objects.filter(organisation=award.organisation, file_deleted_at__isnull=True)
    data = request.POST if request.method == "POST" else None
    checkin = existing
    element_forms = [
        (
            value,
            label,
            ElementForm(
                data,
                prefix=value,
                initial=_element_initial(checkin, value),
            ),
        )
        for value, label in Element.choices
    ]
    you_said_forms = [YouSaidForm(data, prefix=f"said{n}") for n in range(YOU_SAID_ROWS)]
    form = CheckInForm(
        data,
        evidence=library,
        initial={
            "lead_contact_change": checkin.lead_contact_change if checkin else "",
            "evidence": list(checkin.evidence.all()) if checkin else [],
        },
    )
    if request.method == "POST":
        forms_ok = form.is_valid() & all(
            [f.is_valid() for _, _, f in element_forms] + [f.is_valid() for f in you_said_forms]
        )
        if forms_ok:
            try:
                checkin = checkins.draft_for(award, number, actor=request.user)
                checkins.save(
                    checkin,
                    elements={
                        value: (f.cleaned_data["done"], f.cleaned_data["actions_progress"])
                        for value, _, f in element_forms
                    },
                    you_said=[
                        (
                            f.cleaned_data["element"],
                            f.cleaned_data["you_said"],
                            f.cleaned_data["we_did"],
                        )
                        for f in you_said_forms
                    ],
                    lead_contact_change=form.cleaned_data["lead_contact_change"],
                    evidence=list(form.cleaned_data.get("evidence", [])),
                    actor=request.user,
                )
                if "send" in request.POST:
                    checkins.send(checkin, actor=request.user)
                    messages.success(request, "Check-in sent. Young people will review it.")
                    return redirect("checkins:org_detail", pk=checkin.pk)
            except Refused as error:
                messages.error(request, error.message)
            else:
                messages.success(request, "Saved. You can come back and send it later.")
                return redirect("checkins:org_edit", award_id=award.pk, number=number)
    due_on = dict(selectors.due_dates_of(award))[number]
    return render(
        request,
        "checkins/org_edit.html",
        {
            "award": award,
            "number": number,
            "due_on": due_on,
            "checkin": checkin,
            "form": form,
            "element_forms": element_forms,
            "you_said_forms": you_said_forms,
            "saved_you_said": list(checkin.you_said.all()) if checkin else [],
            "actions": selectors.actions_of(award),
        },
    )


def _element_initial(checkin, element):
    if checkin is None:
        return {}
    report = checkin.elements.filter(element=element).first()
    return {"done": report.done, "actions_progress": report.actions_progress} if report else {}


@login_required
def org_detail(request, pk):
    checkin = _checkin_or_404(request, pk, "checkins.view_own_checkin")
    if not checkin.is_sent:
        return redirect("checkins:org_edit", award_id=checkin.award_id, number=checkin.number)
    checkin = selectors.checkin_detail(checkin)
    return render(
        request,
        "checkins/org_detail.html",
        {
            "checkin": checkin,
            "reviews": selectors.reviews_for_organisation(checkin),
            "answer_form": AnswerForm(),
            "state": selectors.State.LABELS[selectors.state_of(checkin)],
        },
    )


@login_required
@require_POST
def org_answer(request, pk, review_id):
    checkin = _checkin_or_404(request, pk, "checkins.view_own_checkin")
    review = get_object_or_404(Review, pk=review_id, checkin=checkin)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            reviews.answer(review, form.cleaned_data["answer"], actor=request.user)
        except Refused as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "Answer sent. The young person will see it.")
    else:
        messages.error(request, "Write your answer.")
    return redirect("checkins:org_detail", pk=checkin.pk)


# ------------------------------------------------------------------ young people


def _member(request):
    return PanelMember.objects.of_user(request.user).first()


@login_required
def panel_list(request):
    member = _member(request)
    if member is None:
        raise PermissionDenied
    return render(request, "checkins/panel_list.html", {"reviews": selectors.reviews_for(member)})


@login_required
@require_http_methods(["GET", "POST"])
def panel_review(request, pk):
    checkin = _checkin_or_404(request, pk, "checkins.review_checkin")
    member = _member(request)
    review = Review.objects.filter(checkin=checkin, member=member).first()
    if review is None:
        raise Http404
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            reviews.give(
                review,
                verdict=form.cleaned_data["verdict"],
                comment=form.cleaned_data["comment"],
                questions=form.cleaned_data["questions"],
                member=member,
            )
        except Refused as error:
            form.add_error("verdict", error.message)
        else:
            messages.success(request, "Thank you. We sent your review.")
            return redirect("checkins:panel_review", pk=checkin.pk)
    review.refresh_from_db()
    return render(
        request,
        "checkins/panel_review.html",
        {"checkin": selectors.checkin_detail(checkin), "review": review, "form": form},
    )


# ------------------------------------------------------------------ staff


DUE_PAGE_SIZE = 100


@permission_required("checkins.manage_checkins")
def staff_list(request):
    today = timezone.localdate()
    queue = selectors.staff_queue(today)
    page = Paginator(queue["due"], DUE_PAGE_SIZE).get_page(page_number(request.GET.get("page")))
    names = selectors.organisation_names([row.award_id for row in page.object_list])
    return render(
        request,
        "checkins/staff_list.html",
        {
            "queue": queue,
            "page": page,
            "due_rows": [(row, names.get(row.award_id, "")) for row in page.object_list],
            "today": today,
        },
    )


@permission_required("checkins.manage_checkins")
@require_http_methods(["GET", "POST"])
def staff_detail(request, pk):
    checkin = get_object_or_404(CheckIn, pk=pk)
    choices = list(selectors.reviewer_choices(checkin)) if checkin.is_sent else []
    add_form = AddReviewerForm(
        request.POST if "add_reviewer" in request.POST else None, members=choices
    )
    if request.method == "POST" and "add_reviewer" in request.POST and add_form.is_valid():
        try:
            reviews.ask(
                checkin, add_form.members[add_form.cleaned_data["member"]], actor=request.user
            )
        except Refused as error:
            add_form.add_error("member", error.message)
        else:
            messages.success(request, "Asked to review.")
            return redirect("checkins:staff_detail", pk=checkin.pk)
    checkin = selectors.checkin_detail(checkin)
    return render(
        request,
        "checkins/staff_detail.html",
        {
            "checkin": checkin,
            "state": selectors.State.LABELS[selectors.state_of(checkin)],
            "add_form": add_form if checkin.is_sent else None,
            "close_form": CloseWorryForm(),
        },
    )


@permission_required("checkins.manage_checkins")
@require_POST
def staff_close_worry(request, pk, review_id):
    review = get_object_or_404(Review, pk=review_id, checkin_id=pk)
    form = CloseWorryForm(request.POST)
    if form.is_valid():
        try:
            reviews.close_worry(review, form.cleaned_data["note"], actor=request.user)
        except Refused as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "Worry closed.")
    else:
        messages.error(request, "Say what you did about the worry.")
    return redirect("checkins:staff_detail", pk=pk)
