"""Every app's refusal is a kitemark.refusals.Refused, and one that no view caught is
answered with its message on a 409 page, not a server error."""

import pytest
from django.http import HttpResponse
from django.test import override_settings
from django.urls import include, path

from assessments.refusals import ActionRefused
from assessments.uploads import UploadRejected
from assessments.workflow import TransitionNotAllowed
from certificates.services.awards import AwardError
from console.pipeline import ConsoleError
from kitemark.refusals import Refused
from organisations.exceptions import OrganisationError
from panels.refusals import PanelError

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "refusal",
    [
        ActionRefused,
        UploadRejected,
        TransitionNotAllowed,
        AwardError,
        ConsoleError,
        OrganisationError,
        PanelError,
    ],
)
def test_every_apps_refusal_is_a_refused_with_its_message(refusal):
    error = refusal("You cannot do that now.")
    assert isinstance(error, Refused)
    assert error.message == "You cannot do that now."


def _refusing_view(request):
    raise PanelError("Scoring is not open for this application.")


def _fine_view(request):
    return HttpResponse("fine")


urlpatterns = [
    path("refuse/", _refusing_view),
    path("fine/", _fine_view),
    path("", include("kitemark.urls")),
]


@override_settings(ROOT_URLCONF=__name__)
def test_an_uncaught_refusal_is_a_409_page_with_its_message(client):
    response = client.get("/refuse/")
    assert response.status_code == 409
    assert "Scoring is not open for this application." in response.content.decode()
    assert "That could not be done" in response.content.decode()


@override_settings(ROOT_URLCONF=__name__)
def test_other_responses_pass_through(client):
    response = client.get("/fine/")
    assert response.status_code == 200
    assert response.content == b"fine"
