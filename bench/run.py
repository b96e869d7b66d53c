"""`make bench` / `python -m bench.run`: measure Kitemark at national scale on PostgreSQL.

1. Drops and recreates the bench database (DATABASE_URL, default
   postgres://postgres@127.0.0.1:5432/kitemark_bench), migrates, seeds national-scale
   data with bulk inserts (bench.seed) and analyses the tables.
2. Counts the queries of every page in the mix with Django's test client (not under load).
3. Serves the app with gunicorn (2 workers, DEBUG=false, 127.0.0.1 only) through
   bench.wsgi, which adds /__bench__/baseline/, and runs locust headless: 20 users for
   60 s at people's pace (1-2 s between requests), then a saturation run of the mix
   and of the baseline with no wait. gunicorn is always stopped.
4. Times the plaque (median of 7 renders) against a minimal one-page WeasyPrint
   document with the same fonts, and the daily reminder sweep over all awards.
5. Prints a table, a profile of the slowest page, and as the very last line one JSON object.

Environment: BENCH_SCALE (default 1), BENCH_DURATION (60), BENCH_SATURATION (20),
BENCH_DIR (default /tmp/kitemark-bench), BENCH_KEEP_DB=1 to reuse a seeded database,
DATABASE_URL (default below), BENCH_CACHE_URL (Redis, as in production; default below) and
BENCH_CREDENTIAL_SIGNING_KEY (a PEM; default a new key for each run).

After a run, against its database: `python -m bench.run profile PAGE...` profiles pages, and
`python -m bench.run time [--mixed] [PAGE...]` times them in-process (time_pages).
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from credentials.keys import new_private_key_pem

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/kitemark_bench"
DEFAULT_CACHE_URL = "redis://127.0.0.1:6379/2"
USERS = 20
TARGETS = {
    "p95_ms": 100,
    "ratio": 8.0,
    "queries": 10,
    "plaque_s": 0.5,
    "plaque_ratio": 2.5,
    "sweep_s": 10.0,
}
PLAQUE_RENDERS = 7


def log(message=""):
    print(message, flush=True)


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def configure_environment(port):
    """The production-like settings the server and this process share."""
    bench_dir = Path(os.environ.get("BENCH_DIR", "/tmp/kitemark-bench"))  # noqa: S108
    bench_dir.mkdir(parents=True, exist_ok=True)
    env = {
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL,
        "DEBUG": "false",
        "SECRET_KEY": os.environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(50),
        # DEBUG=false refuses to start without the key that signs awards' credentials.
        "CREDENTIAL_SIGNING_KEY": os.environ.get("BENCH_CREDENTIAL_SIGNING_KEY")
        or new_private_key_pem(),
        "CREDENTIAL_SIGNING_KEY_FILE": "",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "RATELIMIT_ENABLE": "false",
        # The load's staff users sign in with a password only (production asks for a code).
        "STAFF_REQUIRE_2FA": "false",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "CSRF_TRUSTED_ORIGINS": f"http://127.0.0.1:{port}",
        "PRIVATE_ROOT": str(bench_dir / "private"),
        "LOG_LEVEL": "WARNING",
        "CELERY_BROKER_URL": "",
        # The shared cache production runs with (docker-compose.yml), which both gunicorn
        # workers read the sessions from (cached_db, kitemark.settings).
        "CACHE_URL": os.environ.get("BENCH_CACHE_URL") or DEFAULT_CACHE_URL,
        "BENCH_DIR": str(bench_dir),
    }
    os.environ.update(env)
    return bench_dir


def recreate_database(url):
    """Drop and create the bench database (PostgreSQL only)."""
    import psycopg

    parts = urlsplit(url)
    if not parts.scheme.startswith("postgres"):
        sys.exit(f"make bench runs against PostgreSQL; DATABASE_URL is {parts.scheme}://...")
    name = parts.path.lstrip("/")
    admin_url = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


# ---------------------------------------------------------------------------------------
# The plan: server-side sessions and the ids each simulated person uses
# ---------------------------------------------------------------------------------------


def _session_for(user):
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    from accounts.middleware import SessionTimeoutMiddleware

    backend = next(b for b in settings.AUTHENTICATION_BACKENDS if b.startswith("accounts."))
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    now = int(time.time())
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = backend
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store[SessionTimeoutMiddleware.STARTED] = now
    store[SessionTimeoutMiddleware.LAST] = now
    store.create()
    return store.session_key


def celebration_url():
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse("console:celebration")
    except NoReverseMatch:
        return None


def build_plan(result, bench_dir):
    from django.utils.crypto import get_random_string

    from accounts.models import User
    from assessments.models import Application, Indicator
    from panels.models import Panel, PanelSeat

    def entry(user, **extra):
        return {"session": _session_for(user), "csrf": get_random_string(32), **extra}

    drafts = list(
        Application.objects.filter(pk__in=result.draft_application_ids[:40])
        .select_related("created_by")
        .order_by("pk")
    )
    codes = {}
    organisation = []
    for app in drafts:
        if app.level_id not in codes:
            codes[app.level_id] = list(
                Indicator.objects.filter(level_id=app.level_id)
                .order_by("order")
                .values_list("code", flat=True)
            )
        organisation.append(entry(app.created_by, application=app.pk, codes=codes[app.level_id]))

    scheduled = result.scheduled_application_ids[:40]
    panel = []
    seen_members = set()
    for seat in (
        PanelSeat.objects.filter(panel__application_id__in=scheduled)
        .select_related("member__user", "panel__application")
        .order_by("panel__application_id", "pk")
    ):
        if seat.member_id in seen_members:
            continue  # one person, one tablet
        seen_members.add(seat.member_id)
        app = seat.panel.application
        indicators = list(
            Indicator.objects.filter(level_id=app.level_id).values_list("pk", flat=True)
        )
        panel.append(entry(seat.member.user, application=app.pk, indicators=indicators))

    staff = []
    for p in Panel.objects.filter(application_id__in=scheduled).select_related("facilitator")[:20]:
        staff.append(entry(p.facilitator, application=p.application_id))

    plan = {
        "roles": {"organisation": organisation, "panel": panel, "staff": staff},
        "timeline_applications": result.interviewed_application_ids[:200],
        "verification_codes": result.verification_codes,
        "celebration_url": celebration_url(),
        "users": {
            "organisation": [e["session"] for e in organisation],
        },
    }
    assert User.objects.exists()
    path = bench_dir / "plan.json"
    path.write_text(json.dumps(plan))
    return plan, path


# ---------------------------------------------------------------------------------------
# Query counts (test client, same database, not under load)
# ---------------------------------------------------------------------------------------


def page_requests(plan):
    """(name, method, url, kwargs, needs_session_of) for every request in the mix."""
    org = plan["roles"]["organisation"][0]
    panel = plan["roles"]["panel"][0]
    staff = plan["roles"]["staff"][0]
    app, code = org["application"], org["codes"][0]
    pages = [
        ("org_dashboard", "get", "/organisations/", {}, org),
        ("self_assessment", "get", f"/applications/{app}/indicators/{code}/", {}, org),
        ("autosave_post", "autosave", f"/applications/{app}/indicators/{code}/", {}, org),
        ("org_application", "get", f"/applications/{app}/", {}, org),
        ("panel_score", "get", f"/panel/applications/{panel['application']}/score/", {}, panel),
        (
            "score_post",
            "post",
            f"/panel/applications/{panel['application']}/score/save/",
            {
                "data": json.dumps(
                    {"indicator": panel["indicators"][0], "value": 3, "client_ts": 0}
                ),
                "content_type": "application/json",
                "HTTP_ACCEPT": "application/json",
            },
            panel,
        ),
        ("consensus", "get", f"/panel/applications/{staff['application']}/agree/", {}, staff),
        ("staff_pipeline", "get", "/staff/", {}, staff),
        (
            "timeline",
            "get",
            f"/staff/applications/{plan['timeline_applications'][0]}/timeline/",
            {},
            staff,
        ),
        ("register", "get", "/register/", {}, None),
        ("verify", "get", f"/verify/{plan['verification_codes'][0]}/", {}, None),
        ("baseline", "get", "/__bench__/baseline/", {}, None),
    ]
    if plan.get("celebration_url"):
        pages.insert(9, ("celebration", "get", plan["celebration_url"], {}, staff))
    return pages


def _client(who):
    from django.test import Client

    client = Client(SERVER_NAME="127.0.0.1")
    if who:
        client.cookies["sessionid"] = who["session"]
    return client


def _do(client, method, url, kwargs):
    import re

    if method == "get":
        return client.get(url, **kwargs)
    if method == "post":
        kwargs = dict(kwargs)
        data, content_type = kwargs.pop("data"), kwargs.pop("content_type")
        return client.post(url, data=data, content_type=content_type, **kwargs)
    # autosave: the revision comes from the page, as in the browser.
    page = client.get(url).content.decode()
    match = re.search(r'name="revision"[^>]*value="(\d+)"', page)
    revision = match.group(1) if match else "0"
    return client.post(
        url,
        {"text": "Young people plan with us.", "self_rating": "3", "revision": revision},
        HTTP_HX_REQUEST="true",
    )


def count_queries(plan):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts, statuses = {}, {}
    for name, method, url, kwargs, who in page_requests(plan):
        client = _client(who)
        _do(client, method, url, kwargs)  # warm up (first request loads content types etc.)
        if method == "autosave":
            # The GET that supplies the revision is counted as its own page.
            import re

            page = client.get(url).content.decode()
            match = re.search(r'name="revision"[^>]*value="(\d+)"', page)
            data = {
                "text": "Young people plan with us.",
                "self_rating": "3",
                "revision": match.group(1) if match else "0",
            }
            with CaptureQueriesContext(connection) as ctx:
                response = client.post(url, data, HTTP_HX_REQUEST="true")
        else:
            with CaptureQueriesContext(connection) as ctx:
                response = _do(client, method, url, kwargs)
        counts[name] = len(ctx.captured_queries)
        statuses[name] = response.status_code
    return counts, statuses


# ---------------------------------------------------------------------------------------
# Server and load
# ---------------------------------------------------------------------------------------


def start_server(port, bench_dir):
    log_file = open(bench_dir / "gunicorn.log", "w")  # noqa: SIM115 - closed in stop_server
    process = subprocess.Popen(  # noqa: S603
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "bench.wsgi:application",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--timeout",
            "60",
            "--graceful-timeout",
            "5",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=os.environ.copy(),
        stdout=log_file,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    process.log_file = log_file
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited; see {bench_dir / 'gunicorn.log'}")
        try:
            with urllib.request.urlopen(  # noqa: S310 - our own server on 127.0.0.1
                f"http://127.0.0.1:{port}/__bench__/baseline/", timeout=2
            ) as response:
                if response.status == 200:
                    return process
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    stop_server(process)
    raise RuntimeError("gunicorn did not answer within 30 s")


def stop_server(process):
    if process is None:
        return
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)
    process.log_file.close()


def warm_up(port, plan, rounds=4):
    """Bring both workers to the state a server in use is in: templates loaded, database
    connection open and each page's statements prepared (a statement is prepared on its
    second run on a connection, kitemark.settings). Two requests at a time, so that each
    of the two workers serves every page about `rounds` times."""
    from concurrent.futures import ThreadPoolExecutor

    def fetch(name, url, who):
        headers = {"Cookie": f"sessionid={who['session']}"} if who else {}
        request = urllib.request.Request(f"http://127.0.0.1:{port}{url}", headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                response.read()
        except urllib.error.HTTPError as error:
            log(f"WARNING: warm-up {name} answered {error.code}")

    with ThreadPoolExecutor(max_workers=2) as pool:
        for name, method, url, _kwargs, who in page_requests(plan):
            if method == "get":
                n = 2 * rounds
                # list() waits for this page's requests before the next page starts.
                list(pool.map(fetch, [name] * n, [url] * n, [who] * n))


def run_locust(port, plan_path, bench_dir, *, mode, wait, seconds, label):
    out = bench_dir / f"locust-{label}.json"
    out.unlink(missing_ok=True)
    env = {
        **os.environ,
        "BENCH_PLAN": str(plan_path),
        "BENCH_MODE": mode,
        "BENCH_WAIT": "1" if wait else "0",
        "BENCH_OUT": str(out),
    }
    command = [
        str(Path(sys.executable).parent / "locust"),
        "-f",
        str(ROOT / "bench" / "locustfile.py"),
        "--headless",
        "--users",
        str(USERS),
        "--spawn-rate",
        str(USERS),
        "--run-time",
        f"{seconds}s",
        "--host",
        f"http://127.0.0.1:{port}",
        "--stop-timeout",
        "3",
        "--only-summary",
        "--loglevel",
        "WARNING",
        "--exit-code-on-error",
        "0",
    ]
    with open(bench_dir / f"locust-{label}.log", "w") as log_file:
        subprocess.run(  # noqa: S603
            command,
            cwd=ROOT,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            timeout=seconds + 60,
            check=False,
        )
    data = json.loads(out.read_text())
    total = sum(len(v) for v in data["times"].values())
    return data, total / seconds


def percentile(values, q):
    ordered = sorted(values)
    if not ordered:
        return None
    k = (len(ordered) - 1) * q
    low, high = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


# ---------------------------------------------------------------------------------------
# Plaque and sweep
# ---------------------------------------------------------------------------------------


def time_plaque():
    from weasyprint import HTML

    from certificates import plaques
    from certificates.models import Award

    award = Award.objects.current().select_related("organisation", "level").order_by("pk").first()
    assets = plaques._asset_dir()
    regular = (assets / "fonts" / "DejaVuSans.ttf").as_uri()
    bold = (assets / "fonts" / "DejaVuSans-Bold.ttf").as_uri()
    minimal_html = f"""<!doctype html><html><head><meta charset="utf-8"><style>
      @font-face {{ font-family: "Plaque Sans"; src: url("{regular}"); }}
      @font-face {{ font-family: "Plaque Sans"; font-weight: bold; src: url("{bold}"); }}
      @page {{ size: A4 landscape; margin: 10mm; }}
      html {{ font-family: "Plaque Sans"; }}
    </style></head><body><h1>Co-production Kitemark</h1><p>One page.</p></body></html>"""

    def minimal():
        return HTML(
            string=minimal_html,
            base_url=assets.as_uri() + "/",
            url_fetcher=plaques.url_fetcher_for(assets),
        ).write_pdf()

    plaques.render_plaque_pdf(award)  # warm up: fonts, templates
    minimal()
    plaque_times, minimal_times = [], []
    for _ in range(PLAQUE_RENDERS):
        started = time.perf_counter()
        pdf = plaques.render_plaque_pdf(award)
        plaque_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        minimal()
        minimal_times.append(time.perf_counter() - started)
    assert pdf.startswith(b"%PDF")
    return statistics.median(plaque_times), statistics.median(minimal_times)


def time_sweep():
    """The daily sweep over every award. The email jobs it queues are left for the worker
    (as with a broker in production): dispatch to the broker is replaced by a no-op."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from certificates import reminders
    from certificates.models import Award
    from jobs import services as job_services

    awards = Award.objects.count()
    original = job_services.dispatch
    job_services.dispatch = lambda job_id: None
    try:
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            summary = reminders.daily_sweep()
            first = time.perf_counter() - started
        first_queries = len(ctx.captured_queries)
        started = time.perf_counter()
        reminders.daily_sweep()
        second = time.perf_counter() - started
    finally:
        job_services.dispatch = original
    return {
        "awards": awards,
        "sweep_s": first,
        "sweep_queries": first_queries,
        "summary": summary,
        "repeat_sweep_s": second,
    }


