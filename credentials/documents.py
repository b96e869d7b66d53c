"""The JSON documents the issuer publishes and signs: its profile, an award's
OpenBadgeCredential (Open Badges 3.0 on Verifiable Credentials 2.0), a young person's
certificate of contribution as one, and the Bitstring Status List credential. Plain
functions of their inputs; no database access."""

import base64
from datetime import UTC, datetime, time, timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from assessments.outcomes import (
    AWARD_THRESHOLD,
    INDICATORS_PER_LEVEL,
    MAX_SCORE_PER_INDICATOR,
    MAX_TOTAL,
)
from scheme.selectors import current_scheme

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
CREDENTIAL_TYPE = "vc+jwt"
STATUS_PURPOSE = "revocation"


def absolute(name, *args):
    return f"{settings.SITE_URL}{reverse(name, args=args)}"


def issuer_id():
    return absolute("credentials:issuer")


def key_id(thumbprint):
    """The JWT header's kid: a URL that dereferences to the public JWK."""
    return absolute("credentials:key", thumbprint)


def status_list_url(number):
    return absolute("credentials:status_list", number)


def issuer_summary():
    return {
        "id": issuer_id(),
        "type": ["Profile"],
        "name": settings.CREDENTIAL_ISSUER_NAME or current_scheme().council_name,
        "url": settings.SITE_URL,
    }


def issuer_profile(public_keys):
    """The issuer's public profile; `public_keys` is [(thumbprint, jwk)], every key ever
    used, oldest first."""
    profile = {"@context": [VC_CONTEXT, OB_CONTEXT], **issuer_summary()}
    email = settings.CREDENTIAL_ISSUER_EMAIL or current_scheme().kitemark_email
    if email:
        profile["email"] = email
    profile["verificationMethod"] = [
        {
            "id": key_id(thumbprint),
            "type": "JsonWebKey",
            "controller": issuer_id(),
            "publicKeyJwk": {**jwk, "kid": key_id(thumbprint), "alg": "EdDSA", "use": "sig"},
        }
        for thumbprint, jwk in public_keys
    ]
    return profile


def criteria_narrative(level_name):
    return (
        f"Awarded at the {level_name} level when a panel of young people scores the "
        f"organisation's evidence against the {INDICATORS_PER_LEVEL} indicators of the "
        f"Lundy model of participation (space, voice, audience and influence), each from "
        f"0 to {MAX_SCORE_PER_INDICATOR}, and the total is at least {AWARD_THRESHOLD} out "
        f"of {MAX_TOTAL}. The award is valid for three years."
    )


def level_image(level_name, colour):
    """The level's image, embedded as an SVG data URI (no request to another site)."""
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="200" viewBox="0 0 200 200">'
        f'<circle cx="100" cy="100" r="96" fill="{colour}"/>'
        '<g fill="#ffffff" font-family="DejaVu Sans,Verdana,sans-serif" font-weight="bold" '
        'text-anchor="middle">'
        '<text x="100" y="92" font-size="22">Kitemark</text>'
        f'<text x="100" y="124" font-size="20">{_xml_text(level_name)}</text></g></svg>'
    )
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii")


