"""Staff manage the young people on the panels: add, edit, deactivate, export, anonymise,
and record their conflicts of interest."""

import json

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from accounts.decorators import permission_required
from kitemark.refusals import Refused
from panels import data_protection
from panels.forms import conflict_forms
from panels.models import Conflict, PanelMember
from panels.services import members

from ..forms import PanelMemberForm


@permission_required("panels.manage_panels")
def staff_members(request):
    panel_members = PanelMember.objects.select_related("user", "supervisor").order_by(
        "-is_active", "display_name"
    )
    return render(request, "console/staff_members.html", {"members": panel_members})


@permission_required("panels.manage_panels")
@require_http_methods(["GET", "POST"])
def staff_member_create(request):
    form = PanelMemberForm(request.POST or None, initial={"supervisor": request.user.pk})
    if request.method == "POST" and form.is_valid():
        try:
            member = members.create_panel_member(created_by=request.user, **form.cleaned_data)
        except Refused as refusal:
            form.add_error(None, refusal.message)
        else:
            if member.user.email and not form.cleaned_data.get("password"):
                messages.success(
                    request, f"{member.display_name} is added. We emailed them a link to sign in."
                )
            else:
                messages.success(
                    request,
                    f"{member.display_name} is added. They sign in with the username "
                    f"{member.user.username}.",
                )
            return redirect("console:staff_members")
    return render(request, "console/staff_member_form.html", {"form": form, "member": None})


@permission_required("panels.manage_panels")
@require_http_methods(["GET", "POST"])
def staff_member_edit(request, member_id):
    member = get_object_or_404(PanelMember.objects.select_related("user"), pk=member_id)
    form = PanelMemberForm(
        request.POST or None,
        member=member,
        initial={
            "display_name": member.display_name,
            "group": member.group,
            "supervisor": member.supervisor_id,
            "email": member.user.email or "",
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            members.update_panel_member(member, **form.cleaned_data)
        except Refused as refusal:
            form.add_error("email", refusal.message)
        else:
            messages.success(request, f"{member.display_name}'s details are saved.")
            return redirect("console:staff_members")
    return render(request, "console/staff_member_form.html", {"form": form, "member": member})


@permission_required("panels.manage_panels")
@require_http_methods(["GET", "POST"])
def staff_member_deactivate(request, member_id):
    member = get_object_or_404(PanelMember, pk=member_id)
    if request.method == "POST":
        members.deactivate_panel_member(member)
        messages.success(request, f"{member.display_name} can no longer sign in.")
        return redirect("console:staff_members")
    return render(request, "console/staff_member_deactivate.html", {"member": member})


@permission_required("panels.manage_panels")
@require_http_methods(["GET"])
def staff_member_export(request, member_id):
    member = get_object_or_404(
        PanelMember.objects.select_related("user", "supervisor"), pk=member_id
    )
    data = data_protection.export_member(member)
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="panel-member-{member.pk}.json"'
    return response


@permission_required("panels.manage_panels")
@require_http_methods(["GET", "POST"])
def staff_member_anonymise(request, member_id):
    member = get_object_or_404(PanelMember, pk=member_id)
    if request.method == "POST":
        data_protection.anonymise_member(member, actor=request.user)
        messages.success(request, "The panel member has been anonymised. Their scores stay.")
        return redirect("console:staff_members")
    return render(request, "console/staff_member_anonymise.html", {"member": member})


@permission_required("panels.manage_panels")
@require_POST
def staff_member_reactivate(request, member_id):
    member = get_object_or_404(PanelMember, pk=member_id)
    members.reactivate_panel_member(member)
    messages.success(request, f"{member.display_name} can sign in again.")
    return redirect("console:staff_members")


@permission_required("panels.manage_panels")
@require_http_methods(["GET", "POST"])
def staff_member_conflicts(request, member_id):
    member = get_object_or_404(PanelMember, pk=member_id)
    search, query, form = conflict_forms(request)
    if request.method == "POST" and form.is_valid():
        try:
            members.record_conflict(
                member,
                form.cleaned_data["organisation"],
                form.cleaned_data["reason"],
                recorded_by=request.user,
            )
        except Refused as refusal:
            form.add_error("organisation", refusal.message)
        else:
            messages.success(request, "Conflict recorded.")
            return redirect("console:staff_member_conflicts", member_id=member.pk)
    conflicts = Conflict.objects.filter(member=member).select_related("organisation", "recorded_by")
    return render(
        request,
        "console/staff_member_conflicts.html",
        {"member": member, "form": form, "search": search, "query": query, "conflicts": conflicts},
    )
