"""The reports page and each report's CSV download."""

from django.http import Http404
from django.shortcuts import render

from accounts.decorators import permission_required
from kitemark.csv_export import csv_response

from .. import reports


@permission_required("assessments.review_applications")
def staff_reports(request):
    return render(request, "console/reports.html", {"reports": reports.all_reports()})


@permission_required("assessments.review_applications")
def staff_report_csv(request, slug):
    build = reports.REPORTS.get(slug)
    if build is None:
        raise Http404("No such report")
    report = build()
    return csv_response(f"kitemark-{slug}.csv", report.header, report.rows)
