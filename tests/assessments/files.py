"""Build real and hostile evidence files in memory for the upload tests."""

import io
import struct
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfWriter

CONTENT_TYPES_XML = b'<?xml version="1.0"?><Types xmlns="x"></Types>'


def pdf_bytes():
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _zip(entries, compression=zipfile.ZIP_DEFLATED):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        for name, data in entries:
            archive.writestr(name, data)
    return out.getvalue()


def docx_bytes():
    return _zip([("[Content_Types].xml", CONTENT_TYPES_XML), ("word/document.xml", b"<w/>")])


def xlsx_bytes():
    return _zip([("[Content_Types].xml", CONTENT_TYPES_XML), ("xl/workbook.xml", b"<wb/>")])


def pptx_bytes():
    return _zip([("[Content_Types].xml", CONTENT_TYPES_XML), ("ppt/presentation.xml", b"<p/>")])


def odt_bytes():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), b"application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", b"<office:document-content/>")
    return out.getvalue()


def image_bytes(fmt="PNG", size=(20, 20), mode="RGB"):
    out = io.BytesIO()
    Image.new(mode, size, "white").save(out, format=fmt)
    return out.getvalue()


def mp4_bytes():
    ftyp = b"ftyp" + b"isom" + struct.pack(">I", 512) + b"isomiso2avc1mp41"
    ftyp = struct.pack(">I", len(ftyp) + 4) + ftyp
    mdat = struct.pack(">I", 16) + b"mdat" + b"\x00" * 8
    return ftyp + mdat


VALID = {
    "report.pdf": pdf_bytes,
    "minutes.docx": docx_bytes,
    "budget.xlsx": xlsx_bytes,
    "slides.pptx": pptx_bytes,
    "notes.odt": odt_bytes,
    "photo.jpg": lambda: image_bytes("JPEG"),
    "photo2.jpeg": lambda: image_bytes("JPEG"),
    "chart.png": lambda: image_bytes("PNG"),
    "film.mp4": mp4_bytes,
}


def polyglot_pdf():
    return b"%PDF-1.4\n<html><script>alert(1)</script></html>\n" + pdf_bytes()[9:]


def zip_bomb_docx():
    """One highly compressible entry that declares far more than the unpacked limit."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES_XML)
        archive.writestr("word/document.xml", b"<w/>")
        with archive.open("word/media/zeros.bin", "w", force_zip64=True) as entry:
            chunk = b"\x00" * (1024 * 1024)
            for _ in range(260):
                entry.write(chunk)
    return out.getvalue()


def ratio_bomb_docx():
    """Under the total limit, but one part is compressed ~1000:1."""
    return _zip(
        [
            ("[Content_Types].xml", CONTENT_TYPES_XML),
            ("word/document.xml", b"<w/>"),
            ("word/media/zeros.bin", b"\x00" * (20 * 1024 * 1024)),
        ]
    )


def many_entries_docx(count=1000):
    entries = [("[Content_Types].xml", CONTENT_TYPES_XML), ("word/document.xml", b"<w/>")]
    entries += [(f"word/part{i}.xml", b"<x/>") for i in range(count)]
    return _zip(entries)


def huge_png():
    """A 10000 x 10000 one-bit PNG: 100 megapixels in a few kilobytes."""
    out = io.BytesIO()
    Image.new("1", (10000, 10000), 0).save(out, format="PNG", optimize=True)
    return out.getvalue()


def executable():
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200


def svg_with_script():
    return b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def truncated_pdf():
    data = pdf_bytes()
    return data[: len(data) // 2]


def upload(name, data, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)
