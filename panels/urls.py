from django.urls import path

from . import views

app_name = "panels"

urlpatterns = [
    # Panel members (and the facilitator for the consensus pages).
    path("panel/", views.dashboard, name="dashboard"),
    path("panel/conflicts/", views.my_conflicts, name="my_conflicts"),
    path("panel/emails/", views.notice_emails, name="notice_emails"),
    path("panel/applications/<id:pk>/read/<id:n>/", views.reader, name="reader"),
    path(
        "panel/applications/<id:pk>/notes/<id:indicator_id>/",
        views.save_note,
        name="save_note",
    ),
    path("panel/applications/<id:pk>/score/", views.score, name="score"),
    path("panel/applications/<id:pk>/score/save/", views.score_save, name="score_save"),
    path("panel/applications/<id:pk>/score/finish/", views.score_finish, name="score_finish"),
    path("panel/applications/<id:pk>/here/", views.presence, name="presence"),
    path("panel/applications/<id:pk>/agree/", views.consensus, name="consensus"),
    path("panel/applications/<id:pk>/agree/reveal/", views.reveal, name="reveal"),
    path("panel/applications/<id:pk>/agree/confirm/", views.confirm, name="confirm"),
    path("panel/applications/<id:pk>/agree/finalise/", views.finalise, name="finalise"),
    # Organisations.
    path("applications/<id:pk>/result/", views.org_result, name="org_result"),
    path("applications/<id:pk>/actions/", views.org_actions, name="org_actions"),
]
