from django.urls import path

from . import views

app_name = "organisations"

urlpatterns = [
    path("organisations/switch/", views.switch, name="switch"),
    path("organisations/new/", views.register, name="register"),
    path("organisations/<int:pk>/", views.detail, name="detail"),
    path("organisations/<int:pk>/edit/", views.edit, name="edit"),
    path("organisations/<int:pk>/members/", views.members, name="members"),
    path("organisations/<int:pk>/invite/", views.invite, name="invite"),
    path(
        "organisations/<int:pk>/invitations/<int:invitation_pk>/cancel/",
        views.cancel_invitation,
        name="cancel_invitation",
    ),
    path("organisations/<int:pk>/leave/", views.leave, name="leave"),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
]
