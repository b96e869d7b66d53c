"""The login lockout counts every spelling of one login as the same login.

Login matches an email address or a panel username without regard to case and ignores
surrounding spaces, so the lockout must too: otherwise changing the case of a locked
address gives five more guesses, and a right password typed another way signs in.
"""

import pytest

from tests.accounts.factories import PanelUserFactory, UserFactory

PASSWORD = "correct-horse-battery-staple"
LOGIN = "/accounts/login/"
IP = "10.0.0.5"

EMAIL_SPELLINGS = [
    "lead@hillside.demo",
    "LEAD@HILLSIDE.DEMO",
    "Lead@Hillside.Demo",
    "lEaD@hIlLsIdE.dEmO",
    "  lead@hillside.demo  ",
    "\tLEAD@hillside.demo ",
]
USERNAME_SPELLINGS = ["maya7", "MAYA7", "Maya7", "  maya7 ", " MaYa7\t"]


def _login(client, username, password=PASSWORD):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=IP)


def _fail_five_times(client, settings, spelling):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, spelling, password="wrong")


@pytest.mark.django_db
@pytest.mark.parametrize("failed_as", EMAIL_SPELLINGS)
def test_failures_in_one_spelling_of_an_email_lock_every_spelling(client, settings, failed_as):
    UserFactory(email="lead@hillside.demo")
    _fail_five_times(client, settings, failed_as)

    for then_as in EMAIL_SPELLINGS:
        response = _login(client, then_as)
        assert response.status_code == 429, then_as
        assert "Too many attempts" in response.content.decode()
        assert "_auth_user_id" not in client.session


@pytest.mark.django_db
@pytest.mark.parametrize("failed_as", USERNAME_SPELLINGS)
def test_failures_in_one_spelling_of_a_panel_username_lock_every_spelling(
    client, settings, failed_as
):
    PanelUserFactory(username="maya7")
    _fail_five_times(client, settings, failed_as)

    for then_as in USERNAME_SPELLINGS:
        assert _login(client, then_as).status_code == 429, then_as
        assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_the_right_password_in_another_case_does_not_unlock_the_first_spelling(client, settings):
    UserFactory(email="lead@hillside.demo")
    _fail_five_times(client, settings, "lead@hillside.demo")

    assert _login(client, "LEAD@HILLSIDE.DEMO").status_code == 429
    assert _login(client, "lead@hillside.demo").status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_failures_spread_over_spellings_add_up(client, settings):
    """Four spellings, one guess short of the limit between them, then one more."""
    UserFactory(email="lead@hillside.demo")
    spellings = EMAIL_SPELLINGS[: settings.AXES_FAILURE_LIMIT]
    for spelling in spellings:
        _login(client, spelling, password="wrong")

    assert _login(client, "lead@hillside.demo").status_code == 429


@pytest.mark.django_db
def test_a_success_in_another_spelling_before_the_limit_resets_the_count(client, settings):
    """Resetting on success still works when the person signs in with other capitals."""
    UserFactory(email="lead@hillside.demo")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, "lead@hillside.demo", password="wrong")
    assert _login(client, "Lead@Hillside.demo").status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, "LEAD@hillside.demo", password="wrong")
    assert _login(client, "lead@hillside.demo").status_code == 302


@pytest.mark.django_db
def test_a_panel_member_success_in_another_spelling_resets_the_count(client, settings):
    PanelUserFactory(username="maya7")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, "maya7", password="wrong")
    assert _login(client, "MAYA7").status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, "Maya7", password="wrong")
    assert _login(client, "maya7").status_code == 302


def test_the_lockout_key_is_the_login_case_folded_and_stripped():
    from accounts.logins import lockout_username

    class Request:
        POST = {"username": "  Lead@Hillside.DEMO "}

    assert lockout_username(Request(), None) == "lead@hillside.demo"
    assert lockout_username(Request(), {"username": " MAYA7 "}) == "maya7"
    assert lockout_username(Request(), {"username": None}) == "lead@hillside.demo"
    assert lockout_username(None, None) is None
