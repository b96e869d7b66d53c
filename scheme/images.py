"""Checking the council's logo and the signatory's signature before they are stored.

They are shown on every page and printed on plaques, so they are checked by content,
as evidence uploads are (`assessments/uploads.py`), and then rewritten:

- a PNG must open within the pixel limit, hold nothing after its end (no file hidden
  behind it) and no web page code anywhere; it is then saved again by Pillow, which
  keeps the pixels and drops every other chunk;
- an SVG is parsed without entities or a DTD (defusedxml); one that holds code (a
  script, an event handler, foreign HTML, a link to anything outside itself, CSS that
  loads something) is refused, and the rest is rebuilt from a list of drawing elements
  and attributes, so what is stored can only draw.

Nothing here touches storage or the database.
"""

import io
import re
import struct
import warnings
import zlib
from dataclasses import dataclass
from xml.etree import ElementTree

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from django.conf import settings
from PIL import Image, UnidentifiedImageError

from kitemark.refusals import Refused

PNG = "image/png"
SVG = "image/svg+xml"
SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

# Markup that makes a file also a web page or a script (a polyglot).
CODE_MARKERS = re.compile(
    rb"<\s*(script|html|body|iframe|svg|object|embed|\?php)|javascript:", re.IGNORECASE
)
# Elements that run code or pull in other documents: refused, not just dropped.
ACTIVE_ELEMENTS = {
    "script", "foreignObject", "iframe", "embed", "object", "handler", "listener",
    "animate", "set", "animateMotion", "animateTransform", "image", "feImage", "a",
}  # fmt: skip
# What a logo may draw with. Anything else in the SVG namespace (and everything in
# an editor's own namespace, such as Inkscape's) is dropped.
DRAWING_ELEMENTS = {
    "svg", "g", "defs", "title", "desc", "path", "rect", "circle", "ellipse", "line",
    "polyline", "polygon", "text", "tspan", "textPath", "linearGradient", "radialGradient",
    "stop", "clipPath", "mask", "pattern", "use", "symbol", "marker", "filter",
    "feGaussianBlur", "feOffset", "feBlend", "feColorMatrix", "feFlood", "feComposite",
    "feMerge", "feMergeNode", "style",
}  # fmt: skip
DRAWING_ATTRIBUTES = {
    "id", "class", "viewBox", "width", "height", "x", "y", "x1", "y1", "x2", "y2", "cx",
    "cy", "r", "rx", "ry", "d", "points", "fill", "fill-opacity", "fill-rule", "stroke",
    "stroke-width", "stroke-linecap", "stroke-linejoin", "stroke-miterlimit",
    "stroke-dasharray", "stroke-dashoffset", "stroke-opacity", "opacity", "transform",
    "style", "font-family", "font-size", "font-weight", "font-style", "text-anchor",
    "dominant-baseline", "letter-spacing", "offset", "stop-color", "stop-opacity",
    "gradientUnits", "gradientTransform", "spreadMethod", "fx", "fy", "clip-path",
    "clip-rule", "clipPathUnits", "mask", "maskUnits", "patternUnits",
    "patternTransform", "preserveAspectRatio", "href", "visibility", "display",
    "version", "markerWidth", "markerHeight", "refX", "refY", "orient", "filter",
    "stdDeviation", "dx", "dy", "in", "in2", "result", "mode", "values", "type",
    "operator", "flood-color", "flood-opacity", "color", "xml:space", "lang",
}  # fmt: skip
# CSS that loads something or runs script (in a style attribute or element).
ACTIVE_CSS = re.compile(r"@import|expression\s*\(|url\s*\(\s*['\"]?(?!#)", re.IGNORECASE)
CODE_MESSAGE = (
    "This SVG contains code or links to other files (for example a script), so it is "
    "not safe to show. Save it again as a plain SVG, or upload a PNG."
)


class ImageRejected(Refused):
    """The picture is refused; `message` says why, in plain English."""


@dataclass(frozen=True)
class CheckedImage:
    data: bytes
    content_type: str

    @property
    def extension(self):
        return "svg" if self.content_type == SVG else "png"


def _read(uploaded):
    uploaded.seek(0)
    data = b"".join(uploaded.chunks()) if hasattr(uploaded, "chunks") else uploaded.read()
    uploaded.seek(0)
    return data


def check_image(uploaded):
    """A CheckedImage (the rewritten file) for an acceptable logo or signature, or
    raise ImageRejected."""
    data = _read(uploaded)
    limit = settings.SCHEME_IMAGE_MAX_BYTES
    if not data:
        raise ImageRejected("This file is empty.")
    if len(data) > limit:
        raise ImageRejected(
            f"This file is {len(data) / 1024:.0f} KB. The largest we accept is "
            f"{limit // 1024} KB. Make it smaller and try again."
        )
    if data.startswith(PNG_SIGNATURE):
        return CheckedImage(_clean_png(data), PNG)
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<?xml", b"<svg")) or (head.startswith(b"<!--") and b"<svg" in head):
        return CheckedImage(_clean_svg(data), SVG)
    raise ImageRejected("Upload the picture as a PNG or an SVG file.")


