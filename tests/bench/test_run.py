"""The benchmark's plan and page mix against a tiny seed: every page the load run requests
answers 200 as the person it is planned for, so a changed URL or permission cannot leave
`make bench` measuring error pages."""

import os
import subprocess
import sys
from pathlib import Path

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


def test_the_bench_environment_starts_the_production_settings(tmp_path):
    """The server runs with DEBUG=false, whose settings refuse to start without what
    production must configure (CI pass: `make bench` stopped at "CREDENTIAL_SIGNING_KEY
    ... is not set" once credentials came in)."""
    script = (
        "import os\n"
        "from bench import run\n"
        "run.configure_environment(8000)\n"
        "import django\n"
        "django.setup()\n"
        "from django.conf import settings\n"
        "assert not settings.DEBUG\n"
        "from credentials.keys import signing_key\n"
        "print(signing_key().thumbprint)\n"
    )
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("CREDENTIAL_", "DJANGO_", "BENCH_", "DEBUG", "SECRET_KEY"))
    }
    env["BENCH_DIR"] = str(tmp_path)
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script],
        cwd=Path(run.ROOT),
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.strip()) == 43  # an RFC 7638 thumbprint, base64url
