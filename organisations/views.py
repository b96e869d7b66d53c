"""Thin views: they check permission, call the services and selectors, and render."""

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit

from kitemark.refusals import Refused

from . import selectors
from .forms import InvitationForm, OrganisationEditForm, OrganisationForm, SwitchOrganisationForm
from .models import Invitation, Organisation
from .services import invitations
from .services.current_organisation import (
    SESSION_KEY,
    forget_current_organisation,
    set_current_organisation,
)
from .services.drafts import mark_draft_saved, pop_cleared_drafts
from .services.organisations import (
    leave_organisation,
    register_organisation,
    update_organisation,
)

REGISTER_DRAFT = "organisation-register"


def _edit_draft(organisation):
    return f"organisation-edit-{organisation.pk}"


def _invite_draft(organisation):
    return f"organisation-invite-{organisation.pk}"


def _organisation_for(request, pk, perm="organisations.manage_organisation"):
    """The organisation if the user holds `perm` on it. Anyone who may not even see it gets
    404, so another organisation's pages do not reveal that it exists."""
    organisation = get_object_or_404(Organisation, pk=pk)
    if rules.has_perm(perm, request.user, organisation):
        return organisation
    if rules.has_perm("organisations.view_organisation", request.user, organisation):
        raise PermissionDenied("Only members of this organisation can do this.")
    raise Http404("No organisation found.")


def _base_context(request, **extra):
    return {"cleared_drafts": pop_cleared_drafts(request), **extra}


@login_required
@require_POST
def switch(request):
    organisations = list(selectors.organisations_for(request.user))
    form = SwitchOrganisationForm(request.POST, organisations=organisations)
    if not form.is_valid():
        raise Http404("No organisation found.")
    organisation = set_current_organisation(request, form.cleaned_data["organisation"])
    messages.success(request, f"You are now working on {organisation.name}.")
    return redirect("portal:dashboard")


@login_required
@require_http_methods(["GET", "POST"])
def register(request):
    if not rules.has_perm("organisations.add_organisation", request.user):
        raise PermissionDenied("Only organisation accounts can register an organisation.")
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organisation = register_organisation(request.user, form)
        request.session[SESSION_KEY] = organisation.pk
        mark_draft_saved(request, REGISTER_DRAFT)
        messages.success(
            request,
            f"{organisation.name} is registered. You can now start an application "
            "and invite colleagues.",
        )
        return redirect("portal:dashboard")
    return render(
        request,
        "organisations/register.html",
        {"form": form, "draft_key": REGISTER_DRAFT, "restore_draft": request.method == "GET"},
    )


@login_required
def detail(request, pk):
    organisation = _organisation_for(request, pk, "organisations.view_organisation")
    is_member = rules.has_perm("organisations.manage_organisation", request.user, organisation)
    return render(
        request,
        "organisations/detail.html",
        _base_context(request, organisation=organisation, is_member=is_member),
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, pk):
    organisation = _organisation_for(request, pk)
    form = OrganisationEditForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        update_organisation(form)
        mark_draft_saved(request, _edit_draft(organisation))
        messages.success(request, "Your organisation's details are saved.")
        return redirect("organisations:detail", pk=organisation.pk)
    return render(
        request,
        "organisations/edit.html",
        {
            "form": form,
            "organisation": organisation,
            "draft_key": _edit_draft(organisation),
            "restore_draft": request.method == "GET",
        },
    )


@login_required
def members(request, pk):
    organisation = _organisation_for(request, pk, "organisations.view_organisation")
    is_member = rules.has_perm("organisations.manage_organisation", request.user, organisation)
    return render(
        request,
        "organisations/members.html",
        _base_context(
            request,
            organisation=organisation,
            is_member=is_member,
            memberships=list(selectors.members_of(organisation)),
            invitations=list(selectors.pending_invitations(organisation)) if is_member else [],
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
@ratelimit(key="user", rate="30/h", method="POST", block=True)
def invite(request, pk):
    organisation = _organisation_for(request, pk)
    if not rules.has_perm("organisations.invite_member", request.user, organisation):
        raise PermissionDenied("Only organisation accounts can invite colleagues.")
    form = InvitationForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = invitations.invite(organisation, form.cleaned_data["email"], request.user)
        except Refused as error:
            form.add_error("email", error.message)
        else:
            mark_draft_saved(request, _invite_draft(organisation))
            messages.success(
                request,
                f"We have emailed an invitation to {invitation.email}. "
                "The link works once and lasts 7 days.",
            )
            return redirect("organisations:members", pk=organisation.pk)
    return render(
        request,
        "organisations/invite.html",
        {
            "form": form,
            "organisation": organisation,
            "draft_key": _invite_draft(organisation),
            "restore_draft": request.method == "GET",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def cancel_invitation(request, pk, invitation_pk):
    organisation = _organisation_for(request, pk)
    invitation = get_object_or_404(Invitation, pk=invitation_pk, organisation=organisation)
    if request.method == "POST":
        try:
            invitations.cancel_invitation(invitation)
        except Refused as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                f"The invitation to {invitation.email} is cancelled. Its link no longer works.",
            )
        return redirect("organisations:members", pk=organisation.pk)
    return render(
        request,
        "organisations/cancel_invitation.html",
        {"organisation": organisation, "invitation": invitation},
    )


@login_required
@require_http_methods(["GET", "POST"])
def leave(request, pk):
    organisation = _organisation_for(request, pk)
    if request.method == "POST":
        try:
            leave_organisation(organisation, request.user)
        except Refused as error:
            messages.error(request, error.message)
            return redirect("organisations:leave", pk=organisation.pk)
        forget_current_organisation(request, organisation)
        messages.success(request, f"You have left {organisation.name}.")
        return redirect("portal:dashboard")
    return render(
        request,
        "organisations/leave.html",
        {"organisation": organisation, "is_last_member": selectors.is_last_member(organisation)},
    )


@require_http_methods(["GET", "POST"])
def invitation(request, token):
    invitation = get_object_or_404(
        Invitation.objects.select_related("organisation", "invited_by"), token=token
    )
    user = request.user
    problem = invitations.invitation_problem(invitation, user)
    if request.method == "POST":
        if not user.is_authenticated:
            return redirect(f"{reverse('accounts:login')}?{urlencode({'next': request.path})}")
        try:
            invitations.accept_invitation(invitation, user)
        except Refused as error:
            problem = error
        else:
            request.session[SESSION_KEY] = invitation.organisation_id
            messages.success(
                request, f"Welcome. You are now a member of {invitation.organisation.name}."
            )
            return redirect("portal:dashboard")
    next_query = urlencode({"next": request.path})
    return render(
        request,
        "organisations/invitation.html",
        {
            "invitation": invitation,
            "problem": problem,
            "login_url": f"{reverse('accounts:login')}?{next_query}",
            "signup_url": f"{reverse('accounts:signup')}?{next_query}",
        },
        status=200 if problem is None or request.method == "GET" else 400,
    )
