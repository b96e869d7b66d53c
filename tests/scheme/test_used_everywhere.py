"""Changing the scheme's settings changes every place that shows them: the header and
footer of every page, the home page, the accessibility statement, the privacy page,
every email (signature, sender and reply address), the plaque, the verification page
and its badge."""

import io
import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.urls import reverse

from certificates import plaques
from jobs.services import send_email
from scheme.selectors import current_scheme
from tests.accounts.factories import UserFactory
from tests.certificates.factories import AwardFactory
from tests.certificates.helpers import pdf_pages, pdf_text
from tests.scheme.helpers import COUNCIL, save_scheme
from tests.training.factories import TrainingSessionFactory, person
from training.services import bookings

pytestmark = pytest.mark.django_db

ROOT = Path(django_settings.BASE_DIR)


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_the_header_and_footer_show_the_council_its_logo_and_contacts(client):
    before = page(client, reverse("certificates:register"))
    assert "Riverside" not in before
    save_scheme()
    html = page(client, reverse("certificates:register"))
    header = html.split("</header>")[0]
    footer = html.split("<footer")[1]
    assert COUNCIL["scheme_name"] in header
    assert COUNCIL["council_name"] in header
    logo_url = reverse("scheme:logo", args=[current_scheme().logo_version])
    assert f'src="{logo_url}"' in header
    assert 'alt="Riverside Borough Council logo"' in header
    for value in ("kitemark_email", "kitemark_phone", "training_email", "council_name"):
        assert COUNCIL[value] in footer, value
    assert "Riverside Town Hall, River Street" in footer
    assert f'href="{reverse("scheme:privacy")}"' in footer
    assert f'href="{reverse("enquiries:ask")}"' in footer


def test_a_refused_page_says_how_to_contact_the_team(client):
    save_scheme()
    client.force_login(UserFactory())
    response = client.get(reverse("console:staff_dashboard"))
    assert response.status_code == 403
    assert f'href="mailto:{COUNCIL["kitemark_email"]}"' in response.content.decode()


def test_the_brand_colour_reaches_the_header_through_its_stylesheet(client):
    save_scheme(brand_colour="#4b0082")
    html = page(client, "/")
    css_url = reverse("scheme:brand_css", args=["4b0082"])
    assert f'href="{css_url}"' in html
    css = client.get(css_url)
    assert css["Content-Type"].startswith("text/css")
    assert b"--km-primary: #4b0082" in css.content
    # The previous colour's stylesheet is gone, so no stale colour is served.
    assert client.get(reverse("scheme:brand_css", args=["1d3b6e"])).status_code == 404


def test_the_home_page_names_the_scheme_and_the_council(client):
    save_scheme()
    html = page(client, reverse("public:home"))
    assert f"<h1>{COUNCIL['scheme_name']}</h1>" in html
    assert "Riverside Borough Council gives the Riverside Youth Voice Kitemark" in html
    assert "Co-production Kitemark" not in html


def test_the_accessibility_statement_names_who_is_responsible_and_how_to_report(client):
    save_scheme()
    html = page(client, reverse("public:accessibility"))
    assert "The Riverside digital team is responsible for this service" in html
    assert "Reporting accessibility problems with this service" in html
    assert COUNCIL["kitemark_email"] in html and COUNCIL["kitemark_phone"] in html
    assert "RV1 2AB" in html
    assert "Equality and Human Rights Commission" in html


def test_the_privacy_page_says_what_is_held_for_how_long_and_who_to_contact(client, settings):
    settings.RETENTION_AFTER_EXPIRY_DAYS = 400
    settings.RETENTION_AFTER_OUTCOME_DAYS = 200
    save_scheme()
    html = page(client, reverse("scheme:privacy"))
    for heading in ("Organisations that apply", "Young people on the panel", "book training"):
        assert heading in html
    assert "deleted 400 days after an award expires" in html
    assert "200 days after an application ends without an award" in html
    assert COUNCIL["dpo_contact"] in html
    assert f'href="{COUNCIL["privacy_notice_url"]}"' in html
    assert COUNCIL["privacy_notice_text"] in html
    assert COUNCIL["kitemark_email"] in html


