"""The request id travels with the Celery tasks a request queues (a message header), and
the worker sets it while the task runs. Connected in OperationsConfig.ready()."""

from . import logs


def add_request_id(headers=None, **kwargs):
    request_id = logs.current_request_id.get()
    if request_id and headers is not None and "request_id" not in headers:
        headers["request_id"] = request_id


_tokens = {}


def set_request_id(task_id=None, task=None, **kwargs):
    request = getattr(task, "request", None)
    request_id = getattr(request, "request_id", None) or (
        (getattr(request, "headers", None) or {}).get("request_id")
    )
    if request_id:
        _tokens[task_id] = logs.current_request_id.set(request_id)


def clear_request_id(task_id=None, **kwargs):
    token = _tokens.pop(task_id, None)
    if token is not None:
        logs.current_request_id.reset(token)
