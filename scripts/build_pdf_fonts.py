"""Build the fonts PDFs are set in: Sarabun, changed only so that PDF text copies right.

Why: HarfBuzz shapes sara am (ำ) as nikhahit + sara aa (า), the consonant's tone mark, if any,
fused with the nikhahit into one glyph. WeasyPrint (weasyprint/draw/text.py) gives each glyph
of a font one text for the whole PDF, the text of the first cluster it was drawn in: the last
glyph of a cluster gets the cluster's text, the others get "". So the า of "การ" and the า of
"บทนำ" (whose text is "ำ") are the same glyph with one text, and one of the two words comes out
wrong when copied ("บทนา" or "กำร"); "น้ำ" comes out as "นา".

What: each face gets copies of the glyphs drawn inside ำ (the nikhahit, nikhahit + tone mark
ligatures, and sara aa: one copy of sara aa per tone mark, as each has a different text: "ำ",
"่ำ", "้ำ", "๊ำ", "๋ำ"), reached only through a contextual substitution appended to the font's
own GSUB (its ccmp feature for Thai, after every lookup it already has). A copy has the
outline, advance, GDEF classes and GPOS data (kerning, mark anchors) of its original, so text
looks exactly as before; only the glyph ids in the PDF, and with them the text, differ.

The family is renamed "Sarabun EPlan" (Sarabun's licence names no Reserved Font Name, but a
modified font should not pass for the original) and the name table says what was changed.
Same sources, same fontTools: same bytes (no timestamps).

    .venv/bin/python scripts/build_pdf_fonts.py
"""

import bisect
import copy
import io
import sys
from pathlib import Path

from fontTools.misc.timeTools import timestampFromString
from fontTools.otlLib.builder import buildCoverage, buildLookup, buildSingleSubstSubtable
from fontTools.otlLib.maxContextCalc import maxCtxFont
from fontTools.ttLib import TTFont
from fontTools.ttLib.tables import otTables

FONT_DIR = Path(__file__).resolve().parent.parent / "eplan" / "core" / "static" / "eplan" / "fonts"
FACES = ("Regular", "Italic", "SemiBold", "Bold")
SOURCE = "Sarabun-{face}.ttf"
TARGET = "SarabunEPlan-{face}.ttf"
FAMILY = "Sarabun EPlan"  # the CSS alias PDFs use stays "Sarabun" (eplan/core/pdf.py)
POSTSCRIPT_FAMILY = "SarabunEPlan"
BUILD = "E-Plan PDF build 1"
# head.modified of every derived face: fixed, so a rebuild gives the same bytes.
MODIFIED = timestampFromString("Tue Dec 01 00:00:00 2026")
DESCRIPTION = (
    "Modified by the E-Plan project from Sarabun 1.000 (SIL Open Font License 1.1): copies of "
    "the glyphs drawn inside sara am (U+0E33), reached only by a contextual substitution added "
    "to the font's GSUB, so that PDFs made with WeasyPrint map every glyph to the right text. "
    "Outlines, metrics and positioning are those of Sarabun."
)

SUFFIX = ".am"
SARA_AA = "uni0E32"
TONES = ("0E48", "0E49", "0E4A", "0E4B")  # mai ek, mai tho, mai tri, mai chattawa
NIKHAHIT = ("uni0E4D", "uni0E4D.narrow")  # .narrow: after ป ฝ ฟ (GSUB lookup of the font)


def nikhahit_with(tone):
    """The font's ligatures of nikhahit and a tone mark (its GSUB makes them)."""
    return (f"uni0E4D{tone}", f"uni0E4D{tone}.narrow")


def sara_aa_copy(tone=None):
    return f"{SARA_AA}{SUFFIX}{tone or ''}"


def mark_copy(name):
    return f"{name}{SUFFIX}"


def copies_wanted():
    """{copy: original}, in the order the copies are added to the font."""
    wanted = {mark_copy(name): name for name in NIKHAHIT}
    for tone in TONES:
        wanted.update({mark_copy(name): name for name in nikhahit_with(tone)})
    wanted[sara_aa_copy()] = SARA_AA
    wanted.update({sara_aa_copy(tone): SARA_AA for tone in TONES})
    return wanted


