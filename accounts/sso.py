"""Single sign-on for participation staff with the council's OpenID Connect provider.

mozilla-django-oidc runs the authorization-code flow (state, nonce, PKCE, the token
request, the ID token's signature against the provider's keys). What is ours:

- the provider is named by one setting, `OIDC_ISSUER`; its endpoints come from its
  discovery document (cached for an hour), so Microsoft Entra ID or any other provider
  needs no list of URLs;
- the ID token must come from that issuer for this client (`iss`, `aud`), which the
  library does not check;
- who may come in (`admit`): the email the provider asserts, and says is verified, must be
  an active participation staff account's; an unknown address gets an account only when
  `OIDC_CREATE_USER` allows it; organisation users and panel members keep their own
  sign-in;
- whether the provider did the second factor (`asserts_mfa`, the `amr` claim), which
  lets the staff two-factor check (accounts/two_factor.py) pass.

A refusal is put on the request (`request.sso_refusal`) for the callback view to show.
"""

import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import SuspiciousOperation
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

DISCOVERY_CACHE_SECONDS = 60 * 60

UNKNOWN = (
    "Your council account signed in, but no Kitemark staff account uses its email address. "
    "Ask a Kitemark administrator to add you."
)
UNVERIFIED = (
    "Your council account did not say that its email address is verified, so it cannot "
    "sign you in here. Ask your IT team, or sign in with your email address and password."
)
NO_EMAIL = (
    "Your council account did not share an email address, so we cannot tell which Kitemark "
    "account is yours. Ask your IT team."
)
NOT_STAFF = (
    "Signing in with a council account is for participation staff. "
    "Please sign in with your email address and password."
)
FAILED = (
    "Signing in with your council account did not work. Please try again, "
    "or sign in with your email address and password."
)


def sso_enabled():
    return bool(settings.OIDC_ISSUER and settings.OIDC_RP_CLIENT_ID)


def provider():
    """The issuer's discovery document (its endpoints), fetched once an hour."""
    issuer = settings.OIDC_ISSUER
    key = f"oidc-discovery:{issuer}"
    document = cache.get(key)
    if document is None:
        response = requests.get(
            f"{issuer}/.well-known/openid-configuration", timeout=settings.OIDC_TIMEOUT
        )
        response.raise_for_status()
        document = response.json()
        if document.get("issuer", "").rstrip("/") != issuer:
            raise SuspiciousOperation("The discovery document names another issuer.")
        cache.set(key, document, DISCOVERY_CACHE_SECONDS)
    return document


def email_is_verified(claims):
    value = claims.get(settings.OIDC_EMAIL_VERIFIED_CLAIM)
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


def asserts_mfa(claims):
    """True when the provider says the person used more than one factor (RFC 8176 `amr`)."""
    methods = claims.get("amr") or []
    if isinstance(methods, str):
        methods = [methods]
    return bool(set(methods) & set(settings.OIDC_MFA_AMR_VALUES))


def admit(claims):
    """(user, None) for the staff account these claims sign in, or (None, refusal)."""
    User = get_user_model()
    email = (claims.get("email") or "").strip()
    if not email:
        return None, NO_EMAIL
    if not email_is_verified(claims):
        return None, UNVERIFIED
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        if not settings.OIDC_CREATE_USER:
            return None, UNKNOWN
        user = User.objects.create_user(
            email=email,
            full_name=(claims.get("name") or "")[:150],
            role=User.Role.STAFF,
            email_verified=True,
        )
        user.set_unusable_password()
        user.save(update_fields=["password"])
        return user, None
    if not user.is_participation_staff:
        return None, NOT_STAFF
    return user, None


class StaffOIDCBackend(OIDCAuthenticationBackend):
    """The library's backend, configured from the discovery document at sign-in."""

    def __init__(self, *args, **kwargs):
        # Django builds every backend for every sign-in, password ones too: read the
        # provider's settings only when a provider's callback is being handled.
        self.UserModel = get_user_model()

    def authenticate(self, request, **kwargs):
        if request is None or not sso_enabled() or "code" not in request.GET:
            return None
        document = provider()
        self.OIDC_OP_TOKEN_ENDPOINT = document["token_endpoint"]
        self.OIDC_OP_USER_ENDPOINT = document["userinfo_endpoint"]
        self.OIDC_OP_JWKS_ENDPOINT = document["jwks_uri"]
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        self.OIDC_RP_CLIENT_SECRET = settings.OIDC_RP_CLIENT_SECRET
        self.OIDC_RP_SIGN_ALGO = settings.OIDC_RP_SIGN_ALGO
        self.OIDC_RP_IDP_SIGN_KEY = None
        return super().authenticate(request, **kwargs)

    def verify_token(self, token, **kwargs):
        payload = super().verify_token(token, **kwargs)
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if str(payload.get("iss", "")).rstrip("/") != settings.OIDC_ISSUER:
            raise SuspiciousOperation("The ID token comes from another issuer.")
        if settings.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("The ID token is for another client.")
        return payload

    def get_userinfo(self, access_token, id_token, payload):
        """The userinfo endpoint's claims, with the signed ID token's on top (Entra ID puts
        optional claims such as `xms_edov` only in the ID token)."""
        userinfo = super().get_userinfo(access_token, id_token, payload)
        if userinfo.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("The userinfo is about someone else.")
        return {**userinfo, **payload}

    def get_or_create_user(self, access_token, id_token, payload):
        claims = self.get_userinfo(access_token, id_token, payload)
        user, refusal = admit(claims)
        if refusal:
            self.request.sso_refusal = refusal
            return None
        self.request.sso_mfa = asserts_mfa(payload)
        return user

    def get_user(self, user_id):
        user = super().get_user(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
