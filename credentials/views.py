from django.http import Http404, HttpResponse, JsonResponse
from django.views.decorators.http import require_GET

from certificates.views import public_rate_limit

from . import documents, selectors
from .services.issuing import current_issuer_key
from .services.status import STATUS_LIST_TTL_SECONDS, signed_status_list

JWT_TYPE = "application/vc+jwt"


def _public(response, max_age=300):
    # Machine-readable and public: any site may read it, any cache may keep it a while.
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = f"public, max-age={max_age}"
    return response


def _json(data, max_age=300, content_type="application/json"):
    return _public(
        JsonResponse(data, content_type=content_type, json_dumps_params={"indent": 2}), max_age
    )


def wants_jwt(request):
    return JWT_TYPE in request.headers.get("Accept", "")


@require_GET
@public_rate_limit
def credential(request, code):
    """The award's OpenBadgeCredential: the VC-JWT itself when asked for
    application/vc+jwt, else as JSON (an EnvelopedVerifiableCredential holding it)."""
    issued = selectors.issued_credential(code)
    if issued is None:  # no such award, or its credential is not issued yet
        raise Http404
    if wants_jwt(request):
        response = _public(HttpResponse(issued.jwt, content_type=JWT_TYPE), 60)
        extension = "jwt"
    else:
        response = _json(documents.enveloped(issued.jwt), 60, "application/vc+ld+json")
        extension = "json"
    if request.GET.get("download"):
        response["Content-Disposition"] = f'attachment; filename="kitemark-{code}.{extension}"'
    response["Vary"] = "Accept"
    return response


@require_GET
def issuer(request):
    current_issuer_key()  # the current key is published before anything is signed with it
    return _json(
        documents.issuer_profile(selectors.published_keys()), content_type="application/ld+json"
    )


@require_GET
def key(request, thumbprint):
    jwk = selectors.public_jwk(thumbprint)
    if jwk is None:
        raise Http404
    kid = documents.key_id(thumbprint)
    return _json({**jwk, "kid": kid, "alg": "EdDSA", "use": "sig"}, 3600, "application/jwk+json")


@require_GET
@public_rate_limit
def status_list(request, number):
    if not selectors.list_exists(number):
        raise Http404
    return _public(
        HttpResponse(signed_status_list(number), content_type=JWT_TYPE), STATUS_LIST_TTL_SECONDS
    )
