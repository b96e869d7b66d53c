from django.urls import path

from . import views

app_name = "scheme"

urlpatterns = [
    path("privacy/", views.privacy, name="privacy"),
    path("scheme/logo/<slug:version>/", views.logo, name="logo"),
    path("scheme/brand/<slug:colour>.css", views.brand_css, name="brand_css"),
]
