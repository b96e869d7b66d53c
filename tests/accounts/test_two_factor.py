"""Two-factor sign-in (TOTP and backup codes) for staff, superusers and admin accounts."""

import base64
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import two_factor
from audit.models import AuditEvent
from tests.accounts.factories import PanelUserFactory, StaffFactory, UserFactory
from tests.panels.factories import PanelMemberFactory

PASSWORD = "correct-horse-battery-staple"
SETUP = "/accounts/two-factor/"
CHECK = "/accounts/two-factor/check/"
CODES = "/accounts/two-factor/backup-codes/"

pytestmark = pytest.mark.django_db


@pytest.fixture
def required(settings):
    settings.STAFF_REQUIRE_2FA = True
    # django-otp makes each device wait after a wrong code (tested on its own below).
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0
    return settings


def sign_in(client, user):
    response = client.post(
        "/accounts/login/", {"username": user.email or user.username, "password": PASSWORD}
    )
    assert response.status_code == 302, response.content
    return response


def current_code(device):
    return str(TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token())


def app_from_typed_key(key):
    """What an authenticator app makes of the key typed from the setup page."""
    compact = key.replace(" ", "")
    secret = base64.b32decode(compact + "=" * (-len(compact) % 8))
    return TOTPDevice(key=secret.hex())


def enrolled(user):
    device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    codes = two_factor.new_backup_codes(user)
    return device, codes


def test_off_by_default_in_the_demo_and_tests(client):
    staff = StaffFactory()
    sign_in(client, staff)
    assert client.get("/staff/").status_code == 200


