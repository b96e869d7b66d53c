"""Production path: PostgreSQL, Redis and a real Celery worker.

Collected only in the real-stack pass (DATABASE_URL on PostgreSQL and CELERY_BROKER_URL
set). The `celery_worker_process` fixture starts a real worker on the test database.
"""

import time

import pytest

from certificates.models import Award, Plaque
from tests.certificates.helpers import confirm_award, decode_qr_codes, pdf_text, scored_application

pytestmark = [pytest.mark.real_stack, pytest.mark.django_db(transaction=True)]


def test_confirming_an_award_makes_a_plaque_through_the_real_worker(
    real_stack, celery_worker_process, settings, staff_user
):
    """The worker subprocess shares this test's database and private folder."""
    assert real_stack, "run with DATABASE_URL=postgres://... and CELERY_BROKER_URL=redis://..."
    application = scored_application()
    application.organisation.name = "Harbourside Youth Theatre"
    application.organisation.save()
    confirm_award(application, staff_user)  # commits; the job goes through Redis
    award = Award.objects.get(application=application)

    deadline = time.monotonic() + 60
    plaque = None
    while time.monotonic() < deadline:
        plaque = Plaque.objects.filter(award=award, version=1).first()
        if plaque is not None:
            break
        time.sleep(0.5)
    assert plaque is not None, "the worker made no plaque within 60 seconds"

    with plaque.file.open("rb") as handle:
        data = handle.read()
    assert data.startswith(b"%PDF")
    with plaque.file.open("rb") as handle:
        text = pdf_text(handle)
    assert "Harbourside Youth Theatre" in text
    assert f"{award.level.name} award" in text
    assert award.certificate_number in text
    assert decode_qr_codes(data) == [f"{settings.SITE_URL}/verify/{award.verification_code}/"]
