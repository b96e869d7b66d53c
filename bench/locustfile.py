"""The load mix for `make bench`. bench.run starts locust headless with this file.

Environment (set by bench.run):
  BENCH_PLAN  JSON file: sessions per role and the ids/URLs each role uses
  BENCH_MODE  "mix" (every role) or "baseline" (only the baseline URL)
  BENCH_WAIT  "1" for people's pace (1-2 s between requests), "0" for no wait
  BENCH_OUT   where to write every response time (ms, exact) and the failures

Sessions are created server-side before the run (no login POSTs), and every
authenticated request carries its own Cookie header. The client keeps no cookies,
so the baseline request never carries a session.
"""

import http.cookiejar
import itertools
import json
import os
import random
import re
import time
from collections import defaultdict

import gevent
from locust import HttpUser, between, constant, events, task

PLAN = json.loads(open(os.environ["BENCH_PLAN"], encoding="utf-8").read())  # noqa: SIM115
MODE = os.environ.get("BENCH_MODE", "mix")
PEOPLES_PACE = os.environ.get("BENCH_WAIT", "1") == "1"
WAIT = between(1, 2) if PEOPLES_PACE else constant(0)
OUT = os.environ.get("BENCH_OUT", "")
BASELINE = "/__bench__/baseline/"
REVISION = re.compile(r'name="revision"[^>]*value="(\d+)"|value="(\d+)"[^>]*name="revision"')

TIMES = defaultdict(list)
FAILURES = defaultdict(int)
_counters = defaultdict(itertools.count)


@events.request.add_listener
def _record(request_type, name, response_time, response_length, exception=None, **kwargs):
    TIMES[name].append(response_time)
    if exception is not None:
        FAILURES[name] += 1


@events.quitting.add_listener
def _dump(environment, **kwargs):
    if OUT:
        with open(OUT, "w", encoding="utf-8") as fh:
            json.dump({"times": TIMES, "failures": FAILURES}, fh)


class _NoCookies(http.cookiejar.DefaultCookiePolicy):
    def set_ok(self, cookie, request):
        return False


def _pick(role):
    """Each simulated person gets their own entry (their own draft, their own panel seat)."""
    entries = PLAN["roles"][role]
    return entries[next(_counters[role]) % len(entries)]


class _Person(HttpUser):
    abstract = True
    wait_time = WAIT
    role = ""

    def on_start(self):
        self.client.cookies.set_policy(_NoCookies())
        self.me = _pick(self.role) if self.role else {}
        token = self.me.get("csrf", "")
        self.auth = {
            "Cookie": f"sessionid={self.me.get('session', '')}; csrftoken={token}",
            "X-CSRFToken": token,
        }
        if PEOPLES_PACE:
            # People arrive at different moments. Without this, all 20 first requests
            # land in the same millisecond and queue behind the 2 workers: those queued
            # requests (100-200 ms) were most of a page's p95 when it had only 20-40
            # requests, which measured the load generator's start, not the service.
            gevent.sleep(random.uniform(0, 2))  # noqa: S311 - timing jitter, not security

    def get(self, name, url, auth=True, expect=200):
        with self.client.get(
            url,
            name=name,
            headers=self.auth if auth else None,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != expect:
                response.failure(f"HTTP {response.status_code} for {url}")
            return response

    def post(self, name, url, expect=200, **kwargs):
        headers = {**self.auth, **kwargs.pop("headers", {})}
        with self.client.post(
            url, name=name, headers=headers, allow_redirects=False, catch_response=True, **kwargs
        ) as response:
            if response.status_code != expect:
                response.failure(f"HTTP {response.status_code} for {url}")
            return response

    @task(1)
    def baseline(self):
        self.get("baseline", BASELINE, auth=False)


if MODE == "baseline":

    class BaselineOnly(_Person):
        @task(1)
        def baseline(self):
            self.get("baseline", BASELINE, auth=False)

else:

    class Organisation(_Person):
        """Fills in the self-assessment: dashboard, an indicator page, autosaves."""

        fixed_count = 8
        role = "organisation"

        @task(3)
        def dashboard(self):
            self.get("org_dashboard", "/organisations/")

        @task(5)
        def self_assessment(self):
            app, code = self.me["application"], random.choice(self.me["codes"])
            url = f"/applications/{app}/indicators/{code}/"
            page = self.get("self_assessment", url)
            match = REVISION.search(page.text or "")
            if not match:
                return
            revision = match.group(1) or match.group(2)
            self.post(
                "autosave_post",
                url,
                data={
                    "text": f"Young people plan our activities with us ({time.time():.0f}).",
                    "self_rating": str(random.randint(1, 4)),
                    "revision": revision,
                },
                headers={"HX-Request": "true"},
            )

        @task(2)
        def application_timeline(self):
            self.get("org_application", f"/applications/{self.me['application']}/")

    class PanelMember(_Person):
        """Scores an interview on a tablet: the scoring page and one score at a time."""

        fixed_count = 4
        role = "panel"

        @task(3)
        def scoring_page(self):
            self.get("panel_score", f"/panel/applications/{self.me['application']}/score/")

        @task(5)
        def score(self):
            response = self.post(
                "score_post",
                f"/panel/applications/{self.me['application']}/score/save/",
                data=json.dumps(
                    {
                        "indicator": random.choice(self.me["indicators"]),
                        "value": random.randint(0, 4),
                        "client_ts": int(time.time() * 1000),
                    }
                ),
                headers={"Content-Type": "application/json", "Accept": "application/json"},
            )
            if response.status_code == 200 and '"ok": true' not in response.text:
                response.failure("score not saved")

    class Staff(_Person):
        """Runs the scheme: pipeline, an application's timeline, consensus, celebration."""

        fixed_count = 4
        role = "staff"

        @task(3)
        def pipeline(self):
            self.get("staff_pipeline", "/staff/")

        @task(3)
        def timeline(self):
            app = random.choice(PLAN["timeline_applications"])
            self.get("timeline", f"/staff/applications/{app}/timeline/")

        @task(2)
        def consensus(self):
            self.get("consensus", f"/panel/applications/{self.me['application']}/agree/")

        @task(2)
        def celebration(self):
            if PLAN.get("celebration_url"):
                self.get("celebration", PLAN["celebration_url"])

    class Public(_Person):
        """Anyone: the public register and a verification page (from a plaque's QR code)."""

        fixed_count = 4
        role = ""

        @task(3)
        def register(self):
            self.get("register", "/register/", auth=False)

        @task(4)
        def verify(self):
            code = random.choice(PLAN["verification_codes"])
            self.get("verify", f"/verify/{code}/", auth=False)
