"""Reading an ITA results file: CSV with the columns code, year, score and level (Thai or
English headers), into validated records or the list of every refused row.

Reading only; writing is ita.services.import_ita. What is accepted:
- UTF-8 with or without a byte-order mark, or TIS-620/Windows-874 (what Thai Excel saves);
- Thai digits anywhere a number is expected;
- the year as the Buddhist-era fiscal year (2567); a year written in the Common Era (2024) is
  taken as that year + 543 and counted, so the result can say so;
- the level blank (it is then the level of the score) or the one NACC publishes for the score.
Rows are numbered as a spreadsheet numbers them: the header is row 1.
"""

import csv
import io
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils import timezone
from django.utils.translation import gettext as _

from eplan.core.controls import has_controls, strip_controls
from eplan.core.thai import BE_OFFSET, arabic_digits, buddhist_year
from eplan.ita.models import FIRST_YEAR, ItaLevel, level_for_score
from eplan.registry.models import Organisation

MAX_BYTES = 2 * 1024 * 1024
# About 7,850 อปท. a year: a file of a few years' results fits; more is split.
MAX_ROWS = 40_000
CENT = Decimal("0.01")

# Header spellings accepted for each column (compared without spaces, dots and case).
HEADERS = {
    "code": ("รหัสอปท", "รหัส", "รหัสองค์กรปกครองส่วนท้องถิ่น", "code", "laocode", "lao_code"),
    "year": ("ปี", "ปีงบประมาณ", "ปีงบ", "ปีที่ประเมิน", "year", "fiscalyear", "fiscal_year"),
    "score": ("คะแนน", "คะแนนita", "ผลคะแนน", "score", "itascore", "ita"),
    "level": ("ระดับ", "ระดับผลการประเมิน", "ระดับคะแนน", "level", "grade"),
}
REQUIRED = ("code", "year", "score")
COLUMN_LABELS = {"code": "รหัส อปท.", "year": "ปี", "score": "คะแนน", "level": "ระดับ"}


@dataclass(frozen=True)
class Problem:
    """One reason the file is refused: row as the file numbers it (None: the whole file)."""

    row: int | None
    column: str
    reason: str


