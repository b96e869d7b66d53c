"""Staff edit the scheme's settings on one console page: a brand colour that fails
WCAG AA contrast with white text, or a hostile logo, is refused next to its field and
nothing is saved; a saved change is read at once (the cached copy is forgotten)."""

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from audit.models import AuditEvent
from scheme.colours import contrast_with_white, validate_brand_colour
from scheme.images import SVG, ImageRejected, check_image
from scheme.models import SchemeSettings
from scheme.selectors import current_scheme
from tests.scheme.helpers import COUNCIL, upload

pytestmark = pytest.mark.django_db

URL = "/staff/scheme-settings/"


def _png(width=40, height=20, colour=(11, 92, 59)):
    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, format="PNG")
    return out.getvalue()


def _post(client, **changes):
    data = {**COUNCIL, **changes}
    return client.post(URL, data)


# --- the brand colour ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("colour", "passes"),
    [
        ("#1d3b6e", True),
        ("#767676", True),  # 4.54:1, the lightest grey that passes
        ("#777777", False),  # 4.48:1
        ("#ffdd00", False),
        ("#ffffff", False),
        ("#000000", True),
    ],
)
def test_a_brand_colour_passes_only_with_4_5_to_1_contrast_against_white(colour, passes):
    assert (contrast_with_white(colour) >= 4.5) is passes
    if passes:
        validate_brand_colour(colour)
    else:
        with pytest.raises(Exception, match="at least 4.5:1"):
            validate_brand_colour(colour)


def test_a_failed_contrast_check_blocks_the_save_with_a_message_next_to_the_field(
    staff_client,
):
    response = _post(staff_client, brand_colour="#ffdd00")
    assert response.status_code == 200
    field = response.context["form"]["brand_colour"]
    assert "White text on #ffdd00 has a contrast of 1.3:1" in " ".join(field.errors)
    assert "must be at least 4.5:1" in response.content.decode()
    # Nothing saved, and what was typed is still in the form.
    assert not SchemeSettings.objects.exists()
    assert response.context["form"]["council_name"].value() == COUNCIL["council_name"]


def test_a_colour_that_is_not_a_colour_is_refused(staff_client):
    response = _post(staff_client, brand_colour="red")
    assert "Enter the colour as #" in " ".join(response.context["form"]["brand_colour"].errors)
    assert not SchemeSettings.objects.exists()


# --- saving --------------------------------------------------------------------------------


