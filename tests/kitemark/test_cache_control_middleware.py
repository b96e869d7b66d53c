"""The cache rules on responses no page makes today: a file to someone not signed in."""

import io

from django.contrib.auth.models import AnonymousUser
from django.http import FileResponse, HttpResponse
from django.test import RequestFactory

from kitemark.middleware import CacheControlMiddleware


def _through(response, **request_attributes):
    request = RequestFactory().get("/anything/")
    request.user = AnonymousUser()
    for name, value in request_attributes.items():
        setattr(request, name, value)
    return CacheControlMiddleware(lambda _request: response)(request)


def test_a_file_is_never_kept_even_for_someone_not_signed_in():
    response = _through(FileResponse(io.BytesIO(b"%PDF-1.7"), filename="a.pdf"))
    assert response["Cache-Control"] == "private, no-store"


def test_an_attachment_is_never_kept_even_if_the_view_said_otherwise():
    response = HttpResponse("a,b\n", content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="list.csv"'
    response["Cache-Control"] = "public, max-age=3600"
    response["Expires"] = "Thu, 01 Jan 2099 00:00:00 GMT"
    response = _through(response)
    assert response["Cache-Control"] == "private, no-store"
    assert not response.has_header("Expires")


def test_a_response_without_a_resolved_page_is_left_alone():
    response = _through(HttpResponse("x"), resolver_match=None)
    assert not response.has_header("Cache-Control")
