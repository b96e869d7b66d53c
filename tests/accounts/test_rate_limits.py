"""Password reset and sign-up send email to an address anyone can type, so both are
limited per address and per client IP, and answer the same whether or not an account
uses the address."""

import re

import pytest
from django.core import mail
from django.core.cache import cache

from accounts.ratelimits import ADDRESS_RATE, IP_RATE
from jobs.models import Job
from tests.accounts.factories import UserFactory

RESET = "/accounts/password/reset/"
SIGNUP = "/accounts/signup/"
PASSPHRASE = "a-long-unusual-passphrase"

ADDRESS_LIMIT = int(ADDRESS_RATE.split("/")[0])
IP_LIMIT = int(IP_RATE.split("/")[0])


@pytest.fixture(autouse=True)
def _rate_limits_on(settings):
    settings.RATELIMIT_ENABLE = True
    cache.clear()
    yield
    cache.clear()


def _reset(client, email, ip="10.1.0.1"):
    return client.post(RESET, {"email": email}, REMOTE_ADDR=ip)


def _sign_up(client, email, ip="10.1.0.1", full_name="Jo Bloggs"):
    return client.post(
        SIGNUP,
        {"full_name": full_name, "email": email, "password1": PASSPHRASE, "password2": PASSPHRASE},
        REMOTE_ADDR=ip,
    )


def _page_text(response):
    """The page without the per-request CSRF token and CSP nonce."""
    text = response.content.decode()
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", text)
    text = re.sub(r'"X-CSRFToken": "[^"]*"', "", text)
    return re.sub(r'nonce="[^"]*"', "", text)


@pytest.mark.django_db
class TestPasswordReset:
    @pytest.mark.parametrize("email", ["known@example.org", "unknown@example.org"])
    def test_one_address_is_limited_whatever_its_spelling_and_ip(
        self, client, email, django_capture_on_commit_callbacks
    ):
        UserFactory(email="known@example.org")
        spellings = [email, email.upper(), f" {email.title()} "]
        with django_capture_on_commit_callbacks(execute=True):
            for attempt in range(ADDRESS_LIMIT):
                ip = f"10.1.0.{attempt + 1}"
                response = _reset(client, spellings[attempt % len(spellings)], ip=ip)
                assert response.status_code == 302
            response = _reset(client, email.upper(), ip="10.1.9.9")
        assert response.status_code == 429
        assert "Too many requests" in response.content.decode()
        assert len(mail.outbox) == (ADDRESS_LIMIT if email.startswith("known") else 0)

    def test_one_ip_is_limited_across_addresses(self, client):
        for n in range(IP_LIMIT):
            assert _reset(client, f"someone{n}@example.org").status_code == 302
        assert _reset(client, "another@example.org").status_code == 429
        assert _reset(client, "another@example.org", ip="10.1.0.2").status_code == 302

    def test_eight_quick_requests_send_at_most_the_limit(
        self, client, django_capture_on_commit_callbacks
    ):
        UserFactory(email="known@example.org")
        with django_capture_on_commit_callbacks(execute=True):
            statuses = [_reset(client, "known@example.org").status_code for _ in range(8)]
        assert statuses == [302] * ADDRESS_LIMIT + [429] * (8 - ADDRESS_LIMIT)
        assert len(mail.outbox) == ADDRESS_LIMIT

    def test_the_limited_page_is_the_same_for_known_and_unknown_addresses(self, client):
        UserFactory(email="known@example.org")
        pages = []
        for email in ["known@example.org", "unknown@example.org"]:
            for _ in range(ADDRESS_LIMIT):
                _reset(client, email, ip="10.1.0.7")
            response = _reset(client, email, ip="10.1.0.8")
            assert response.status_code == 429
            pages.append(_page_text(response))
        assert pages[0] == pages[1]

    def test_the_reset_email_goes_through_the_outbox(
        self, client, django_capture_on_commit_callbacks
    ):
        UserFactory(email="known@example.org")
        with django_capture_on_commit_callbacks(execute=True):
            _reset(client, "known@example.org")
        job = Job.objects.get(kind="email")
        assert job.payload["to"] == ["known@example.org"]
        assert job.payload["subject"] == "Reset your Kitemark password"
        assert job.status == Job.Status.DONE
        assert len(mail.outbox) == 1
        assert "/accounts/password/reset/" in mail.outbox[0].body


