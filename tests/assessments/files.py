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


# --- PDFs that run code when opened ------------------------------------------------


def _pdf_with(root=None, page=None, padding=0):
    """A one-page PDF with extra entries in its catalogue and its page. `padding` bytes
    of page content come first, so anything added sits well past the file's start."""
    from pypdf.generic import DecodedStreamObject, NameObject

    writer = PdfWriter()
    blank = writer.add_blank_page(width=200, height=200)
    if padding:
        content = DecodedStreamObject()
        content.set_data(b"% " + b"x" * padding + b"\n")
        blank[NameObject("/Contents")] = writer._add_object(content)
    for key, value in (page or {}).items():
        blank[NameObject(key)] = value
    for key, value in (root or {}).items():
        writer.root_object[NameObject(key)] = value
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _action(kind, **entries):
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    action = DictionaryObject({NameObject("/S"): NameObject(kind)})
    for key, value in entries.items():
        action[NameObject(f"/{key}")] = TextStringObject(value)
    return action


def _dictionary(**entries):
    from pypdf.generic import DictionaryObject, NameObject

    return DictionaryObject({NameObject(f"/{key}"): value for key, value in entries.items()})


def javascript_on_open_pdf():
    return _pdf_with(root={"/OpenAction": _action("/JavaScript", JS="app.alert(1);")})


def launch_on_open_pdf():
    return _pdf_with(root={"/OpenAction": _action("/Launch", F="cmd.exe")})


def javascript_when_page_opens_pdf():
    """/AA: an action that runs when the first page is shown, far past the first 1024 bytes."""
    return _pdf_with(
        page={"/AA": _dictionary(O=_action("/JavaScript", JS="app.alert(1);"))}, padding=50_000
    )


def javascript_name_tree_pdf():
    from pypdf.generic import ArrayObject, TextStringObject

    tree = _dictionary(
        Names=ArrayObject([TextStringObject("x"), _action("/JavaScript", JS="app.alert(1);")])
    )
    return _pdf_with(root={"/Names": _dictionary(JavaScript=tree)})


def launch_link_pdf():
    from pypdf.generic import ArrayObject, NameObject, NumberObject

    link = _dictionary(
        Type=NameObject("/Annot"),
        Subtype=NameObject("/Link"),
        Rect=ArrayObject([NumberObject(0), NumberObject(0), NumberObject(100), NumberObject(100)]),
        A=_action("/Launch", F="calc.exe"),
    )
    return _pdf_with(page={"/Annots": ArrayObject([link])})


def escaped_javascript_pdf():
    """The same names written with #-escapes (/J#61vaScript is /JavaScript to a reader)."""
    data = javascript_on_open_pdf()
    return data.replace(b"/JavaScript", b"/J#61vaScript").replace(b"/JS ", b"/#4AS ")


def javascript_in_object_stream_pdf():
    """The action inside a compressed object stream: the bytes never say /JavaScript."""
    import zlib

    action = b"<< /S /JavaScript /JS (app.alert\\(1\\);) >>"
    header = b"4 0 "
    objstm = zlib.compress(header + action)
    parts = [b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n"]
    offsets = {}

    def add(number, body):
        offsets[number] = sum(len(p) for p in parts)
        parts.append(b"%d 0 obj\n" % number + body + b"\nendobj\n")

    add(1, b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>")
    add(2, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
    add(3, b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>")
    add(
        5,
        b"<< /Type /ObjStm /N 1 /First %d /Filter /FlateDecode /Length %d >>\nstream\n"
        % (len(header), len(objstm))
        + objstm
        + b"\nendstream",
    )
    xref_offset = sum(len(p) for p in parts)
    rows = [b"\x00" + (0).to_bytes(4, "big") + b"\xff\xff"]
    for number in (1, 2, 3):
        rows.append(b"\x01" + offsets[number].to_bytes(4, "big") + b"\x00\x00")
    rows.append(b"\x02" + (5).to_bytes(4, "big") + b"\x00\x00")
    rows.append(b"\x01" + offsets[5].to_bytes(4, "big") + b"\x00\x00")
    rows.append(b"\x01" + xref_offset.to_bytes(4, "big") + b"\x00\x00")
    table = b"".join(rows)
    parts.append(
        b"6 0 obj\n<< /Type /XRef /Size 7 /W [1 4 2] /Root 1 0 R /Length %d >>\nstream\n"
        % len(table)
        + table
        + b"\nendstream\nendobj\n"
    )
    parts.append(b"startxref\n%d\n%%%%EOF\n" % xref_offset)
    return b"".join(parts)


def harmless_actions_pdf():
    """Opens at the first page and links to a web page: ordinary, and accepted."""
    from pypdf.generic import ArrayObject, NameObject, NumberObject

    writer_pdf = _pdf_with()
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(writer_pdf))
    writer = PdfWriter(clone_from=reader)
    page = writer.pages[0]
    writer.root_object[NameObject("/OpenAction")] = ArrayObject(
        [page.indirect_reference, NameObject("/Fit")]
    )
    link = _dictionary(
        Type=NameObject("/Annot"),
        Subtype=NameObject("/Link"),
        Rect=ArrayObject([NumberObject(0), NumberObject(0), NumberObject(100), NumberObject(100)]),
        A=_action("/URI", URI="https://www.example.org/youth-forum"),
    )
    page[NameObject("/Annots")] = ArrayObject([link])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
