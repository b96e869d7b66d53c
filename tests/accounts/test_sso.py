"""Single sign-on against a real OpenID Connect provider on loopback.

The provider is the oidc-provider package (npm, installed by `make test`), run by node
from tests/accounts/oidc_provider.mjs on a free port. Each test walks the whole
authorization-code flow: Kitemark's start page sends the browser to the provider, the
provider signs the account named by login_hint in and sends the browser back with a code,
and Kitemark exchanges the code over HTTP (token, keys, userinfo) and signs the person in,
or says why not. The browser is the Django test client for Kitemark's pages and an HTTP
client (requests) for the provider's, following each redirect between them.
"""

import json
import shutil
import subprocess
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlparse

import pytest
import requests
from django.contrib.messages import get_messages

from accounts import sso
from accounts.models import User
from audit.models import AuditEvent
from tests.accounts.factories import StaffFactory, UserFactory

ROOT = Path(__file__).resolve().parents[2]
CLIENT_ID = "kitemark-test"
CLIENT_SECRET = "kitemark-test-secret-kitemark-test-secret"  # noqa: S105
CALLBACK = "http://testserver/accounts/sso/callback/"

ACCOUNTS = {
    "sam": {"claims": {"email": "Sam.Staff@council.example", "email_verified": True}},
    "sam-mfa": {
        "claims": {"email": "sam.staff@council.example", "email_verified": True},
        "amr": ["pwd", "mfa"],
    },
    "unverified": {"claims": {"email": "sam.staff@council.example", "email_verified": False}},
    "stranger": {
        "claims": {"email": "new.person@council.example", "email_verified": True, "name": "Nia"}
    },
    "organisation": {"claims": {"email": "chris@youth.example", "email_verified": True}},
}


@pytest.fixture(scope="module")
def provider_issuer(tmp_path_factory):
    node = shutil.which("node")
    assert node, "node is needed for the single sign-on tests"
    assert (ROOT / "node_modules" / "oidc-provider").is_dir(), (
        "oidc-provider is not installed: run `npm ci` (make test does)"
    )
    # Its warnings go to a file: a pipe nobody reads could fill up and stop it.
    log = (tmp_path_factory.mktemp("oidc-provider") / "stderr.log").open("w+")
    process = subprocess.Popen(
        [node, str(ROOT / "tests" / "accounts" / "oidc_provider.mjs")],
        cwd=ROOT,
        env={
            "PATH": "/usr/bin:/bin",
            "OIDC_CLIENT_ID": CLIENT_ID,
            "OIDC_CLIENT_SECRET": CLIENT_SECRET,
            "OIDC_REDIRECT_URI": CALLBACK,
            "OIDC_ACCOUNTS": json.dumps(ACCOUNTS),
        },
        stdout=subprocess.PIPE,
        stderr=log,
        text=True,
    )
    try:
        line = process.stdout.readline()
        if not line:
            log.seek(0)
            raise AssertionError(f"the provider did not start: {log.read()}")
        yield json.loads(line)["issuer"]
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


@pytest.fixture
def sso_on(settings, provider_issuer):
    settings.OIDC_ISSUER = provider_issuer
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    return settings


