"""Read-only pages of the audit log. There is no view that changes or deletes a record."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from kitemark.inputs import RequestConfig

from . import selectors
from .filters import AuditEventFilter
from .models import AuditEvent
from .tables import AuditEventTable, uk_and_utc

PER_PAGE = 50

# Plain-English names for the keys stored in AuditEvent.extra.
EXTRA_LABELS = {
    "attempted_login": "Name typed at sign-in (shortened)",
    "redacted_ids": "Records whose names were removed",
    "deleted_through": "Deleted up to record number",
    "locked_out": "Locked out after too many attempts",
    "method": "Request method",
    "path": "Page address",
    "reason": "Reason",
    "file_name": "File name",
    "organisation_id": "Organisation number",
    "application_id": "Application number",
    "from_status": "Status before",
    "to_status": "Status after",
    "timeline_event_id": "Timeline entry number",
    "action": "Admin action",
    "log_entry_id": "Admin log entry number",
    "change_message": "Admin change message",
}


def staff_only(view):
    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        if not request.user.has_perm("audit.read_log"):
            raise PermissionDenied("Only participation staff can read the audit log.")
        return view(request, *args, **kwargs)

    return wrapper


@require_GET
@staff_only
def log(request):
    filterset = AuditEventFilter(request.GET or None, queryset=AuditEvent.objects.with_actor())
    valid = not filterset.is_bound or filterset.is_valid()
    queryset = filterset.qs if valid else AuditEvent.objects.none()
    table = AuditEventTable(queryset)
    RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
    return render(
        request,
        "audit/log.html",
        {
            "filter": filterset,
            "table": table,
            "valid": valid,
            "filtered": filterset.is_bound,
            "verification": selectors.latest_verification(),
        },
    )


@require_GET
@staff_only
def detail(request, pk):
    event = get_object_or_404(AuditEvent.objects.with_actor(), pk=pk)
    uk, utc, iso = uk_and_utc(event.occurred_at)
    extra = [
        (EXTRA_LABELS.get(key, key.replace("_", " ").capitalize()), value)
        for key, value in (event.extra or {}).items()
    ]
    return render(
        request,
        "audit/detail.html",
        {"event": event, "extra": extra, "when_uk": uk, "when_utc": utc, "when_iso": iso},
    )
