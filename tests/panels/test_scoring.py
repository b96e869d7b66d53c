"""Saving scores: at once, by JSON or plain form, and an old replay never wins; only from
a seated member while the round is open; sending them all."""

import json
import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from assessments.models import Application, Status
from panels import selectors
from panels.models import Score
from panels.refusals import PanelError
from panels.services import consensus, scoring
from tests.panels.factories import PanelMemberFactory, agree_all, ready_to_score

pytestmark = pytest.mark.django_db


def _post(client, application, indicator, value, ts=None):
    body = {"indicator": indicator.pk, "value": value}
    if ts is not None:
        body["client_ts"] = ts
    return client.post(
        reverse("panels:score_save", args=[application.pk]),
        data=json.dumps(body),
        content_type="application/json",
    )


def test_a_late_offline_replay_never_overwrites_a_newer_score(client):
    application, _, (maya, _) = ready_to_score()
    indicator = application.level.indicators.first()
    client.force_login(maya.user)
    now_ms = int(time.time() * 1000)
    assert _post(client, application, indicator, 4, ts=now_ms).json()["applied"] is True
    stale = _post(client, application, indicator, 1, ts=now_ms - 60_000).json()
    assert stale == {"ok": True, "indicator": indicator.pk, "value": 4, "applied": False}
    assert Score.objects.get(member=maya).value == 4
    assert _post(client, application, indicator, 2, ts=now_ms + 1000).json()["value"] == 2
    assert Score.objects.get(member=maya).value == 2
    assert Score.objects.count() == 1


def test_bad_values_are_refused(client):
    application, _, (maya, _) = ready_to_score()
    indicator = application.level.indicators.first()
    client.force_login(maya.user)
    for value in (5, -1):
        response = _post(client, application, indicator, value)
        assert response.status_code == 409
        assert "0 to 4" in response.json()["error"]
    # Not a whole number at all: the request itself is wrong.
    for value in ("x", 2.5, True, None, [2], {"v": 2}):
        response = _post(client, application, indicator, value)
        assert response.status_code == 400
        assert response.json() == {"ok": False, "error": "Choose a score from 0 to 4."}
    bad = client.post(
        reverse("panels:score_save", args=[application.pk]),
        data="{not json",
        content_type="application/json",
    )
    assert bad.status_code == 400
    assert not Score.objects.exists()


def test_scoring_without_javascript_whole_form(client):
    application, _, (maya, _) = ready_to_score()
    indicators = list(application.level.indicators.order_by("order"))
    client.force_login(maya.user)
    response = client.post(
        reverse("panels:score", args=[application.pk]),
        {f"score-{i.pk}": 2 for i in indicators[:5]},
        follow=True,
    )
    assert "Saved 5 scores." in response.content.decode()
    assert Score.objects.filter(member=maya, value=2).count() == 5
    # One indicator through the single-score endpoint as a plain form post.
    response = client.post(
        reverse("panels:score_save", args=[application.pk]),
        {"indicator": indicators[6].pk, "value": 1},
    )
    assert response.status_code == 302
    assert Score.objects.get(member=maya, indicator=indicators[6]).value == 1


def test_scoring_page_has_accessible_big_buttons_and_test_hooks(client):
    application, _, (maya, _) = ready_to_score()
    indicators = list(application.level.indicators.order_by("order"))
    scoring.save_score(maya, application, indicators[0].pk, 3)
    client.force_login(maya.user)
    page = client.get(reverse("panels:score", args=[application.pk])).content.decode()
    assert page.count("<fieldset") == 16
    assert page.count("<legend") == 16
    assert page.count('type="radio"') == 16 * 5
    for indicator in indicators:
        assert f'data-indicator="{indicator.pk}"' in page
    assert page.count('class="score-unsaved"') == 16
    assert 'id="sync-status"' in page and "All scores saved" in page
    for label in ("No evidence", "Emerging"):
        assert label in page
    assert f'id="s-{indicators[0].pk}-3" value="3" autocomplete="off" checked' in page
    assert "panels/scoring.js" in page
    assert 'type="range"' not in page
    assert f"kitemark-scores:{application.pk}:{maya.pk}:1" in page