def test_staff_without_an_app_are_sent_to_set_one_up_and_nothing_else_opens(client, required):
    staff = StaffFactory()
    sign_in(client, staff)
    for path in ("/staff/", "/accounts/home/", "/staff/two-factor/", CODES, "/admin/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith(SETUP), path
    # A POST elsewhere is stopped too, and signing out still works.
    assert client.post("/staff/cycles/new/", {"name": "x"})["Location"] == SETUP
    assert client.post("/accounts/logout/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_enrolment_shows_a_qr_code_made_here_then_backup_codes(client, required):
    staff = StaffFactory()
    sign_in(client, staff)
    page = client.get(SETUP)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'src="data:image/svg+xml' in html  # no outside QR service
    assert not TOTPDevice.objects.exists()  # opening the page saves nothing
    key = re.search(r'id="two-factor-key">([A-Z2-7 ]+)<', html).group(1)
    device = app_from_typed_key(key)

    wrong = client.post(SETUP, {"code": "000000" if current_code(device) != "000000" else "1"})
    assert "That code is not right" in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=staff, confirmed=True).exists()
    assert client.get("/staff/").status_code == 302

    done = client.post(SETUP, {"code": current_code(device)})
    assert done.status_code == 200
    codes = re.findall(r"<li>([a-z0-9]{8})</li>", done.content.decode())
    assert len(codes) == two_factor.BACKUP_CODE_COUNT
    assert set(StaticToken.objects.filter(device__user=staff).values_list("token", flat=True)) == (
        set(codes)
    )
    assert TOTPDevice.objects.get(user=staff).confirmed
    assert TOTPDevice.objects.get(user=staff).key == device.key
    assert client.get("/staff/").status_code == 200


def test_enrolled_staff_type_the_apps_code_after_their_password(client, required):
    staff = StaffFactory()
    device, _ = enrolled(staff)
    sign_in(client, staff)
    response = client.get("/staff/cycles/")
    assert response["Location"] == f"{CHECK}?next=%2Fstaff%2Fcycles%2F"
    # Setting up a second app is not a way round the check.
    assert client.get(SETUP)["Location"] == CHECK
    wrong = client.post(CHECK, {"code": "12345", "next": "/staff/cycles/"})
    assert wrong.status_code == 200
    assert "That code is not right" in wrong.content.decode()
    failure = AuditEvent.objects.get(event=AuditEvent.Event.LOGIN_FAILURE, actor=staff)
    assert failure.summary == "Wrong two-factor code"
    right = client.post(CHECK, {"code": current_code(device), "next": "/staff/cycles/"})
    assert right["Location"] == "/staff/cycles/"
    assert client.get("/staff/cycles/").status_code == 200


def test_a_backup_code_works_once(client, required):
    staff = StaffFactory()
    _, codes = enrolled(staff)
    sign_in(client, staff)
    assert client.post(CHECK, {"code": codes[0].upper()})["Location"] == "/accounts/home/"
    assert client.get("/staff/").status_code == 200
    client.post("/accounts/logout/")
    sign_in(client, staff)
    again = client.post(CHECK, {"code": codes[0]})
    assert again.status_code == 200
    assert client.get("/staff/").status_code == 302
    assert StaticToken.objects.filter(device__user=staff).count() == len(codes) - 1


def test_new_backup_codes_replace_the_old_ones(client, required):
    staff = StaffFactory()
    device, old = enrolled(staff)
    sign_in(client, staff)
    client.post(CHECK, {"code": current_code(device)})
    assert "You have 10 unused backup codes" in client.get(CODES).content.decode()
    page = client.post(CODES)
    new = re.findall(r"<li>([a-z0-9]{8})</li>", page.content.decode())
    assert len(new) == 10 and not set(new) & set(old)
    assert set(StaticToken.objects.values_list("token", flat=True)) == set(new)


def test_backup_codes_cannot_be_made_before_the_check(client, required):
    staff = StaffFactory()
    _, old = enrolled(staff)
    sign_in(client, staff)
    assert client.post(CODES)["Location"].startswith(CHECK)
    assert set(StaticToken.objects.values_list("token", flat=True)) == set(old)


def test_a_wrong_code_makes_the_app_wait_before_the_next_try(client, required):
    required.OTP_TOTP_THROTTLE_FACTOR = 60
    staff = StaffFactory()
    device, _ = enrolled(staff)
    StaticDevice.objects.filter(user=staff).delete()
    sign_in(client, staff)
    client.post(CHECK, {"code": "12345"})
    refused = client.post(CHECK, {"code": current_code(device)})
    assert refused.status_code == 200
    assert "Too many wrong codes in a row. Wait a minute" in refused.text
    assert client.get("/staff/").status_code == 302


def test_codes_are_limited_like_passwords(client, required):
    required.RATELIMIT_ENABLE = True
    required.AXES_FAILURE_LIMIT = 3
    staff = StaffFactory()
    enrolled(staff)
    sign_in(client, staff)
    statuses = [client.post(CHECK, {"code": "12345"}).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]


@pytest.mark.parametrize(
    "make",
    [
        lambda: UserFactory(role="organisation", is_superuser=True, is_staff=True),
        lambda: UserFactory(role="organisation", is_staff=True),
    ],
    ids=["superuser", "admin-site account"],
)
def test_superusers_and_admin_accounts_need_it_too(client, required, make):
    user = make()
    sign_in(client, user)
    assert client.get("/admin/")["Location"].startswith(SETUP)


def test_organisation_users_and_young_people_keep_their_sign_in(client, required):
    organisation_user = UserFactory()
    sign_in(client, organisation_user)
    assert client.get("/organisations/").status_code == 200
    assert client.get(SETUP).status_code == 403
    client.post("/accounts/logout/")
    young_person = PanelMemberFactory(user=PanelUserFactory()).user  # no email, no phone
    assert young_person.email is None
    sign_in(client, young_person)
    assert client.get("/panel/").status_code == 200
    assert client.get(CHECK).status_code == 403


class TestReset:
    def test_staff_reset_anothers_two_factor_after_confirming_and_it_is_audited(
        self, client, required
    ):
        sam, lee = StaffFactory(), StaffFactory()
        sam_device, _ = enrolled(sam)
        enrolled(lee)
        sign_in(client, sam)
        client.post(CHECK, {"code": current_code(sam_device)})
        url = f"/staff/two-factor/{lee.pk}/reset/"
        page = client.get(url)
        assert page.status_code == 200 and "Reset two-factor sign-in for" in page.text
        assert TOTPDevice.objects.filter(user=lee).exists()  # asking changes nothing
        response = client.post(url)
        assert response["Location"] == "/staff/two-factor/"
        assert not TOTPDevice.objects.filter(user=lee).exists()
        assert not StaticDevice.objects.filter(user=lee).exists()
        event = AuditEvent.objects.get(event=AuditEvent.Event.TWO_FACTOR_RESET)
        assert event.actor_id == sam.pk
        assert (event.object_type, event.object_id) == ("accounts.user", str(lee.pk))
        assert event.extra["devices_removed"] == 2
        # Lee signs in and sets up an app again.
        client.post("/accounts/logout/")
        sign_in(client, lee)
        assert client.get("/staff/")["Location"].startswith(SETUP)

    def test_nobody_resets_their_own(self, client):
        sam = StaffFactory()
        enrolled(sam)
        client.force_login(sam)
        assert client.post(f"/staff/two-factor/{sam.pk}/reset/").status_code == 403
        assert TOTPDevice.objects.filter(user=sam).exists()
        assert not AuditEvent.objects.filter(event=AuditEvent.Event.TWO_FACTOR_RESET).exists()

    def test_only_a_superuser_resets_a_superusers(self, client):
        root = UserFactory(role="staff", is_superuser=True, is_staff=True)
        enrolled(root)
        client.force_login(StaffFactory())
        assert client.post(f"/staff/two-factor/{root.pk}/reset/").status_code == 403
        assert TOTPDevice.objects.filter(user=root).exists()
        client.force_login(UserFactory(role="staff", is_superuser=True, is_staff=True))
        assert client.post(f"/staff/two-factor/{root.pk}/reset/").status_code == 302
        assert not TOTPDevice.objects.filter(user=root).exists()

    def test_organisation_users_cannot_reset(self, client):
        sam = StaffFactory()
        enrolled(sam)
        client.force_login(UserFactory())
        assert client.post(f"/staff/two-factor/{sam.pk}/reset/").status_code == 403
        assert TOTPDevice.objects.filter(user=sam).exists()

    def test_the_list_shows_who_has_set_it_up(self, client):
        sam, lee = StaffFactory(full_name="Sam Zq"), StaffFactory(full_name="Lee Zq")
        enrolled(lee)
        UserFactory(full_name="Org Person Zq")
        client.force_login(sam)
        page = client.get("/staff/two-factor/").content.decode()
        assert "Lee Zq" in page and "Sam Zq" in page and "Org Person Zq" not in page
        assert f"/staff/two-factor/{lee.pk}/reset/" in page
        assert f"/staff/two-factor/{sam.pk}/reset/" not in page


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({"DEBUG": "false"}, "True"),
        ({"DEBUG": "true"}, "False"),
        ({"DEBUG": "false", "STAFF_REQUIRE_2FA": "false"}, "False"),
    ],
)
def test_required_by_default_in_production_only(environment, expected):
    code = (
        "import django; django.setup(); from django.conf import settings;"
        "print(settings.STAFF_REQUIRE_2FA, settings.OIDC_ISSUER == '')"
    )
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"STAFF_REQUIRE_2FA", "OIDC_ISSUER"}},
        "DJANGO_SETTINGS_MODULE": "kitemark.settings",
        "SECRET_KEY": "s" * 60,
        "ALLOWED_HOSTS": "kitemark.example.gov.uk",
        "CREDENTIAL_SIGNING_KEY_FILE": "/run/secrets/kitemark-credential-key.pem",
        **environment,
    }
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    # Single sign-on stays off unless configured.
    assert out.stdout.split() == [expected, "True"]


def test_the_admin_never_shows_an_authenticators_key(client):
    root = UserFactory(role="staff", is_superuser=True, is_staff=True)
    device, codes = enrolled(StaffFactory())
    client.force_login(root)
    page = client.get(f"/admin/otp_totp/totpdevice/{device.pk}/change/")
    assert page.status_code == 200
    assert device.key not in page.text
    static = StaticDevice.objects.get(user=device.user)
    page = client.get(f"/admin/otp_static/staticdevice/{static.pk}/change/")
    assert page.status_code == 200
    assert not any(code in page.text for code in codes)
    assert client.get(f"/admin/otp_totp/totpdevice/{device.pk}/config/").status_code != 200
