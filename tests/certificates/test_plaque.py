import gc
import io
from pathlib import Path

import pytest
from celery.signals import worker_process_shutdown
from django.core import mail
from django.test import override_settings
from PIL import Image

from certificates import plaques
from certificates.models import Award, Plaque
from certificates.services import awards
from jobs import services as job_services
from jobs.models import Job
from tests.assessments.factories import default_level
from tests.certificates.factories import AwardFactory
from tests.certificates.helpers import (
    confirm_award,
    decode_qr_codes,
    pdf_page_images,
    pdf_pages,
    pdf_text,
    scored_application,
)

pytestmark = pytest.mark.django_db

SITE = "https://kitemark.example.gov.uk"


def plaque_emails():
    return [m for m in mail.outbox if "plaque is ready" in m.subject]


@override_settings(SITE_URL=SITE)
def test_confirming_an_award_makes_a_real_plaque_pdf(run_jobs, staff_user):
    application = scored_application(level=default_level("gold"), members=2)
    application.organisation.name = "Brightside Youth Café & Co"
    application.organisation.save()
    with run_jobs(execute=True):
        confirm_award(application, staff_user)

    award = Award.objects.get(application=application)
    plaque = Plaque.objects.get(award=award)
    assert plaque.version == 1
    assert plaque.file.name.startswith(f"plaques/{award.pk}/v1-")
    assert plaque.file.name.endswith(".pdf")

    with plaque.file.open("rb") as handle:
        data = handle.read()
    assert data.startswith(b"%PDF")
    with plaque.file.open("rb") as handle:
        pages = pdf_pages(handle)
        assert len(pages) == 1
        box = pages[0].mediabox
        # A4 landscape: 297 x 210 mm = 841.9 x 595.3 pt.
        assert round(float(box.width)) == 842 and round(float(box.height)) == 595
    with plaque.file.open("rb") as handle:
        text = pdf_text(handle)
    assert "Brightside Youth Café & Co" in text
    assert "Gold award" in text
    assert award.certificate_number in text
    assert "Co-production Kitemark" in text
    assert f"{award.awarded_on:%-d %B %Y}" in text
    assert f"{award.expires_on:%-d %B %Y}" in text

    assert decode_qr_codes(data) == [f"{SITE}/verify/{award.verification_code}/"]

    ready = plaque_emails()
    assert len(ready) == 1
    assert sorted(ready[0].to) == sorted(application.organisation.member_emails())
    assert f"/awards/{award.pk}/plaque/" in ready[0].body


def test_plaque_uses_the_level_colour(run_jobs, staff_user):
    application = scored_application(level=default_level("bronze"))
    award = awards.create_award(application)
    html_colour = plaques.level_colour(award.level)
    assert html_colour == "#A0632B"
    award.level.colour = "red; background: url(http://evil)"
    assert plaques.level_colour(award.level) == "#1d3b6e"


def test_running_the_plaque_job_twice_makes_one_plaque_and_one_email(run_jobs):
    award = AwardFactory()
    from organisations.models import Membership
    from tests.accounts.factories import UserFactory

    Membership.objects.create(organisation=award.organisation, user=UserFactory())
    with run_jobs(execute=True):
        job = awards._enqueue_plaque(award, 1)
    assert Plaque.objects.filter(award=award).count() == 1
    assert len(plaque_emails()) == 1

    # The job is done: running it again (a redelivered message) does nothing.
    with run_jobs(execute=True):
        job_services.run(job.pk)
    # Even a fresh job for the same version (e.g. a manual re-run) finds the plaque.
    Job.objects.filter(pk=job.pk).update(status=Job.Status.PENDING)
    with run_jobs(execute=True):
        job_services.run(job.pk)
        plaques.generate_plaque(award.pk, 1)
    assert Plaque.objects.filter(award=award).count() == 1
    assert len(plaque_emails()) == 1
    # Enqueueing the same version again is the same job.
    assert awards._enqueue_plaque(award, 1).pk == job.pk


def test_plaque_rendering_never_fetches_over_the_network(tmp_path):
    fetcher = plaques.url_fetcher_for(tmp_path)
    for url in (
        "http://example.org/font.ttf",
        "https://example.org/logo.png",
        "ftp://example.org/x",
        "file:///etc/passwd",
        f"file://{tmp_path}/../secret",
    ):
        with pytest.raises(plaques.BlockedResource):
            fetcher.fetch(url)
    allowed = tmp_path / "ok.css"
    allowed.write_text("body { color: red }")
    assert fetcher.fetch(allowed.as_uri()).read() == b"body { color: red }"
    assert fetcher.fetch("data:text/plain,hello").read() == b"hello"