@pytest.mark.django_db
class TestSignUp:
    @pytest.mark.parametrize("email", ["known@example.org", "new@example.org"])
    def test_one_address_is_limited_whatever_its_spelling_and_ip(self, client, email):
        UserFactory(email="known@example.org")
        for attempt in range(ADDRESS_LIMIT):
            spelling = email.upper() if attempt % 2 else email
            assert _sign_up(client, spelling, ip=f"10.1.0.{attempt + 1}").status_code == 200
        response = _sign_up(client, email, ip="10.1.9.9")
        assert response.status_code == 429

    def test_one_ip_is_limited_across_addresses(self, client):
        for n in range(IP_LIMIT):
            assert _sign_up(client, f"someone{n}@example.org").status_code == 200
        assert _sign_up(client, "another@example.org").status_code == 429
        assert _sign_up(client, "another@example.org", ip="10.1.0.2").status_code == 200


@pytest.mark.django_db
class TestSignUpWithAnAddressThatHasAnAccount:
    def test_the_page_is_the_same_as_for_a_new_address(self, client):
        UserFactory(email="known@example.org")
        new = _sign_up(client, "new@example.org")
        known = _sign_up(client, "known@example.org")
        assert new.status_code == known.status_code == 200
        assert "Check your email" in known.content.decode()
        assert "already" not in known.content.decode()
        assert _page_text(new).replace("new@", "@") == _page_text(known).replace("known@", "@")

    def test_the_owner_is_told_they_have_an_account_with_sign_in_and_reset_links(
        self, client, django_capture_on_commit_callbacks, settings
    ):
        owner = UserFactory(email="known@example.org", full_name="Kim Known")
        with django_capture_on_commit_callbacks(execute=True):
            _sign_up(client, "Known@Example.org", full_name="Someone Else")
        assert len(mail.outbox) == 1
        message = mail.outbox[0]
        assert message.to == ["known@example.org"]
        assert message.subject == "You already have a Kitemark account"
        assert f"{settings.SITE_URL}/accounts/login/" in message.body
        assert f"{settings.SITE_URL}/accounts/password/reset/" in message.body
        assert "Someone Else" not in message.body
        assert Job.objects.filter(kind="email", payload__to=["known@example.org"]).exists()
        owner.refresh_from_db()
        assert owner.full_name == "Kim Known"
        assert owner.check_password("correct-horse-battery-staple")

    def test_no_second_account_is_made(self, client):
        from accounts.models import User

        UserFactory(email="known@example.org")
        _sign_up(client, "KNOWN@example.org")
        assert User.objects.filter(email__iexact="known@example.org").count() == 1

    def test_an_unconfirmed_owner_gets_a_fresh_confirmation_link(
        self, client, django_capture_on_commit_callbacks
    ):
        UserFactory(email="known@example.org", is_active=False, email_verified=False)
        with django_capture_on_commit_callbacks(execute=True):
            _sign_up(client, "known@example.org")
        body = mail.outbox[0].body
        path = re.search(r"http://[^/\s]+(/accounts/verify/\S+/)", body).group(1)
        assert client.get(path).status_code == 302
        assert client.session.get("_auth_user_id")

    def test_password_errors_are_still_shown_for_an_address_that_has_an_account(self, client):
        UserFactory(email="known@example.org")
        response = client.post(
            SIGNUP,
            {
                "full_name": "Jo",
                "email": "known@example.org",
                "password1": "short",
                "password2": "other",
            },
        )
        form = response.context["form"]
        assert "email" not in form.errors
        assert form.errors["password1"]
        assert form.errors["password2"]
