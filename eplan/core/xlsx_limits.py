"""How big an uploaded workbook may be once opened, checked before anything parses it.

A .xlsx is a zip of XML parts, and a few hundred kilobytes can hold a hundred megabytes of
XML: 500 rows × 16,384 empty cells held a worker for 88 s, one 200 MB shared string added
309 MB to the process (issue 10, hole 7). `inspect` reads only the zip's directory and then
streams each XML part through expat, counting without keeping anything, and stops at the
first limit passed; openpyxl opens the file only after that. What it bounds:

- the zip: number of parts, each part's size once decompressed (zipfile itself never yields
  more than the size a part declares), their sum, and the compression ratio of large parts;
- the XML: no DOCTYPE (no Excel file has one, and entities are how XML bombs work), and a
  budget of elements for the whole file;
- each sheet: its highest row and column and its cells counted as a reader pays for them
  (openpyxl pads every row to the sheet's <dimension> or to the row's last cell).

The message says which limit and what to do, in Thai.
"""

import contextlib
import io
import posixpath
import pyexpat
import zipfile
import zlib
from dataclasses import dataclass

from django.utils.translation import gettext as _
from openpyxl.utils.cell import column_index_from_string, get_column_letter, range_boundaries

MB = 1024 * 1024
SHEET_NAMESPACES = (
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "http://purl.oclc.org/ooxml/spreadsheetml/main",
)
CHUNK = 1024 * 1024
# What zipfile raises for a damaged, encrypted or foreign-compressed part.
ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError)


@dataclass(frozen=True)
class Limits:
    rows: int = 20_000  # the highest row of any sheet (plans/excel.MAX_SHEET_ROWS)
    columns: int = 200  # the highest column (GR); the forms use about 25
    cells: int = 250_000  # per file, as the reader pays for them (padded rows): about 2 s of openpyxl
    parts: int = 1_000
    part_bytes: int = 25 * MB
    total_bytes: int = 60 * MB
    ratio: int = 100  # real sheets compress 5–25 times; checked for parts over RATIO_FROM bytes
    elements: int = 2_000_000


RATIO_FROM = 1 * MB
UPLOADS = Limits()


class TooLarge(Exception):
    """The file passes a limit; `message` says which, in Thai."""

    def __init__(self, message):
        self.message = message
        super().__init__(message)


def _damaged():
    return TooLarge(_("อ่านไฟล์ไม่ได้ ไฟล์อาจเสียหาย ลองเปิดใน Excel แล้วบันทึกใหม่"))


def _megabytes(size) -> str:
    return f"{size / MB:,.1f}"


def _too_many_elements(limits):
    return TooLarge(
        _("ไฟล์นี้มีโครงสร้างภายในมากผิดปกติ (เกิน %(max)s องค์ประกอบ) จึงไม่เปิดอ่าน บันทึกใหม่จาก Excel แล้วลองอีกครั้ง")
        % {"max": f"{limits.elements:,}"}
    )


def _too_many_cells(limits):
    return TooLarge(
        _(
            "ไฟล์มีเซลล์มากกว่าที่รับได้ (%(max)s เซลล์ นับเซลล์ว่างที่จัดรูปแบบไว้ด้วย) "
            "ลบแถวและคอลัมน์ว่างที่ไม่ใช้ (รวมถึงการจัดรูปแบบทั้งแถวหรือทั้งคอลัมน์) แล้วลองใหม่"
        )
        % {"max": f"{limits.cells:,}"}
    )


def _too_far_down(limits, label, row):
    return TooLarge(
        _("แผ่นงาน %(sheet)s มีข้อมูลหรือการจัดรูปแบบถึงแถวที่ %(row)s เกินที่รับได้ (%(max)s แถว) ลบแถวว่างท้ายตารางแล้วลองใหม่")
        % {"sheet": label, "row": f"{row:,}", "max": f"{limits.rows:,}"}
    )


def _too_far_right(limits, label, column):
    return TooLarge(
        _(
            "แผ่นงาน %(sheet)s มีข้อมูลหรือการจัดรูปแบบถึงคอลัมน์ %(column)s เกินที่รับได้ "
            "(%(max)s คอลัมน์ ถึงคอลัมน์ %(last)s) ลบคอลัมน์ว่างทางขวาแล้วลองใหม่"
        )
        % {
            "sheet": label,
            "column": get_column_letter(min(column, 18278)),
            "max": limits.columns,
            "last": get_column_letter(limits.columns),
        }
    )


def _column_of(ref, previous) -> int:
    """The column of a cell reference (B12 → 2); a cell without one is the next column."""
    if not ref:
        return previous + 1
    try:
        return column_index_from_string(ref.rstrip("0123456789$").lstrip("$"))
    except ValueError:
        return previous + 1


