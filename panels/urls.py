from django.urls import path

from . import views

app_name = "panels"

urlpatterns = [
    # Panel members (and the facilitator for the consensus pages).
    path("panel/", views.dashboard, name="dashboard"),
    path("panel/conflicts/", views.my_conflicts, name="my_conflicts"),
    path("panel/applications/<int:pk>/read/<int:n>/", views.reader, name="reader"),
    path(
        "panel/applications/<int:pk>/notes/<int:indicator_id>/",
        views.save_note,
        name="save_note",
    ),
    path("panel/applications/<int:pk>/score/", views.score, name="score"),
    path("panel/applications/<int:pk>/score/save/", views.score_save, name="score_save"),
    path("panel/applications/<int:pk>/score/finish/", views.score_finish, name="score_finish"),
    path("panel/applications/<int:pk>/agree/", views.consensus, name="consensus"),
    path("panel/applications/<int:pk>/agree/reveal/", views.reveal, name="reveal"),
    path("panel/applications/<int:pk>/agree/finalise/", views.finalise, name="finalise"),
    # Staff.
    path("staff/panel-members/", views.staff_members, name="staff_members"),
    path("staff/panel-members/new/", views.staff_member_create, name="staff_member_create"),
    path(
        "staff/panel-members/<int:member_id>/edit/",
        views.staff_member_edit,
        name="staff_member_edit",
    ),
    path(
        "staff/panel-members/<int:member_id>/deactivate/",
        views.staff_member_deactivate,
        name="staff_member_deactivate",
    ),
    path(
        "staff/panel-members/<int:member_id>/export/",
        views.staff_member_export,
        name="staff_member_export",
    ),
    path(
        "staff/panel-members/<int:member_id>/anonymise/",
        views.staff_member_anonymise,
        name="staff_member_anonymise",
    ),
    path(
        "staff/panel-members/<int:member_id>/reactivate/",
        views.staff_member_reactivate,
        name="staff_member_reactivate",
    ),
    path(
        "staff/panel-members/<int:member_id>/conflicts/",
        views.staff_member_conflicts,
        name="staff_member_conflicts",
    ),
    path("staff/applications/<int:pk>/panel/", views.staff_assign_panel, name="staff_assign"),
    path("staff/applications/<int:pk>/interview/", views.staff_interview, name="staff_interview"),
    path(
        "staff/applications/<int:pk>/interview/cancel/",
        views.staff_interview_cancel,
        name="staff_interview_cancel",
    ),
    path("staff/applications/<int:pk>/outcome/", views.staff_outcome, name="staff_outcome"),
    # Organisations.
    path("applications/<int:pk>/result/", views.org_result, name="org_result"),
    path("applications/<int:pk>/actions/", views.org_actions, name="org_actions"),
]
