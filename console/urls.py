"""The staff console's pages. Their paths are printed in emails and bookmarked by staff:
they never change."""

from django.urls import path

from .views import applications, cycles, pipeline, reports

app_name = "console"

urlpatterns = [
    path("staff/", pipeline.staff_dashboard, name="staff_dashboard"),
    path("staff/applications/", pipeline.staff_applications, name="staff_applications"),
    path("staff/jobs/<int:job_pk>/retry/", pipeline.staff_retry_job, name="staff_retry_job"),
    path("staff/applications/<int:pk>/", applications.staff_detail, name="staff_detail"),
    path(
        "staff/applications/<int:pk>/submission/",
        applications.staff_submission,
        name="staff_submission",
    ),
    path("staff/applications/<int:pk>/scores/", applications.staff_scores, name="staff_scores"),
    path(
        "staff/applications/<int:pk>/timeline/",
        applications.staff_timeline,
        name="staff_timeline",
    ),
    path("staff/applications/<int:pk>/return/", applications.staff_return, name="staff_return"),
    path("staff/cycles/", cycles.staff_cycles, name="staff_cycles"),
    path("staff/cycles/new/", cycles.staff_cycle_create, name="staff_cycle_create"),
    path("staff/cycles/<int:pk>/", cycles.staff_cycle, name="staff_cycle"),
    path("staff/cycles/<int:pk>/edit/", cycles.staff_cycle_edit, name="staff_cycle_edit"),
    path(
        "staff/cycles/<int:pk>/<slug:change>/", cycles.staff_cycle_state, name="staff_cycle_state"
    ),
    path("staff/reports/", reports.staff_reports, name="staff_reports"),
    path("staff/reports/<slug:slug>.csv", reports.staff_report_csv, name="staff_report_csv"),
]
