"""The conditional score upsert: the newest choice on the member's device wins."""

import datetime

import pytest
from django.utils import timezone

from panels import queries
from panels.models import Score
from tests.panels.factories import ready_to_score

pytestmark = pytest.mark.django_db


def test_insert_then_update_in_the_same_row():
    application, _, (maya, _) = ready_to_score()
    indicator = application.level.indicators.first()
    chosen = timezone.now()
    first, applied = queries.upsert_score(maya, application, indicator.pk, 2, chosen)
    assert applied
    assert Score.objects.get(pk=first.pk).value == 2
    later = chosen + datetime.timedelta(seconds=5)
    second, applied = queries.upsert_score(maya, application, indicator.pk, 4, later)
    assert applied and second.pk == first.pk
    stored = Score.objects.get(pk=first.pk)
    assert (stored.value, stored.client_updated_at) == (4, later)


def test_an_older_choice_keeps_the_stored_score():
    application, _, (maya, _) = ready_to_score()
    indicator = application.level.indicators.first()
    chosen = timezone.now()
    queries.upsert_score(maya, application, indicator.pk, 4, chosen)
    kept, applied = queries.upsert_score(
        maya, application, indicator.pk, 1, chosen - datetime.timedelta(minutes=1)
    )
    assert not applied
    assert (kept.value, kept.client_updated_at) == (4, chosen)
    assert Score.objects.get().value == 4


def test_each_member_and_round_has_its_own_row():
    application, _, (maya, leo) = ready_to_score()
    indicator = application.level.indicators.first()
    chosen = timezone.now()
    queries.upsert_score(maya, application, indicator.pk, 1, chosen)
    queries.upsert_score(leo, application, indicator.pk, 2, chosen)
    application.round = 2
    queries.upsert_score(maya, application, indicator.pk, 3, chosen)
    assert sorted(Score.objects.values_list("member_id", "round", "value")) == sorted(
        [(maya.pk, 1, 1), (leo.pk, 1, 2), (maya.pk, 2, 3)]
    )
