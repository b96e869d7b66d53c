"""Fetch a page or a download and return its visible text (PDFs through pypdf)."""

import io
from html.parser import HTMLParser

from pypdf import PdfReader
from pypdf.errors import PdfStreamError


def body_of(response):
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def text_of(response):
    """The response as text: PDFs are extracted, everything else decoded."""
    data = body_of(response)
    raw = data.decode("utf-8", errors="replace")
    if data.startswith(b"%PDF"):
        try:
            reader = PdfReader(io.BytesIO(data))
            return "\n".join(page.extract_text() or "" for page in reader.pages) + raw
        except PdfStreamError:  # a stand-in evidence file, not a real PDF
            return raw
    return raw


class _MainText(HTMLParser):
    """Visible text inside <main>, without scripts, styles or hidden elements."""

    SKIP = {"script", "style", "template", "noscript"}
    # The end of each of these ends a "sentence" for the readability formulas.
    BLOCKS = {
        "p",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "td",
        "th",
        "label",
        "button",
        "div",
        "legend",
        "summary",
        "caption",
        "dt",
        "dd",
        "option",
        "a",
        "section",
    }

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.in_main = 0
        self.skip = 0
        self.parts = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "main":
            self.in_main += 1
        void = tag in {"br", "img", "input", "meta", "link", "hr"}
        if (self.skip or tag in self.SKIP or "hidden" in attributes) and not void:
            self.skip += 1

    def handle_endtag(self, tag):
        if self.skip:
            self.skip -= 1
        elif tag == "main":
            self.in_main -= 1
        if tag in self.BLOCKS:
            self.parts.append(". ")

    def handle_data(self, data):
        if self.in_main and not self.skip and data.strip():
            self.parts.append(data.strip())


def main_text(html):
    parser = _MainText()
    parser.feed(html)
    return " ".join(parser.parts)