def build(source: Path, face: str) -> bytes:
    font = TTFont(source, recalcTimestamp=False)
    font.ensureDecompiled()
    wanted = copies_wanted()
    missing = sorted(set(wanted.values()) - set(font.getGlyphOrder()))
    if missing:
        raise SystemExit(f"{source.name}: no glyph {', '.join(missing)}")

    add_glyph_copies(font, wanted)
    copy_gdef(font, wanted)
    copy_gpos(font, wanted)
    add_sara_am_substitutions(font)
    rename(font, face)
    if "DSIG" in font:
        del font["DSIG"]  # a signature of the original font, wrong for this one
    font["OS/2"].usMaxContext = maxCtxFont(font)
    font["head"].modified = MODIFIED

    out = io.BytesIO()
    font.save(out, reorderTables=True)
    return out.getvalue()


def add_glyph_copies(font, wanted):
    order = list(font.getGlyphOrder())
    glyf, hmtx = font["glyf"], font["hmtx"]
    for copy_name, original in wanted.items():
        if copy_name in order:
            raise SystemExit(f"the font already has a glyph {copy_name}")
        order.append(copy_name)
        glyf.glyphs[copy_name] = copy.deepcopy(glyf[original])
        hmtx.metrics[copy_name] = hmtx.metrics[original]
    font.setGlyphOrder(order)


def copy_gdef(font, wanted):
    gdef = font["GDEF"].table
    for class_def in (gdef.GlyphClassDef, gdef.MarkAttachClassDef):
        copy_class(class_def, wanted)
    for table in ("AttachList", "LigCaretList", "MarkGlyphSetsDef"):
        if getattr(gdef, table, None) is not None:
            raise SystemExit(f"GDEF {table}: not handled by this script")


def copy_class(class_def, wanted):
    if class_def is None:
        return
    for copy_name, original in wanted.items():
        if original in class_def.classDefs:
            class_def.classDefs[copy_name] = class_def.classDefs[original]


def copy_gpos(font, wanted):
    """Every GPOS record of an original also for its copies (kerning, mark attachment)."""
    glyph_id = font.getReverseGlyphMap()
    for index, lookup in enumerate(font["GPOS"].table.LookupList.Lookup):
        for subtable in lookup.SubTable:
            kind = lookup.LookupType
            if kind == 9:
                kind, subtable = subtable.ExtensionLookupType, subtable.ExtSubTable
            if kind == 2 and subtable.Format == 1:
                copy_pair_glyphs(subtable, wanted, glyph_id)
            elif kind == 2 and subtable.Format == 2:
                copy_in_coverage(subtable.Coverage, None, wanted, glyph_id)
                copy_class(subtable.ClassDef1, wanted)
                copy_class(subtable.ClassDef2, wanted)
            elif kind == 4:
                copy_in_coverage(subtable.MarkCoverage, subtable.MarkArray.MarkRecord, wanted, glyph_id)
                copy_in_coverage(subtable.BaseCoverage, subtable.BaseArray.BaseRecord, wanted, glyph_id)
            elif kind == 6:
                copy_in_coverage(subtable.Mark1Coverage, subtable.Mark1Array.MarkRecord, wanted, glyph_id)
                copy_in_coverage(subtable.Mark2Coverage, subtable.Mark2Array.Mark2Record, wanted, glyph_id)
            else:
                raise SystemExit(f"GPOS lookup {index} (type {kind}): not handled by this script")


def copy_in_coverage(coverage, records, wanted, glyph_id):
    """Add each copy to a coverage (kept in glyph-id order) and, if given, the records
    aligned with it."""
    for copy_name, original in wanted.items():
        if original not in coverage.glyphs:
            continue
        at = bisect.bisect(coverage.glyphs, glyph_id[copy_name], key=glyph_id.__getitem__)
        if records is not None:
            records.insert(at, copy.deepcopy(records[coverage.glyphs.index(original)]))
        coverage.glyphs.insert(at, copy_name)


def copy_pair_glyphs(subtable, wanted, glyph_id):
    for pair_set in subtable.PairSet:
        pairs = pair_set.PairValueRecord
        for record in list(pairs):
            for copy_name, original in wanted.items():
                if record.SecondGlyph == original:
                    extra = copy.deepcopy(record)
                    extra.SecondGlyph = copy_name
                    pairs.append(extra)
        pairs.sort(key=lambda record: glyph_id[record.SecondGlyph])
        pair_set.PairValueCount = len(pairs)
    copy_in_coverage(subtable.Coverage, subtable.PairSet, wanted, glyph_id)
    subtable.PairSetCount = len(subtable.PairSet)


