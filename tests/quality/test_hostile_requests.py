"""The requests that made the server fail (a 500): each is now refused, or answered, with a
4xx or a message. test_fuzz_urls.py sends such values to every page; here are the ones
found by hand, by name, with what each must answer."""

import json

import pytest
from django.urls import reverse

from assessments.models import Answer
from panels.models import AgreedScore, PanelSeat

pytestmark = pytest.mark.django_db

TOO_BIG = str(2**63)  # one past the database's largest integer


@pytest.fixture
def org_client(client, world):
    client.force_login(world.a.org_user)
    return client


@pytest.fixture
def staff_client(client, world):
    client.force_login(world.users["staff"])
    return client


# --- Ids in a path ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        f"/applications/{TOO_BIG}/",
        f"/applications/{TOO_BIG}/indicators/S-S1/",
        f"/applications/{10**30}/pdf/",
        "/applications/0/",
        f"/staff/applications/{TOO_BIG}/",
        f"/staff/awards/1/plaques/{TOO_BIG}/",
        f"/evidence/{TOO_BIG}/download/",
    ],
)
def test_an_id_past_the_database_s_integers_is_not_found(staff_client, path):
    assert staff_client.get(path).status_code == 404


# --- Ids, pages, years and dates in a query or a form -----------------------------------


def _answer_url(world):
    return reverse("assessments:answer", args=[world.a.draft.pk, world.a.indicator_code])


@pytest.mark.parametrize(
    "fields",
    [
        {"revision": TOO_BIG},
        {"revision": "1", "evidence": TOO_BIG},
        {"revision": "1", "evidence": ["1", "-1"]},
        {"revision": "1", "evidence": "²"},
    ],
)
def test_an_answer_with_an_impossible_revision_or_file_is_not_saved(org_client, world, fields):
    answer = Answer.objects.get(application=world.a.draft, indicator__code=world.a.indicator_code)
    response = org_client.post(_answer_url(world), {"text": "Changed", **fields})
    assert response.status_code == 200
    answer.refresh_from_db()
    assert answer.text != "Changed"


@pytest.mark.parametrize(
    ("name", "extra"),
    [
        ("console:staff_applications", {}),
        ("certificates:register", {}),
        ("console:celebration", {}),
        ("console:staff_awards", {}),
        ("audit:log", {}),
        ("console:celebration", {"year": TOO_BIG}),
        ("console:celebration", {"year": "0"}),
    ],
)
@pytest.mark.parametrize("page", [TOO_BIG, "9" * 5000, "-1", "0", "²", "1e3", "x"])
def test_any_page_number_shows_a_page(staff_client, name, extra, page):
    response = staff_client.get(reverse(name), {"page": page, **extra})
    assert response.status_code == 200


@pytest.mark.parametrize("name", ["console:staff_applications", "audit:log"])
@pytest.mark.parametrize("per_page", [TOO_BIG, "0", "-1", "x"])
def test_any_number_of_rows_a_page_shows_a_page(staff_client, name, per_page):
    response = staff_client.get(reverse(name), {"per_page": per_page, "sort": "a.b\r\n"})
    assert response.status_code == 200


@pytest.mark.parametrize("year", ["0", "1999", "2101", "10000", TOO_BIG])
@pytest.mark.parametrize("page", ["export.csv", "programme.pdf", "invite/"])
def test_a_celebration_year_the_service_does_not_serve_is_not_found(staff_client, year, page):
    assert staff_client.get(f"/staff/celebration/{year}/{page}").status_code == 404


def test_the_celebration_serves_its_first_and_last_years(staff_client):
    for year in ("2000", "2100"):
        assert staff_client.get(f"/staff/celebration/{year}/export.csv").status_code == 200


@pytest.mark.parametrize(
    ("date", "time"), [("9999-12-31", "23:59"), ("0001-01-01", "00:00"), ("2101-01-01", "10:00")]
)
def test_an_interview_at_the_calendar_s_ends_is_refused_next_to_the_date(
    staff_client, world, date, time
):
    url = reverse("console:staff_interview", args=[world.a.scoring.pk])
    response = staff_client.post(
        url, {"date": date, "time": time, "duration_minutes": "60", "venue": "Town hall"}
    )
    assert response.status_code == 200
    assert "Enter a date between 2000 and 2100." in response.content.decode()


