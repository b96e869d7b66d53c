import time

from django.urls import Resolver404, resolve

from . import logs, metrics


class RequestIdMiddleware:
    """Gives each request an id (the load balancer's X-Request-ID when it sends a plain
    one), for the log records of the request and of the jobs it queues; the response
    carries it back."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = logs.new_request_id(request.headers.get(logs.HEADER))
        request.request_id = request_id
        token = logs.current_request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            logs.current_request_id.reset(token)
        response[logs.HEADER] = request_id
        return response


class MetricsMiddleware:
    """Request latency by view name (never by path: ids would make a series each)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        metrics.observe_request(
            request.method,
            _view_name(request),
            response.status_code,
            time.perf_counter() - started,
        )
        return response


def _view_name(request):
    match = getattr(request, "resolver_match", None)
    if match is None:
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return "<unmatched>"
    return match.view_name or "<unnamed>"