def time_pages(plan, requests=200, names=(), mixed=False, pause_s=0.05):
    """{page: {"median_ms", "p25_ms", "status"}} of each page in the mix (or those named),
    timed in this process through the test client after a warm-up: the server's own time,
    without gunicorn, the network or the load client.

    By default each page is requested `requests` times in a row. That keeps its code and
    data in the CPU's caches, so it gives the lowest, steadiest time: good for comparing
    two versions of one page. With `mixed`, the pages take turns, `pause_s` apart, as they
    do under load: each request then starts with caches that other pages and the idle
    pause have cooled. That time is what gunicorn itself takes under the load run (its
    access log, 2026-12-01: consensus 22.6 ms under load, 25.1 ms mixed, 15.5 ms in a
    row; the baseline 1.3, 1.6 and 0.4 ms), so it shows what a change does to the p50."""
    pages = [page for page in page_requests(plan) if not names or page[0] in names]
    clients = {name: _client(who) for name, _method, _url, _kwargs, who in pages}
    times = {name: [] for name, *_ in pages}
    statuses = {}

    def timed(name, method, url, kwargs):
        start = time.perf_counter()
        response = _do(clients[name], method, url, kwargs)
        times[name].append((time.perf_counter() - start) * 1000)
        statuses[name] = response.status_code

    for name, method, url, kwargs, _who in pages:
        for _ in range(min(20, requests)):
            _do(clients[name], method, url, kwargs)
    if mixed:
        for _ in range(requests):
            for name, method, url, kwargs, _who in pages:
                time.sleep(pause_s)
                timed(name, method, url, kwargs)
    else:
        for name, method, url, kwargs, _who in pages:
            for _ in range(requests):
                timed(name, method, url, kwargs)
    results = {}
    for name, values in times.items():
        values.sort()
        results[name] = {
            "median_ms": round(statistics.median(values), 2),
            "p25_ms": round(values[len(values) // 4], 2),
            "status": statuses[name],
        }
    return results


# ---------------------------------------------------------------------------------------
# Profile of the slowest page
# ---------------------------------------------------------------------------------------


def profile_page(plan, name):
    from pyinstrument import Profiler

    for page, method, url, kwargs, who in page_requests(plan):
        if page != name:
            continue
        client = _client(who)
        _do(client, method, url, kwargs)
        profiler = Profiler(interval=0.0005)
        profiler.start()
        _do(client, method, url, kwargs)
        profiler.stop()
        text = profiler.output_text(unicode=False, color=False, show_all=False)
        lines = [line for line in text.splitlines() if line.strip()]
        return "\n".join(lines[:90])
    return ""


# ---------------------------------------------------------------------------------------


def main():
    port = _free_port()
    bench_dir = configure_environment(port)
    sys.path.insert(0, str(ROOT))
    scale = float(os.environ.get("BENCH_SCALE", "1"))
    duration = int(os.environ.get("BENCH_DURATION", "60"))
    saturation = int(os.environ.get("BENCH_SATURATION", "20"))
    keep = os.environ.get("BENCH_KEEP_DB") == "1"

    if not keep:
        log(f"Recreating {os.environ['DATABASE_URL']}")
        recreate_database(os.environ["DATABASE_URL"])

    import django

    django.setup()
    from django.core.cache import caches
    from django.core.management import call_command
    from django.db import connection

    from bench import seed as bench_seed

    started = time.perf_counter()
    if keep:
        result = _reload_result(bench_dir)
        seed_s = result["seed_s"]
    else:
        # Sessions cached for a database just dropped must not outlive it.
        caches["default"].clear()
        call_command("migrate", verbosity=0, interactive=False)
        log(f"Migrated in {time.perf_counter() - started:.1f} s")
        seeded = bench_seed.seed(scale, log=log)
        started_analyze = time.perf_counter()
        with connection.cursor() as cursor:
            # VACUUM as well: autovacuum would have run on a live database, and index-only
            # scans need the visibility map it sets.
            cursor.execute("VACUUM ANALYZE")
        seed_s = seeded.seconds + (time.perf_counter() - started_analyze)
        result = {
            "seed_s": seed_s,
            "counts": seeded.counts,
            "draft_application_ids": seeded.draft_application_ids,
            "scheduled_application_ids": seeded.scheduled_application_ids,
            "interviewed_application_ids": seeded.interviewed_application_ids,
            "verification_codes": seeded.verification_codes,
        }
        (bench_dir / "seed.json").write_text(json.dumps(result))
    log(f"Seeded in {seed_s:.1f} s: {json.dumps(result['counts'])}")

    from types import SimpleNamespace

    plan, plan_path = build_plan(SimpleNamespace(**result), bench_dir)
    if not plan["celebration_url"]:
        log(
            "NOTE: the celebration list (console:celebration) does not exist yet, "
            "so it is left out of the mix."
        )

    queries, statuses = count_queries(plan)
    log(f"Queries per request: {queries}")
    bad = {k: v for k, v in statuses.items() if v != 200}
    if bad:
        log(f"WARNING: unexpected status codes from the test client: {bad}")

    server = None
    try:
        server = start_server(port, bench_dir)
        warm_up(port, plan)
        log(f"gunicorn (2 workers) on 127.0.0.1:{port}; locust {USERS} users for {duration} s")
        mix, _ = run_locust(
            port, plan_path, bench_dir, mode="mix", wait=True, seconds=duration, label="mix"
        )
        log(f"Saturation runs: {saturation} s each, no wait")
        _, throughput = run_locust(
            port,
            plan_path,
            bench_dir,
            mode="mix",
            wait=False,
            seconds=saturation,
            label="saturation",
        )
        _, baseline_rps = run_locust(
            port,
            plan_path,
            bench_dir,
            mode="baseline",
            wait=False,
            seconds=saturation,
            label="baseline",
        )
    finally:
        stop_server(server)

    log("Timing the plaque and the sweep")
    plaque_s, minimal_s = time_plaque()
    sweep = time_sweep()

    baseline_p50 = percentile(mix["times"].get("baseline", []), 0.5) or 0.0
    pages = {}
    for name, times in sorted(mix["times"].items()):
        p50, p95 = percentile(times, 0.5), percentile(times, 0.95)
        pages[name] = {
            "p50_ms": round(p50, 1),
            "p95_ms": round(p95, 1),
            "ratio_p50_to_baseline": round(p50 / baseline_p50, 2) if baseline_p50 else None,
            "queries": queries.get(name),
            "requests": len(times),
            "errors": mix["failures"].get(name, 0),
        }
    app_pages = {k: v for k, v in pages.items() if k != "baseline"}
    errors = sum(mix["failures"].values())
    summary = {
        "pages": {
            k: {key: v[key] for key in ("p50_ms", "p95_ms", "ratio_p50_to_baseline", "queries")}
            for k, v in pages.items()
        },
        "max_p95_ms": max(v["p95_ms"] for v in app_pages.values()),
        "max_ratio": max(v["ratio_p50_to_baseline"] or 0 for v in app_pages.values()),
        "max_queries": max((v["queries"] or 0) for v in app_pages.values()),
        "plaque_median_s": round(plaque_s, 3),
        "plaque_ratio_to_minimal": round(plaque_s / minimal_s, 2),
        "sweep_s": round(sweep["sweep_s"], 2),
        "seed_s": round(seed_s, 1),
        "errors": errors,
        "throughput_rps": round(throughput, 1),
        "baseline_rps": round(baseline_rps, 1),
    }

    slowest = max(app_pages, key=lambda k: app_pages[k]["p50_ms"])
    log(f"\nProfile of the slowest page ({slowest}), one request through the test client:")
    log(profile_page(plan, slowest))

    log("")
    log(
        f"Sweep over {sweep['awards']} awards: {sweep['sweep_s']:.2f} s, "
        f"{sweep['sweep_queries']} queries, {sweep['summary']}; "
        f"repeat (nothing due): {sweep['repeat_sweep_s']:.2f} s"
    )
    log(f"Plaque median {plaque_s:.3f} s vs minimal document {minimal_s:.3f} s")
    log("")
    header = (
        f"{'page':<18}{'requests':>9}{'p50 ms':>9}{'p95 ms':>9}{'x base':>8}"
        f"{'queries':>9}{'errors':>8}  verdict"
    )
    log(header)
    log("-" * len(header))
    for name, v in pages.items():
        misses = []
        if name != "baseline":
            if v["p95_ms"] > TARGETS["p95_ms"]:
                misses.append("p95")
            if (v["ratio_p50_to_baseline"] or 0) > TARGETS["ratio"]:
                misses.append("ratio")
            if (v["queries"] or 0) > TARGETS["queries"]:
                misses.append("queries")
        if v["errors"]:
            misses.append("errors")
        verdict = "ok" if not misses else "MISS " + ",".join(misses)
        ratio = v["ratio_p50_to_baseline"] if v["ratio_p50_to_baseline"] is not None else 0
        queries_shown = v["queries"] if v["queries"] is not None else -1
        log(
            f"{name:<18}{v['requests']:>9}{v['p50_ms']:>9.1f}{v['p95_ms']:>9.1f}"
            f"{ratio:>8.2f}{queries_shown:>9}"
            f"{v['errors']:>8}  {verdict}"
        )
    log("-" * len(header))
    log(
        f"plaque {summary['plaque_median_s']} s ({summary['plaque_ratio_to_minimal']}x minimal) | "
        f"sweep {summary['sweep_s']} s | seed {summary['seed_s']} s | "
        f"throughput {summary['throughput_rps']} rps (baseline {summary['baseline_rps']} rps) | "
        f"errors {errors}"
    )
    if not plan["celebration_url"]:
        log("celebration: not in the mix (the page does not exist yet)")
    print(json.dumps(summary), flush=True)


def _reload_result(bench_dir):
    return json.loads((bench_dir / "seed.json").read_text())


def _seeded_plan():
    """The plan (fresh sessions) for the database the last `make bench` seeded."""
    from types import SimpleNamespace

    import django

    bench_dir = configure_environment(_free_port())
    django.setup()
    plan, _ = build_plan(SimpleNamespace(**_reload_result(bench_dir)), bench_dir)
    return plan


def profile_main(names):
    """`python -m bench.run profile PAGE...`: profile pages against the seeded bench database."""
    plan = _seeded_plan()
    for name in names:
        log(f"== {name}")
        log(profile_page(plan, name))


def time_main(args):
    """`python -m bench.run time [--mixed] [PAGE...]`: each page's in-process time against
    the seeded bench database (see time_pages; --mixed: 40 turns of every page)."""
    mixed = "--mixed" in args
    names = [arg for arg in args if arg != "--mixed"]
    requests = 40 if mixed else 200
    for name, row in time_pages(_seeded_plan(), requests, names, mixed=mixed).items():
        log(f"{name:18s} median {row['median_ms']:6.2f} ms  p25 {row['p25_ms']:6.2f} ms")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "profile":
        profile_main(sys.argv[2:])
    elif len(sys.argv) > 1 and sys.argv[1] == "time":
        time_main(sys.argv[2:])
    else:
        main()
