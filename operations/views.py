from django.http import Http404, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import metrics


@never_cache
@require_GET
def metrics_view(request):
    """Prometheus's scrape. Not found unless metrics are enabled and the caller holds the
    token or is in the allow-list, so nobody else learns it exists."""
    if not metrics.enabled() or not metrics.allowed(request):
        raise Http404
    body, content_type = metrics.render()
    return HttpResponse(body, content_type=content_type)
