from django.contrib import admin
from django.urls import include, path, register_converter

from . import views
from .inputs import IdConverter

# Before the apps' urls are included: every number in a path is `<id:name>` (see
# kitemark.inputs), never `<int:name>`.
register_converter(IdConverter, "id")

# Each app's urls.py holds full paths under its own prefixes (see README "Layout").
urlpatterns = [
    path("health/", views.health, name="health"),
    path("accounts/", include("accounts.urls")),
    path("", include("portal.urls")),
    path("", include("organisations.urls")),
    path("", include("assessments.urls")),
    path("", include("console.urls")),
    path("", include("panels.urls")),
    path("", include("certificates.urls")),
    path("", include("audit.urls")),
    path("", include("training.urls")),
    path("", include("credentials.urls")),
    path("", include("api.urls")),
    path("api/", include("api.v1_urls")),
    path("", include("operations.urls")),
    path("", include("scheme.urls")),
    path("", include("enquiries.urls")),
    path("", include("checkins.urls")),
    path("", include("recognition.urls")),
    path("admin/", admin.site.urls),
    path("", include("kitemark.public_urls")),
]
