from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.module_loading import import_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@never_cache
@require_GET
def health(request):
    """Database and (when configured) broker status, for load balancers and compose."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception as exc:  # noqa: BLE001
        checks["database"] = f"error: {type(exc).__name__}"
    if settings.CELERY_BROKER_URL:
        checks["broker"] = _broker_status()
    else:
        checks["broker"] = "not configured (tasks run inline)"
    # More checks named by settings (the reminder sweep's and the outbox's ages): each
    # returns {"status": "ok" or "error: ...", "age_seconds": seconds or None}.
    ages = {}
    for name, dotted_path in settings.HEALTH_CHECKS.items():
        try:
            result = import_string(dotted_path)()
        except Exception as exc:  # noqa: BLE001
            result = {"status": f"error: {type(exc).__name__}", "age_seconds": None}
        checks[name] = result["status"]
        ages[name] = result["age_seconds"]
    healthy = all(v == "ok" or v.startswith("not configured") for v in checks.values())
    body = {"status": "ok" if healthy else "error", "checks": checks}
    if ages:
        body["age_seconds"] = ages
    return JsonResponse(body, status=200 if healthy else 503)


def _broker_status():
    from kitemark.celery import app

    try:
        with app.connection_for_write(settings.CELERY_BROKER_URL) as conn:
            conn.ensure_connection(max_retries=0, timeout=2)
        return "ok"
    except Exception as exc:  # noqa: BLE001
        return f"error: {type(exc).__name__}"


def ratelimited(request, exception=None):
    return render(request, "429.html", status=429)
