"""Saving scores: at once, by JSON or plain form, and an old replay never wins; only from
a seated member while the round is open; sending them all."""

import json
import threading
import time

import pytest
from django.db import connection, transaction
from django.urls import reverse

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
    for value in (5, -1, "x"):
        response = _post(client, application, indicator, value)
        assert response.status_code == 409
        assert "0 to 4" in response.json()["error"]
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
    for indicator_id in (other_level.indicators.first().pk, 10**30, 2**63, -1):
        response = client.post(
            reverse("panels:score_save", args=[application.pk]),
            data=json.dumps({"indicator": indicator_id, "value": 2}),
            content_type="application/json",
        )
        assert response.status_code == 409
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
    assert not Score.objects.exists()
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
    assert not Score.objects.exists()
    application.refresh_from_db()
    assert application.status == Status.SCORED
