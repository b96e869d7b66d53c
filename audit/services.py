"""Writing to the audit log.

Other apps call `record()` (or one of the helpers below). It writes one row
inside the caller's transaction, so an action that rolls back leaves no audit
record of something that never happened. Everything before the insert is plain
string work that cannot fail: the IP address is validated, the user agent is
cut to size and `extra` is made JSON-safe.

The request being served is remembered by `audit.middleware.AuditMiddleware`
so that records written away from the view (status changes by the application
state machine, admin edits through signal receivers) still say where the action
came from.
"""

import hashlib
import hmac
import ipaddress
import json
from contextvars import ContextVar

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder

from .models import AuditEvent

Event = AuditEvent.Event

_current_request = ContextVar("audit_current_request", default=None)

SYSTEM_LABEL = "System"
ANONYMOUS_LABEL = "Not signed in"
_MAX_LABEL = 255
_MAX_OBJECT_TYPE = 100
_MAX_OBJECT_ID = 64
_MAX_PATH = 500
_MAX_LOGIN = 150


# --------------------------------------------------------------- request context


def bind_request(request):
    """Remember the request being served (called by the middleware)."""
    return _current_request.set(request)


def unbind_request(token):
    _current_request.reset(token)


def current_request():
    return _current_request.get()


# --------------------------------------------------------------- recording


def record(event, *, request=None, actor=None, obj=None, summary="", **extra):
    """Append one audit record and return it.

    `actor` defaults to the signed-in user of `request` (or of the request being
    served). `obj` is the record acted on; its type and id are stored as text so
    the audit row outlives it. `summary` and `extra` must not name people: names are
    kept in the record's snapshot (which anonymising can redact) and shown from the
    account when the log is read.
    """
    object_type = object_id = ""
    if obj is not None:
        object_type = obj._meta.label_lower
        object_id = "" if obj.pk is None else str(obj.pk)
    return _insert(event, request, actor, object_type, object_id, summary, extra)


def _insert(
    event, request, actor, object_type, object_id, summary, extra, object_label="", login=""
):
    if request is None:
        request = current_request()
    if actor is None and request is not None:
        user = getattr(request, "user", None)
        if getattr(user, "is_authenticated", False):
            actor = user
    if not getattr(actor, "is_authenticated", False):
        actor = None
    audit_event = AuditEvent(
        event=event,
        actor=actor,
        object_type=str(object_type or "")[:_MAX_OBJECT_TYPE],
        object_id=str(object_id or "")[:_MAX_OBJECT_ID],
        summary=summary,
        ip_address=client_ip(request),
        user_agent=_user_agent(request),
        extra=_json_safe(extra),
    )
    audit_event.set_snapshot(
        actor=(actor_label(actor) if actor else _no_actor_label(request))[:_MAX_LABEL],
        object=str(object_label or "")[:_MAX_LABEL],
        login=login_digest(login) if login else "",
    )
    audit_event.save()
    return audit_event


def actor_label(user):
    """A snapshot of who the user was, kept even if the account is later removed."""
    name = user.display_label
    login = user.login_name
    if login and login != name:
        return f"{name} ({login})"
    return name


def _no_actor_label(request):
    return ANONYMOUS_LABEL if request is not None else SYSTEM_LABEL


def client_ip(request):
    """REMOTE_ADDR; X-Forwarded-For only when settings.AUDIT_TRUST_X_FORWARDED_FOR is True.

    Only trust the header behind a proxy that overwrites it: a client can send anything.
    Anything that is not a valid IP address is stored as no address.
    """
    if request is None:
        return None
    meta = getattr(request, "META", {}) or {}
    candidate = meta.get("REMOTE_ADDR", "")
    if getattr(settings, "AUDIT_TRUST_X_FORWARDED_FOR", False):
        forwarded = meta.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            candidate = forwarded.split(",")[0]
    try:
        return str(ipaddress.ip_address(str(candidate).strip()))
    except ValueError:
        return None


def _user_agent(request):
    if request is None:
        return ""
    meta = getattr(request, "META", {}) or {}
    return str(meta.get("HTTP_USER_AGENT", ""))[: AuditEvent.USER_AGENT_MAX]


class _FallbackEncoder(DjangoJSONEncoder):
    def default(self, o):
        try:
            return super().default(o)
        except TypeError:
            return str(o)


def _json_safe(data):
    return json.loads(json.dumps(data, cls=_FallbackEncoder))


# --------------------------------------------------------------- helpers for each event


def record_login_success(request, user):
    return record(
        Event.LOGIN_SUCCESS,
        request=request,
        actor=user,
        obj=user,
        summary="Signed in",
    )


def attempted_login(credentials):
    """The name typed at sign-in, and nothing else from the credentials (never a password)."""
    credentials = credentials or {}
    for key in ("username", "email", "login"):
        value = credentials.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()[:_MAX_LOGIN]
    return ""


