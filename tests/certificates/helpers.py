import contextlib
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path

from django.db import connection
from pypdf import PdfReader

from assessments import workflow
from assessments.models import Status
from certificates import reminders
from tests.assessments.factories import ApplicationFactory
from tests.organisations.factories import OrganisationFactory, member_of


def scored_application(*, organisation=None, level=None, members=1, **kwargs):
    """An application waiting for staff to confirm an "awarded" outcome."""
    organisation = organisation or OrganisationFactory()
    for _ in range(members):
        member_of(organisation)
    extra = {"level": level} if level is not None else {}
    return ApplicationFactory(
        organisation=organisation,
        status=Status.SCORED,
        total=52,
        proposed_outcome="awarded",
        **extra,
        **kwargs,
    )


def confirm_award(application, staff):
    return workflow.transition(application, Status.AWARDED, actor=staff, actor_kind=workflow.STAFF)


def pdf_text(path_or_file) -> str:
    reader = PdfReader(path_or_file)
    return "\n".join(page.extract_text() for page in reader.pages)


def pdf_pages(path_or_file):
    return PdfReader(path_or_file).pages


@contextlib.contextmanager
def pdf_page_images(pdf_bytes: bytes, dpi: int):
    """The PDF's pages rendered to PNG files by pdftoppm, in page order."""
    assert shutil.which("pdftoppm"), "pdftoppm (poppler-utils) is required"
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "document.pdf"
        pdf.write_bytes(pdf_bytes)
        subprocess.run(
            ["pdftoppm", "-r", str(dpi), "-png", str(pdf), str(Path(tmp) / "page")], check=True
        )
        images = sorted(Path(tmp).glob("page*.png"))
        assert images, "pdftoppm made no image"
        yield images


def decode_qr_codes(pdf_bytes: bytes) -> list[str]:
    """Render the PDF to PNG (pdftoppm) and decode every QR code on it (zbarimg)."""
    assert shutil.which("zbarimg"), "zbarimg (zbar-tools) is required"
    with pdf_page_images(pdf_bytes, dpi=150) as images:
        result = subprocess.run(
            ["zbarimg", "--raw", "-q", *map(str, images)],
            capture_output=True,
            text=True,
            check=False,
        )
        return [line for line in result.stdout.splitlines() if line.strip()]


def contested_sweeps(monkeypatch, today):
    """Two daily sweeps at once, each reading the same candidates before either claims
    anything, so every claim is contested. Returns both sweeps' results."""
    barrier = threading.Barrier(2, timeout=10)
    real_claim = reminders._claim
    seen = threading.local()

    def contested_claim(**kwargs):
        if not getattr(seen, "waited", False):
            seen.waited = True
            barrier.wait()
        return real_claim(**kwargs)

    monkeypatch.setattr(reminders, "_claim", contested_claim)
    results, errors = [], []

    def run():
        try:
            results.append(reminders.daily_sweep(today))
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    return results
