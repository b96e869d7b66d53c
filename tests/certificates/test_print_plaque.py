"""The print-ready plaque: the second file, with 3 mm bleed, for a print shop. Members
of the organisation download it once the plaque exists; nobody else learns it exists."""

import io

import pytest
from django.urls import reverse

from tests.accounts.factories import UserFactory
from tests.certificates.factories import PlaqueFactory
from tests.certificates.helpers import pdf_pages
from tests.organisations.factories import member_of

pytestmark = pytest.mark.django_db


def test_a_member_downloads_the_print_ready_plaque_with_bleed(client):
    plaque = PlaqueFactory()
    award = plaque.award
    client.force_login(member_of(award.organisation))
    response = client.get(reverse("certificates:plaque_print", args=[award.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="kitemark-{award.certificate_number}-v1-print-ready.pdf"'
    )
    assert response["Cache-Control"] == "private, no-store"
    page = pdf_pages(io.BytesIO(response.content))[0]
    assert float(page.mediabox.width) > float(page.trimbox.width) + 16  # 2 × 3 mm = 17 pt


def test_no_print_ready_plaque_before_the_plaque_exists_or_for_others(client):
    plaque = PlaqueFactory()
    award = plaque.award
    client.force_login(UserFactory())
    assert client.get(reverse("certificates:plaque_print", args=[award.pk])).status_code == 404
    plaque.delete()
    client.force_login(member_of(award.organisation))
    assert client.get(reverse("certificates:plaque_print", args=[award.pk])).status_code == 404
