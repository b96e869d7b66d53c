"""The API's pages: its documentation (read from the OpenAPI document) and the staff's
tokens (made, shown once, revoked)."""

from datetime import datetime, time

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from accounts.decorators import permission_required
from kitemark.refusals import Refused

from .forms import RevokeTokenForm, TokenForm
from .models import ApiToken
from .services.tokens import create_token, revoke_token
from .v1 import api


def _operations(document):
    """The OpenAPI document's operations, in order, as rows the docs page lists."""
    rows = []
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            rows.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "id": operation.get("operationId", ""),
                    "tag": (operation.get("tags") or [""])[0],
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "secured": bool(operation.get("security")),
                    "parameters": [
                        {
                            "name": parameter["name"],
                            "where": parameter["in"],
                            "required": parameter.get("required", False),
                            "kind": _kind(parameter.get("schema", {})),
                        }
                        for parameter in operation.get("parameters", [])
                    ],
                }
            )
    return rows


def _kind(schema):
    for option in schema.get("anyOf", [schema]):
        if "enum" in option:
            return "one of: " + ", ".join(str(value) for value in option["enum"])
        if option.get("type") and option["type"] != "null":
            return option["type"]
    return ""


@require_GET
def docs(request):
    document = api.get_openapi_schema()
    return render(
        request,
        "api/docs.html",
        {"document": document, "operations": _operations(document)},
    )


@permission_required("api.manage_tokens")
@require_http_methods(["GET", "POST"])
def tokens(request):
    form = TokenForm(request.POST or None)
    secret = None
    if request.method == "POST" and form.is_valid():
        expires_at = timezone.make_aware(
            datetime.combine(form.cleaned_data["expires_on"], time.min)
        )
        try:
            token, secret = create_token(
                name=form.cleaned_data["name"],
                scope=form.cleaned_data["scope"],
                expires_at=expires_at,
                actor=request.user,
            )
        except Refused as refusal:
            form.add_error("expires_on", refusal.message)
        else:
            form = TokenForm()
    return render(
        request,
        "api/tokens.html",
        {
            "form": form,
            "secret": secret,
            "tokens": ApiToken.objects.select_related("created_by"),
            "now": timezone.now(),
        },
    )


@permission_required("api.manage_tokens")
@require_http_methods(["GET", "POST"])
def revoke(request, pk):
    token = get_object_or_404(ApiToken, pk=pk)
    if token.revoked_at is not None:
        messages.info(request, "This token has already been revoked.")
        return redirect("api:tokens")
    form = RevokeTokenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            revoke_token(token, actor=request.user)
        except Refused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, f"The token “{token.name}” has been revoked.")
            return redirect("api:tokens")
    return render(request, "api/token_revoke.html", {"token": token, "form": form})