def masked_login(login):
    """The audit policy for a name typed at a failed sign-in, which may be anyone's address:
    keep its first two characters (one, if that is all before the @) and the domain.
    "leo.smith@example.org" -> "le…@example.org"; "leo_s" -> "le…"."""
    local, at, domain = login.partition("@")
    keep = 1 if len(local) <= 2 else 2
    return f"{local[:keep]}…{at}{domain}" if local else f"…{at}{domain}"


def login_digest(login):
    """A keyed hash of the typed name, so staff can search for a whole address without the
    log storing it: the same name (however it is capitalised) always gives the same digest."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, login.strip().casefold().encode(), hashlib.sha256).hexdigest()[:32]


def record_login_failure(request, credentials):
    """The typed name is kept shortened (the audit policy); its keyed digest goes in the
    snapshot, so staff can search by the whole name and anonymising can remove it."""
    login = attempted_login(credentials)
    summary = (
        f"Failed sign-in for “{masked_login(login)}”"
        if login
        else "Failed sign-in with no username"
    )
    extra = {"locked_out": bool(getattr(request, "axes_locked_out", False))}
    if login:
        extra["attempted_login"] = masked_login(login)
    return _insert(Event.LOGIN_FAILURE, request, None, "", "", summary, extra, login=login)


def record_two_factor_failure(request, user):
    """A wrong two-factor code, by a person whose password (or single sign-on) was right."""
    return record(
        Event.LOGIN_FAILURE,
        request=request,
        actor=user,
        obj=user,
        summary="Wrong two-factor code",
        two_factor=True,
    )


def record_two_factor_reset(request, actor, target, removed):
    """A staff member removed another account's two-factor devices (accounts/two_factor.py)."""
    return record(
        Event.TWO_FACTOR_RESET,
        request=request,
        actor=actor,
        obj=target,
        summary="Two-factor sign-in reset",
        devices_removed=removed,
    )


def record_permission_denied(request, reason=""):
    method = request.method or ""
    path = request.path[:_MAX_PATH]
    extra = {"method": method, "path": path}
    if reason:
        extra["reason"] = str(reason)[:_MAX_PATH]
    return record(
        Event.PERMISSION_DENIED,
        request=request,
        summary=f"Refused {method} {path}",
        **extra,
    )


def record_evidence_download(request, evidence, *, actor=None, application=None):
    """Call from the evidence download view once permission has been checked.

    `request` may be None when called from a service during a request: the request
    being served (remembered by the middleware) then gives the IP and user.
    """
    extra = {
        "file_name": evidence.original_name,
        "organisation_id": evidence.organisation_id,
    }
    if application is not None:
        extra["application_id"] = application.pk
    return record(
        Event.EVIDENCE_DOWNLOAD,
        request=request,
        actor=actor,
        obj=evidence,
        summary=(
            f"Downloaded evidence file “{evidence.original_name}” "
            f"of organisation {evidence.organisation_id}"
        ),
        **extra,
    )


def record_state_change(
    application, *, source, target, source_label, target_label, actor=None, timeline_event=None
):
    """Call from the application state machine once a move is made. `source` and `target`
    are the stored status values; the labels are how people read them, given by the caller
    because the statuses belong to the app above this one."""
    return record(
        Event.STATE_CHANGE,
        actor=actor,
        obj=application,
        summary=f"Application {application.pk}: {source_label} → {target_label}",
        application_id=application.pk,
        from_status=source,
        to_status=target,
        timeline_event_id=getattr(timeline_event, "pk", None),
    )


_ADMIN_ACTIONS = {1: "Added", 2: "Changed", 3: "Deleted"}


def record_admin_entry(entry):
    """One admin LogEntry (addition, change or deletion) as an audit record."""
    content_type = entry.content_type
    object_type = content_type.app_label + "." + content_type.model if content_type else ""
    type_name = content_type.name if content_type else "object"
    action = _ADMIN_ACTIONS.get(entry.action_flag, "Edited")
    message = entry.get_change_message()
    summary = f"{action} {type_name} in the admin"
    if message:
        summary += f": {message}"
    # The object is named in the snapshot (it may be a person), so the record outlives it
    # (deletions included) and anonymising can remove the name.
    return _insert(
        Event.ADMIN_CHANGE,
        None,
        entry.user,
        object_type,
        entry.object_id,
        summary,
        {"action": action.lower(), "log_entry_id": entry.pk, "change_message": message},
        object_label=entry.object_repr,
    )


def ratelimit_ip(request):
    """The client address the rate limits count (django-ratelimit's RATELIMIT_IP_META_KEY
    when AUDIT_TRUST_X_FORWARDED_FOR is on): the one the audit log records, so behind a
    load balancer each client has its own budget rather than sharing the balancer's."""
    return client_ip(request) or request.META.get("REMOTE_ADDR", "")
