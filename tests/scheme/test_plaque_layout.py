"""The plaque organisations frame: A4 landscape, everything inside the print-safe
margin, fonts embedded, nothing overlapping, and a print-ready second file with 3 mm of
bleed. Each page is rendered to PNG with pdftoppm and compared with a committed
reference image, so a layout change fails here until the reference is renewed.

To renew the references after a deliberate change of design, run this file with
KITEMARK_RENEW_PLAQUE_REFERENCES=1, look at the PNGs in tests/scheme/reference/, and
commit them."""

import datetime
import io
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageStat

from certificates import plaques
from tests.assessments.factories import default_level
from tests.certificates.factories import AwardFactory
from tests.certificates.helpers import decode_qr_codes, pdf_page_images, pdf_pages
from tests.scheme.helpers import save_scheme

pytestmark = pytest.mark.django_db

REFERENCE = Path(__file__).parent / "reference"
RENEW = os.environ.get("KITEMARK_RENEW_PLAQUE_REFERENCES") == "1"
SITE = "https://kitemark.example.gov.uk"
CODE = "cEQsIRoG312cU_fzR9W3s-cvteRAdqZT"
MM = 72 / 25.4
A4 = (297 * MM, 210 * MM)
SAFE_MARGIN = 10 * MM
BLEED = 3 * MM
DPI = 40
# A rendering may differ from the reference by anti-aliasing and font hinting: on
# average by at most this much per pixel (of 255), with at most this share of pixels
# clearly different. Moving a block by a few millimetres breaks both.
MAX_MEAN_DIFFERENCE = 2.0
MAX_CHANGED_SHARE = 0.004


@pytest.fixture
def award(settings, monkeypatch):
    settings.SITE_URL = SITE
    save_scheme()
    monkeypatch.setattr(plaques, "scored_by", lambda award: "Scored by a panel of 6 young people")
    award = AwardFactory(
        level=default_level("gold"),
        awarded_on=datetime.date(2026, 3, 14),
        expires_on=datetime.date(2029, 3, 14),
        certificate_number="KM-2026-0042",
        verification_code=CODE,
    )
    award.organisation.name = "Brightside Youth Café and Community Partnership Trust"
    award.organisation.save()
    return award


