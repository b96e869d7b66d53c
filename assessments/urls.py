from django.urls import path

from . import console_views, views

app_name = "assessments"

urlpatterns = [
    path("organisations/<int:org_pk>/applications/new/", views.start, name="start"),
    path("applications/<int:pk>/", views.detail, name="detail"),
    path("applications/<int:pk>/indicators/<str:code>/", views.answer, name="answer"),
    path(
        "applications/<int:pk>/indicators/<str:code>/conflict/",
        views.resolve_conflict,
        name="resolve_conflict",
    ),
    path("applications/<int:pk>/indicators/<str:code>/links/", views.add_link, name="add_link"),
    path(
        "applications/<int:pk>/indicators/<str:code>/links/<int:link_pk>/remove/",
        views.remove_link,
        name="remove_link",
    ),
    path("applications/<int:pk>/submit/", views.submit, name="submit"),
    path("applications/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("applications/<int:pk>/pdf/", views.application_pdf, name="pdf"),
    path("organisations/<int:org_pk>/evidence/", views.evidence_library, name="evidence_library"),
    path(
        "organisations/<int:org_pk>/evidence/upload/",
        views.evidence_upload,
        name="evidence_upload",
    ),
    path("evidence/<int:pk>/download/", views.evidence_download, name="evidence_download"),
    path("evidence/<int:pk>/delete/", views.evidence_delete, name="evidence_delete"),
    # Staff console.
    path("staff/", console_views.staff_dashboard, name="staff_dashboard"),
    path("staff/applications/", console_views.staff_applications, name="staff_applications"),
    path("staff/jobs/<int:job_pk>/retry/", console_views.staff_retry_job, name="staff_retry_job"),
    path("staff/applications/<int:pk>/", console_views.staff_detail, name="staff_detail"),
    path(
        "staff/applications/<int:pk>/submission/",
        console_views.staff_submission,
        name="staff_submission",
    ),
    path("staff/applications/<int:pk>/scores/", console_views.staff_scores, name="staff_scores"),
    path(
        "staff/applications/<int:pk>/timeline/", console_views.staff_timeline, name="staff_timeline"
    ),
    path("staff/applications/<int:pk>/return/", console_views.staff_return, name="staff_return"),
    path("staff/cycles/", console_views.staff_cycles, name="staff_cycles"),
    path("staff/cycles/new/", console_views.staff_cycle_create, name="staff_cycle_create"),
    path("staff/cycles/<int:pk>/", console_views.staff_cycle, name="staff_cycle"),
    path("staff/cycles/<int:pk>/edit/", console_views.staff_cycle_edit, name="staff_cycle_edit"),
    path(
        "staff/cycles/<int:pk>/<slug:change>/",
        console_views.staff_cycle_state,
        name="staff_cycle_state",
    ),
    path("staff/reports/", console_views.staff_reports, name="staff_reports"),
    path("staff/reports/<slug:slug>.csv", console_views.staff_report_csv, name="staff_report_csv"),
]
