"""Checking evidence files before anything is stored.

A file is accepted only when its CONTENT is one of the accepted types and its
name's extension says the same type. Office files must be well-formed zips
that are not zip bombs; images must open within the pixel limit; PDFs must
parse and must not also be HTML. Anything else is refused with a message a
person can act on. Nothing here touches storage or the database.
"""

import hashlib
import io
import re
import struct
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import filetype
from django.conf import settings
from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from kitemark.refusals import Refused

# canonical extension -> (label people see, content type we serve it with)
ACCEPTED_TYPES = {
    "pdf": ("PDF", "application/pdf"),
    "docx": (
        "Word document (DOCX)",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "xlsx": (
        "Excel spreadsheet (XLSX)",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    "pptx": (
        "PowerPoint presentation (PPTX)",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ),
    "odt": ("OpenDocument text (ODT)", "application/vnd.oasis.opendocument.text"),
    "jpg": ("JPEG image", "image/jpeg"),
    "png": ("PNG image", "image/png"),
    "mp4": ("MP4 video", "video/mp4"),
}
EXTENSION_ALIASES = {"jpeg": "jpg"}
ACCEPTED_LIST = "PDF, DOCX, XLSX, PPTX, ODT, JPG, PNG or MP4"
# PDFs and pictures open in the browser; everything else downloads.
INLINE_TYPES = {"application/pdf", "image/jpeg", "image/png"}

# Extensions that are refused even in the middle of a name ("notes.exe.pdf").
DANGEROUS_EXTENSIONS = {
    "exe", "com", "bat", "cmd", "scr", "msi", "dll", "js", "jse", "vbs", "vbe", "wsf",
    "ps1", "sh", "jar", "app", "apk", "php", "phtml", "html", "htm", "xhtml", "svg",
    "svgz", "hta", "lnk", "reg", "cpl", "pif", "xml", "swf",
}  # fmt: skip

OFFICE_MAIN_PART = {
    "docx": "word/document.xml",
    "xlsx": "xl/workbook.xml",
    "pptx": "ppt/presentation.xml",
}
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
MP4_BRANDS = {
    b"isom", b"iso2", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1", b"M4V ",
    b"M4VH", b"M4VP", b"dash", b"msnv", b"f4v ", b"mmp4", b"3gp4", b"3gp5", b"3g2a",
}  # fmt: skip
# An entry that unpacks to more than this many times its packed size is a bomb.
MAX_COMPRESSION_RATIO = 100
RATIO_CHECK_MIN_BYTES = 1024 * 1024
HTML_MARKERS = (b"<html", b"<script", b"<!doctype html", b"<svg", b"<body", b"<iframe")
# PDF names that make a viewer run code or start a program: a /JavaScript action (as
# /OpenAction, in /AA, on a link), its /JS script, the document's /JavaScript name tree,
# and a /Launch action. Links to web pages and "open at page 1" are ordinary and pass.
ACTIVE_PDF_NAMES = frozenset({"/JS", "/JavaScript", "/Launch"})
# A name that may be one of them, however its letters are #-escaped (/J#61vaScript).
_PDF_NAME_CANDIDATE = re.compile(rb"/(?:[JL]|#4[AaCc])[^\s/<>\[\]()%{}]*")
_PDF_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
ACTIVE_PDF_MESSAGE = (
    "This PDF contains code that runs when it is opened (JavaScript, or a command that "
    "starts a program), so it is not safe to open. Print it to a new PDF, or save it "
    "again without the code, and try once more."
)
HEAD_BYTES = 8192

# Control characters (C0, DEL, C1) and the bidirectional overrides that make
# "photo‮gpj.exe" look like "photoexe.jpg".
_BIDI_CONTROLS = {chr(c) for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F]}


class UploadRejected(Refused):
    """The file is refused; `message` says why, in plain English."""


@dataclass(frozen=True)
class CheckedFile:
    original_name: str
    extension: str
    content_type: str
    size: int
    sha256: str


def mb(num_bytes):
    return f"{num_bytes / (1024 * 1024):.0f} MB"


def _megabytes(num_bytes, decimals):
    value = Decimal(num_bytes) / (1024 * 1024)
    value = value.quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def sizes_that_differ(size, limit):
    """The size and the limit in MB, with as few decimals as show them different, so a
    file just over the limit never reads as the limit itself (25.3 MB and 25 MB, or
    25.000001 MB and 25 MB: a byte is about 0.000001 MB)."""
    for decimals in range(7):
        shown = _megabytes(size, decimals)
        allowed = _megabytes(limit, decimals)
        if shown != allowed:
            break
    return f"{shown} MB", f"{allowed} MB"


def sanitise_filename(name):
    """Keep only a safe display name: no folders, NUL, control or bidi characters, ≤255."""
    name = unicodedata.normalize("NFC", str(name or ""))
    name = name.replace("\\", "/").split("/")[-1]
    name = name.replace("\t", " ").replace("\n", " ").replace("\r", " ")
    name = "".join(
        ch
        for ch in name
        if ch not in _BIDI_CONTROLS and unicodedata.category(ch) not in ("Cc", "Cf", "Cs")
    )
    name = " ".join(name.split()).strip(" .")
    if not name:
        name = "file"
    if len(name) > 255:
        stem, dot, ext = name.rpartition(".")
        keep_ext = bool(dot) and 0 < len(ext) <= 10
        name = f"{stem[: 254 - len(ext)]}.{ext}" if keep_ext else name[:255]
    return name


def _extensions(name):
    parts = name.lower().split(".")
    return parts[1:] if len(parts) > 1 else []


def _read_all(uploaded):
    uploaded.seek(0)
    data = b"".join(uploaded.chunks()) if hasattr(uploaded, "chunks") else uploaded.read()
    uploaded.seek(0)
    return data


def _sniff(data):
    """The type the content really is, as a canonical extension or a refusal."""
    head = data[:HEAD_BYTES]
    stripped = head.lstrip().lower()
    if (
        head.startswith(b"MZ")
        or head.startswith(b"\x7fELF")
        or head[:4]
        in (
            b"\xfe\xed\xfa\xce",
            b"\xfe\xed\xfa\xcf",
            b"\xcf\xfa\xed\xfe",
            b"\xce\xfa\xed\xfe",
            b"\xca\xfe\xba\xbe",
        )
    ):
        raise UploadRejected("This is a program, not a document. Programs are not accepted.")
    if head.startswith(b"#!"):
        raise UploadRejected("This is a script, not a document. Scripts are not accepted.")
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if len(head) >= 12 and head[4:8] == b"ftyp":
        return "mp4"
    markup = (b"<svg", b"<?xml", b"<!doctype", b"<html")
    if stripped.startswith(markup) or b"<svg" in stripped[:512]:
        raise UploadRejected("Web pages and SVG pictures are not accepted: they can contain code.")
    return None


def _check_pdf(data):
    head = data[:1024].lower()
    if any(marker in head for marker in HTML_MARKERS):
        raise UploadRejected(
            "This PDF also contains web page code, so it is not safe to open. "
            "Save it again as a normal PDF and try once more."
        )
    if b"%%EOF" not in data[-2048:]:
        raise UploadRejected("This PDF is incomplete or damaged. Save it again and try once more.")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                raise UploadRejected(
                    "This PDF is protected with a password. Upload a copy without a password."
                )
            if len(reader.pages) < 1:
                raise UploadRejected("This PDF has no pages.")
            if _has_active_content(data, reader):
                raise UploadRejected(ACTIVE_PDF_MESSAGE)
    except UploadRejected:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError,
            RecursionError, OSError, AssertionError, ZeroDivisionError):  # fmt: skip
        raise UploadRejected(
            "This PDF is damaged and cannot be opened. Save it again and try once more."
        ) from None


