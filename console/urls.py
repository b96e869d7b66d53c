"""The staff console's pages. Their paths are printed in emails and bookmarked by staff:
they never change."""

from django.urls import path

from .views import (
    applications,
    awards,
    celebration,
    cycles,
    panel_members,
    panels,
    pipeline,
    reports,
    scheme_settings,
    training,
    two_factor,
)

app_name = "console"

urlpatterns = [
    path("staff/", pipeline.staff_dashboard, name="staff_dashboard"),
    path("staff/applications/", pipeline.staff_applications, name="staff_applications"),
    path("staff/jobs/<id:job_pk>/retry/", pipeline.staff_retry_job, name="staff_retry_job"),
    path("staff/applications/<id:pk>/", applications.staff_detail, name="staff_detail"),
    path(
        "staff/applications/<id:pk>/submission/",
        applications.staff_submission,
        name="staff_submission",
    ),
    path(
        "staff/applications/<id:pk>/submission/<id:snapshot_pk>/",
        applications.staff_submission_received,
        name="staff_submission_received",
    ),
    path("staff/applications/<id:pk>/scores/", applications.staff_scores, name="staff_scores"),
    path(
        "staff/applications/<id:pk>/timeline/",
        applications.staff_timeline,
        name="staff_timeline",
    ),
    path("staff/applications/<id:pk>/return/", applications.staff_return, name="staff_return"),
    path("staff/cycles/", cycles.staff_cycles, name="staff_cycles"),
    path("staff/cycles/new/", cycles.staff_cycle_create, name="staff_cycle_create"),
    path("staff/cycles/<id:pk>/", cycles.staff_cycle, name="staff_cycle"),
    path("staff/cycles/<id:pk>/edit/", cycles.staff_cycle_edit, name="staff_cycle_edit"),
    path("staff/cycles/<id:pk>/<slug:change>/", cycles.staff_cycle_state, name="staff_cycle_state"),
    path("staff/reports/", reports.staff_reports, name="staff_reports"),
    path("staff/two-factor/", two_factor.staff_two_factor, name="staff_two_factor"),
    path(
        "staff/two-factor/<id:pk>/reset/",
        two_factor.staff_two_factor_reset,
        name="staff_two_factor_reset",
    ),
    path(
        "staff/scheme-settings/",
        scheme_settings.staff_scheme_settings,
        name="staff_scheme_settings",
    ),
    path("staff/reports/<slug:slug>.csv", reports.staff_report_csv, name="staff_report_csv"),
    # Panel members, panels, awards and the celebration.
    path("staff/panel-members/", panel_members.staff_members, name="staff_members"),
    path(
        "staff/panel-members/new/",
        panel_members.staff_member_create,
        name="staff_member_create",
    ),
    path(
        "staff/panel-members/<id:member_id>/edit/",
        panel_members.staff_member_edit,
        name="staff_member_edit",
    ),
    path(
        "staff/panel-members/<id:member_id>/deactivate/",
        panel_members.staff_member_deactivate,
        name="staff_member_deactivate",
    ),
    path(
        "staff/panel-members/<id:member_id>/export/",
        panel_members.staff_member_export,
        name="staff_member_export",
    ),
    path(
        "staff/panel-members/<id:member_id>/anonymise/",
        panel_members.staff_member_anonymise,
        name="staff_member_anonymise",
    ),
    path(
        "staff/panel-members/<id:member_id>/reactivate/",
        panel_members.staff_member_reactivate,
        name="staff_member_reactivate",
    ),
    path(
        "staff/panel-members/<id:member_id>/conflicts/",
        panel_members.staff_member_conflicts,
        name="staff_member_conflicts",
    ),
    path("staff/applications/<id:pk>/panel/", panels.staff_assign_panel, name="staff_assign"),
    path("staff/applications/<id:pk>/interview/", panels.staff_interview, name="staff_interview"),
    path(
        "staff/applications/<id:pk>/interview/cancel/",
        panels.staff_interview_cancel,
        name="staff_interview_cancel",
    ),
    path("staff/applications/<id:pk>/outcome/", panels.staff_outcome, name="staff_outcome"),
    path("staff/awards/", awards.staff_awards, name="staff_awards"),
    path("staff/awards/<id:pk>/", awards.staff_award_detail, name="staff_award"),
    path("staff/awards/<id:pk>/regenerate/", awards.staff_regenerate, name="staff_regenerate"),
    path("staff/awards/<id:pk>/revoke/", awards.staff_revoke, name="staff_revoke"),
    path(
        "staff/awards/<id:pk>/plaques/<id:version>/",
        awards.staff_plaque_download,
        name="staff_plaque",
    ),
    path("staff/celebration/", celebration.celebration_list, name="celebration"),
    path(
        "staff/celebration/<id:year>/export.csv",
        celebration.celebration_export,
        name="celebration_export",
    ),
    path(
        "staff/celebration/<id:year>/programme.pdf",
        celebration.celebration_programme,
        name="celebration_programme",
    ),
    path(
        "staff/celebration/<id:year>/invite/",
        celebration.celebration_invite,
        name="celebration_invite",
    ),
    # Working with Teenagers.
    path("staff/training/", training.session_list, name="training_sessions"),
    path("staff/training/new/", training.session_create, name="training_session_create"),
    path("staff/training/report/", training.training_report, name="training_report"),
    path("staff/training/trainers/new/", training.trainer_create, name="training_trainer_create"),
    path(
        "staff/training/trainers/<id:trainer_id>/anonymise/",
        training.trainer_anonymise,
        name="training_trainer_anonymise",
    ),
    path("staff/training/<id:pk>/", training.session_detail, name="training_session"),
    path("staff/training/<id:pk>/edit/", training.session_edit, name="training_session_edit"),
    path("staff/training/<id:pk>/team/", training.session_team, name="training_session_team"),
    path("staff/training/<id:pk>/hours/", training.session_hours, name="training_session_hours"),
    path("staff/training/<id:pk>/cancel/", training.session_cancel, name="training_session_cancel"),
    path("staff/training/<id:pk>/register/", training.session_register, name="training_register"),
    path(
        "staff/training/<id:pk>/register.csv",
        training.session_register_csv,
        name="training_register_csv",
    ),
]
