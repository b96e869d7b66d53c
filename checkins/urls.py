from django.urls import path

from . import views

app_name = "checkins"

urlpatterns = [
    # Organisations: their own awards' check-ins.
    path("organisations/awards/<id:award_id>/check-ins/", views.org_list, name="org_list"),
    path(
        "organisations/awards/<id:award_id>/check-ins/<id:number>/",
        views.org_edit,
        name="org_edit",
    ),
    path("organisations/check-ins/<id:pk>/", views.org_detail, name="org_detail"),
    path(
        "organisations/check-ins/<id:pk>/answers/<id:review_id>/",
        views.org_answer,
        name="org_answer",
    ),
    # Young people: the check-ins they were asked to review.
    path("panel/check-ins/", views.panel_list, name="panel_list"),
    path("panel/check-ins/<id:pk>/", views.panel_review, name="panel_review"),
    # Staff.
    path("staff/check-ins/", views.staff_list, name="staff_list"),
    path("staff/check-ins/<id:pk>/", views.staff_detail, name="staff_detail"),
    path(
        "staff/check-ins/<id:pk>/worries/<id:review_id>/close/",
        views.staff_close_worry,
        name="staff_close_worry",
    ),
]
