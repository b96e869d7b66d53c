from django.urls import path

from . import views

app_name = "training"

urlpatterns = [
    path("training/", views.index, name="index"),
    path("training/calendar.ics", views.calendar_feed, name="calendar"),
    path("training/sessions/<id:pk>/", views.session_detail, name="session"),
    path("training/cancel/<str:token>/", views.cancel, name="cancel"),
    path("training/accept/<str:token>/", views.accept, name="accept"),
    path("training/pledge/<str:token>/", views.pledge, name="pledge"),
    path("training/follow-up/<str:token>/", views.follow_up, name="follow_up"),
    path("training/trainer/", views.trainer_home, name="trainer"),
]
