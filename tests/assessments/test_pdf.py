import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

pytestmark = pytest.mark.django_db


def test_pdf_is_a_real_pdf_containing_an_answer(member_client, application):
    answer = application.answers.select_related("indicator").first()
    answer.text = "Our youth council interviews every new youth worker."
    answer.self_rating = 3
    answer.save()
    response = member_client.get(reverse("assessments:pdf", args=[application.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "youth council interviews" in text
    assert answer.indicator.code in text


def test_pdf_of_another_organisation_is_404(client, application, other_org_user):
    client.force_login(other_org_user)
    assert client.get(reverse("assessments:pdf", args=[application.pk])).status_code == 404


def test_pdf_renderer_refuses_network_urls():
    from django.conf import settings

    from assessments.services.pdf import _check_pdf_url

    for url in ("https://example.org/tracker.png", "file:///etc/passwd", "ftp://x/y"):
        with pytest.raises(ValueError, match="External resource refused"):
            _check_pdf_url(url)
    _check_pdf_url((settings.BASE_DIR / "static" / "css" / "kitemark.css").as_uri())
