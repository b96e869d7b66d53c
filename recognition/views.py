"""The contribution record: the young person's own page, and staff's pages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from accounts.decorators import permission_required
from credentials.documents import enveloped
from kitemark.csv_export import csv_response
from kitemark.files import private_file_response
from kitemark.refusals import Refused

from . import selectors
from .forms import AddTimeForm
from .models import ContributionCertificate
from .services import records
from .sources import SOURCES


def _own_person(request):
    person = selectors.own_young_person(request.user)
    if person is None:
        raise PermissionDenied
    return person


@login_required
def my_record(request):
    person = _own_person(request)
    return render(
        request,
        "recognition/my_record.html",
        {
            "record": selectors.record_for(person),
            "certificates": selectors.certificates_of(person),
        },
    )


@login_required
@require_POST
def my_certificate(request):
    person = _own_person(request)
    records.request_certificate(person, actor=request.user)
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


def _credential_response(certificate):
    """The signed credential as JSON (an EnvelopedVerifiableCredential holding the VC-JWT),
    to download: it is the young person's own, never served to be looked up."""
    if not certificate.has_credential:
        raise Http404
    response = JsonResponse(
        enveloped(certificate.credential),
        content_type="application/vc+ld+json",
        json_dumps_params={"indent": 2},
    )
    response["Content-Disposition"] = (
        f'attachment; filename="certificate-of-contribution-{certificate.pk}.json"'
    )
    response["Cache-Control"] = "private, no-store"
    return response


def _own_certificate(request, pk):
    person = _own_person(request)
    return get_object_or_404(ContributionCertificate, pk=pk, person_id=person.pk)


@login_required
def my_certificate_download(request, pk):
    return _file_response(_own_certificate(request, pk))


@login_required
def my_credential_download(request, pk):
    return _credential_response(_own_certificate(request, pk))


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
            r.person.display_name,
            r.person.group,
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
def staff_record(request, user_id):
    person = selectors.young_person(user_id)
    if person is None:
        raise Http404
    form = AddTimeForm(request.POST if "add_time" in request.POST else None)
    if request.method == "POST":
        try:
            if "add_time" in request.POST and form.is_valid():
                records.add_time(person, **form.cleaned_data, actor=request.user)
                messages.success(request, "Time added.")
                return redirect("recognition:staff_record", user_id=person.pk)
            if "certificate" in request.POST:
                records.request_certificate(person, actor=request.user)
                messages.success(request, "The certificate is being made.")
                return redirect("recognition:staff_record", user_id=person.pk)
        except Refused as error:
            messages.error(request, error.message)
    return render(
        request,
        "recognition/staff_record.html",
        {
            "person": person,
            "record": selectors.record_for(person),
            "added": selectors.added_time_of(person),
            "certificates": selectors.certificates_of(person),
            "form": form,
        },
    )


@permission_required("recognition.manage_records")
def staff_certificate_download(request, pk):
    return _file_response(get_object_or_404(ContributionCertificate, pk=pk))


@permission_required("recognition.manage_records")
def staff_credential_download(request, pk):
    return _credential_response(get_object_or_404(ContributionCertificate, pk=pk))
