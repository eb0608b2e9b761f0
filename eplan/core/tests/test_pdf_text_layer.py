"""Text copied from a PDF is the text that was printed, sara am (ำ) included.

WeasyPrint gives each glyph one text for the whole PDF; Sarabun draws ำ with the า of การ, so
one of the two words used to copy wrong ("บทนา" or "กำร"). PDFs are set in Sarabun EPlan
(scripts/build_pdf_fonts.py), whose glyphs inside ำ are copies of Sarabun's: these tests check
the text layer with poppler's pdftotext, and that the copies draw exactly what Sarabun draws.

pdftotext runs with -raw (content-stream order): its default layout analysis puts some Thai
marks after the next letter whatever the font ("ขุน่" for ขุ่น), a limit of poppler."""

import importlib.util
import shutil
import subprocess
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from eplan.core import pdf

ROOT = Path(__file__).resolve().parents[3]
WORDS = "การ บทนำ น้ำ ทำให้ กำหนด ที่ ผู้ใหญ่ ปฏิบัติ ญาติ ฐาน"
PARAGRAPH = (
    "การวิเคราะห์ความเสี่ยงในการเกิดการทุจริต ส่วนที่ ๑ บทนำ น้ำใจ ทำนุบำรุง กำกับ ค่ำ ต่ำ ซ้ำ ล้ำ "
    "แผนปฏิบัติการป้องกันการทุจริต ๔ ปี (พ.ศ. ๒๕๖๑ - ๒๕๖๔) ขององค์การบริหารส่วนตำบล "
    "ผู้บริหารท้องถิ่นกำหนดนโยบาย ๑๒,๓๔๕.๖๗ บาท ปีงบประมาณ 2561 ฯลฯ"
)
# Every consonant with ำ, alone and under each tone mark (ป ฝ ฟ take the narrow marks).
CONSONANTS = [chr(code) for code in range(0x0E01, 0x0E2F)]
SARA_AM = " ".join(consonant + tone + "ำ" for consonant in CONSONANTS for tone in ("", "่", "้", "๊", "๋"))
# (CSS, face): every face pdf.FONT_FACES bundles
STYLES = [
    ("font-weight: 400", "Regular"),
    ("font-weight: 700", "Bold"),
    ("font-weight: 600", "SemiBold"),
    ("font-style: italic", "Italic"),
]


def pdftotext(content: bytes, tmp_path: Path) -> str:
    """The text of a PDF without whitespace (lines break inside Thai words)."""
    program = shutil.which("pdftotext")
    if program is None:
        pytest.fail("pdftotext is missing: install Debian's poppler-utils (apt-get install -y poppler-utils)")
    path = tmp_path / "document.pdf"
    path.write_bytes(content)
    command = [program, "-raw", "-enc", "UTF-8", path, "-"]
    result = subprocess.run(command, capture_output=True, check=True)  # noqa: S603 (our own file)
    return unspaced(result.stdout.decode())


def unspaced(text: str) -> str:
    return "".join(text.split())


def page(*paragraphs: str, style: str = "") -> str:
    body = "".join(f"<p>{text}</p>" for text in paragraphs)
    return (
        '<!doctype html><html lang="th"><head><meta charset="utf-8"><style>'
        f'body {{ font-family: "{pdf.FONT_FAMILY}"; font-size: 14pt; {style} }}'
        f"</style></head><body>{body}</body></html>"
    )


def reversed_words(text: str) -> str:
    return " ".join(reversed(text.split()))


@pytest.mark.parametrize(("style", "face"), STYLES, ids=[face for _style, face in STYLES])
@pytest.mark.parametrize("order", ["as written", "reversed"])
def test_text_copied_from_a_pdf_is_the_text_printed(tmp_path, style, face, order):
    # WeasyPrint maps a glyph to the text of its first use: both orders of first use count.
    texts = [WORDS, PARAGRAPH, SARA_AM]
    if order == "reversed":
        texts = [reversed_words(text) for text in reversed(texts)]

    text = pdftotext(pdf.html_to_pdf(page(*texts, style=style)), tmp_path)

    assert text == unspaced(" ".join(texts))


def test_bold_and_italic_in_a_paragraph_copy_as_printed(tmp_path):
    html = page(
        "<b>บทนำ</b> การ <i>น้ำ ทำให้</i> ที่ <strong>กำหนด</strong> ผู้ใหญ่ "
        '<span style="font-weight: 600">ปฏิบัติ ค่ำ</span> ญาติ ฐาน <b><i>ซ้ำ การ</i></b>'
    )

    assert pdftotext(pdf.html_to_pdf(html), tmp_path) == unspaced(
        "บทนำ การ น้ำ ทำให้ ที่ กำหนด ผู้ใหญ่ ปฏิบัติ ค่ำ ญาติ ฐาน ซ้ำ การ"
    )


