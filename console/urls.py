"""The staff console's pages. Their paths are printed in emails and bookmarked by staff:
they never change."""

from django.urls import path  # noqa: F401

app_name = "console"

urlpatterns = []
