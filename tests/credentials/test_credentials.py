"""Each award is an Open Badges 3.0 credential, signed as a VC-JWT with EdDSA, revocable
through a signed Bitstring Status List; checked by libraries nobody here wrote (npm's
`jose` and `@digitalbazaar/bitstring`, run by node)."""

import base64
import datetime
import json
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from assessments.outcomes import AWARD_THRESHOLD, INDICATORS_PER_LEVEL, MAX_TOTAL
from credentials.keys import new_private_key_pem
from credentials.models import AwardCredential, IssuerKey
from credentials.status_lists import LIST_SIZE
from jobs.models import Job
from tests.certificates.factories import AwardFactory
from tests.organisations.factories import MembershipFactory
from tests.scheme.helpers import save_scheme

from .conftest import node_verify, published

pytestmark = pytest.mark.django_db


def payload_of(jwt):
    part = jwt.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


def in_a_week():
    return timezone.now() + datetime.timedelta(days=7)


def test_a_new_award_is_issued_an_open_badge_credential(client):
    award = AwardFactory(
        application__organisation__name="Riverside Youth Trust",
        awarded_on=datetime.date(2026, 3, 10),
        expires_on=datetime.date(2029, 3, 10),
    )
    jwt = client.get(
        reverse("credentials:credential", args=[award.verification_code]),
        HTTP_ACCEPT="application/vc+jwt",
    ).content.decode()
    credential = payload_of(jwt)
    header = json.loads(base64.urlsafe_b64decode(jwt.split(".")[0] + "=="))

    assert header["alg"] == "EdDSA" and header["typ"] == "vc+jwt"
    assert credential["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["issuer"]["id"] == "http://127.0.0.1:8000/credentials/issuer.json"
    assert credential["validFrom"].startswith("2026-03-")
    assert credential["validUntil"].startswith("2029-03-")
    subject = credential["credentialSubject"]
    assert subject["type"] == ["AchievementSubject"]
    assert subject["identifier"][0]["identityHash"] == "Riverside Youth Trust"
    achievement = subject["achievement"]
    narrative = achievement["criteria"]["narrative"]
    assert f"{INDICATORS_PER_LEVEL} indicators" in narrative
    assert "panel of young people" in narrative
    assert f"{AWARD_THRESHOLD} out of {MAX_TOTAL}" in narrative
    assert award.level.name in achievement["name"]
    assert achievement["image"]["id"].startswith("data:image/svg+xml;base64,")
    status = credential["credentialStatus"]
    stored = AwardCredential.objects.get(award=award)
    assert status["type"] == "BitstringStatusListEntry"
    assert status["statusListIndex"] == str(stored.status_index)
    assert status["statusListCredential"] == "http://127.0.0.1:8000/credentials/status/1/"
    # The kid dereferences to the public key.
    assert client.get(header["kid"].removeprefix("http://127.0.0.1:8000")).json()["x"]


def test_a_current_award_verifies(client):
    award = AwardFactory()
    result = node_verify(published(client, award.verification_code), timezone.now())
    assert result["verified"] is True, result
    assert result["revoked"] is False
    assert result["listLength"] == LIST_SIZE


def test_revoking_through_the_staff_page_sets_the_bit(client, staff_client):
    award = AwardFactory()
    before = node_verify(published(client, award.verification_code), timezone.now())
    assert before["revoked"] is False

    response = staff_client.post(
        reverse("console:staff_revoke", args=[award.pk]),
        {"reason": "Evidence was copied", "confirm": "on"},
    )
    assert response.status_code == 302

    after = node_verify(published(client, award.verification_code), timezone.now())
    assert after["verified"] is True  # the signature is still good...
    assert after["revoked"] is True  # ...but the status list says revoked


def test_an_expired_award_shows_as_expired(client):
    award = AwardFactory(awarded_on=datetime.date(2021, 5, 4), expires_on=datetime.date(2024, 5, 4))
    result = node_verify(published(client, award.verification_code), timezone.now())
    assert result["verified"] is False
    assert result["expired"] is True
    assert result["error"] is None


def test_one_changed_byte_fails(client):
    award = AwardFactory(application__organisation__name="Hilltop Arts")
    documents = published(client, award.verification_code)
    header, payload, signature = documents["credential"].split(".")
    claims = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    tampered = claims.replace(b"Hilltop Arts", b"Hilltop Artz")
    assert tampered != claims
    forged = base64.urlsafe_b64encode(tampered).rstrip(b"=").decode()
    documents["credential"] = f"{header}.{forged}.{signature}"

    result = node_verify(documents, timezone.now())
    assert result["verified"] is False
    assert result["error"] == "ERR_JWS_SIGNATURE_VERIFICATION_FAILED"


def test_a_credential_signed_with_a_rotated_out_key_still_verifies(client, settings):
    old = AwardFactory()
    old_jwt = AwardCredential.objects.get(award=old).jwt

    settings.CREDENTIAL_SIGNING_KEY = new_private_key_pem()  # rotation
    new = AwardFactory()
    new_jwt = AwardCredential.objects.get(award=new).jwt
    assert IssuerKey.objects.count() == 2
    assert (
        json.loads(base64.urlsafe_b64decode(old_jwt.split(".")[0] + "=="))["kid"]
        != (json.loads(base64.urlsafe_b64decode(new_jwt.split(".")[0] + "=="))["kid"])
    )

    for award in (old, new):
        result = node_verify(published(client, award.verification_code), timezone.now())
        assert result["verified"] is True, result


def test_a_key_from_the_file_a_setting_names(client, settings, tmp_path):
    pem = new_private_key_pem()
    path = tmp_path / "issuer.pem"
    path.write_text(pem)
    settings.CREDENTIAL_SIGNING_KEY = ""
    settings.CREDENTIAL_SIGNING_KEY_FILE = str(path)
    award = AwardFactory()
    result = node_verify(published(client, award.verification_code), timezone.now())
    assert result["verified"] is True
    # Only the public half is stored.
    stored = json.dumps(list(IssuerKey.objects.values("public_jwk")))
    assert set(json.loads(stored)[0]["public_jwk"]) == {"kty", "crv", "x"}


def test_status_positions_are_random_and_never_shared():
    awards = [AwardFactory() for _ in range(12)]
    positions = [AwardCredential.objects.get(award=a).status_index for a in awards]
    assert len(set(positions)) == len(positions)
    assert positions != sorted(positions)  # not handed out in award order
    assert all(0 <= p < LIST_SIZE for p in positions)


def test_existing_awards_are_issued_by_the_worker(client, run_jobs):
    awards = [AwardFactory() for _ in range(3)]
    AwardCredential.objects.filter(award__in=awards[:2]).delete()  # made before credentials

    with run_jobs(execute=True):
        call_command("issue_credentials")

    job = Job.objects.get(kind="issue_credentials")
    assert job.status == Job.Status.DONE
    for award in awards:
        result = node_verify(published(client, award.verification_code), timezone.now())
        assert result["verified"] is True
    assert AwardCredential.objects.count() == 3


def test_the_verification_page_links_and_negotiates_the_credential(client):
    award = AwardFactory()
    page = client.get(reverse("certificates:verify", args=[award.verification_code]))
    credential_url = reverse("credentials:credential", args=[award.verification_code])
    assert credential_url in page.content.decode()
    assert re.search(
        rf'href="{re.escape(credential_url)}\?download=1"[^>]*download', page.content.decode()
    )

    negotiated = client.get(
        reverse("certificates:verify", args=[award.verification_code]),
        HTTP_ACCEPT="application/vc+ld+json",
    )
    assert negotiated.status_code == 303
    assert negotiated["Location"] == credential_url
    envelope = client.get(credential_url).json()
    assert envelope["type"] == "EnvelopedVerifiableCredential"
    jwt = envelope["id"].removeprefix("data:application/vc+jwt,")
    result = node_verify(published(client, award.verification_code, credential=jwt), timezone.now())
    assert result["verified"] is True


def test_the_badge_carries_the_credential_baked_in(client):
    award = AwardFactory()
    svg = client.get(reverse("certificates:badge", args=[award.verification_code])).content.decode()
    assert 'xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"' in svg
    baked = re.search(r'<openbadges:credential verify="([^"]+)"', svg).group(1)
    result = node_verify(
        published(client, award.verification_code, credential=baked), timezone.now()
    )
    assert result["verified"] is True


def test_unknown_codes_lists_and_keys_are_not_found(client):
    assert client.get(reverse("credentials:credential", args=["x" * 32])).status_code == 404
    assert client.get(reverse("credentials:status_list", args=[9])).status_code == 404
    assert client.get(reverse("credentials:key", args=["a" * 43])).status_code == 404


def test_the_private_key_is_never_in_the_database_or_the_profile(client, signing_key):
    AwardFactory()
    profile = client.get(reverse("credentials:issuer")).content.decode()
    body = signing_key.split("-----")[2].strip()
    assert body not in profile
    assert '"d"' not in profile
    for row in IssuerKey.objects.all():
        assert "d" not in row.public_jwk


def test_a_deleted_awards_position_stays_taken_and_reads_as_revoked(client):
    kept = AwardFactory()
    deleted = AwardFactory()
    position = AwardCredential.objects.get(award=deleted)
    documents = published(client, deleted.verification_code)
    deleted.delete()

    position.refresh_from_db()
    assert position.award_id is None  # the position is never handed out again
    documents["statusList"] = published(client, kept.verification_code)["statusList"]
    result = node_verify(documents, timezone.now())
    assert result["verified"] is True and result["revoked"] is True


def test_the_organisations_award_page_offers_sharing(client):
    award = AwardFactory()
    member = MembershipFactory(organisation=award.organisation)
    client.force_login(member.user)
    html = client.get(reverse("portal:dashboard")).content.decode()
    code = award.verification_code
    assert f"/verify/{code}/credential.json?download=1" in html
    assert f"&lt;img src=&quot;http://127.0.0.1:8000/verify/{code}/badge.svg&quot;" in html
    for network in ("linkedin.com/sharing", "facebook.com/sharer", "x.com/intent", "mailto:?"):
        assert network in html
    # Plain links only: nothing is loaded from those sites.
    assert '<script src="https://' not in html and "platform.twitter" not in html


def test_the_credential_downloads_as_a_file(client):
    award = AwardFactory()
    url = reverse("credentials:credential", args=[award.verification_code])
    response = client.get(url, {"download": "1"})
    assert response["Content-Disposition"] == (
        f'attachment; filename="kitemark-{award.verification_code}.json"'
    )
    assert response.json()["type"] == "EnvelopedVerifiableCredential"
    assert client.get(url)["Access-Control-Allow-Origin"] == "*"


def test_the_issuer_and_achievement_carry_the_councils_scheme_settings(client, settings):
    """Unless CREDENTIAL_ISSUER_NAME/EMAIL say otherwise, the issuer is the council named
    in the scheme settings, and the achievement bears the scheme's name."""
    settings.CREDENTIAL_ISSUER_NAME = ""
    settings.CREDENTIAL_ISSUER_EMAIL = ""
    save_scheme(
        council_name="Anytown Borough Council",
        scheme_name="Anytown Youth Voice Mark",
        kitemark_email="voice@anytown.gov.uk",
    )
    award = AwardFactory()
    jwt = client.get(
        reverse("credentials:credential", args=[award.verification_code]),
        HTTP_ACCEPT="application/vc+jwt",
    ).content.decode()
    credential = payload_of(jwt)
    assert credential["issuer"]["name"] == "Anytown Borough Council"
    assert credential["name"].startswith("Anytown Youth Voice Mark ")
    achievement = credential["credentialSubject"]["achievement"]
    assert achievement["name"].startswith("Anytown Youth Voice Mark: ")
    profile = client.get(reverse("credentials:issuer")).json()
    assert profile["name"] == "Anytown Borough Council"
    assert profile["email"] == "voice@anytown.gov.uk"