def sign_in_with_provider(client, settings, login_hint):
    """Follow the flow from Kitemark's start page to the response to the callback."""
    settings.OIDC_AUTH_REQUEST_EXTRA_PARAMS = {"login_hint": login_hint}
    response = client.get("/accounts/sso/")
    assert response.status_code == 302, response
    url = response["Location"]
    assert url.startswith(settings.OIDC_ISSUER), url
    query = parse_qs(urlparse(url).query)
    assert query["code_challenge_method"] == ["S256"] and query["nonce"]
    browser = requests.Session()
    for _ in range(10):
        if url.startswith("http://testserver/"):
            return client.get(url.removeprefix("http://testserver"))
        answer = browser.get(url, allow_redirects=False, timeout=10)
        assert answer.status_code in (302, 303), answer.text
        url = urljoin(url, answer.headers["Location"])
    raise AssertionError("the provider never sent the browser back")


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.mark.django_db
class TestSingleSignOn:
    def test_staff_member_is_signed_in_by_verified_email_whatever_its_case(self, client, sso_on):
        staff = StaffFactory(email="sam.staff@council.example")
        response = sign_in_with_provider(client, sso_on, "sam")
        assert response.status_code == 302
        assert response["Location"] == "/accounts/home/"
        assert int(client.session["_auth_user_id"]) == staff.pk
        assert client.session["_auth_user_backend"] == "accounts.sso.StaffOIDCBackend"
        assert client.get("/staff/").status_code == 200
        assert AuditEvent.objects.filter(event=AuditEvent.Event.LOGIN_SUCCESS, actor=staff).exists()

    def test_unknown_email_is_refused_with_a_clear_message_and_no_account(self, client, sso_on):
        response = sign_in_with_provider(client, sso_on, "stranger")
        assert response.status_code == 302
        assert response["Location"] == "/accounts/login/"
        assert "_auth_user_id" not in client.session
        assert messages_of(response) == [sso.UNKNOWN]
        assert not User.objects.filter(email__iexact="new.person@council.example").exists()
        page = client.get("/accounts/login/")
        assert "no Kitemark staff account uses its email address" in page.content.decode()

    def test_unknown_email_gets_a_staff_account_only_when_the_setting_allows(self, client, sso_on):
        sso_on.OIDC_CREATE_USER = True
        response = sign_in_with_provider(client, sso_on, "stranger")
        assert response.status_code == 302
        user = User.objects.get(email="new.person@council.example")
        assert int(client.session["_auth_user_id"]) == user.pk
        assert user.role == User.Role.STAFF and user.full_name == "Nia"
        assert not user.has_usable_password()

    def test_unverified_email_is_refused(self, client, sso_on):
        StaffFactory(email="sam.staff@council.example")
        response = sign_in_with_provider(client, sso_on, "unverified")
        assert "_auth_user_id" not in client.session
        assert messages_of(response) == [sso.UNVERIFIED]

    def test_an_organisation_user_keeps_their_own_sign_in(self, client, sso_on):
        UserFactory(email="chris@youth.example")
        response = sign_in_with_provider(client, sso_on, "organisation")
        assert "_auth_user_id" not in client.session
        assert messages_of(response) == [sso.NOT_STAFF]

    def test_a_token_for_another_issuer_is_refused(self, client, sso_on, monkeypatch):
        StaffFactory(email="sam.staff@council.example")
        # The provider's discovery is read at the start; by the callback Kitemark trusts
        # another issuer, so the provider's (genuine) ID token must not be accepted.
        settings = sso_on
        settings.OIDC_AUTH_REQUEST_EXTRA_PARAMS = {"login_hint": "sam"}
        start = client.get("/accounts/sso/")
        url = start["Location"]
        browser = requests.Session()
        while not url.startswith("http://testserver/"):
            url = urljoin(url, browser.get(url, allow_redirects=False).headers["Location"])
        document = sso.provider()
        monkeypatch.setattr(sso, "provider", lambda: document)
        settings.OIDC_ISSUER = "https://login.example.net/other-tenant/v2.0"
        response = client.get(url.removeprefix("http://testserver"))
        assert "_auth_user_id" not in client.session
        assert messages_of(response) == [sso.FAILED]

    def test_provider_mfa_skips_kitemark_two_factor(self, client, sso_on):
        sso_on.STAFF_REQUIRE_2FA = True
        StaffFactory(email="sam.staff@council.example")
        sign_in_with_provider(client, sso_on, "sam-mfa")
        assert client.get("/staff/").status_code == 200

    def test_a_later_password_sign_in_in_the_same_browser_is_asked_for_a_code(self, client, sso_on):
        sso_on.STAFF_REQUIRE_2FA = True
        StaffFactory(email="sam.staff@council.example", is_staff=True)
        sign_in_with_provider(client, sso_on, "sam-mfa")
        assert client.get("/staff/").status_code == 200
        # The admin site's login form signs in again while signed in (same session).
        signed_in = client.post(
            "/admin/login/",
            {"username": "sam.staff@council.example", "password": "correct-horse-battery-staple"},
        )
        assert signed_in.status_code == 302
        assert client.get("/staff/")["Location"].startswith("/accounts/two-factor/")

    def test_without_provider_mfa_kitemark_two_factor_is_asked(self, client, sso_on):
        sso_on.STAFF_REQUIRE_2FA = True
        StaffFactory(email="sam.staff@council.example")
        sign_in_with_provider(client, sso_on, "sam")
        response = client.get("/staff/")
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/two-factor/?next=")

    def test_refused_attempts_do_not_lock_others_out_of_single_sign_on(self, client, sso_on):
        staff = StaffFactory(email="sam.staff@council.example")
        for _ in range(sso_on.AXES_FAILURE_LIMIT + 1):
            sign_in_with_provider(client, sso_on, "stranger")
        assert AuditEvent.objects.filter(event=AuditEvent.Event.LOGIN_FAILURE).count() == (
            sso_on.AXES_FAILURE_LIMIT + 1
        )
        response = sign_in_with_provider(client, sso_on, "sam")
        assert response.status_code == 302
        assert int(client.session["_auth_user_id"]) == staff.pk

    def test_login_page_offers_sso_only_when_configured(self, client, sso_on):
        assert "Sign in with your council account" in client.get("/accounts/login/").text
        sso_on.OIDC_ISSUER = ""
        assert "Sign in with your council account" not in client.get("/accounts/login/").text


@pytest.mark.django_db
def test_sso_pages_do_not_exist_when_it_is_off(client):
    assert client.get("/accounts/sso/").status_code == 404
    assert client.get("/accounts/sso/callback/?code=x&state=y").status_code == 404


@pytest.mark.django_db
def test_password_sign_in_still_works_with_sso_on(client, sso_on):
    staff = StaffFactory(email="sam.staff@council.example")
    response = client.post(
        "/accounts/login/",
        {"username": "sam.staff@council.example", "password": "correct-horse-battery-staple"},
    )
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == staff.pk
