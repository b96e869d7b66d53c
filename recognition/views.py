"""The contribution record: the young person's own page, and staff's pages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from accounts.decorators import permission_required
from kitemark.csv_export import csv_response
from kitemark.files import private_file_response
from kitemark.refusals import Refused
from panels.models import PanelMember

from . import selectors
from .forms import AddTimeForm
from .models import ContributionCertificate
from .services import records
from .sources import SOURCES


def _own_member(request):
    member = PanelMember.objects.of_user(request.user).first()
    if member is None:
        raise PermissionDenied
    return member


@login_required
def my_record(request):
    member = _own_member(request)
    return render(
        request,
        "recognition/my_record.html",
        {
            "record": selectors.record_for(member),
            "certificates": selectors.certificates_of(member),
        },
    )


@login_required
@require_POST
def my_certificate(request):
    member = _own_member(request)
    records.request_certificate(member, actor=request.user)
    messages.success(request, "We are making your certificate. It will be ready in a minute.")
    return redirect("recognition:my_record")


def _file_response(certificate):
    if not certificate.is_ready:
        raise Http404
    try:
        return private_file_response(
            certificate.file,
            as_attachment=True,
            filename=f"certificate-of-contribution-{certificate.pk}.pdf",
            content_type="application/pdf",
        )
    except FileNotFoundError:
        raise Http404("This file is missing") from None


@login_required
def my_certificate_download(request, pk):
    member = _own_member(request)
    certificate = get_object_or_404(ContributionCertificate, pk=pk, member=member)
    return _file_response(certificate)


# ------------------------------------------------------------------ staff


@permission_required("recognition.manage_records")
def staff_records(request):
    return render(
        request,
        "recognition/staff_records.html",
        {"records": selectors.everyone(), "labels": [s.label for s in SOURCES]},
    )


@permission_required("recognition.manage_records")
def staff_records_csv(request):
    header = [
        "Display name",
        "Group",
        *[s.label for s in SOURCES],
        "Interview hours",
        "Training hours",
        "Added hours",
        "Hours",
    ]
    rows = [
        [
            r.member.display_name,
            r.member.group,
            *[r.counts.get(s.key, 0) for s in SOURCES],
            round(r.interview_hours, 1),
            round(r.training_hours, 2),
            round(r.added_hours, 2),
            r.hours,
        ]
        for r in selectors.everyone()
    ]
    return csv_response(f"contributions-{timezone.localdate().isoformat()}.csv", header, rows)


@permission_required("recognition.manage_records")
@require_http_methods(["GET", "POST"])
def staff_record(request, member_id):
    member = get_object_or_404(PanelMember, pk=member_id)
    form = AddTimeForm(request.POST if "add_time" in request.POST else None)
    if request.method == "POST":
        try:
            if "add_time" in request.POST and form.is_valid():
                records.add_time(member, **form.cleaned_data, actor=request.user)
                messages.success(request, "Time added.")
                return redirect("recognition:staff_record", member_id=member.pk)
            if "certificate" in request.POST:
                records.request_certificate(member, actor=request.user)
                messages.success(request, "The certificate is being made.")
                return redirect("recognition:staff_record", member_id=member.pk)
        except Refused as error:
            messages.error(request, error.message)
    return render(
        request,
        "recognition/staff_record.html",
        {
            "member": member,
            "record": selectors.record_for(member),
            "added": member.added_time.all(),
            "certificates": selectors.certificates_of(member),
            "form": form,
        },
    )


@permission_required("recognition.manage_records")
def staff_certificate_download(request, pk):
    return _file_response(get_object_or_404(ContributionCertificate, pk=pk))
