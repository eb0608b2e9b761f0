"""PDF documents from Django templates (WeasyPrint), set in the Thai font bundled here.

Thai renders only in a Thai font named in the CSS, so Sarabun (OFL) ships with the project
and a PDF looks the same on every server. Templates just say `font-family: "Sarabun"`;
this module supplies the @font-face rules. Rendering fetches nothing but those font files:
the HTML holds what users typed, and a PDF must never reach out to the network or disk.

PDFs use "Sarabun EPlan" (SarabunEPlan-*.ttf, built from Sarabun-*.ttf by
scripts/build_pdf_fonts.py), which looks exactly like Sarabun but has its own glyphs for the
parts of sara am (ำ): WeasyPrint gives a glyph one text for the whole PDF, and with Sarabun's
own glyphs the text copied from a PDF reads "บทนา" for บทนำ or "กำร" for การ.
"""

import functools
import logging
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

from django.http import HttpResponse
from django.template.loader import render_to_string

from eplan.core import thai

# WeasyPrint logs every page it lays out at INFO, the level the site logs at.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

FONT_DIR = Path(__file__).resolve().parent / "static" / "eplan" / "fonts"
FONT_FAMILY = "Sarabun"  # the name templates use; the files' own family is "Sarabun EPlan"
# (file, weight, style)
FONT_FACES = (
    ("SarabunEPlan-Regular.ttf", 400, "normal"),
    ("SarabunEPlan-Italic.ttf", 400, "italic"),
    ("SarabunEPlan-SemiBold.ttf", 600, "normal"),
    ("SarabunEPlan-Bold.ttf", 700, "normal"),
)
_NIKHAHIT_SARA_AA = re.compile("\u0e4d([\u0e48-\u0e4b]?)\u0e32|([\u0e48-\u0e4b])\u0e4d\u0e32")


def font_css() -> str:
    return "\n".join(
        f'@font-face {{ font-family: "{FONT_FAMILY}"; src: url("{(FONT_DIR / name).as_uri()}"); '
        f"font-weight: {weight}; font-style: {style}; }}"
        for name, weight, style in FONT_FACES
    )


def render_html(template_name, context, *, request=None, thai_digits=False) -> str:
    """The HTML a PDF is made from. With thai_digits, every digit of the text (not of the
    markup or CSS) becomes a Thai digit, except inside elements marked
    data-digits="arabic" (hashes, codes to be typed elsewhere). Templates get
    `counter_style` ("thai" or "decimal") for page numbers made by CSS counters."""
    context = {**context, "counter_style": "thai" if thai_digits else "decimal"}
    html = render_to_string(template_name, context, request=request)
    return with_thai_digits(html) if thai_digits else html


def html_to_pdf(html: str) -> bytes:
    # Imported here: WeasyPrint loads Pango when imported, which no other page needs.
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    fetcher = _fonts_only_fetcher_class()()  # one per render: a fetcher keeps request state
    stylesheet = CSS(string=font_css(), font_config=fonts, url_fetcher=fetcher)
    return HTML(string=with_sara_am(html), url_fetcher=fetcher).write_pdf(stylesheets=[stylesheet], font_config=fonts)


def with_sara_am(html: str) -> str:
    """Sara am typed the old way, as nikhahit + sara aa ("กํา", "น้ํา" or "น่ํา", common in text
    pasted from other PDFs), written as ำ. Both draw the same glyphs, and a PDF has one text per
    glyph: left alone, the first one printed would decide how every ำ of the PDF copies."""
    if "\u0e4d" not in html:
        return html
    return _NIKHAHIT_SARA_AA.sub(lambda match: (match[1] or match[2] or "") + "\u0e33", html)


def render_pdf(template_name, context, *, request=None, thai_digits=False) -> bytes:
    return html_to_pdf(render_html(template_name, context, request=request, thai_digits=thai_digits))


def content_disposition(filename: str, *, fallback: str = "", as_attachment: bool = False) -> str:
    """`inline; filename="plan.pdf"; filename*=UTF-8''แผน.pdf` (RFC 6266): browsers show the
    Thai name; old clients get the ASCII fallback."""
    filename = _clean_filename(filename)
    fallback = _clean_filename(fallback or filename).encode("ascii", "ignore").decode() or "document.pdf"
    kind = "attachment" if as_attachment else "inline"
    return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def pdf_response(content: bytes, filename: str, *, fallback: str = "", as_attachment: bool = False) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(filename, fallback=fallback, as_attachment=as_attachment)
    # A plan in draft changes by the minute and is not public: no shared caches.
    response["Cache-Control"] = "private, no-cache"
    return response


def _clean_filename(name: str) -> str:
    unsafe = '/\\"\r\n\t:*?<>|'
    return "".join("-" if character in unsafe else character for character in name).strip() or "document.pdf"


@functools.cache
def _fonts_only_fetcher_class():
    from weasyprint.urls import URLFetcher

    allowed = {(FONT_DIR / name).as_uri() for name, _weight, _style in FONT_FACES}

    class FontsOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url not in allowed:
                raise ValueError(f"PDF rendering fetches only the bundled fonts, not {url}")
            return super().fetch(url, headers)

    return FontsOnlyFetcher


def with_thai_digits(html: str) -> str:
    """Arabic digits in the text of an HTML document to Thai digits (see render_html)."""
    converter = _ThaiDigits()
    converter.feed(html)
    converter.close()
    return "".join(converter.out)


_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_RAW = {"style", "script"}


class _ThaiDigits(HTMLParser):
    """Copies HTML through unchanged but for the digits of its text."""

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.out = []
        self.keep_tag = None  # inside this element digits stay as they are
        self.keep_depth = 0

    def handle_starttag(self, tag, attrs):
        self.out.append(self.get_starttag_text())
        if tag in _VOID:
            return
        if self.keep_tag is None and (tag in _RAW or ("data-digits", "arabic") in attrs):
            self.keep_tag, self.keep_depth = tag, 1
        elif tag == self.keep_tag:
            self.keep_depth += 1

    def handle_startendtag(self, tag, attrs):
        self.out.append(self.get_starttag_text())

    def handle_endtag(self, tag):
        self.out.append(f"</{tag}>")
        if tag == self.keep_tag:
            self.keep_depth -= 1
            if self.keep_depth == 0:
                self.keep_tag = None

    def handle_data(self, data):
        self.out.append(data if self.keep_tag else thai.thai_digits(data))

    def handle_entityref(self, name):
        self.out.append(f"&{name};")

    def handle_charref(self, name):
        self.out.append(f"&#{name};")

    def handle_comment(self, data):
        self.out.append(f"<!--{data}-->")

    def handle_decl(self, decl):
        self.out.append(f"<!{decl}>")

    def handle_pi(self, data):
        self.out.append(f"<?{data}>")

    def unknown_decl(self, data):
        self.out.append(f"<![{data}]>")