def test_sara_am_typed_as_nikhahit_and_sara_aa_copies_as_sara_am(tmp_path):
    # Looks the same as ำ and draws the same glyphs, so it is printed as ำ.
    legacy = "กํา ทําให้ น้ํา น่ํา"

    assert pdftotext(pdf.html_to_pdf(page(legacy, "บทนำ การ")), tmp_path) == unspaced("กำ ทำให้ น้ำ น่ำ บทนำ การ")


def test_every_face_of_the_pdfs_is_a_derived_font_in_the_bundle():
    assert {face for _style, face in STYLES} == {name.split("-")[1].removesuffix(".ttf") for name, *_ in pdf.FONT_FACES}
    assert (pdf.FONT_DIR / "OFL-Sarabun.txt").exists()
    for name, _weight, _style in pdf.FONT_FACES:
        font_name = TTFont(pdf.FONT_DIR / name)["name"]

        assert font_name.getDebugName(1).startswith("Sarabun EPlan")
        assert font_name.getDebugName(6).startswith("SarabunEPlan-")
        assert "Modified by the E-Plan project" in font_name.getDebugName(10)
        assert "SIL Open Font License" in font_name.getDebugName(13)


def build_script():
    spec = importlib.util.spec_from_file_location("build_pdf_fonts", ROOT / "scripts" / "build_pdf_fonts.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_bundled_fonts_are_what_the_build_script_makes():
    script = build_script()

    for face in script.FACES:
        built = script.build(script.FONT_DIR / script.SOURCE.format(face=face), face)

        assert built == (script.FONT_DIR / script.TARGET.format(face=face)).read_bytes(), (
            f"{script.TARGET.format(face=face)} is stale: run .venv/bin/python scripts/build_pdf_fonts.py"
        )


@pytest.mark.parametrize("face", ["Regular", "Italic", "SemiBold", "Bold"])
def test_the_derived_font_is_sarabun_plus_copies_with_the_same_outlines(face):
    script = build_script()
    original = TTFont(script.FONT_DIR / script.SOURCE.format(face=face))
    derived = TTFont(script.FONT_DIR / script.TARGET.format(face=face))
    copies = script.copies_wanted()
    order = original.getGlyphOrder()

    assert derived.getGlyphOrder() == order + list(copies)  # original glyph ids unchanged
    assert derived.getBestCmap() == original.getBestCmap()
    for name in order:
        assert derived["glyf"][name] == original["glyf"][name], name
        assert derived["hmtx"][name] == original["hmtx"][name], name
    gdef, original_gdef = derived["GDEF"].table, original["GDEF"].table
    for copy_name, name in copies.items():
        assert derived["glyf"][copy_name] == original["glyf"][name], copy_name
        assert derived["hmtx"][copy_name] == original["hmtx"][name], copy_name
        for class_def, original_class_def in (
            (gdef.GlyphClassDef, original_gdef.GlyphClassDef),
            (gdef.MarkAttachClassDef, original_gdef.MarkAttachClassDef),
        ):
            assert class_def.classDefs.get(copy_name) == original_class_def.classDefs.get(name), copy_name


def raster(content: bytes, tmp_path: Path, name: str) -> bytes:
    program = shutil.which("pdftoppm")
    if program is None:
        pytest.fail("pdftoppm is missing: install Debian's poppler-utils (apt-get install -y poppler-utils)")
    (tmp_path / f"{name}.pdf").write_bytes(content)
    command = [program, "-r", "150", "-gray", "-singlefile", tmp_path / f"{name}.pdf", tmp_path / name]
    subprocess.run(command, check=True)  # noqa: S603 (our own file)
    return (tmp_path / f"{name}.pgm").read_bytes()


@pytest.fixture
def sarabun_itself(monkeypatch):
    """html_to_pdf with the original Sarabun files."""
    originals = tuple((name.replace("SarabunEPlan-", "Sarabun-"), *rest) for name, *rest in pdf.FONT_FACES)
    monkeypatch.setattr(pdf, "FONT_FACES", originals)
    pdf._fonts_only_fetcher_class.cache_clear()
    yield
    pdf._fonts_only_fetcher_class.cache_clear()


def test_a_page_looks_exactly_as_in_sarabun(tmp_path, request):
    styled = [f'<span style="{style}">{WORDS} {PARAGRAPH}</span>' for style, _face in STYLES]
    html = page(*styled, SARA_AM)
    derived = raster(pdf.html_to_pdf(html), tmp_path, "derived")

    request.getfixturevalue("sarabun_itself")
    original = raster(pdf.html_to_pdf(html), tmp_path, "original")

    assert len(derived) == len(original)
    assert derived == original, f"{sum(a != b for a, b in zip(derived, original, strict=True))} pixels differ"