def add_sara_am_substitutions(font):
    """After every lookup of the font: nikhahit (or nikhahit + tone) followed by sara aa, the
    glyphs of ำ, become the copies. Sarabun's own ccmp has fused the tone mark into the
    nikhahit by then, and the marks stand right before sara aa, so no mark is skipped."""
    gsub = font["GSUB"].table
    lookups = gsub.LookupList.Lookup
    glyph_map = font.getReverseGlyphMap()

    def add_lookup(subtables):
        lookups.append(buildLookup(subtables))
        return len(lookups) - 1

    marks = list(NIKHAHIT) + [name for tone in TONES for name in nikhahit_with(tone)]
    to_mark_copy = add_lookup([buildSingleSubstSubtable({name: mark_copy(name) for name in marks})])
    to_aa_copy = {
        tone: add_lookup([buildSingleSubstSubtable({SARA_AA: sara_aa_copy(tone)})]) for tone in (None, *TONES)
    }
    rules = [chain_rule([list(NIKHAHIT), [SARA_AA]], [to_mark_copy, to_aa_copy[None]], glyph_map)]
    rules += [
        chain_rule([list(nikhahit_with(tone)), [SARA_AA]], [to_mark_copy, to_aa_copy[tone]], glyph_map)
        for tone in TONES
    ]
    sara_am = add_lookup(rules)
    gsub.LookupList.LookupCount = len(lookups)

    ccmp = set()
    for script in gsub.ScriptList.ScriptRecord:
        if script.ScriptTag == "thai":
            for langsys in [script.Script.DefaultLangSys] + [r.LangSys for r in script.Script.LangSysRecord]:
                features = langsys.FeatureIndex if langsys else ()
                ccmp.update(i for i in features if gsub.FeatureList.FeatureRecord[i].FeatureTag == "ccmp")
    if not ccmp:
        raise SystemExit("no ccmp feature for the thai script")
    for index in sorted(ccmp):
        feature = gsub.FeatureList.FeatureRecord[index].Feature
        feature.LookupListIndex.append(sara_am)
        feature.LookupCount = len(feature.LookupListIndex)


def chain_rule(inputs, lookup_indices, glyph_map):
    """A ChainContextSubst (format 3): the glyph sequence `inputs` (one list of glyphs per
    position), position i substituted by lookup_indices[i]."""
    rule = otTables.ChainContextSubst()
    rule.Format = 3
    rule.BacktrackGlyphCount = rule.LookAheadGlyphCount = 0
    rule.BacktrackCoverage, rule.LookAheadCoverage = [], []
    rule.InputCoverage = [buildCoverage(glyphs, glyph_map) for glyphs in inputs]
    rule.InputGlyphCount = len(inputs)
    rule.SubstLookupRecord = []
    for position, lookup_index in enumerate(lookup_indices):
        record = otTables.SubstLookupRecord()
        record.SequenceIndex, record.LookupListIndex = position, lookup_index
        rule.SubstLookupRecord.append(record)
    rule.SubstCount = len(rule.SubstLookupRecord)
    return rule


def rename(font, face):
    name = font["name"]
    for record in name.names:
        text = record.toUnicode()
        if record.nameID in (1, 4, 16):  # family, full name, typographic family
            text = text.replace("Sarabun", FAMILY, 1)
        elif record.nameID == 3:  # unique id
            text = f"1.000;EPLAN;{POSTSCRIPT_FAMILY}-{face}"
        elif record.nameID == 5:  # version
            text = f"{text}; {BUILD} (modified)"
        elif record.nameID == 6:  # PostScript name
            text = text.replace("Sarabun-", f"{POSTSCRIPT_FAMILY}-", 1)
        record.string = text
    for platform, encoding, language in {(r.platformID, r.platEncID, r.langID) for r in name.names}:
        name.setName(DESCRIPTION, 10, platform, encoding, language)
    if not name.getDebugName(1).startswith(FAMILY) or not name.getDebugName(6).startswith(POSTSCRIPT_FAMILY):
        raise SystemExit("renaming failed")


def main():
    for face in FACES:
        target = FONT_DIR / TARGET.format(face=face)
        data = build(FONT_DIR / SOURCE.format(face=face), face)
        changed = not target.exists() or target.read_bytes() != data
        target.write_bytes(data)
        print(f"{target.relative_to(FONT_DIR.parents[4])}: {len(data)} bytes{'' if changed else ', unchanged'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
