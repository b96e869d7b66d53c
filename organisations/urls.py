from django.urls import path

from . import views

app_name = "organisations"

urlpatterns = [
    path("organisations/switch/", views.switch, name="switch"),
    path("organisations/new/", views.register, name="register"),
    path("organisations/<id:pk>/", views.detail, name="detail"),
    path("organisations/<id:pk>/edit/", views.edit, name="edit"),
    path("organisations/<id:pk>/members/", views.members, name="members"),
    path("organisations/<id:pk>/invite/", views.invite, name="invite"),
    path(
        "organisations/<id:pk>/invitations/<id:invitation_pk>/cancel/",
        views.cancel_invitation,
        name="cancel_invitation",
    ),
    path("organisations/<id:pk>/leave/", views.leave, name="leave"),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
]