def _counting(limits: Limits, budget: dict, label: str):
    """An expat start handler that counts one part's elements, and its rows and cells as a
    reader pays for them (<c> and <row> exist only inside <sheetData>). Closures over
    locals: this runs once per element of the file, so it must cost little beyond expat."""
    cell_names = {f"{namespace} c" for namespace in SHEET_NAMESPACES}
    row_names = {f"{namespace} row" for namespace in SHEET_NAMESPACES}
    dimension_names = {f"{namespace} dimension" for namespace in SHEET_NAMESPACES}
    string_names = {f"{namespace} si" for namespace in SHEET_NAMESPACES}
    elements_left = limits.elements - budget["elements"]
    paid = budget["cells"]  # cells paid by earlier rows and parts
    width = row = column = cells = last = 0

    def close_row():
        nonlocal paid, cells, last
        if cells or last:
            paid += max(cells, last, width)
            if paid > limits.cells:
                raise _too_many_cells(limits)
        cells = last = 0

    def start(name, attributes):
        nonlocal elements_left, width, row, column, cells, last
        elements_left -= 1
        if elements_left < 0:
            raise _too_many_elements(limits)
        if name in cell_names:
            column = _column_of(attributes.get("r"), column)
            if column > limits.columns:
                raise _too_far_right(limits, label, column)
            cells += 1
            if column > last:
                last = column
            if paid + max(cells, last, width) > limits.cells:
                raise _too_many_cells(limits)
        elif name in row_names:
            close_row()
            ref = attributes.get("r", "")
            row = int(ref) if ref.isdigit() else row + 1
            if row > limits.rows:
                raise _too_far_down(limits, label, row)
            column = 0
        elif name in dimension_names:
            # Rows the dimension claims but the sheet lacks cost a reader nothing (one empty
            # tuple, reused); every row present is padded to the dimension's width.
            with contextlib.suppress(TypeError, ValueError):
                claimed = range_boundaries(attributes.get("ref", "").replace("$", ""))[2]
                if claimed is not None:
                    if claimed > limits.columns:
                        raise _too_far_right(limits, label, claimed)
                    width = claimed
        elif name in string_names:
            budget["strings"] += 1
            if budget["strings"] > limits.cells:
                raise _too_many_cells(limits)

    def finish():
        close_row()
        budget["cells"] = paid
        budget["elements"] = limits.elements - elements_left

    return start, finish


def _refuse_doctype(*_args):
    raise TooLarge(_("ไฟล์มีการประกาศ DOCTYPE ซึ่งไฟล์ Excel ไม่มี จึงไม่เปิดอ่าน บันทึกใหม่จาก Excel แล้วลองอีกครั้ง"))


def _parser(start):
    parser = pyexpat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = start
    parser.StartDoctypeDeclHandler = _refuse_doctype
    parser.EntityDeclHandler = _refuse_doctype
    return parser


def _sheet_titles(archive) -> dict[str, str]:
    """Part name → the sheet's name as Excel shows it, to name it in a message."""
    names, targets = {}, {}

    def sheet(name, attributes):
        if name.endswith(" sheet"):
            ids = [value for key, value in attributes.items() if key.endswith(" id")]
            if ids:
                names[ids[0]] = attributes.get("name", "")

    def relationship(name, attributes):
        if name.endswith(" Relationship") and attributes.get("Target"):
            targets[attributes.get("Id", "")] = attributes["Target"]

    for part, handler in (("xl/workbook.xml", sheet), ("xl/_rels/workbook.xml.rels", relationship)):
        try:
            info = archive.getinfo(part)
            if info.file_size > MB:
                return {}
            _parser(handler).Parse(archive.read(info), True)
        except (
            KeyError,
            pyexpat.ExpatError,
            zipfile.BadZipFile,
            zlib.error,
            EOFError,
            NotImplementedError,
            RuntimeError,
        ):
            return {}
    titles = {}
    for key, title in names.items():
        target = targets.get(key, "")
        path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        titles[path] = title
    return titles


def _scan(archive, info, limits, budget, label):
    start, finish = _counting(limits, budget, label)
    parser = _parser(start)
    try:
        with archive.open(info) as part:
            while chunk := part.read(CHUNK):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except pyexpat.ExpatError:
        pass  # not XML, or broken after what was counted: openpyxl says so, if it reads it
    finally:
        finish()


def inspect(raw: bytes, limits: Limits = UPLOADS) -> None:
    """Raise TooLarge when the workbook passes a limit. A file that is not a zip at all is
    left to openpyxl, which refuses it with its own message."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        return
    entries = archive.infolist()
    if len(entries) > limits.parts:
        raise TooLarge(
            _("ไฟล์นี้มีส่วนประกอบภายใน %(count)s ส่วน เกินที่รับได้ (%(max)s ส่วน) จึงไม่เปิดอ่าน")
            % {"count": f"{len(entries):,}", "max": f"{limits.parts:,}"}
        )
    total = 0
    for info in entries:
        total += info.file_size
        if info.file_size > limits.part_bytes or total > limits.total_bytes:
            raise TooLarge(
                _(
                    "ไฟล์นี้เมื่อเปิดออกมีขนาดเกินที่รับได้ (%(size)s MB เกิน %(max)s MB) "
                    "ลบแถว คอลัมน์ และข้อความที่ไม่ใช้ออก หรือแบ่งเป็นหลายไฟล์ แล้วลองใหม่"
                )
                % {
                    "size": _megabytes(max(info.file_size, total)),
                    "max": (limits.part_bytes if info.file_size > limits.part_bytes else limits.total_bytes) // MB,
                }
            )
        if info.file_size > RATIO_FROM and info.file_size > limits.ratio * max(info.compress_size, 1):
            raise TooLarge(
                _(
                    "ไฟล์นี้บีบอัดไว้มากผิดปกติ (ขยายได้ %(ratio)s เท่า เกินที่รับได้ %(max)s เท่า) จึงไม่เปิดอ่าน "
                    "บันทึกใหม่จาก Excel แล้วลองอีกครั้ง"
                )
                % {"ratio": f"{info.file_size // max(info.compress_size, 1):,}", "max": limits.ratio}
            )
    budget = {"elements": 0, "cells": 0, "strings": 0}
    titles = _sheet_titles(archive)
    for info in entries:
        if info.is_dir() or info.file_size == 0:
            continue
        try:
            _scan(archive, info, limits, budget, label=f'"{titles.get(info.filename, info.filename)}"')
        except ZIP_ERRORS:
            raise _damaged() from None