@pytest.mark.parametrize("members", [TOO_BIG, "-1", "²", "1e3"])
def test_a_panel_with_an_impossible_member_is_refused(staff_client, world, members):
    seats = PanelSeat.objects.count()
    url = reverse("console:staff_assign", args=[world.a.scoring.pk])
    response = staff_client.post(
        url, {"members": [world.a.members[0].pk, members], "facilitator": world.users["staff"].pk}
    )
    assert response.status_code == 200
    assert PanelSeat.objects.count() == seats


@pytest.mark.parametrize("answer", [TOO_BIG, "²", "-1", "x"])
def test_an_upload_for_an_impossible_answer_shows_the_upload_page(org_client, world, answer):
    url = reverse("assessments:evidence_upload", args=[world.a.organisation.pk])
    assert org_client.get(url, {"answer": answer}).status_code == 200


# --- The panel's pages --------------------------------------------------------------------


@pytest.mark.parametrize("indicator", [None, "", "x", TOO_BIG, "-1", "²", "1\r\nX: y", "1.0"])
def test_agreeing_a_score_without_a_real_indicator_says_so(staff_client, world, indicator):
    url = reverse("panels:consensus", args=[world.a.scoring.pk])
    data = {"value": "3", "i-value": "3", f"i{indicator}-value": "3"}
    if indicator is not None:
        data["indicator"] = indicator
    response = staff_client.post(url, data, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[0][0] == url
    assert "Choose one of the indicators on this page." in response.content.decode()
    assert not AgreedScore.objects.filter(application=world.a.scoring).exists()


@pytest.mark.parametrize("body", ["[]", "null", '"x"', "123"])
def test_a_score_that_is_not_a_json_object_is_a_bad_request(client, world, body):
    client.force_login(world.a.members[0].user)
    url = reverse("panels:score_save", args=[world.a.scoring.pk])
    response = client.post(url, body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["ok"] is False


@pytest.mark.parametrize(
    "fields",
    [
        {"value": "1e400"},
        {"value": "Infinity"},
        {"client_ts": '"9999-12-31T23:59:59-14:00"'},
        {"client_ts": '"0001-01-01T00:00:00+14:00"'},
    ],
)
def test_a_score_with_a_number_or_time_past_any_limit_is_a_bad_request(client, world, fields):
    client.force_login(world.a.members[0].user)
    indicator = world.a.scoring.level.indicators.order_by("order")[1]
    values = {"indicator": str(indicator.pk), "value": "2", **fields}
    body = "{" + ", ".join(f"{json.dumps(k)}: {v}" for k, v in values.items()) + "}"
    url = reverse("panels:score_save", args=[world.a.scoring.pk])
    response = client.post(url, body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["ok"] is False


# --- Text the database cannot hold (PostgreSQL refuses it; SQLite stores anything) ----------


@pytest.mark.parametrize("role", ["panel_assigned", "staff"])
def test_a_conflict_search_with_a_nul_shows_the_page(client, world, role):
    client.force_login(world.users[role])
    url = (
        reverse("panels:my_conflicts")
        if role == "panel_assigned"
        else reverse("console:staff_member_conflicts", args=[world.a.members[0].pk])
    )
    assert client.get(url, {"q": "Aard\x00vark"}).status_code == 200


def test_an_invitation_to_an_address_longer_than_its_column_is_refused(org_client, world):
    url = reverse("organisations:invite", args=[world.a.organisation.pk])
    response = org_client.post(url, {"email": f"{'a' * 300}@example.org"})
    assert response.status_code == 200
    assert "254 characters" in response.content.decode()


def test_a_panel_member_with_an_address_longer_than_its_column_is_refused(staff_client, world):
    response = staff_client.post(
        reverse("console:staff_member_create"),
        {
            "display_name": "Jo",
            "group": "Youth Cabinet",
            "supervisor": world.users["staff"].pk,
            "email": f"{'a' * 300}@example.org",
        },
    )
    assert response.status_code == 200
    assert "254 characters" in response.content.decode()