def _png_end(data):
    """Where the PNG's IEND chunk ends, walking its chunks (None if it is damaged)."""
    offset = len(PNG_SIGNATURE)
    while offset + 12 <= len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        kind = data[offset + 4 : offset + 8]
        offset += 12 + length
        if kind == b"IEND":
            return offset
    return None


def _clean_png(data):
    end = _png_end(data)
    if end is None:
        raise ImageRejected("This picture is damaged and cannot be opened.")
    if data[end:].strip(b"\x00"):
        raise ImageRejected(
            "This PNG has another file hidden after the picture, so it is not safe to show. "
            "Save it again as a plain PNG and try once more."
        )
    if CODE_MARKERS.search(data) or CODE_MARKERS.search(_text_chunks(data)):
        raise ImageRejected(
            "This PNG also contains web page code, so it is not safe to show. "
            "Save it again as a plain PNG and try once more."
        )
    max_side = settings.SCHEME_IMAGE_MAX_SIDE
    too_big = ImageRejected(
        f"This picture is too large. It can be at most {max_side} by {max_side} pixels."
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                if image.format != "PNG":
                    raise ImageRejected("This picture is damaged and cannot be opened.")
                width, height = image.size
                if width > max_side or height > max_side:
                    raise too_big
                image.load()
                if image.mode not in ("RGB", "RGBA", "L", "LA"):
                    image = image.convert("RGBA")
                out = io.BytesIO()
                image.save(out, format="PNG", optimize=True)
    except ImageRejected:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise too_big from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError,
            struct.error, MemoryError, zlib.error):  # fmt: skip
        raise ImageRejected("This picture is damaged and cannot be opened.") from None
    return out.getvalue()


def _text_chunks(data):
    """The inflated text of the PNG's compressed text chunks (zTXt, iTXt), where markup
    could hide from a search of the file's bytes."""
    found = []
    offset = len(PNG_SIGNATURE)
    while offset + 12 <= len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        kind = data[offset + 4 : offset + 8]
        body = data[offset + 8 : offset + 8 + length]
        offset += 12 + length
        if kind in (b"zTXt", b"iTXt"):
            try:
                found.append(zlib.decompressobj().decompress(body.split(b"\x00", 1)[-1][1:], 65536))
            except zlib.error:
                found.append(body)
    return b"".join(found)


def _local(name):
    return name.rsplit("}", 1)[-1]


def _namespace(name):
    return name[1:].split("}", 1)[0] if name.startswith("{") else ""


def _clean_svg(data):
    if b"<!doctype" in data.lower() or b"<!entity" in data.lower():
        raise ImageRejected(CODE_MESSAGE)
    try:
        root = fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except (ElementTree.ParseError, DefusedXmlException, ValueError):
        raise ImageRejected("This SVG is damaged and cannot be opened.") from None
    if root.tag != f"{{{SVG_NS}}}svg":
        raise ImageRejected("This file is not an SVG picture.")
    _check_svg_element(root)
    _strip_svg_element(root)
    ElementTree.register_namespace("", SVG_NS)
    ElementTree.register_namespace("xlink", XLINK_NS)
    return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)


def _check_svg_element(element):
    for node in element.iter():
        if not isinstance(node.tag, str):
            continue
        if _local(node.tag) in ACTIVE_ELEMENTS:
            raise ImageRejected(CODE_MESSAGE)
        if _local(node.tag) == "style" and ACTIVE_CSS.search(node.text or ""):
            raise ImageRejected(CODE_MESSAGE)
        for name, value in node.attrib.items():
            local = _local(name).lower()
            if local.startswith("on"):
                raise ImageRejected(CODE_MESSAGE)
            if local == "href" and not value.strip().startswith("#"):
                raise ImageRejected(CODE_MESSAGE)
            if "javascript:" in value.lower().replace(" ", "") or ACTIVE_CSS.search(value):
                raise ImageRejected(CODE_MESSAGE)


def _strip_svg_element(element):
    """Drop what is not drawing: other namespaces' elements and attributes, comments
    and processing instructions, and SVG elements or attributes not on the lists."""
    for child in list(element):
        keep = (
            isinstance(child.tag, str)
            and _namespace(child.tag) == SVG_NS
            and _local(child.tag) in DRAWING_ELEMENTS
        )
        if keep:
            _strip_svg_element(child)
        else:
            element.remove(child)
    for name in list(element.attrib):
        namespace = _namespace(name)
        if namespace == XLINK_NS and _local(name) == "href":
            continue
        if namespace == "http://www.w3.org/XML/1998/namespace" and _local(name) == "space":
            continue
        if namespace or name not in DRAWING_ATTRIBUTES:
            del element.attrib[name]
