"""The request id: set for each request (or taken from the load balancer's X-Request-ID),
put on every log record, and carried in the headers of the Celery tasks the request
starts, so a job's log lines name the request that queued it. Nothing here touches the
database: logging is configured before the apps are loaded."""

import logging
import re
import uuid
from contextvars import ContextVar

current_request_id = ContextVar("request_id", default="")

HEADER = "X-Request-ID"
# A request id from outside is kept only when it is short and plain.
_ACCEPTABLE = re.compile(r"[A-Za-z0-9._-]{8,64}")


def new_request_id(given=None):
    if given and _ACCEPTABLE.fullmatch(given):
        return given
    return uuid.uuid4().hex


class RequestIdFilter(logging.Filter):
    """Adds record.request_id (empty outside a request or a job a request started)."""

    def filter(self, record):
        record.request_id = current_request_id.get()
        return True
