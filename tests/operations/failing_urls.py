"""A page that fails, for the error-reporting test: its message holds a name and an address."""

from django.urls import path


def fails(request):
    raise ValueError(f"could not send to {request.POST['email']} for {request.POST['name']}")


urlpatterns = [path("fails/", fails)]
