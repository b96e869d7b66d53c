import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse

from credentials.keys import new_private_key_pem

ROOT = Path(__file__).resolve().parents[2]
VERIFIER = Path(__file__).with_name("verify.mjs")


@pytest.fixture(autouse=True)
def signing_key(settings):
    """A fresh issuer key for each test, given as the environment would give it."""
    settings.CREDENTIAL_SIGNING_KEY = new_private_key_pem()
    settings.CREDENTIAL_SIGNING_KEY_FILE = ""
    return settings.CREDENTIAL_SIGNING_KEY


def fetch(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200, (url, response.status_code)
    return response


def published(client, award_code, *, credential=None):
    """What a verifier fetches: the credential (VC-JWT), the issuer profile, and the status
    list the credential names."""
    credential = (
        credential
        or fetch(
            client,
            reverse("credentials:credential", args=[award_code]),
            HTTP_ACCEPT="application/vc+jwt",
        ).content.decode()
    )
    issuer = fetch(client, reverse("credentials:issuer")).json()
    status_list = fetch(client, reverse("credentials:status_list", args=[1])).content.decode()
    return {"credential": credential, "issuer": issuer, "statusList": status_list}


def node_verify(documents, now):
    """Run the npm libraries' verification (tests/credentials/verify.mjs) on `documents`."""
    node = shutil.which("node")
    assert node, "node is needed to run the independent verifier"
    completed = subprocess.run(  # noqa: S603
        [node, str(VERIFIER)],
        input=json.dumps({**documents, "now": int(now.timestamp())}),
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout)