def test_a_score_at_the_same_device_time_is_applied():
    application, _, (maya, _) = ready_to_score()
    indicator = application.level.indicators.first()
    now_ms = int(time.time() * 1000)
    score, applied = scoring.save_score(maya, application, indicator.pk, 1, client_time=now_ms)
    assert applied and score.pk and score.value == 1
    again, applied = scoring.save_score(maya, application, indicator.pk, 3, client_time=now_ms)
    assert applied and again.pk == score.pk
    assert Score.objects.get(pk=score.pk).value == 3


def test_score_buttons_escape_their_labels():
    from types import SimpleNamespace

    from django.template import Context

    from panels.templatetags.panels_tags import score_buttons

    html = score_buttons(
        Context(),
        [SimpleNamespace(value=0, label="<b>None</b>"), SimpleNamespace(value=1, label="Some")],
        "score-7",
        "s-7",
        checked=1,
        autocomplete=True,
    )
    assert "&lt;b&gt;None&lt;/b&gt;" in html and "<b>" not in html
    assert 'id="s-7-1" value="1" autocomplete="off" checked' in html
    assert 'id="s-7-0" value="0" autocomplete="off">' in html
    assert 'for="s-7-0"' in html


def test_an_indicator_not_being_scored_is_refused(client):
    """Another level's indicator, or a number no indicator has (even one too big for the
    database), is refused like any other indicator not being scored."""
    from tests.assessments.factories import default_level

    application, _, (maya, _) = ready_to_score()
    other_level = default_level("gold")
    assert other_level.pk != application.level_id
    client.force_login(maya.user)
    # An indicator of another level is refused; a number that cannot be an id is a
    # request that makes no sense (400), with the same words.
    for indicator_id, status in (
        (other_level.indicators.first().pk, 409),
        (2**63 - 1, 409),
        (2**63, 400),
        (10**30, 400),
        (0, 400),
        (-1, 400),
    ):
        response = client.post(
            reverse("panels:score_save", args=[application.pk]),
            data=json.dumps({"indicator": indicator_id, "value": 2}),
            content_type="application/json",
        )
        assert response.status_code == status, indicator_id
        assert response.json()["error"] == "This indicator is not being scored."
    assert not Score.objects.exists()


def test_an_unassigned_member_cannot_score_or_read(client):
    application, _, _ = ready_to_score()
    outsider = PanelMemberFactory()
    client.force_login(outsider.user)
    indicator = application.level.indicators.first()
    assert client.get(reverse("panels:score", args=[application.pk])).status_code == 404
    assert client.get(reverse("panels:reader", args=[application.pk, 1])).status_code == 404
    assert client.get(reverse("panels:consensus", args=[application.pk])).status_code == 404
    response = client.post(
        reverse("panels:score_save", args=[application.pk]),
        data=json.dumps({"indicator": indicator.pk, "value": 4}),
        content_type="application/json",
    )
    assert response.status_code == 404
    assert not Score.objects.exists()
    with pytest.raises(PanelError, match="not on the panel"):
        scoring.save_score(outsider, application, indicator.pk, 4)


def test_scoring_a_finalised_round_is_refused(client):
    application, panel, (maya, _) = ready_to_score()
    agree_all(application, [3] * 16, actor=panel.facilitator)
    consensus.finalise(application, actor=panel.facilitator)
    application.refresh_from_db()
    client.force_login(maya.user)
    indicator = application.level.indicators.first()
    response = client.post(
        reverse("panels:score_save", args=[application.pk]),
        data=json.dumps({"indicator": indicator.pk, "value": 4}),
        content_type="application/json",
    )
    assert response.status_code == 409
    assert "final" in response.json()["error"]
    page = client.get(reverse("panels:score", args=[application.pk])).content.decode()
    assert "The scores for this application are final." in page
    assert Score.objects.get(member=maya, indicator=indicator).value == 3  # as sent
    with pytest.raises(PanelError, match="final"):
        consensus.save_agreed_score(
            application,
            indicator.pk,
            value=0,
            feedback="",
            needs_more_evidence=False,
            actor=panel.facilitator,
        )


