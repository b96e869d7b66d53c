import contextlib
import shutil
import subprocess
import tempfile
from pathlib import Path

from pypdf import PdfReader

from assessments import workflow
from assessments.models import Status
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
