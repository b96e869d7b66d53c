from django.contrib import admin
from django.urls import include, path

from . import views

urlpatterns = [
    path("health/", views.health, name="health"),
    path("accounts/", include("accounts.urls")),
    path("organisations/", include("organisations.urls")),
    path("applications/", include("assessments.urls")),
    path("panel/", include("panels.urls")),
    path("", include("certificates.urls")),
    path("admin/", admin.site.urls),
    path("", include("kitemark.public_urls")),
]