def _has_active_content(data, reader):
    """Whether the PDF holds JavaScript or a launch action anywhere in the file: in the
    bytes as written (names #-escaped or not, in objects nothing refers to), and in
    every object the file holds, compressed object streams included."""
    for candidate in _PDF_NAME_CANDIDATE.findall(data):
        name = _PDF_NAME_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), candidate)
        if name.decode("latin-1") in ACTIVE_PDF_NAMES:
            return True
    from pypdf.generic import IndirectObject

    numbers = {(n, g) for g, table in reader.xref.items() for n in table}
    numbers |= {(n, 0) for n in reader.xref_objStm}
    return any(
        _names_active(reader.get_object(IndirectObject(n, g, reader))) for n, g in numbers
    ) or _names_active(reader.trailer)


def _names_active(obj):
    """Whether the object, or an object written inside it, names an active action.
    Objects it refers to are checked on their own, so references are not followed."""
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject

    pending = [obj]
    while pending:
        item = pending.pop()
        if isinstance(item, DictionaryObject):
            if any(key in ACTIVE_PDF_NAMES for key in item):
                return True
            pending.extend(item.values())
        elif isinstance(item, ArrayObject):
            pending.extend(item)
        elif isinstance(item, NameObject) and item in ACTIVE_PDF_NAMES:
            return True
    return False


