from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("organisations/", views.dashboard, name="dashboard"),
]
