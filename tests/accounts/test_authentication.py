import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.accounts.factories import PanelUserFactory, StaffFactory, UserFactory

PASSWORD = "correct-horse-battery-staple"
LOGIN = "/accounts/login/"


def _login(client, username, password=PASSWORD, ip="10.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


@pytest.mark.django_db
class TestLogin:
    def test_login_page_renders(self, client):
        response = client.get(LOGIN)
        assert response.status_code == 200
        assert b"Email address or username" in response.content

    def test_organisation_user_logs_in_by_email_case_insensitively(self, client):
        user = UserFactory(email="Chris@Example.org")
        response = _login(client, "chris@example.ORG")
        assert response.status_code == 302
        assert int(client.session["_auth_user_id"]) == user.pk

    def test_panel_member_without_email_logs_in_by_username(self, client):
        member = PanelUserFactory(username="maya7")
        response = _login(client, "maya7")
        assert response.status_code == 302
        assert int(client.session["_auth_user_id"]) == member.pk

    @pytest.mark.parametrize("username", ["known@example.org", "nobody@example.org"])
    def test_wrong_password_gives_the_same_message_whether_or_not_the_account_exists(
        self, client, username
    ):
        UserFactory(email="known@example.org")
        response = _login(client, username, password="wrong-password")
        assert response.status_code == 200
        assert "The email address, username or password is not right" in response.content.decode()
        assert "_auth_user_id" not in client.session

    def test_unverified_self_registered_account_cannot_log_in(self, client):
        UserFactory(email="new@example.org", is_active=False, email_verified=False)
        response = _login(client, "new@example.org")
        assert "_auth_user_id" not in client.session
        assert response.status_code == 200


@pytest.mark.django_db
class TestLockout:
    def test_repeated_failures_lock_out_that_username_from_that_ip_and_say_when(
        self, client, settings
    ):
        UserFactory(email="pupil@example.org")
        for _ in range(settings.AXES_FAILURE_LIMIT):
            _login(client, "pupil@example.org", password="nope", ip="10.0.0.5")
        response = _login(client, "pupil@example.org", ip="10.0.0.5")
        assert response.status_code == 429
        text = response.content.decode()
        assert "Too many attempts" in text
        assert "try again in" in text
        assert "0:15:00" in text
        assert "_auth_user_id" not in client.session

    def test_lockout_of_one_pupil_does_not_lock_others_at_the_same_school(self, client, settings):
        UserFactory(email="pupil@example.org")
        classmate = UserFactory(email="classmate@example.org")
        for _ in range(settings.AXES_FAILURE_LIMIT):
            _login(client, "pupil@example.org", password="nope", ip="10.0.0.5")
        response = _login(client, "classmate@example.org", ip="10.0.0.5")
        assert response.status_code == 302
        assert int(client.session["_auth_user_id"]) == classmate.pk

    def test_same_username_from_another_ip_is_not_locked(self, client, settings):
        user = UserFactory(email="pupil@example.org")
        for _ in range(settings.AXES_FAILURE_LIMIT):
            _login(client, "pupil@example.org", password="nope", ip="10.0.0.5")
        response = _login(client, "pupil@example.org", ip="10.9.9.9")
        assert response.status_code == 302
        assert int(client.session["_auth_user_id"]) == user.pk


@pytest.mark.django_db
class TestSignUpAndEmailVerification:
    def test_sign_up_sends_a_verification_link_that_activates_the_account_once(
        self, client, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                "/accounts/signup/",
                {
                    "full_name": "Jo Bloggs",
                    "email": "Jo@Example.org",
                    "password1": "a-long-unusual-passphrase",
                    "password2": "a-long-unusual-passphrase",
                },
            )
        assert response.status_code == 200
        assert b"Check your email" in response.content
        assert len(mail.outbox) == 1
        assert mail.outbox[0].to == ["jo@example.org"]
        path = re.search(r"http://[^/]+(/accounts/verify/\S+/)", mail.outbox[0].body).group(1)

        assert _login(client, "jo@example.org", "a-long-unusual-passphrase").status_code == 200
        response = client.get(path)
        assert response.status_code == 302
        assert client.session.get("_auth_user_id")
        client.logout()
        assert client.get(path).status_code == 400  # used links do not work twice
        assert _login(client, "jo@example.org", "a-long-unusual-passphrase").status_code == 302

    def test_sign_up_errors_are_shown_next_to_fields_and_keep_what_was_typed(self, client):
        response = client.post(
            "/accounts/signup/",
            {
                "full_name": "Jo Bloggs",
                "email": "not-an-address",
                "password1": "short",
                "password2": "different",
            },
        )
        assert response.status_code == 200
        form = response.context["form"]
        assert "valid email" in form.errors["email"][0]
        assert "do not match" in form.errors["password2"][0]
        assert form.errors["password1"]
        assert 'value="Jo Bloggs"' in response.content.decode()

    def test_verification_link_with_bad_token_is_refused(self, client):
        user = UserFactory(is_active=False, email_verified=False)
        from django.utils.encoding import force_bytes
        from django.utils.http import urlsafe_base64_encode

        uid = urlsafe_base64_encode(force_bytes(user.pk))
        assert client.get(f"/accounts/verify/{uid}/bad-token/").status_code == 400
        user.refresh_from_db()
        assert not user.is_active


@pytest.mark.django_db
class TestPasswordReset:
    @pytest.mark.parametrize("email", ["known@example.org", "unknown@example.org"])
    def test_reset_page_does_not_reveal_whether_an_account_exists(
        self, client, email, django_capture_on_commit_callbacks
    ):
        UserFactory(email="known@example.org")
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post("/accounts/password/reset/", {"email": email}, follow=True)
        assert response.redirect_chain[-1][0] == reverse("accounts:password_reset_done")
        assert b"If an account uses that address" in response.content
        assert len(mail.outbox) == (1 if email.startswith("known") else 0)

    def test_reset_link_sets_a_new_password(self, client, django_capture_on_commit_callbacks):
        UserFactory(email="known@example.org")
        with django_capture_on_commit_callbacks(execute=True):
            client.post("/accounts/password/reset/", {"email": "known@example.org"})
        link = re.search(r"https?://[^/]+(/accounts/password/reset/\S+/)", mail.outbox[0].body)
        response = client.get(link.group(1), follow=True)
        form_url = response.redirect_chain[-1][0]
        response = client.post(
            form_url,
            {
                "new_password1": "another-long-passphrase",
                "new_password2": "another-long-passphrase",
            },
        )
        assert response.status_code == 302
        assert _login(client, "known@example.org", "another-long-passphrase").status_code == 302

    def test_signed_in_user_changes_password(self, client):
        user = UserFactory()
        client.force_login(user)
        response = client.post(
            "/accounts/password/change/",
            {
                "old_password": PASSWORD,
                "new_password1": "brand-new-passphrase-9",
                "new_password2": "brand-new-passphrase-9",
            },
        )
        assert response.status_code == 302
        user.refresh_from_db()
        assert user.check_password("brand-new-passphrase-9")


@pytest.mark.django_db
class TestRoleAwareHome:
    @pytest.mark.parametrize(
        ("factory", "target"),
        [
            (StaffFactory, "console:staff_dashboard"),
            (PanelUserFactory, "panels:dashboard"),
            (UserFactory, "portal:dashboard"),
        ],
    )
    def test_each_role_goes_to_its_own_dashboard(self, client, factory, target):
        client.force_login(factory())
        response = client.get("/accounts/home/")
        assert response.status_code == 302
        assert response.url == reverse(target)

    def test_superuser_is_treated_as_staff(self, client):
        from accounts.models import User

        admin = User.objects.create_superuser("root@example.org", PASSWORD)
        client.force_login(admin)
        assert client.get("/accounts/home/").url == reverse("console:staff_dashboard")

    def test_anonymous_home_goes_to_login(self, client):
        response = client.get("/accounts/home/")
        assert response.status_code == 302
        assert response.url.startswith(LOGIN)


@pytest.mark.django_db
class TestSessionTimeouts:
    def test_idle_session_is_signed_out(self, client, settings, monkeypatch):
        import time

        settings.SESSION_IDLE_TIMEOUT = 60
        client.force_login(UserFactory())
        client.get("/accounts/password/change/")
        now = time.time()
        monkeypatch.setattr(time, "time", lambda: now + 61)
        response = client.get("/accounts/password/change/")
        assert response.status_code == 302
        assert "_auth_user_id" not in client.session

    def test_absolute_timeout_applies_even_when_active(self, client, settings, monkeypatch):
        import time

        settings.SESSION_IDLE_TIMEOUT = 600
        settings.SESSION_COOKIE_AGE = 1000
        client.force_login(UserFactory())
        start = time.time()
        for step in range(0, 1001, 500):
            monkeypatch.setattr(time, "time", lambda s=step: start + s)
            client.get("/accounts/password/change/")
        monkeypatch.setattr(time, "time", lambda: start + 1001)
        assert client.get("/accounts/password/change/").status_code == 302


@pytest.mark.django_db
class TestSignUpKeepsWhereThePersonWasGoing:
    def _sign_up(self, client, next_url, capture):
        with capture(execute=True):
            client.post(
                "/accounts/signup/",
                {
                    "full_name": "Jo Bloggs",
                    "email": "jo@example.org",
                    "password1": "a-long-unusual-passphrase",
                    "password2": "a-long-unusual-passphrase",
                    "next": next_url,
                },
            )
        return re.search(r"http://[^/\s]+(/accounts/verify/\S+)", mail.outbox[-1].body).group(1)

    def test_after_confirming_email_the_person_returns_to_their_invitation(
        self, client, django_capture_on_commit_callbacks
    ):
        path = self._sign_up(client, "/invitations/abc123/", django_capture_on_commit_callbacks)
        response = client.get(path)
        assert response.status_code == 302
        assert response.url == "/invitations/abc123/"

    def test_an_offsite_next_is_ignored(self, client, django_capture_on_commit_callbacks):
        path = self._sign_up(client, "https://evil.example/", django_capture_on_commit_callbacks)
        assert "evil" not in path
        response = client.get(path)
        assert response.url == reverse("accounts:home")