def test_send_scores_refused_until_every_indicator_scored(client):
    application, _, (maya, _) = ready_to_score()
    client.force_login(maya.user)
    scoring.save_score(maya, application, application.level.indicators.first().pk, 2)
    response = client.post(reverse("panels:score_finish", args=[application.pk]), follow=True)
    assert "You have not scored these yet" in response.content.decode()
    assert not selectors.round_state(application, maya).submitted


def test_scores_cannot_change_after_sending(client):
    application, _, (maya, _) = ready_to_score()
    for indicator in application.level.indicators.all():
        scoring.save_score(maya, application, indicator.pk, 2)
    scoring.submit_scores(maya, application)
    with pytest.raises(PanelError, match="already sent"):
        scoring.save_score(maya, application, indicator.pk, 4)


@pytest.mark.postgres_only  # SQLite locks the whole database, not the application's row
@pytest.mark.django_db(transaction=True)
def test_a_score_sent_while_the_round_is_being_finalised_is_refused():
    """The facilitator finalises while a member's score is on its way. The score waits
    for the finalisation to commit, then is refused: it never lands after the round is
    final."""
    application, panel, (maya, _) = ready_to_score()
    agree_all(application, [3] * 16, actor=panel.facilitator)
    indicator = application.level.indicators.order_by("order").first()
    finalised = threading.Event()  # finalised, not yet committed: the lock is held
    sending = threading.Event()  # the member's save is about to start
    seen = {}

    def facilitator():
        try:
            with transaction.atomic():
                consensus.finalise(
                    Application.objects.get(pk=application.pk), actor=panel.facilitator
                )
                finalised.set()
                assert sending.wait(10)
                time.sleep(0.5)  # long enough for the save to reach the lock and wait
                seen["committed_at"] = time.monotonic()
        except Exception as error:  # noqa: BLE001 - reported below
            seen["facilitator failed"] = error
        finally:
            connection.close()

    def member():
        try:
            assert finalised.wait(10)
            # Read before the finalisation commits: on this copy scoring still looks open.
            stale = Application.objects.get(pk=application.pk)
            assert stale.status == Status.INTERVIEW_SCHEDULED
            sending.set()
            try:
                scoring.save_score(maya, stale, indicator.pk, 4)
            except PanelError as error:
                seen["refused"] = error.message
            seen["answered_at"] = time.monotonic()
        except Exception as error:  # noqa: BLE001 - reported below
            seen["member failed"] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=facilitator), threading.Thread(target=member)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert "facilitator failed" not in seen and "member failed" not in seen, seen
    assert seen["refused"] == "The scores for this application are final. They cannot be changed."
    assert seen["answered_at"] >= seen["committed_at"]  # it waited for the lock
    assert Score.objects.get(member=maya, indicator=indicator).value == 3  # as sent
    application.refresh_from_db()
    assert application.status == Status.SCORED


# --- What a score request may hold ----------------------------------------------------


def _post_raw(client, application, body):
    return client.post(
        reverse("panels:score_save", args=[application.pk]),
        data=body,
        content_type="application/json",
    )


@pytest.mark.parametrize(
    "body",
    ["[]", "null", '"x"', "123", "true", "[1, 2]", b"\xff\xfe", "{", "[" * 50_000, "1" * 5000],
)
def test_a_body_that_is_not_a_json_object_is_refused(client, body):
    application, _, (maya, _) = ready_to_score()
    client.force_login(maya.user)
    response = _post_raw(client, application, body)
    assert response.status_code == 400
    assert response.json()["ok"] is False
    assert response.json()["error"].startswith("That did not make sense")
    assert not Score.objects.exists()


