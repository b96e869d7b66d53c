"""The benchmark's plan and page mix against a tiny seed: every page the load run requests
answers 200 as the person it is planned for, so a changed URL or permission cannot leave
`make bench` measuring error pages."""

import pytest

from bench import run
from bench import seed as bench_seed

# The bench server adds its baseline view to the site's URLs.
pytestmark = [pytest.mark.django_db, pytest.mark.urls("bench.urls")]


@pytest.fixture
def plan(tmp_path):
    seeded = bench_seed.seed(0.001, log=lambda *a: None)
    plan, path = run.build_plan(seeded, tmp_path)
    assert path.exists()
    return plan


def test_every_page_in_the_mix_answers_its_planned_person(plan):
    queries, statuses = run.count_queries(plan)

    names = {name for name, *_ in run.page_requests(plan)}
    assert "celebration" in names
    assert statuses == dict.fromkeys(names, 200)
    assert queries["baseline"] == 0
    assert 0 < max(queries.values()) <= run.TARGETS["queries"]


def test_time_pages_times_each_named_page(plan):
    timed = run.time_pages(plan, requests=3, names=("verify", "consensus"))

    assert set(timed) == {"verify", "consensus"}
    for row in timed.values():
        assert row["status"] == 200
        assert 0 < row["p25_ms"] <= row["median_ms"]


def test_time_pages_mixed_gives_every_named_page_its_own_time(plan):
    timed = run.time_pages(plan, requests=3, names=("verify", "baseline"), mixed=True, pause_s=0)

    assert set(timed) == {"verify", "baseline"}
    assert {row["status"] for row in timed.values()} == {200}
    # The baseline touches no database and renders no template: a page cannot be quicker.
    assert timed["baseline"]["median_ms"] < timed["verify"]["median_ms"]