def _xml_text(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def achievement(level):
    scheme_name = current_scheme().scheme_name
    return {
        "id": f"{issuer_id()}#achievement-{level.code}-v{level.version_id}",
        "type": ["Achievement"],
        "achievementType": "Award",
        "name": f"{scheme_name}: {level.name}",
        "description": (
            f"The {scheme_name} at the {level.name} level recognises an "
            "organisation that works with young people as partners."
        ),
        "criteria": {"narrative": criteria_narrative(level.name)},
        "image": {
            "id": level_image(level.name, level.colour),
            "type": "Image",
            "caption": f"{scheme_name} {level.name}",
        },
        "creator": issuer_summary(),
    }


def _start_of(day):
    """A local date as the instant its day begins, in UTC (validFrom, validUntil)."""
    moment = timezone.make_aware(datetime.combine(day, time.min))
    return moment.astimezone(UTC)


def _iso(moment):
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def named(name):
    """A credential subject's identifier by name alone (an IdentityObject, not hashed)."""
    return [
        {"type": "IdentityObject", "identityType": "name", "hashed": False, "identityHash": name}
    ]


def with_claims(credential, *, not_before, issued_at, expires=None):
    """The credential with the JWT's registered claims, which say the same as it does
    (OB 3.0 section 8.2); `exp` only when it has a validUntil."""
    claims = {"iss": issuer_id(), "jti": credential["id"], "nbf": int(not_before.timestamp())}
    if expires is not None:
        claims["exp"] = int(expires.timestamp())
    claims["iat"] = int(issued_at.timestamp())
    return {**credential, **claims}


def award_credential(award, *, status_list, status_index, issued_at):
    """The OpenBadgeCredential of `award`. It is valid from the start of the award date
    until the start of the expiry date (from which day the award is expired)."""
    valid_from = _start_of(award.awarded_on)
    valid_until = _start_of(award.expires_on)
    list_url = status_list_url(status_list)
    credential = {
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": absolute("credentials:credential", award.verification_code),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": f"{current_scheme().scheme_name} {award.level.name}: {award.organisation.name}",
        "issuer": issuer_summary(),
        "validFrom": _iso(valid_from),
        "validUntil": _iso(valid_until),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": named(award.organisation.name),
            "achievement": achievement(award.level),
        },
        "evidence": [
            {
                "id": award.verification_url,
                "type": ["Evidence"],
                "name": f"Certificate {award.certificate_number}",
                "narrative": "The public verification page of this award.",
            }
        ],
        "credentialStatus": {
            "id": f"{list_url}#{status_index}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": STATUS_PURPOSE,
            "statusListIndex": str(status_index),
            "statusListCredential": list_url,
        },
    }
    return with_claims(credential, not_before=valid_from, expires=valid_until, issued_at=issued_at)


def contribution_achievement():
    """The one Achievement every young person's certificate of contribution is of."""
    scheme_name = current_scheme().scheme_name
    return {
        "id": f"{issuer_id()}#achievement-contribution",
        "type": ["Achievement"],
        "achievementType": "CommunityService",
        "name": f"{scheme_name}: certificate of contribution",
        "description": (
            f"A young person's contribution to the {scheme_name}: the time they gave as a "
            "partner in judging which organisations work well with young people, and in "
            "training the adults who work with them."
        ),
        "criteria": {
            "narrative": (
                "Given to a young person who took part as a panel member or a young trainer. "
                "The totals are counted from what the service recorded: the applications "
                "they were given to read, the interviews they were at, the rounds of scores "
                "they sent, the check-ins they reviewed, the training sessions they "
                "delivered, and their hours (interviews, training sessions, and time the "
                "participation team recorded for work done elsewhere)."
            )
        },
        "creator": issuer_summary(),
    }


def contribution_credential(
    *, credential_id, display_name, period_from, period_to, lines, issued_at
):
    """A young person's certificate of contribution as an OpenBadgeCredential. It names
    them by their display name only and has no id for them, no validUntil and no status:
    what they did stays true. `lines` is [[label, number]], the certificate's totals."""
    valid_from = _start_of(period_to)
    totals = "; ".join(f"{label}: {number}" for label, number in lines)
    credential = {
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": credential_id,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": f"{current_scheme().scheme_name}: certificate of contribution",
        "issuer": issuer_summary(),
        "validFrom": _iso(valid_from),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": named(display_name),
            "activityStartDate": _iso(_start_of(period_from)),
            "activityEndDate": _iso(valid_from),
            "narrative": f"{display_name}'s contribution. {totals}.",
            "achievement": contribution_achievement(),
        },
    }
    return with_claims(credential, not_before=valid_from, issued_at=issued_at)


def status_list_credential(number, encoded_list, *, issued_at, valid_seconds):
    list_url = status_list_url(number)
    valid_until = issued_at + timedelta(seconds=valid_seconds)
    credential = {
        "@context": [VC_CONTEXT],
        "id": list_url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_id(),
        "validFrom": _iso(issued_at),
        "validUntil": _iso(valid_until),
        "credentialSubject": {
            "id": f"{list_url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": STATUS_PURPOSE,
            "encodedList": encoded_list,
        },
    }
    return with_claims(credential, not_before=issued_at, expires=valid_until, issued_at=issued_at)


def enveloped(jwt):
    """A VC-JWT as JSON: the Verifiable Credentials 2.0 EnvelopedVerifiableCredential."""
    return {
        "@context": [VC_CONTEXT],
        "id": f"data:application/vc+jwt,{jwt}",
        "type": "EnvelopedVerifiableCredential",
    }