@pytest.mark.parametrize("number", ["1e400", "-1e400", "Infinity", "-Infinity", "NaN"])
@pytest.mark.parametrize("field", ["value", "indicator", "client_ts"])
def test_numbers_that_are_not_finite_are_refused(client, field, number):
    application, _, (maya, _) = ready_to_score()
    indicator = application.level.indicators.first()
    client.force_login(maya.user)
    fields = {"indicator": str(indicator.pk), "value": "2", field: number}
    body = "{" + ", ".join(f'"{name}": {value}' for name, value in fields.items()) + "}"
    response = _post_raw(client, application, body)
    assert response.status_code == 400
    assert response.json() == {
        "ok": False,
        "error": "That did not make sense: a number was too big, or not a number.",
    }
    assert not Score.objects.exists()


@pytest.mark.parametrize(
    "client_ts",
    [
        "9999-12-31T23:59:59-14:00",  # after the last moment of year 9999, in UTC
        "0001-01-01T00:00:00+14:00",  # before the first
        "1969-12-31T23:59:59+00:00",  # before any device's clock
        -1,
        1e20,
        "tomorrow",
        True,
        [1],
    ],
)
def test_times_that_cannot_be_stored_are_refused(client, client_ts):
    application, _, (maya, _) = ready_to_score()
    indicator = application.level.indicators.first()
    client.force_login(maya.user)
    response = _post(client, application, indicator, 2, ts=client_ts)
    assert response.status_code == 400
    assert response.json() == {
        "ok": False,
        "error": "Your device's clock sent a time we cannot read.",
    }
    assert not Score.objects.exists()


def test_a_refused_plain_form_post_says_why_on_the_scoring_page(client):
    application, _, (maya, _) = ready_to_score()
    client.force_login(maya.user)
    indicator = application.level.indicators.first()
    response = client.post(
        reverse("panels:score_save", args=[application.pk]),
        {"indicator": indicator.pk, "value": "9" * 30},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("panels:score", args=[application.pk])
    assert "Choose a score from 0 to 4." in response.content.decode()
    assert not Score.objects.exists()


def test_a_time_in_the_future_counts_as_the_servers_now(client):
    """A device whose clock runs ahead, or a made-up stamp, cannot pin a score: the
    member's next choice, stamped with the right time, still replaces it."""
    application, _, (maya, _) = ready_to_score()
    indicator = application.level.indicators.first()
    client.force_login(maya.user)
    before = timezone.now()
    far_ahead = _post(client, application, indicator, 4, ts="9999-12-31T23:59:59+00:00")
    assert far_ahead.json()["applied"] is True
    stored = Score.objects.get(member=maya)
    assert before <= stored.client_updated_at <= timezone.now()
    later = _post(client, application, indicator, 1, ts=int(time.time() * 1000) + 5)
    assert later.json() == {"ok": True, "indicator": indicator.pk, "value": 1, "applied": True}
    assert Score.objects.get(member=maya).value == 1


def test_parse_client_time_reads_milliseconds_and_iso_times():
    assert scoring.parse_client_time(None) is None
    assert scoring.parse_client_time("") is None
    assert scoring.parse_client_time(0) == datetime(1970, 1, 1, tzinfo=UTC)
    assert scoring.parse_client_time("1500") == datetime(1970, 1, 1, 0, 0, 1, 500_000, tzinfo=UTC)
    assert scoring.parse_client_time("2020-02-29T12:00:00+01:00") == datetime(
        2020, 2, 29, 11, 0, tzinfo=UTC
    )
    ahead = timezone.now() + timedelta(minutes=5)
    assert scoring.parse_client_time(ahead) <= timezone.now()
    for bad in ("9999-12-31T23:59:59-14:00", float("inf"), float("nan"), -1, "x", True):
        with pytest.raises(ValueError):
            scoring.parse_client_time(bad)
