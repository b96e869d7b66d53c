from django.urls import include, path

from . import views

urlpatterns = [
    path("__bench__/baseline/", views.baseline, name="bench_baseline"),
    path("", include("kitemark.urls")),
]
