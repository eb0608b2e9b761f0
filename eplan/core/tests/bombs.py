"""Hostile files built in the test, as an attacker would build them: tiny on the wire, huge
once opened (issue 10, hole 7)."""

import io
import zipfile

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def workbook_with(replace: dict) -> bytes:
    """A sound workbook (a header row of text, so it has a shared-string part) with some of
    its parts replaced: {name: bytes or an iterable of byte chunks, streamed into the zip}."""
    workbook = Workbook()
    workbook.active.append(["รหัสรายการ", "ชื่อโครงการ/กิจกรรม/มาตรการ"])
    sound = io.BytesIO()
    workbook.save(sound)
    source = zipfile.ZipFile(io.BytesIO(sound.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for info in source.infolist():
            if info.filename not in replace:
                target.writestr(info.filename, source.read(info.filename))
        for name, content in replace.items():
            with target.open(name, "w", force_zip64=True) as handle:
                for chunk in [content] if isinstance(content, bytes) else content:
                    handle.write(chunk)
    return out.getvalue()


def empty_cells_bomb(rows=500, columns=16384, *, dimension=True) -> bytes:
    """rows × columns empty cells (<c/>, each the next column): 8 million cells in 32 MB of
    XML that zip to well under the 255 KB of the file found."""
    cells = b"<c/>" * columns

    def sheet():
        ref = f'<dimension ref="A1:{get_column_letter(columns)}{rows}"/>' if dimension else ""
        yield f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}">{ref}<sheetData>'.encode()
        for row in range(1, rows + 1):
            yield f'<row r="{row}">'.encode() + cells + b"</row>"
        yield b"</sheetData></worksheet>"

    return workbook_with({"xl/worksheets/sheet1.xml": sheet()})


def padded_rows_bomb(rows=500) -> bytes:
    """A few bytes per row, each row's only cell in the last column (XFD): a reader pads
    every row to 16,384 cells."""
    body = "".join(
        f'<row r="{row}"><c r="XFD{row}" t="inlineStr"><is><t>x</t></is></c></row>' for row in range(1, rows)
    )
    sheet = f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"><sheetData>{body}</sheetData></worksheet>'
    return workbook_with({"xl/worksheets/sheet1.xml": sheet.encode()})


def dimension_bomb(ref="A1:XFD1048576") -> bytes:
    """A sheet that says it spans `ref` and holds one cell."""
    sheet = (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"><dimension ref="{ref}"/>'
        '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row></sheetData></worksheet>'
    )
    return workbook_with({"xl/worksheets/sheet1.xml": sheet.encode()})


def far_row_bomb(row=1_048_576) -> bytes:
    """One cell in the last row Excel has: a reader walks every row before it."""
    sheet = (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"><sheetData>'
        f'<row r="{row}"><c r="A{row}" t="inlineStr"><is><t>x</t></is></c></row></sheetData></worksheet>'
    )
    return workbook_with({"xl/worksheets/sheet1.xml": sheet.encode()})


def shared_string_bomb(megabytes=200) -> bytes:
    """One shared string of `megabytes` MB: about 220 KB zipped."""
    chunk = b"A" * (1024 * 1024)

    def strings():
        yield f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}" count="2" uniqueCount="2"><si><t>'.encode()
        for _ in range(megabytes):
            yield chunk
        yield "</t></si><si><t>ชื่อโครงการ/กิจกรรม/มาตรการ</t></si></sst>".encode()

    return workbook_with({"xl/sharedStrings.xml": strings()})


def entity_bomb() -> bytes:
    """Billion laughs inside the shared strings (XML entities)."""
    entities = '<!ENTITY a "lollollollollollollollollollol">' + "".join(
        f'<!ENTITY {chr(98 + level)} "{("&" + chr(97 + level) + ";") * 10}">' for level in range(8)
    )
    strings = (
        f'<?xml version="1.0"?><!DOCTYPE sst [{entities}]><sst xmlns="{MAIN}" count="2" uniqueCount="2">'
        "<si><t>&i;</t></si><si><t>x</t></si></sst>"
    )
    return workbook_with({"xl/sharedStrings.xml": strings.encode()})


def many_entries_bomb(entries=5000) -> bytes:
    return workbook_with({f"xl/media/image{number}.png": b"" for number in range(entries)})


BILLION_LAUGHS_YAML = (
    "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    + "".join(
        f"{chr(98 + level)}: &{chr(98 + level)} [{', '.join(['*' + chr(97 + level)] * 9)}]\n" for level in range(8)
    )
    + "dimensions:\n  - number: 1\n    title: *i\n    missions: *i\n"
    + "criteria:\n  - text: *i\n    points: 1\n"
)