class FileRefused(Exception):
    """The file cannot be imported; nothing was changed."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("; ".join(problem.reason for problem in self.problems))


@dataclass(frozen=True)
class Record:
    row: int
    organisation: Organisation
    year: int
    score: Decimal
    level: str


@dataclass(frozen=True)
class Reading:
    records: list
    ce_years: int  # rows whose year was written in the Common Era and converted


def _whole_file(reason) -> FileRefused:
    return FileRefused([Problem(None, "", reason)])


def _key(text: str) -> str:
    return re.sub(r"[\s.]+", "", text).lower()


def decode(raw: bytes) -> str:
    """The file's text, or FileRefused saying in Thai why it is not a CSV this can read."""
    if not raw or not raw.strip():
        raise _whole_file(_("ไฟล์ว่างเปล่า"))
    if len(raw) > MAX_BYTES:
        raise _whole_file(
            _("ไฟล์ใหญ่ %(size).1f MB เกินที่รับได้ (%(max)s MB) แบ่งเป็นหลายไฟล์แล้วนำเข้าทีละไฟล์")
            % {"size": len(raw) / 1024 / 1024, "max": MAX_BYTES // 1024 // 1024}
        )
    if raw.startswith(b"PK\x03\x04") or raw.startswith(b"\xd0\xcf\x11\xe0"):
        raise _whole_file(_("ไฟล์นี้เป็นไฟล์ Excel หรือ zip ไม่ใช่ CSV: เปิดใน Excel แล้วบันทึกเป็น CSV UTF-8 ก่อน"))
    if b"\x00" in raw:
        raise _whole_file(_("ไฟล์นี้ไม่ใช่ไฟล์ข้อความ CSV (มีอักขระ NUL) ให้บันทึกเป็น CSV UTF-8 แล้วนำเข้าใหม่"))
    for encoding in ("utf-8-sig", "cp874"):
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        if has_controls(text):
            break
        return text
    raise _whole_file(_("อ่านไฟล์ไม่ได้: ไม่ใช่ไฟล์ CSV แบบ UTF-8 หรือ TIS-620/Windows-874"))


def _columns(header: list[str], row: int) -> dict:
    wanted = {_key(spelling): name for name, spellings in HEADERS.items() for spelling in spellings}
    found = {}
    for position, title in enumerate(header):
        name = wanted.get(_key(strip_controls(title)))
        if name and name not in found:
            found[name] = position
    missing = [COLUMN_LABELS[name] for name in REQUIRED if name not in found]
    if missing:
        raise FileRefused(
            [
                Problem(
                    row,
                    "",
                    _("ไม่พบคอลัมน์ที่ต้องมี: %(columns)s (หัวตารางต้องเป็น รหัส อปท./code, ปี/year, คะแนน/score, ระดับ/level)")
                    % {"columns": ", ".join(missing)},
                )
            ]
        )
    return found


def _delimiter(text: str) -> str:
    """A comma, unless the header line has none and is separated by semicolons or tabs (what
    Excel saves where the comma is the decimal mark)."""
    first = text.lstrip("\r\n").split("\n", 1)[0]
    if "," in first:
        return ","
    return max((";", "\t"), key=first.count) if (";" in first or "\t" in first) else ","


def rows_of(text: str) -> tuple[dict, list[tuple[int, list[str]]]]:
    """(column positions, [(row number, cells)]) of the non-blank rows after the header."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    columns, rows = None, []
    try:
        for number, cells in enumerate(reader, start=1):
            if not any(cell.strip() for cell in cells):
                continue
            if columns is None:
                columns = _columns(cells, number)
                continue
            rows.append((number, cells))
            if len(rows) > MAX_ROWS:
                raise _whole_file(_("ไฟล์มีเกิน %(max)s แถว แบ่งเป็นหลายไฟล์แล้วนำเข้าทีละไฟล์") % {"max": f"{MAX_ROWS:,}"})
    except csv.Error as error:
        raise FileRefused([Problem(reader.line_num or None, "", _("รูปแบบ CSV ไม่ถูกต้อง: %s") % error)]) from None
    if columns is None:
        raise _whole_file(_("ไฟล์ว่างเปล่า"))
    if not rows:
        raise _whole_file(_("ไฟล์ไม่มีแถวข้อมูล มีแต่หัวตาราง"))
    return columns, rows


def _cell(cells, columns, name) -> str:
    position = columns.get(name)
    if position is None or position >= len(cells):
        return ""
    return arabic_digits(strip_controls(cells[position])).strip()


def _year(text: str, latest: int) -> tuple[int | None, bool, str]:
    """(year in the Buddhist era, whether it was written in the Common Era, reason refused)."""
    written = text.replace(",", "")
    if written.startswith(("พ.ศ.", "พศ")):
        written = written.removeprefix("พ.ศ.").removeprefix("พศ").strip()
    if not written.isdigit():
        return None, False, _("ปีต้องเป็นตัวเลข ปีงบประมาณ พ.ศ. เช่น 2567 (ได้ “%(text)s”)") % {"text": text[:20]}
    year, converted = int(written), False
    if latest - BE_OFFSET - 100 <= year <= latest - BE_OFFSET:
        year, converted = year + BE_OFFSET, True
    if not FIRST_YEAR <= year <= latest:
        return (
            None,
            False,
            _("ปี %(year)s อยู่นอกช่วงที่รับได้ (พ.ศ. %(first)s–%(latest)s)")
            % {"year": text[:20], "first": FIRST_YEAR, "latest": latest},
        )
    return year, converted, ""


def _score(text: str) -> tuple[Decimal | None, str]:
    written = text.removesuffix("%").strip()
    try:
        score = Decimal(written) if written else None
    except InvalidOperation:
        score = None
    if score is None or not score.is_finite():
        return None, _("คะแนนต้องเป็นตัวเลข 0–100 (ได้ “%(text)s”)") % {"text": text[:20]}
    if not 0 <= score <= 100:
        return None, _("คะแนน %(score)s อยู่นอกช่วง 0–100") % {"score": text[:20]}
    return score.quantize(CENT, rounding=ROUND_HALF_UP), ""


def read(raw: bytes, *, today=None) -> Reading:
    """Validated records, or FileRefused naming every refused row (row, column, reason)."""
    columns, rows = rows_of(decode(raw))
    latest = buddhist_year(today or timezone.localdate()) + 1
    codes = {_cell(cells, columns, "code") for _number, cells in rows}
    organisations = Organisation.objects.in_bulk([code for code in codes if code], field_name="code")
    problems, records, first_row_of, ce_years = [], [], {}, 0
    for number, cells in rows:
        refused = []
        code = _cell(cells, columns, "code")
        organisation = organisations.get(code)
        if organisation is None:
            reason = _("ไม่พบ อปท. รหัส %(code)s ในทะเบียน") % {"code": code[:20]} if code else _("ไม่ได้ระบุรหัส อปท.")
            refused.append(Problem(number, COLUMN_LABELS["code"], reason))
        year, converted, reason = _year(_cell(cells, columns, "year"), latest)
        if reason:
            refused.append(Problem(number, COLUMN_LABELS["year"], reason))
        score, reason = _score(_cell(cells, columns, "score"))
        if reason:
            refused.append(Problem(number, COLUMN_LABELS["score"], reason))
        level = _cell(cells, columns, "level").upper().replace(" ", "")
        if level and level not in ItaLevel.values:
            refused.append(
                Problem(
                    number,
                    COLUMN_LABELS["level"],
                    _("ระดับ “%(level)s” ไม่ใช่ระดับของ ITA (AA, A, B, C, D, E, F)") % {"level": level[:10]},
                )
            )
        elif score is not None:
            expected = level_for_score(score)
            if level and level != expected:
                refused.append(
                    Problem(
                        number,
                        COLUMN_LABELS["level"],
                        _("ระดับ %(level)s ไม่ตรงกับคะแนน %(score)s (คะแนนนี้เป็นระดับ %(expected)s)")
                        % {"level": level, "score": score, "expected": expected},
                    )
                )
            level = expected
        if organisation is not None and year is not None:
            first = first_row_of.setdefault((organisation.pk, year), number)
            if first != number:
                refused.append(
                    Problem(
                        number,
                        COLUMN_LABELS["code"],
                        _("แถวซ้ำ: อปท. %(code)s ปี %(year)s มีอยู่แล้วในแถวที่ %(first)s")
                        % {"code": code, "year": year, "first": first},
                    )
                )
        if refused:
            problems.extend(refused)
            continue
        ce_years += converted
        records.append(Record(row=number, organisation=organisation, year=year, score=score, level=level))
    if problems:
        raise FileRefused(problems)
    return Reading(records=records, ce_years=ce_years)