def test_staff_save_the_settings_and_every_reader_sees_them_at_once(staff_client):
    before = current_scheme()
    assert before.scheme_name == "Co-production Kitemark"  # the default, cached now
    response = staff_client.post(
        URL,
        {
            **COUNCIL,
            "logo_file": upload("council-logo.svg"),
            "signature_file": upload("signature.png"),
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    row = SchemeSettings.objects.get()
    assert row.pk == SchemeSettings.SINGLETON_PK
    assert row.logo_type == SVG and row.signature_type == "image/png"
    scheme = current_scheme()
    assert scheme.scheme_name == COUNCIL["scheme_name"]
    assert scheme.council_name == COUNCIL["council_name"]
    assert scheme.has_logo and scheme.has_signature

    # Saving again without files keeps them; "remove" takes the logo away.
    staff_client.post(URL, {**COUNCIL, "council_name": "Riverside Council"})
    assert current_scheme().council_name == "Riverside Council"
    assert current_scheme().has_logo
    staff_client.post(URL, {**COUNCIL, "remove_logo": "on"})
    assert not current_scheme().has_logo
    summaries = list(
        AuditEvent.objects.filter(
            event=AuditEvent.Event.ADMIN_CHANGE, object_type="scheme.schemesettings"
        ).values_list("summary", flat=True)
    )
    assert len(summaries) == 3
    assert "Scheme settings saved: council_name" in summaries
    assert "Scheme settings saved: council_name, remove_logo" in summaries
    assert any("logo_file" in summary and "signature_file" in summary for summary in summaries)
    assert current_scheme().has_signature
    assert SchemeSettings.objects.count() == 1


def test_the_settings_are_cached(django_assert_num_queries):
    current_scheme()
    with django_assert_num_queries(0):
        assert current_scheme().scheme_name == "Co-production Kitemark"


# --- hostile logos -------------------------------------------------------------------------

SCRIPT_SVG = b"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">
<rect width="10" height="10"/><script>alert(document.cookie)</script></svg>"""
HANDLER_SVG = (
    b"""<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="1"/></svg>"""
)
FOREIGN_SVG = b"""<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><body
xmlns="http://www.w3.org/1999/xhtml"><iframe src="https://evil.example"/></body>
</foreignObject></svg>"""
REMOTE_SVG = b"""<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">
<use xlink:href="https://evil.example/sprite.svg#a"/></svg>"""
JS_LINK_SVG = b"""<svg xmlns="http://www.w3.org/2000/svg"><a href="javascript:alert(1)">
<rect width="1"/></a></svg>"""
CSS_SVG = b"""<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(https://evil.example/x.css);
</style><rect width="1"/></svg>"""
ENTITY_SVG = b"""<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>"""


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("logo.svg", SCRIPT_SVG, "contains code"),
        ("logo.svg", HANDLER_SVG, "contains code"),
        ("logo.svg", FOREIGN_SVG, "contains code"),
        ("logo.svg", REMOTE_SVG, "contains code"),
        ("logo.svg", JS_LINK_SVG, "contains code"),
        ("logo.svg", CSS_SVG, "contains code"),
        ("logo.svg", ENTITY_SVG, "contains code"),
        ("logo.png", _png(5000, 10), "too large"),
        ("logo.png", _png() + b"<html><script>alert(1)</script></html>", "hidden after"),
        ("logo.png", _png() + b"PK\x03\x04" + b"\x00" * 40, "hidden after"),
        ("logo.gif", b"GIF89a" + b"\x00" * 20, "PNG or an SVG"),
        ("logo.png", b"", "empty"),
    ],
    ids=[
        "svg-script",
        "svg-onload",
        "svg-foreign-html",
        "svg-remote-link",
        "svg-javascript-link",
        "svg-css-import",
        "svg-external-entity",
        "huge-png",
        "png-html-polyglot",
        "png-zip-polyglot",
        "not-png-or-svg",
        "empty",
    ],
)
def test_a_hostile_logo_is_refused(staff_client, name, data, message):
    with pytest.raises(ImageRejected, match=message):
        check_image(SimpleUploadedFile(name, data))
    response = staff_client.post(URL, {**COUNCIL, "logo_file": SimpleUploadedFile(name, data)})
    assert response.status_code == 200
    assert message in " ".join(response.context["form"]["logo_file"].errors)
    assert not SchemeSettings.objects.exists()


def _chunk(kind, body):
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def test_a_png_hiding_a_script_inside_a_compressed_text_chunk_is_refused():
    data = _png()
    text = b"Comment\x00\x00" + zlib.compress(b"<script>alert(1)</script>")
    iend = data.rindex(b"IEND") - 4
    hostile = data[:iend] + _chunk(b"zTXt", text) + data[iend:]
    with pytest.raises(ImageRejected, match="web page code"):
        check_image(SimpleUploadedFile("logo.png", hostile))


def test_a_png_that_is_too_heavy_is_refused(settings):
    settings.SCHEME_IMAGE_MAX_BYTES = 1000
    with pytest.raises(ImageRejected, match="largest we accept is 0 KB|largest we accept"):
        check_image(SimpleUploadedFile("logo.png", _png(400, 400, (1, 2, 3)) + b"\x00" * 2000))


def test_a_png_is_saved_again_with_nothing_but_its_pixels():
    out = io.BytesIO()
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Author", "someone@example.org")
    Image.new("RGB", (30, 10), (0, 0, 0)).save(out, format="PNG", pnginfo=info)
    checked = check_image(SimpleUploadedFile("logo.png", out.getvalue()))
    assert b"someone@example.org" not in checked.data
    with Image.open(io.BytesIO(checked.data)) as image:
        assert image.size == (30, 10)


def test_an_svg_keeps_its_drawing_and_loses_an_editors_extra_parts():
    checked = check_image(upload("council-logo.svg"))
    assert checked.content_type == SVG
    text = checked.data.decode()
    assert "<path" in text and "<circle" in text
    assert "inkscape" not in text and "metadata" not in text


def test_the_logo_is_served_as_a_picture_that_cannot_run_code(client, staff_client):
    staff_client.post(URL, {**COUNCIL, "logo_file": upload("council-logo.svg")})
    client.logout()
    scheme = current_scheme()
    response = client.get(reverse("scheme:logo", args=[scheme.logo_version]))
    assert response.status_code == 200
    assert response["Content-Type"] == SVG
    assert "sandbox" in response["Content-Security-Policy"]
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"<script" not in response.content
    # An old version of the logo is gone.
    assert client.get(reverse("scheme:logo", args=["0" * 16])).status_code == 404
