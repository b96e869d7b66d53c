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
    # Organisations.
    path("applications/<int:pk>/result/", views.org_result, name="org_result"),
    path("applications/<int:pk>/actions/", views.org_actions, name="org_actions"),
]