def _words(pdf_bytes):
    """(text, x0, y0, x1, y1) of every word, in points from the media box's corner."""
    assert shutil.which("pdftotext"), "pdftotext (poppler-utils) is required"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "plaque.pdf"
        path.write_bytes(pdf_bytes)
        html = subprocess.run(
            ["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
    pattern = (
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
    )
    return [
        (text, float(x0), float(y0), float(x1), float(y1))
        for x0, y0, x1, y1, text in re.findall(pattern, html)
    ]


def _fonts(pdf_bytes):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "plaque.pdf"
        path.write_bytes(pdf_bytes)
        lines = subprocess.run(
            ["pdffonts", str(path)], capture_output=True, text=True, check=True
        ).stdout.splitlines()[2:]
    return [(line.split()[0], line.split()[-5]) for line in lines if line.strip()]


def _page_image(pdf_bytes):
    with pdf_page_images(pdf_bytes, dpi=DPI) as images:
        assert len(images) == 1, "the plaque runs onto a second page"
        with Image.open(images[0]) as image:
            return image.convert("L")


def _difference(image, reference):
    assert image.size == reference.size, (image.size, reference.size)
    diff = ImageChops.difference(image, reference)
    mean = ImageStat.Stat(diff).mean[0]
    changed = sum(diff.point(lambda value: 255 if value > 80 else 0).histogram()[255:])
    return mean, changed / (image.width * image.height)


def _compare_with_reference(image, name):
    path = REFERENCE / name
    if RENEW:
        image.save(path, optimize=True)
    assert path.exists(), f"no reference image {path}: see this module's docstring"
    with Image.open(path) as reference:
        mean, changed = _difference(image, reference.convert("L"))
    assert mean <= MAX_MEAN_DIFFERENCE and changed <= MAX_CHANGED_SHARE, (
        f"{name}: the plaque's layout changed (mean difference {mean:.2f}, "
        f"{changed:.2%} of pixels changed)"
    )


def _assert_inside_and_apart(words, left, top):
    """Every word inside the print-safe area of the trimmed A4 page, and no two words
    drawn over each other."""
    assert words
    for text, x0, y0, x1, y1 in words:
        x0, x1, y0, y1 = x0 - left, x1 - left, y0 - top, y1 - top
        inside = (
            x0 >= SAFE_MARGIN
            and y0 >= SAFE_MARGIN
            and x1 <= A4[0] - SAFE_MARGIN
            and y1 <= A4[1] - SAFE_MARGIN
        )
        assert inside, f"{text!r} is outside the print-safe margin: {x0:.0f},{y0:.0f}"
    for index, (text, x0, y0, x1, y1) in enumerate(words):
        for other, a0, b0, a1, b1 in words[index + 1 :]:
            overlap_x = min(x1, a1) - max(x0, a0)
            overlap_y = min(y1, b1) - max(y0, b0)
            assert overlap_x <= 0.5 or overlap_y <= 0.5, f"{text!r} overlaps {other!r}"


def test_the_plaque_is_a4_landscape_with_everything_inside_the_safe_margin(award):
    pdf = plaques.render_plaque_pdf(award)
    pages = pdf_pages(io.BytesIO(pdf))
    assert len(pages) == 1
    box = pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 595)

    words = _words(pdf)
    text = " ".join(word[0] for word in words)
    for expected in (
        "Riverside Youth Voice Kitemark",
        "Riverside Borough Council",
        "Brightside Youth Café and Community Partnership Trust",
        "Gold award",
        "Scored by a panel of 6 young people",
        "14 March 2026",
        "14 March 2029",
        "KM-2026-0042",
        "Councillor Jo Marsh",
        "Cabinet Member for Children and Young People",
        f"{SITE}/verify/",
        f"{CODE}/",
    ):
        assert expected in text, expected
    _assert_inside_and_apart(words, left=0, top=0)
    assert all(embedded == "yes" for _, embedded in _fonts(pdf)), _fonts(pdf)
    assert decode_qr_codes(pdf) == [f"{SITE}/verify/{CODE}/"]

    image = _page_image(pdf)
    # The page margin is blank all round: nothing was pushed off the edge.
    margin = round(9 * DPI / 25.4)
    for strip in (
        image.crop((0, 0, image.width, margin)),
        image.crop((0, image.height - margin, image.width, image.height)),
        image.crop((0, 0, margin, image.height)),
        image.crop((image.width - margin, 0, image.width, image.height)),
    ):
        assert strip.getextrema() == (255, 255)
    _compare_with_reference(image, "plaque.png")


def test_the_print_ready_plaque_has_bleed_crop_marks_and_the_same_layout(award):
    pdf = plaques.render_plaque_pdf(award, print_ready=True)
    page = pdf_pages(io.BytesIO(pdf))[0]
    media, trim = page.mediabox, page.trimbox
    assert round(float(media.width) - float(trim.width)) == round(2 * BLEED)
    assert (round(float(trim.width)), round(float(trim.height))) == (842, 595)
    offset = float(trim.left) - float(media.left)
    assert round(offset) == round(BLEED)

    _assert_inside_and_apart(_words(pdf), left=offset, top=offset)
    assert all(embedded == "yes" for _, embedded in _fonts(pdf))
    assert decode_qr_codes(pdf) == [f"{SITE}/verify/{CODE}/"]

    image = _page_image(pdf)
    # The tinted background runs into the bleed, to the very edge of the sheet.
    corner = image.getpixel((image.width // 2, 1))
    assert corner < 250
    _compare_with_reference(image, "plaque-print-ready.png")


def test_the_reference_comparison_catches_a_moved_block(award):
    """A guard for the guard: the same plaque without its logo (everything moves up by
    the logo's height) is refused by the comparison."""
    save_scheme(logo=False)
    image = _page_image(plaques.render_plaque_pdf(award))
    with Image.open(REFERENCE / "plaque.png") as reference:
        mean, changed = _difference(image, reference.convert("L"))
    assert mean > MAX_MEAN_DIFFERENCE or changed > MAX_CHANGED_SHARE
