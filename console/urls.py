"""The staff console's pages. Their paths are printed in emails and bookmarked by staff:
they never change."""

from django.urls import path

from .views import panel_members, panels

app_name = "console"

urlpatterns = [
    # Panel members and panels.
    path("staff/panel-members/", panel_members.staff_members, name="staff_members"),
    path(
        "staff/panel-members/new/",
        panel_members.staff_member_create,
        name="staff_member_create",
    ),
    path(
        "staff/panel-members/<int:member_id>/edit/",
        panel_members.staff_member_edit,
        name="staff_member_edit",
    ),
    path(
        "staff/panel-members/<int:member_id>/deactivate/",
        panel_members.staff_member_deactivate,
        name="staff_member_deactivate",
    ),
    path(
        "staff/panel-members/<int:member_id>/export/",
        panel_members.staff_member_export,
        name="staff_member_export",
    ),
    path(
        "staff/panel-members/<int:member_id>/anonymise/",
        panel_members.staff_member_anonymise,
        name="staff_member_anonymise",
    ),
    path(
        "staff/panel-members/<int:member_id>/reactivate/",
        panel_members.staff_member_reactivate,
        name="staff_member_reactivate",
    ),
    path(
        "staff/panel-members/<int:member_id>/conflicts/",
        panel_members.staff_member_conflicts,
        name="staff_member_conflicts",
    ),
    path("staff/applications/<int:pk>/panel/", panels.staff_assign_panel, name="staff_assign"),
    path("staff/applications/<int:pk>/interview/", panels.staff_interview, name="staff_interview"),
    path(
        "staff/applications/<int:pk>/interview/cancel/",
        panels.staff_interview_cancel,
        name="staff_interview_cancel",
    ),
    path("staff/applications/<int:pk>/outcome/", panels.staff_outcome, name="staff_outcome"),
]
