"""A young person's certificate of contribution is also an Open Badges 3.0 credential,
signed by the worker with the issuer key and checked here by libraries nobody here wrote
(npm's `jose`, run by node: tests/credentials/verify.mjs). It names the young person by
their display name only."""

import base64
import json
from datetime import UTC, datetime, time

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from credentials.keys import new_private_key_pem
from credentials.models import IssuerKey
from recognition.certificates import generate_certificate
from recognition.models import ContributionCertificate
from tests.accounts.factories import UserFactory
from tests.credentials.conftest import fetch, node_verify
from tests.panels.factories import PanelMemberFactory

from .helpers import client_for, young_trainer

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def signing_key(settings):
    settings.CREDENTIAL_SIGNING_KEY = new_private_key_pem()
    settings.CREDENTIAL_SIGNING_KEY_FILE = ""


def payload_of(jwt):
    part = jwt.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


def certificate_of(user, run_jobs):
    with run_jobs(execute=True):
        client_for(user).post(reverse("recognition:my_certificate"))
    return ContributionCertificate.objects.get(person=user)


def badge(client, certificate, name="recognition:my_credential_download"):
    response = client.get(reverse(name, args=[certificate.pk]))
    assert response.status_code == 200
    return response


def jwt_of(response):
    envelope = response.json()
    assert envelope["type"] == "EnvelopedVerifiableCredential"
    return envelope["id"].removeprefix("data:application/vc+jwt,")


def verify(client, jwt):
    issuer = fetch(client, reverse("credentials:issuer")).json()
    return node_verify({"credential": jwt, "issuer": issuer, "statusList": None}, timezone.now())


def test_a_young_trainer_s_certificate_is_a_verifiable_open_badge(client, run_jobs):
    trainer = young_trainer(display_name="Kit", username="kit.qzusername")
    trainer.user.email = "kit.private@young.example"
    trainer.user.save()
    certificate = certificate_of(trainer.user, run_jobs)
    own = client_for(trainer.user)

    page = own.get(reverse("recognition:my_record")).content.decode()
    assert "Download as a digital badge (Open Badges)" in page
    assert reverse("recognition:my_credential_download", args=[certificate.pk]) in page
    response = badge(own, certificate)
    jwt = jwt_of(response)
    result = verify(client, jwt)

    assert result["verified"] is True, result
    assert response["Content-Disposition"] == (
        f'attachment; filename="certificate-of-contribution-{certificate.pk}.json"'
    )
    credential = result["payload"]
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["id"].startswith("urn:uuid:") and credential["jti"] == credential["id"]
    assert "credentialStatus" not in credential and "validUntil" not in credential
    start = timezone.make_aware(datetime.combine(certificate.period_to, time.min))
    assert credential["validFrom"] == start.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    subject = credential["credentialSubject"]
    assert "id" not in subject
    assert subject["identifier"] == [
        {"type": "IdentityObject", "identityType": "name", "hashed": False, "identityHash": "Kit"}
    ]
    assert "Training sessions delivered: 2" in subject["narrative"]
    assert "Hours: 4.0" in subject["narrative"]
    achievement = subject["achievement"]
    assert "contribution" in achievement["description"]
    assert "training sessions" in achievement["criteria"]["narrative"]
    assert certificate.credential_key == IssuerKey.objects.get()
    text = json.dumps(credential)
    assert "qzusername" not in text and "kit.private" not in text
    assert "young.example" not in text
    assert "Young trainer" not in text


def test_a_panel_member_s_badge_leaves_out_their_group_and_surname(client, run_jobs):
    member = PanelMemberFactory(display_name="Amira", group="Zqgroup Cabinet")
    member.user.full_name = "Amira Zqsurname"
    member.user.save()
    certificate = certificate_of(member.user, run_jobs)

    credential = payload_of(jwt_of(badge(client_for(member.user), certificate)))

    text = json.dumps(credential)
    assert credential["credentialSubject"]["identifier"][0]["identityHash"] == "Amira"
    assert "Zqgroup" not in text and "Zqsurname" not in text
    assert member.user.username not in text


def test_one_changed_byte_fails(client, run_jobs):
    trainer = young_trainer(display_name="Kit")
    jwt = jwt_of(badge(client_for(trainer.user), certificate_of(trainer.user, run_jobs)))
    header, payload, signature = jwt.split(".")
    claims = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    tampered = claims.replace(b"Hours: 4.0", b"Hours: 9.0")
    assert tampered != claims
    forged = base64.urlsafe_b64encode(tampered).rstrip(b"=").decode()

    result = verify(client, f"{header}.{forged}.{signature}")

    assert result["verified"] is False
    assert result["error"] == "ERR_JWS_SIGNATURE_VERIFICATION_FAILED"


def test_only_the_young_person_and_staff_can_download_it(client, run_jobs, staff_client):
    trainer = young_trainer(display_name="Kit")
    certificate = certificate_of(trainer.user, run_jobs)
    mine = reverse("recognition:my_credential_download", args=[certificate.pk])
    staff_url = reverse("recognition:staff_credential_download", args=[certificate.pk])

    another = PanelMemberFactory()
    other_trainer = young_trainer(display_name="Jo", username="jo.trainer")
    organisation_user = UserFactory(role="organisation")
    assert client_for(another.user).get(mine).status_code == 404
    assert client_for(other_trainer.user).get(mine).status_code == 404
    assert client_for(organisation_user).get(mine).status_code == 403
    assert client_for(another.user).get(staff_url).status_code == 403
    assert client_for(organisation_user).get(staff_url).status_code == 403
    assert Client().get(mine).status_code == 302  # to sign in
    assert staff_client.get(mine).status_code == 403  # staff use their own page

    page = staff_client.get(reverse("recognition:staff_record", args=[trainer.user_id]))
    assert staff_url in page.content.decode()
    from_staff = jwt_of(badge(staff_client, certificate, "recognition:staff_credential_download"))
    assert from_staff == certificate.credential
    assert verify(client, from_staff)["verified"] is True


def test_a_certificate_is_signed_once(run_jobs):
    trainer = young_trainer(display_name="Kit")
    certificate = certificate_of(trainer.user, run_jobs)

    again = generate_certificate(certificate.pk)

    assert again.credential == certificate.credential and again.file == certificate.file