def test_a_plaque_that_refers_to_a_remote_resource_fails_instead_of_fetching(monkeypatch):
    from weasyprint.urls import FatalURLFetchingError

    award = AwardFactory()
    real_render = plaques.render_to_string

    def with_remote_image(template, context):
        html = real_render(template, context)
        return html.replace("</body>", '<img src="http://127.0.0.1:9/x.png"></body>')

    monkeypatch.setattr(plaques, "render_to_string", with_remote_image)
    with pytest.raises(FatalURLFetchingError):
        plaques.render_plaque_pdf(award)


def _frame_colour(pdf_bytes: bytes) -> tuple[int, int, int]:
    """The colour of the plaque's frame, read off a 50 dpi rendering of the page."""
    with pdf_page_images(pdf_bytes, dpi=50) as images, Image.open(images[0]) as image:
        # 10 mm page margin + half of the 4 mm border, on the left edge, half-way down.
        x = round((10 + 2) / 25.4 * 50)
        return image.convert("RGB").getpixel((x, image.height // 2))


@override_settings(SITE_URL=SITE)
def test_plaques_rendered_one_after_another_each_carry_their_own_award():
    """The stylesheet and fonts are loaded once and shared; nothing of one award's
    plaque (name, level, colour, QR code) may leak into the next one's."""
    gold = AwardFactory(level=default_level("gold"))
    bronze = AwardFactory(level=default_level("bronze"))
    for award, name in ((gold, "Goldcrest Youth Forum"), (bronze, "Bramble Lane Scouts")):
        award.organisation.name = name
        award.organisation.save()
    first = plaques.render_plaque_pdf(gold)
    shared = plaques._plaque_style.stylesheet
    second = plaques.render_plaque_pdf(bronze)
    assert plaques._plaque_style.stylesheet is shared is not None

    first_text, second_text = pdf_text(io.BytesIO(first)), pdf_text(io.BytesIO(second))
    assert "Goldcrest Youth Forum" in first_text and "Gold award" in first_text
    assert "Bramble Lane Scouts" in second_text and "Bronze award" in second_text
    assert "Goldcrest" not in second_text and "Gold award" not in second_text
    assert decode_qr_codes(second) == [f"{SITE}/verify/{bronze.verification_code}/"]

    def hex_rgb(colour):
        return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))

    for pdf, award in ((first, gold), (second, bronze)):
        expected = hex_rgb(plaques.level_colour(award.level))
        actual = _frame_colour(pdf)
        assert all(abs(a - e) <= 8 for a, e in zip(actual, expected, strict=True)), (
            award.level.name,
            actual,
            expected,
        )
        # Both faces of the plaque's own font are embedded in every plaque.
        page = pdf_pages(io.BytesIO(pdf))[0]
        fonts = {
            str(font.get_object()["/BaseFont"]).split("+")[-1]
            for font in page["/Resources"]["/Font"].values()
        }
        assert fonts == {"Plaque-Sans", "Plaque-Sans-Bold"}, fonts


def test_weasyprint_subsets_fonts_with_harfbuzz():
    """Without libharfbuzz-subset0 WeasyPrint falls back to fontTools, and each plaque
    takes about five times as long (measured: 250 ms against 47 ms)."""
    from weasyprint.text.ffi import harfbuzz_subset

    assert harfbuzz_subset is not None, "install Debian's libharfbuzz-subset0"


def test_a_worker_process_shutting_down_removes_the_plaque_fonts_temporary_files():
    """Celery's pool processes end with os._exit (no atexit), so the shared style is
    dropped on Celery's worker_process_shutdown signal, and its font files with it."""
    award = AwardFactory()
    plaques.render_plaque_pdf(award)
    folder = Path(plaques._plaque_style.font_config._folder)
    assert folder.is_dir() and any(folder.iterdir())

    worker_process_shutdown.send(sender=None, pid=1, exitcode=0)
    gc.collect()
    assert plaques._plaque_style.stylesheet is None
    assert not folder.exists()
    # The next plaque loads the style again.
    assert plaques.render_plaque_pdf(award).startswith(b"%PDF")
    assert plaques._plaque_style.stylesheet is not None