def test_every_email_carries_the_schemes_signature_sender_and_reply_address(run_jobs):
    save_scheme()
    application = AwardFactory().application
    with run_jobs(execute=True):
        send_email(
            to=["someone@example.org"],
            subject="Test",
            template="application_awarded",
            context={"application": application},
        )
    [message] = mail.outbox
    assert message.from_email == (
        '"Riverside Youth Voice Kitemark, Riverside Borough Council" <kitemark@example.org>'
    )
    assert message.reply_to == [COUNCIL["kitemark_email"]]
    assert f"the {application.level.name} Riverside Youth Voice Kitemark" in message.body
    assert message.body.rstrip().endswith(
        "The Riverside Youth Voice Kitemark team\n"
        "Riverside Borough Council\n"
        "kitemark@riverside.example.gov.uk · 01632 960 123"
    )


def test_an_email_sent_by_a_real_page_is_signed_by_the_scheme(client, run_jobs):
    save_scheme()
    UserFactory(email="reset.me@example.org")
    with run_jobs(execute=True):
        client.post(reverse("accounts:password_reset"), {"email": "reset.me@example.org"})
    [message] = mail.outbox
    assert "The Riverside Youth Voice Kitemark team\nRiverside Borough Council" in message.body
    assert "Riverside Borough Council" in message.from_email


def _email_templates():
    paths = [*ROOT.glob("templates/emails/*.txt"), *ROOT.glob("*/templates/emails/*.txt")]
    for path in sorted(paths):
        if ".venv" in path.parts or "node_modules" in path.parts:
            continue
        if path.name.startswith("_") or path.name.endswith("_subject.txt"):
            continue
        yield path


def test_every_email_template_ends_with_the_schemes_signature():
    templates = list(_email_templates())
    assert len(templates) > 20
    unsigned = [
        str(path.relative_to(ROOT))
        for path in templates
        # Training emails pass team="training": the training team's enquiries address.
        if '{% include "emails/_signature.txt"' not in path.read_text()
        and "audit_chain_broken" not in path.name  # to staff, signed by the system
    ]
    assert unsigned == []
    hard_coded = [
        str(path.relative_to(ROOT))
        for path in templates
        if re.search(r"Co-production Kitemark|The Kitemark team", path.read_text())
    ]
    assert hard_coded == []


def test_the_plaque_carries_the_council_logo_scheme_and_signatory():
    save_scheme()
    award = AwardFactory()
    pdf = plaques.render_plaque_pdf(award)
    text = pdf_text(io.BytesIO(pdf))
    assert COUNCIL["scheme_name"] in text
    assert COUNCIL["council_name"] in text
    assert COUNCIL["signatory_name"] in text
    assert "Cabinet Member for Children" in text
    # The QR code and the signature are pictures; the SVG logo is drawn as vectors.
    page = pdf_pages(io.BytesIO(pdf))[0]
    assert len(page.images) == 2
    save_scheme(signature=False, signatory_name="")
    bare = pdf_pages(io.BytesIO(plaques.render_plaque_pdf(award)))[0]
    assert len(bare.images) == 1
    assert COUNCIL["signatory_role"] not in pdf_text(io.BytesIO(plaques.render_plaque_pdf(award)))


def test_the_plaque_email_subject_uses_the_scheme_name(run_jobs):
    save_scheme()
    award = AwardFactory()
    from organisations.models import Membership

    Membership.objects.create(organisation=award.organisation, user=UserFactory())
    with run_jobs(execute=True):
        plaques.generate_plaque(award.pk, 1)
    assert [m.subject for m in mail.outbox] == [
        "Your Riverside Youth Voice Kitemark plaque is ready"
    ]
    assert f"/awards/{award.pk}/plaque/print/" in mail.outbox[0].body


def test_the_verification_page_and_badge_name_the_scheme_and_council(client):
    save_scheme()
    award = AwardFactory()
    html = page(client, reverse("certificates:verify", args=[award.verification_code]))
    assert f"Check a {COUNCIL['scheme_name']} award" in html
    assert "Given by Riverside Borough Council." in html
    assert COUNCIL["kitemark_email"] in html
    assert "Co-production Kitemark" not in html
    badge = client.get(reverse("certificates:badge", args=[award.verification_code]))
    assert COUNCIL["scheme_name"].encode() in badge.content
    assert b'fill="#0b5c3b"' in badge.content


def test_training_emails_are_signed_by_the_training_team_with_its_own_address(run_jobs):
    save_scheme(training_email="wwt@anytown.gov.uk", kitemark_email="kitemark@anytown.gov.uk")
    session = TrainingSessionFactory()
    mail.outbox.clear()
    with run_jobs(execute=True):
        bookings.book(session.pk, [person(1)])
    [message] = mail.outbox
    assert "The Working with Teenagers team" in message.body
    assert "wwt@anytown.gov.uk" in message.body
    assert "kitemark@anytown.gov.uk" not in message.body
    assert current_scheme().council_name in message.body
