"""Who may keep a copy: nobody, for anything a signed-in person sees or any private file;
browsers and shared caches, for a few minutes, for the public pages seen anonymously.

Every URL as every signed-in role is checked in test_permission_matrix; here are the
private files by name, and the public pages both ways.
"""

import pytest
from django.urls import reverse

from kitemark.middleware import PUBLIC_PAGES
from tests.quality.matrix import MATRIX

pytestmark = pytest.mark.django_db

NO_STORE = "private, no-store"

PRIVATE_FILES = [
    ("assessments:pdf", "organisation"),
    ("assessments:pdf", "staff"),
    ("assessments:evidence_download", "organisation"),
    ("console:staff_report_csv", "staff"),
    ("console:staff_member_export", "staff"),
    ("certificates:plaque", "organisation"),
    ("console:staff_plaque", "staff"),
    ("console:celebration_export", "staff"),
    ("console:celebration_programme", "staff"),
]


def _url(world, name):
    entry = MATRIX[name]
    return reverse(name, kwargs=entry.kwargs(world.side("own")) if entry.kwargs else None)


@pytest.mark.parametrize(("name", "role"), PRIVATE_FILES)
def test_private_files_are_never_kept(client, world, name, role):
    client.force_login(world.users[role])
    response = client.get(_url(world, name))
    assert response.status_code == 200
    assert response["Cache-Control"] == NO_STORE
    assert not response.has_header("Expires")


@pytest.mark.parametrize("name", sorted(PUBLIC_PAGES))
def test_public_pages_may_be_kept_briefly_when_nobody_is_signed_in(client, world, name):
    client.get("/")  # a returning visitor, who already has the CSRF cookie
    response = client.get(_url(world, name))
    assert response.status_code == 200
    scope, max_age = response["Cache-Control"].split(", ")
    assert 0 < int(max_age.removeprefix("max-age=")) <= 300
    # An HTML page carries the visitor's CSRF token (and renews its cookie): only their
    # own browser may keep it. The badge carries nothing of theirs.
    assert scope == ("public" if name == "certificates:badge" else "private")
    assert bool(response.cookies) == (scope == "private")


def test_a_first_visit_is_kept_only_by_the_browser(client, world):
    response = client.get(_url(world, "public:home"))
    assert "csrftoken" in response.cookies
    assert response["Cache-Control"] == "private, max-age=300"


@pytest.mark.parametrize("name", sorted(PUBLIC_PAGES))
@pytest.mark.parametrize("role", ["organisation", "panel_assigned", "staff"])
def test_a_signed_in_view_of_a_public_page_is_never_kept(client, world, name, role):
    client.force_login(world.users[role])
    response = client.get(_url(world, name))
    assert response.status_code == 200
    assert response["Cache-Control"] == NO_STORE


def test_pages_that_are_not_public_are_left_alone_for_anonymous_visitors(client, world):
    response = client.get(reverse("accounts:signup"))
    assert response.status_code == 200
    assert not response.has_header("Cache-Control")
