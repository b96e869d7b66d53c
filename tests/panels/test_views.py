"""The panel members' and facilitator's pages: what they show, and query counts that do
not grow with the data."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from panels.models import AgreedScore, Score
from tests.panels.factories import ready_to_score

pytestmark = pytest.mark.django_db


def _score_everything(application, members, value=3):
    Score.objects.bulk_create(
        Score(
            member=member,
            application=application,
            indicator=indicator,
            value=value,
            client_updated_at=timezone.now(),
        )
        for member in members
        for indicator in application.level.indicators.all()
    )


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_scoring_page_queries_are_constant(client, django_assert_max_num_queries):
    small, _, (solo, duo) = ready_to_score(members=2)
    big, _, trio = ready_to_score(members=3)
    client.force_login(solo.user)
    empty = _count(client, reverse("panels:score", args=[small.pk]))
    _score_everything(small, [solo, duo])
    full = _count(client, reverse("panels:score", args=[small.pk]))
    client.force_login(trio[0].user)
    _score_everything(big, trio)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("panels:score", args=[big.pk]))
    assert response.status_code == 200
    three = _count(client, reverse("panels:score", args=[big.pk]))
    assert empty == full == three


def test_consensus_page_queries_are_constant(client, django_assert_max_num_queries):
    small, small_panel, (solo, duo) = ready_to_score(members=2)
    big, big_panel, trio = ready_to_score(members=3)
    client.force_login(small_panel.facilitator)
    empty = _count(client, reverse("panels:consensus", args=[small.pk]))
    _score_everything(small, [solo, duo])
    AgreedScore.objects.bulk_create(
        AgreedScore(application=small, indicator=i, round=1, value=2)
        for i in small.level.indicators.all()
    )
    one = _count(client, reverse("panels:consensus", args=[small.pk]))
    _score_everything(big, trio)
    client.force_login(big_panel.facilitator)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("panels:consensus", args=[big.pk]))
    assert response.status_code == 200
    three = _count(client, reverse("panels:consensus", args=[big.pk]))
    assert empty == one == three

    # A member's view is constant too.
    client.force_login(trio[0].user)
    member_view = _count(client, reverse("panels:consensus", args=[big.pk]))
    client.force_login(solo.user)
    assert _count(client, reverse("panels:consensus", args=[small.pk])) == member_view


def test_dashboard_queries_do_not_grow_with_applications(client, django_assert_max_num_queries):
    from tests.panels.factories import PanelSeatFactory

    first, panel, (maya, _) = ready_to_score(members=2)
    client.force_login(maya.user)
    one = _count(client, reverse("panels:dashboard"))
    for _ in range(3):
        _, other_panel, _ = ready_to_score(members=0)
        PanelSeatFactory(panel=other_panel, member=maya)
    with django_assert_max_num_queries(one):
        response = client.get(reverse("panels:dashboard"))
    assert len(response.context["to_read"]) == 4


def test_consensus_checks_the_facilitator_once(client):
    """The permission check, the "may agree" check and "may see all scores" share one
    answer to "does the user facilitate this panel", read once by the view."""
    application, panel, _ = ready_to_score(members=2)
    client.force_login(panel.facilitator)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("panels:consensus", args=[application.pk]))
    assert response.status_code == 200
    assert response.context["is_facilitator"] is True
    assert response.context["show_all"] is True
    facilitator_checks = [
        q["sql"] for q in ctx.captured_queries if '"panels_panel"."facilitator_id"' in q["sql"]
    ]
    assert len(facilitator_checks) == 1


def test_scoring_finds_the_member_and_their_seat_in_one_query(client):
    application, _, (maya, _) = ready_to_score(members=2)
    client.force_login(maya.user)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("panels:score", args=[application.pk]))
    assert response.status_code == 200
    member_queries = [
        q["sql"]
        for q in ctx.captured_queries
        if q["sql"].startswith('SELECT "panels_panelmember"."id"')
    ]
    assert len(member_queries) == 1
    assert '"panels_panelseat"' in member_queries[0]
    assert not [
        q
        for q in ctx.captured_queries
        if q["sql"].startswith('SELECT 1 AS "a" FROM "panels_panelseat"')
    ]


def test_consensus_form_fields_match_the_agreed_score_form(client):
    """The agreed-score fields are written out in the template; their names must be the
    ones AgreedScoreForm reads."""
    from panels.forms import AgreedScoreForm

    application, panel, _ = ready_to_score(members=2)
    client.force_login(panel.facilitator)
    page = client.get(reverse("panels:consensus", args=[application.pk])).content.decode()
    for indicator in application.level.indicators.all():
        form = AgreedScoreForm(prefix=f"i{indicator.pk}")
        for name in ("value", "feedback", "needs_more_evidence"):
            assert f'name="{form[name].html_name}"' in page
            if name != "value":
                assert f'id="{form[name].id_for_label}"' in page
        assert f'maxlength="{form.fields["feedback"].max_length}"' in page


def test_consensus_table_shows_each_members_score_or_a_dash(client):
    """The scores table of each indicator (written by the consensus_scores_table tag): a
    column per member, their names escaped, a dash where there is no score yet."""
    application, panel, (maya, leo) = ready_to_score(members=2)
    maya.display_name, leo.display_name = "Maya <b>", "Leo O'Brien"
    maya.save(update_fields=["display_name"])
    leo.save(update_fields=["display_name"])
    first = application.level.indicators.order_by("order").first()
    Score.objects.create(
        member=maya,
        application=application,
        indicator=first,
        value=3,
        client_updated_at=timezone.now(),
    )
    client.force_login(panel.facilitator)
    page = client.get(reverse("panels:consensus", args=[application.pk])).content.decode()
    head = (
        '<thead><tr><th scope="col">Leo O&#x27;Brien</th>'
        '<th scope="col">Maya &lt;b&gt;</th></tr></thead>'
    )
    assert page.count(head) == 16
    assert f'<caption class="visually-hidden">Scores for {first.code}</caption>' in page
    assert "<tbody><tr><td>–</td><td>3</td></tr></tbody>" in page
    assert page.count("<tbody><tr><td>–</td><td>–</td></tr></tbody>") == 15
    assert "<b>" not in page
