"""Prometheus metrics (prometheus-client), opt-in: METRICS_TOKEN or METRICS_ALLOWED_IPS.

Request latency is a histogram each process keeps (under gunicorn set
PROMETHEUS_MULTIPROC_DIR so the workers' numbers are added up). The rest is read when
Prometheus scrapes: the Celery queue's depth, pending and failed outbox jobs, the age of
the oldest pending job and of the last successful reminder sweep.
"""

import hmac
import ipaddress
import os

from django.conf import settings
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Histogram,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily

REQUEST_LATENCY = Histogram(
    "kitemark_request_duration_seconds",
    "Time from the request reaching Django to the response leaving it.",
    ["method", "view", "status"],
    buckets=(0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)


def observe_request(method, view, status, seconds):
    REQUEST_LATENCY.labels(method=method, view=view, status=str(status)).observe(seconds)


def enabled():
    return bool(settings.METRICS_TOKEN or settings.METRICS_ALLOWED_IPS)


def allowed(request):
    """The bearer token (compared in constant time) or the client's address in the
    allow-list; either is enough when both are set."""
    token = settings.METRICS_TOKEN
    if token:
        given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        if given and hmac.compare_digest(given.encode(), token.encode()):
            return True
    address = request.META.get("REMOTE_ADDR", "")
    try:
        client = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(
        client in ipaddress.ip_network(network, strict=False)
        for network in settings.METRICS_ALLOWED_IPS
    )


class OperationsCollector:
    """Reads the queue, the outbox and the heartbeats at each scrape."""

    def collect(self):
        from . import health

        state = health.outbox_state()
        pending = GaugeMetricFamily("kitemark_jobs_pending", "Outbox jobs waiting to run.")
        pending.add_metric([], state.pending)
        yield pending
        failed = GaugeMetricFamily("kitemark_jobs_failed", "Outbox jobs that gave up.")
        failed.add_metric([], state.failed)
        yield failed
        oldest = GaugeMetricFamily(
            "kitemark_oldest_pending_job_age_seconds",
            "Age of the oldest pending outbox job (0 when none).",
        )
        oldest.add_metric([], state.oldest_pending_age or 0)
        yield oldest
        sweep_age = health.sweep_age()
        if sweep_age is not None:
            sweep = GaugeMetricFamily(
                "kitemark_reminder_sweep_age_seconds",
                "Seconds since the daily reminder sweep last finished.",
            )
            sweep.add_metric([], sweep_age)
            yield sweep
        depth = health.queue_depth()
        if depth is not None:
            queue = GaugeMetricFamily(
                "kitemark_celery_queue_depth", "Messages waiting in the Celery queue."
            )
            queue.add_metric([], depth)
            yield queue


def render():
    """(body, content type) of one scrape."""
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.MultiProcessCollector(registry)
    else:
        registry.register(REQUEST_LATENCY)
    registry.register(OperationsCollector())
    return generate_latest(registry), CONTENT_TYPE_LATEST
