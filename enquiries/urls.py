from django.urls import path

from . import views

app_name = "enquiries"

urlpatterns = [
    path("contact/", views.ask, name="ask"),
    path("contact/sent/", views.sent, name="sent"),
]
