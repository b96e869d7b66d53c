from django.urls import path

from . import views

app_name = "api"

urlpatterns = [
    path("api/docs/", views.docs, name="docs"),
    path("staff/api-tokens/", views.tokens, name="tokens"),
    path("staff/api-tokens/<id:pk>/revoke/", views.revoke, name="revoke"),
]
