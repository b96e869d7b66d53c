from django.core.exceptions import PermissionDenied

from . import services


class AuditMiddleware:
    """Records permission refusals, and remembers the request being served so that
    audit records written by signal receivers know who and where they came from.

    It is the innermost middleware: a view's PermissionDenied reaches
    process_exception first, and every 403 response (CSRF failures included)
    passes back through __call__.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = services.bind_request(request)
        try:
            response = self.get_response(request)
            if response.status_code == 403 and not getattr(
                request, "_audit_refusal_recorded", False
            ):
                services.record_permission_denied(request)
            return response
        finally:
            services.unbind_request(token)

    def process_exception(self, request, exception):
        if isinstance(exception, PermissionDenied):
            services.record_permission_denied(request, reason=str(exception))
            request._audit_refusal_recorded = True
        return None
