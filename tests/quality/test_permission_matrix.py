"""Every URL pattern x every role x own/other object answers the status the matrix says."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.quality.matrix import LOGIN, MATRIX, ROLES, cells

pytestmark = pytest.mark.django_db

CELLS = cells()


def collect_pattern_names(patterns=None, namespace=""):
    """Every named URL pattern of the site, with its namespace, except Django admin."""
    names = set()
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            if inner == "admin" or inner.startswith("admin:"):
                continue
            names |= collect_pattern_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            if pattern.name is None:
                names.add(f"<unnamed {pattern.pattern}>")
            else:
                names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)
    return names


def test_every_url_pattern_has_a_matrix_entry():
    """Default deny: a new page without a row in the matrix fails here."""
    names = collect_pattern_names()
    missing = sorted(names - MATRIX.keys())
    stale = sorted(MATRIX.keys() - names)
    assert not missing, f"URL patterns with no permission matrix entry: {missing}"
    assert not stale, f"Matrix entries for URL patterns that no longer exist: {stale}"


def test_matrix_size():
    """The number of cells, for the closing note (update it when the matrix grows)."""
    gets = sum(1 for cell in CELLS if cell[3] == "GET")
    posts = len(CELLS) - gets
    print(f"\npermission matrix: {len(CELLS)} cells ({gets} GET, {posts} refused POST)")
    expected_gets = sum(len(entry.variants) * len(ROLES) for entry in MATRIX.values())
    assert gets == expected_gets
    assert len(CELLS) == 2263


def _request(client, world, name, role, variant, method):
    entry = MATRIX[name]
    side = world.side(variant)
    url = reverse(name, kwargs=entry.kwargs(side) if entry.kwargs else None)
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    send = client.get if method == "GET" else client.post
    return url, send(url)


@pytest.mark.parametrize(
    ("name", "role", "variant", "method"), CELLS, ids=["-".join(cell) for cell in CELLS]
)
def test_permission_matrix(client, world, name, role, variant, method):
    url, response = _request(client, world, name, role, variant, method)
    expected = MATRIX[name].expected(role, variant, method)
    actual = response.status_code
    if role != "anonymous":
        # Nothing a signed-in person is sent may be kept by a browser or a cache.
        assert response["Cache-Control"] == "private, no-store", f"{method} {url} as {role}"
    if expected == LOGIN:
        assert actual == 302, f"{method} {url} as {role}: expected 302 to login, got {actual}"
        assert response["Location"].startswith("/accounts/login/"), (
            f"{method} {url} as {role}: redirected to {response['Location']}, not to login"
        )
        return
    assert actual == expected, f"{method} {url} as {role} ({variant}): {actual} != {expected}"
    if expected == 302 and role != "anonymous":
        # A signed-in user sent elsewhere is never sent to the login page (no loop).
        assert not response["Location"].startswith("/accounts/login/")
    if expected == 404 and variant == "other" and role != "other_organisation":
        # Another organisation's object: the refusal reveals nothing about it.
        body = response.content.decode(errors="replace")
        for label, secret in world.b.secrets.items():
            assert secret not in body, f"{url} as {role}: 404 page shows B's {label}"


@pytest.mark.parametrize("role", [r for r in ROLES if r not in ("staff", "superuser")])
def test_django_admin_sends_everyone_else_to_the_admin_login(client, world, role):
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_django_admin_opens_for_the_superuser(client, world):
    client.force_login(world.users["superuser"])
    assert client.get("/admin/").status_code == 200
