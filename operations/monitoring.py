"""Error reporting with Sentry, opt-in with SENTRY_DSN, with personal data kept out.

send_default_pii is off (no cookies, no user's email, name or IP address), request
bodies are never read, local variables are not sent, and before_send removes what
could still carry personal data: the request's body, cookies, query string and all but a
few headers, every field of the user except the id, the text of every exception (it may
quote a name or an address: the type and the stack say where it failed), the values
of log messages (their template is kept), and anything that looks like an email address
in the messages and breadcrumbs that remain.
"""

import re

import sentry_sdk
from sentry_sdk.integrations.celery import CeleryIntegration
from sentry_sdk.integrations.django import DjangoIntegration

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
REDACTED = "[redacted]"
REMOVED = "[removed: may hold personal data]"
KEPT_HEADERS = {"Content-Type", "Content-Length", "User-Agent", "X-Request-Id"}


def _scrub_text(value):
    return EMAIL.sub(REDACTED, value) if isinstance(value, str) else value


def scrub_event(event, hint=None):
    request = event.get("request")
    if request:
        for key in ("data", "cookies", "query_string", "env"):
            request.pop(key, None)
        headers = request.get("headers") or {}
        request["headers"] = {k: v for k, v in headers.items() if k.title() in KEPT_HEADERS}
    user = event.get("user")
    if user:
        event["user"] = {"id": user["id"]} if "id" in user else {}
    if "message" in event:
        event["message"] = _scrub_text(event["message"])
    logentry = event.get("logentry")
    if logentry:
        logentry["message"] = _scrub_text(logentry.get("message"))
        logentry.pop("params", None)
        logentry.pop("formatted", None)
    for exception in (event.get("exception") or {}).get("values", []):
        if exception.get("value"):
            exception["value"] = REMOVED
        for frame in (exception.get("stacktrace") or {}).get("frames", []):
            frame.pop("vars", None)
    breadcrumbs = event.get("breadcrumbs") or {}
    for crumb in breadcrumbs.get("values", []) if isinstance(breadcrumbs, dict) else []:
        crumb["message"] = _scrub_text(crumb.get("message"))
        crumb.pop("data", None)
    return event


def init_sentry(settings, **extra):
    sentry_sdk.init(
        dsn=settings.SENTRY_DSN,
        environment=settings.SENTRY_ENVIRONMENT,
        release=settings.SENTRY_RELEASE or None,
        traces_sample_rate=settings.SENTRY_TRACES_SAMPLE_RATE,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        send_default_pii=False,
        max_request_body_size="never",
        include_local_variables=False,
        before_send=scrub_event,
        before_send_transaction=scrub_event,
        **extra,
    )
