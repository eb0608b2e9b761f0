"""The sheet of the plan workbook for the parts before the items: the document's own title,
the foreword, the adoption notice and Part 1 (บทนำ), one row per section.

Column A holds the section's key, which the import reads; column B its name; column C the
text. A workbook without this sheet (an older export) leaves those parts as they are.
"""

import datetime
import re

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl.styles import Alignment, Font, PatternFill

from eplan.core.spreadsheets import Problem, cell_text, normal, put
from eplan.core.thai import ARABIC_DIGITS, BE_OFFSET
from eplan.frameworks.checks import PART1_SECTIONS
from eplan.plans.models import Plan

KEYS = (*Plan.FRONT_FIELDS, *Plan.ADOPTION_FIELDS, *Plan.PART1_FIELDS)
LIMITS = {"document_title": 300, "adoption_signatory": 200, "adoption_position": 200}
WRAP = Alignment(wrap_text=True, vertical="top")


def sheet_title() -> str:
    return _("ส่วนหน้าและส่วนที่ 1")


def label(key) -> str:
    if key in PART1_SECTIONS:
        return _("ส่วนที่ 1: %(title)s") % {"title": PART1_SECTIONS[key]}
    return str(Plan._meta.get_field(key).verbose_name)


def values_of(plan) -> dict:
    """The plan's sections in the form the sheet and the session keep them (dates ISO)."""
    values = {key: getattr(plan, key) for key in KEYS}
    values["adoption_date"] = plan.adoption_date.isoformat() if plan.adoption_date else None
    return values


def fill(sheet, plan, *, exported):
    header = (_("รหัสหัวข้อ (ห้ามแก้ไข)"), _("หัวข้อ"), _("ข้อความ"))
    for column, text in enumerate(header, start=1):
        cell = sheet.cell(row=1, column=column, value=text)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    values = values_of(plan) if exported else {}
    for row, key in enumerate(KEYS, start=2):
        sheet.cell(row=row, column=1, value=key)
        sheet.cell(row=row, column=2, value=label(key)).alignment = WRAP
        cell = sheet.cell(row=row, column=3)
        if key == "adoption_date":
            cell.value = plan.adoption_date if exported else None
            cell.number_format = "yyyy-mm-dd"
        else:
            put(cell, values.get(key) or None)
        cell.alignment = WRAP
    sheet.column_dimensions["A"].width = 20
    sheet.column_dimensions["B"].width = 40
    sheet.column_dimensions["C"].width = 100
    sheet.freeze_panes = "C2"


def find(workbook):
    wanted = {normal(sheet_title())}
    with translation.override("th"):
        wanted.add(normal(sheet_title()))
    return next((sheet for sheet in workbook.worksheets if normal(sheet.title) in wanted), None)


def _date(value):
    """A date cell, ISO text (2017-09-25), or day/month/year in พ.ศ. or ค.ศ. (25/9/2560)."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = cell_text(value).translate(ARABIC_DIGITS)
    if not text:
        return None
    try:
        return datetime.date.fromisoformat(text[:10])
    except ValueError:
        pass
    match = re.fullmatch(r"([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})", text)
    if match:
        day, month, year = (int(part) for part in match.groups())
        try:
            return datetime.date(year - BE_OFFSET if year > 2400 else year, month, day)
        except ValueError:
            pass
    raise ValueError(_("'%(value)s' ไม่ใช่วันที่ ใช้ 25/9/2560 หรือ 2017-09-25") % {"value": text})


def read(sheet) -> tuple[dict, list[Problem]]:
    """The sections the sheet gives ({key: value}) and its problems, each naming the row."""
    prefix = _("แผ่นงาน %(sheet)s: ") % {"sheet": sheet.title}
    values, problems, seen = {}, [], {}
    column = _("ข้อความ")
    for number, cells in enumerate(sheet.iter_rows(min_row=2, max_row=60, max_col=3, values_only=True), start=2):
        key = cell_text(cells[0] if cells else None)
        value = cells[2] if len(cells) > 2 else None
        if not key:
            continue
        if key not in KEYS:
            problems.append(Problem(number, _("รหัสหัวข้อ"), "A", prefix + _("ไม่รู้จักรหัสหัวข้อ '%(key)s'") % {"key": key}))
            continue
        if key in seen:
            problems.append(Problem(number, _("รหัสหัวข้อ"), "A", prefix + _("ซ้ำกับแถวที่ %(row)s") % {"row": seen[key]}))
            continue
        seen[key] = number
        if key == "adoption_date":
            try:
                when = _date(value)
            except ValueError as error:
                problems.append(Problem(number, column, "C", prefix + str(error)))
                continue
            values[key] = when.isoformat() if when else None
            continue
        text = cell_text(value)
        limit = LIMITS.get(key)
        if limit and len(text) > limit:
            problems.append(Problem(number, column, "C", prefix + _("ยาวได้ไม่เกิน %(limit)s ตัวอักษร") % {"limit": limit}))
            continue
        values[key] = text
    return values, problems