def _check_zip(data, extension):
    """Office files: a well-formed zip, not a bomb, with the right main part."""
    label = ACCEPTED_TYPES.get(extension, ("document",))[0]
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        raise UploadRejected(f"This {label} is damaged and cannot be opened.") from None
    if len(entries) > settings.EVIDENCE_MAX_ZIP_ENTRIES:
        raise UploadRejected(
            f"This {label} contains too many parts ({len(entries)}; the most we accept is "
            f"{settings.EVIDENCE_MAX_ZIP_ENTRIES}). It may be unsafe."
        )
    unpacked = sum(entry.file_size for entry in entries)
    if unpacked > settings.EVIDENCE_MAX_ZIP_UNPACKED_BYTES:
        raise UploadRejected(
            f"This {label} would unpack to more than "
            f"{mb(settings.EVIDENCE_MAX_ZIP_UNPACKED_BYTES)}. "
            "It may be a 'zip bomb', so it is not accepted."
        )
    for entry in entries:
        if entry.flag_bits & 0x1:
            raise UploadRejected(f"This {label} is password-protected. Upload a copy without one.")
        if entry.file_size > RATIO_CHECK_MIN_BYTES and (
            entry.file_size > MAX_COMPRESSION_RATIO * max(entry.compress_size, 1)
        ):
            raise UploadRejected(
                f"This {label} contains a part that is compressed far more than a normal "
                "document. It may be a 'zip bomb', so it is not accepted."
            )
    names = {entry.filename for entry in entries}
    try:
        if extension == "odt":
            if "mimetype" not in names or archive.read("mimetype").strip() != ODT_MIMETYPE:
                raise UploadRejected("The file name ends in .odt but this is not an ODT document.")
        else:
            main_part = OFFICE_MAIN_PART[extension]
            if "[Content_Types].xml" not in names or main_part not in names:
                raise UploadRejected(
                    f"The file name ends in .{extension} but this is not a {label}."
                )
            archive.read("[Content_Types].xml")
    except UploadRejected:
        raise
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError, KeyError):
        raise UploadRejected(f"This {label} is damaged and cannot be opened.") from None


def _check_image(data, extension):
    expected = {"jpg": "JPEG", "png": "PNG"}[extension]
    limit = settings.EVIDENCE_MAX_IMAGE_PIXELS
    too_big = UploadRejected(
        f"This picture is too large (more than {limit // 1_000_000} million pixels). "
        "Make it smaller and try again."
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                width, height = image.size
                if image.format != expected:
                    raise UploadRejected(
                        f"The file name ends in .{extension} but this is not a {expected} picture."
                    )
                if width * height > limit:
                    raise too_big
                image.verify()
            with Image.open(io.BytesIO(data)) as image:
                image.load()
    except UploadRejected:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise too_big from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError,
            struct.error, MemoryError):  # fmt: skip
        raise UploadRejected("This picture is damaged and cannot be opened.") from None


def _check_mp4(data):
    size = int.from_bytes(data[:4], "big")
    brand = data[8:12]
    kind = filetype.guess(data[:HEAD_BYTES])
    if size < 8 or brand not in MP4_BRANDS or kind is None or kind.mime != "video/mp4":
        raise UploadRejected("The file name ends in .mp4 but this is not an MP4 video.")


def check_upload(uploaded):
    """Return a CheckedFile for an acceptable upload, or raise UploadRejected."""
    name = sanitise_filename(getattr(uploaded, "name", ""))
    size = getattr(uploaded, "size", None)
    if size is None:
        size = len(_read_all(uploaded))
    if size == 0:
        raise UploadRejected("This file is empty.")
    if size > settings.EVIDENCE_MAX_FILE_BYTES:
        shown, allowed = sizes_that_differ(size, settings.EVIDENCE_MAX_FILE_BYTES)
        raise UploadRejected(f"This file is {shown}. The largest file we accept is {allowed}.")
    extensions = _extensions(name)
    if not extensions:
        raise UploadRejected(f"This file has no type at the end of its name. Use {ACCEPTED_LIST}.")
    extension = EXTENSION_ALIASES.get(extensions[-1], extensions[-1])
    if extension in ("svg", "svgz", "html", "htm", "xhtml"):
        raise UploadRejected("Web pages and SVG pictures are not accepted: they can contain code.")
    if extension not in ACCEPTED_TYPES:
        raise UploadRejected(f".{extensions[-1]} files are not accepted. Use {ACCEPTED_LIST}.")
    hidden = [e for e in extensions[:-1] if e in DANGEROUS_EXTENSIONS]
    if hidden:
        raise UploadRejected(
            f"The name hides a .{hidden[0]} type before .{extensions[-1]}. "
            "Rename the file so it has one type at the end."
        )

    data = _read_all(uploaded)
    sniffed = _sniff(data)
    label = ACCEPTED_TYPES[extension][0]
    if sniffed is None:
        raise UploadRejected(
            f"The file name ends in .{extensions[-1]} but the file is not a {label}."
        )
    if sniffed == "zip":
        if extension not in ("docx", "xlsx", "pptx", "odt"):
            raise UploadRejected(
                f"The file name ends in .{extensions[-1]} but the file is not a {label}."
            )
        _check_zip(data, extension)
    elif sniffed != extension:
        raise UploadRejected(
            f"The file name ends in .{extensions[-1]} but the file is not a {label}."
        )
    elif extension == "pdf":
        _check_pdf(data)
    elif extension in ("jpg", "png"):
        _check_image(data, extension)
    elif extension == "mp4":
        _check_mp4(data)

    return CheckedFile(
        original_name=name,
        extension=extension,
        content_type=ACCEPTED_TYPES[extension][1],
        size=size,
        sha256=hashlib.sha256(data).hexdigest(),
    )
