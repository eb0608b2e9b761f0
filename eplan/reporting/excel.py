"""A report's lines as an Excel workbook, for organisations that fill it in offline.

The export is the form: one row per line, the plan's facts in locked grey columns and the
answers in open ones. The reader turns an uploaded workbook into the answers that differ
from the report, or into every problem it has, each with the row number Excel shows, the
column header and the reason. Answers are checked by lines.clean_line, the rule the
report page and report_save use (amounts read as typed, by core.money.parse_amount), so a
file that passes here is saved as previewed; and only lines whose answers differ are
kept, so importing an unchanged export changes nothing.
"""

import hashlib
import json
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from eplan.core.spreadsheets import Problem, read_upload
from eplan.core.spreadsheets import cell_text as _cell_text
from eplan.core.spreadsheets import cells as _cells
from eplan.core.spreadsheets import is_blank as _is_blank
from eplan.core.spreadsheets import normal as _normal
from eplan.core.spreadsheets import put as _put
from eplan.core.thai import ARABIC_DIGITS, baht, thai_datetime
from eplan.reporting.lines import LINE_FIELDS, MONEY_FIELDS, clean_line
from eplan.reporting.models import LineStatus, NotPossibleReason, ReportLine, ReportState

MONEY_FORMAT = "#,##0.00"
TEXT_FORMAT = "@"
MAX_SHEET_ROWS = 20000
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
LOCKED_FILL = PatternFill("solid", fgColor="EDEDED")
WRAP = Alignment(wrap_text=True, vertical="top")
OPEN = Protection(locked=False)


@dataclass(frozen=True)
class Column:
    key: str  # a ReportLine field, or "id"
    header: str
    width: int
    hint: str
    editable: bool = False
    number_format: str | None = None


@dataclass
class Change:
    """A line whose answers in the file differ from the report: the fields that change as
    (field, old, new), and every answer of the line as report_save takes it (JSON-ready)."""

    line: ReportLine
    row: int
    fields: list[tuple[str, object, object]]
    values: dict


@dataclass
class Reading:
    changes: list[Change] = field(default_factory=list)
    unchanged: int = 0
    rows: dict[int, int] = field(default_factory=dict)  # line id → row number
    letters: dict[str, str] = field(default_factory=dict)  # column key → letter in the file
    problems: list[Problem] = field(default_factory=list)


def sheet_names() -> dict:
    return {"lines": _("รายงานผล"), "help": _("คำแนะนำ")}


def yes_no() -> tuple[str, str]:
    return _("ใช่"), _("ไม่ใช่")


def _label(name) -> str:
    return str(ReportLine._meta.get_field(name).verbose_name)


def columns() -> list[Column]:
    statuses = ", ".join(str(label) for label in LineStatus.labels)
    reasons = ", ".join(str(label) for label in NotPossibleReason.labels)
    money = _("จำนวนเงิน (บาท) ไม่ติดลบ ทศนิยมไม่เกิน 2 ตำแหน่ง เช่น 20,000 หรือ 20,000.00 บาท เว้นว่างถ้ายังไม่ทราบ")
    optional = _("ไม่บังคับ")
    yes, no = yes_no()
    return [
        Column("id", _("รหัสรายการ"), 11, _("ระบบกำหนดให้ ใช้จับคู่แถวกับรายการในรายงาน ห้ามแก้ไขหรือคัดลอกไปแถวอื่น")),
        Column("number", _label("number"), 7, _("ลำดับของรายการในแผน (แก้ไขไม่ได้)"), number_format=TEXT_FORMAT),
        Column("dimension", _label("dimension"), 6, _("มิติของรายการ (แก้ไขไม่ได้)")),
        Column("mission", _label("mission"), 9, _("รหัสภารกิจในแผน (แก้ไขไม่ได้)"), number_format=TEXT_FORMAT),
        Column("title", _label("title"), 44, _("ชื่อตามแผนที่ส่ง (แก้ไขไม่ได้)")),
        Column("planned_budget", _label("planned_budget"), 15, _("ตามแผนที่ส่ง (แก้ไขไม่ได้)"), number_format=MONEY_FORMAT),
        Column("ordinance_budget", _label("ordinance_budget"), 17, money, editable=True, number_format=MONEY_FORMAT),
        Column(
            "disbursed",
            _label("disbursed"),
            15,
            money + " " + _("ถ้าเบิกจ่ายสูงกว่างบประมาณตามข้อบัญญัติ ต้องอธิบายในหมายเหตุ"),
            editable=True,
            number_format=MONEY_FORMAT,
        ),
        Column(
            "in_ordinance",
            _label("in_ordinance"),
            16,
            _("เลือก %(yes)s หรือ %(no)s") % {"yes": yes, "no": no},
            editable=True,
        ),
        Column("status", _label("status"), 22, _("เลือก %(choices)s") % {"choices": statuses}, editable=True),
        Column(
            "reason",
            _label("reason"),
            22,
            _("จำเป็นเมื่อสถานะคือ %(status)s เลือก %(choices)s")
            % {"status": LineStatus.NOT_POSSIBLE.label, "choices": reasons},
            editable=True,
        ),
        Column(
            "reason_other",
            _label("reason_other"),
            24,
            _("จำเป็นเมื่อเหตุผลคือ %(other)s") % {"other": NotPossibleReason.OTHER.label},
            editable=True,
        ),
        Column("outputs", _label("outputs"), 32, optional, editable=True),
        Column("outcomes", _label("outcomes"), 32, optional, editable=True),
        Column("problems", _label("problems"), 28, optional, editable=True),
        Column("note", _label("note"), 24, optional, editable=True),
    ]


# Building


def _line_values(line) -> dict:
    yes, no = yes_no()
    return {
        "id": line.pk,
        "number": line.number or (_("นอกแผน") if line.is_extra else ""),
        "dimension": line.dimension,
        "mission": line.mission,
        "title": line.title,
        "planned_budget": line.planned_budget,
        "ordinance_budget": line.ordinance_budget,
        "disbursed": line.disbursed,
        "in_ordinance": yes if line.in_ordinance else no,
        "status": str(LineStatus(line.status).label) if line.status else "",
        "reason": str(NotPossibleReason(line.reason).label) if line.reason else "",
        "reason_other": line.reason_other,
        "outputs": line.outputs,
        "outcomes": line.outcomes,
        "problems": line.problems,
        "note": line.note,
    }


def _fill_lines(sheet, lines, columns):
    letters = {column.key: get_column_letter(number) for number, column in enumerate(columns, start=1)}
    for number, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=number, value=column.header)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        sheet.column_dimensions[letters[column.key]].width = column.width
    sheet.row_dimensions[1].height = 48
    for row, line in enumerate(lines, start=2):
        values = _line_values(line)
        for number, column in enumerate(columns, start=1):
            cell = sheet.cell(row=row, column=number)
            _put(cell, values[column.key])
            cell.alignment = WRAP
            if column.number_format:
                cell.number_format = column.number_format
            if column.editable:
                cell.protection = OPEN
            else:
                cell.fill = LOCKED_FILL
    sheet.freeze_panes = f"{letters['planned_budget']}2"  # the item stays in view while typing
    last = max(len(lines) + 1, 2)
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{last}"
    _add_validations(sheet, letters, last)
    # Protected without a password: it guards against typing over the plan's facts by
    # mistake; the reader never takes those columns from the file anyway.
    protection = sheet.protection
    protection.sheet = True
    protection.formatColumns = protection.formatRows = protection.autoFilter = protection.sort = False


def _list(title, labels, error, cells):
    validation = DataValidation(
        type="list",
        formula1='"' + ",".join(str(label) for label in labels) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=title,
        error=error,
    )
    validation.add(cells)
    return validation


def _add_validations(sheet, letters, last):
    def cells(key):
        return f"{letters[key]}2:{letters[key]}{last}"

    # Amounts have no validation of Excel's own: it would refuse `20,000.-` or `20,000 บาท`,
    # which the import reads as officers mean them (and refuses what it cannot, by row).
    for validation in (
        _list(_label("in_ordinance"), yes_no(), _("เลือก ใช่ หรือ ไม่ใช่"), cells("in_ordinance")),
        _list(_label("status"), LineStatus.labels, _("เลือกสถานะจากรายการ"), cells("status")),
        _list(_label("reason"), NotPossibleReason.labels, _("เลือกเหตุผลจากรายการ"), cells("reason")),
    ):
        sheet.add_data_validation(validation)


def _fill_help(sheet, report, columns, lines_sheet):
    round = report.round
    sheet.column_dimensions["A"].width = 34
    sheet.column_dimensions["B"].width = 110

    def line(first="", second="", *, font=None):
        sheet.append(_cells(sheet, [first, second]))
        for cell in sheet[sheet.max_row]:
            if second:
                cell.alignment = WRAP
            if font is not None:
                cell.font = font

    line(_("วิธีกรอกแบบรายงานผลการดำเนินงานตามแผนปฏิบัติการป้องกันการทุจริต"), font=Font(bold=True, size=14))
    line(
        f"{report.organisation.full_name} · {round.get_kind_display()} "
        + _("ปีงบประมาณ พ.ศ. %(year)s") % {"year": round.fiscal_year}
        + f" · {round.cycle.title}"
    )
    line(_("ส่งออกจากระบบเมื่อ %(when)s") % {"when": thai_datetime(timezone.now())})
    if report.state != ReportState.DRAFT:
        line(_("รายงานนี้ส่งแล้ว นำเข้าไม่ได้จนกว่าสำนักงาน ป.ป.ช. ประจำจังหวัดจะเปิดให้แก้ไข"), font=Font(bold=True))
    line()
    line(_("หลักการนำเข้า"), font=Font(bold=True))
    rules = [
        _('กรอกในแผ่นงาน "%(sheet)s" หนึ่งแถวต่อหนึ่งรายการ อย่าแก้ไขหัวคอลัมน์ในแถวที่ 1') % {"sheet": lines_sheet.title},
        _("คอลัมน์สีเทาคือข้อมูลตามแผนที่ส่ง แก้ไขไม่ได้ และระบบไม่อ่านจากไฟล์ กรอกเฉพาะคอลัมน์สีขาว"),
        _("ระบบจับคู่แถวกับรายการด้วยรหัสรายการ ห้ามแก้ไขรหัส รายการที่ไม่มีแถวในไฟล์จะคงข้อมูลเดิมไว้"),
        _("เพิ่มหรือลบรายการที่ดำเนินการนอกแผนได้ในหน้ารายงานผลเท่านั้น ไม่ใช่ในไฟล์นี้"),
        _("ช่องที่เว้นว่างคือการลบคำตอบเดิมของช่องนั้น ถ้าลบคอลัมน์ออกจากไฟล์ ทุกรายการจะคงคำตอบเดิมของคอลัมน์นั้นไว้"),
        _(
            "ระบบตรวจทั้งไฟล์ก่อน ถ้ามีข้อผิดพลาดแม้แถวเดียวจะไม่บันทึกข้อมูลใดเลย และแจ้งแถว คอลัมน์ และสาเหตุ "
            "เมื่อไฟล์ถูกต้อง ระบบจะแสดงรายการที่จะเปลี่ยน (เดิม → ใหม่) ให้ตรวจก่อนกดยืนยันนำเข้า"
        ),
        _("นำเข้าได้เฉพาะรายงานที่ยังไม่ได้ส่ง การนำเข้าไม่ได้ส่งรายงาน ต้องกดส่งรายงานในหน้ารายงานผลอีกครั้ง"),
    ]
    for number, rule in enumerate(rules, start=1):
        line(str(number), rule)
    line()
    line(_("วิธีกรอกแต่ละคอลัมน์"), font=Font(bold=True))
    for column in columns:
        line(column.header, column.hint)


def build_workbook(report, lines) -> Workbook:
    names = sheet_names()
    workbook = Workbook()
    lines_sheet = workbook.active
    lines_sheet.title = names["lines"]
    help_sheet = workbook.create_sheet(names["help"])
    cols = columns()
    _fill_lines(lines_sheet, lines, cols)
    _fill_help(help_sheet, report, cols, lines_sheet)
    return workbook


# Reading


def _in_both_languages(make) -> list:
    """What `make` gives in the user's language and in Thai: a file exported by a user of
    the English pages is read by a Thai one, and the other way round."""
    found = [make()]
    with translation.override("th"):
        found.append(make())
    return found


def _choices(choices) -> dict:
    lookup = {}
    for value, label in choices.choices:
        lookup[_normal(value)] = value
        for text in _in_both_languages(lambda label=label: str(label)):
            lookup[_normal(text)] = value
    return lookup


def _yes_no() -> dict:
    lookup = {"true": True, "false": False, "yes": True, "no": False, "1": True, "0": False, "✓": True}
    for yes, no in _in_both_languages(yes_no):
        lookup[_normal(yes)], lookup[_normal(no)] = True, False
    return lookup


def _line_id(value):
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = "" if isinstance(value, bool) else _cell_text(value).translate(ARABIC_DIGITS)
    if not text.isdigit():
        raise ValueError(_("รหัสรายการต้องเป็นตัวเลขที่ระบบกำหนด ใช้ไฟล์ที่ส่งออกจากระบบ"))
    return int(text)


def _money(value) -> str:
    """A money cell as text for clean_line, which reads it as typed (`20,000.-`, `๒๐,๐๐๐`).
    A number cell is read as the digits Excel shows."""
    if isinstance(value, int | Decimal):  # a bool too, which clean_line then refuses
        return str(value)
    return _cell_text(value)


def _parse(key, value, lookups):
    """One answer cell as clean_line takes it; ValueError with the reason if unreadable."""
    if key in MONEY_FIELDS:
        return _money(value)
    if key == "in_ordinance":
        if _is_blank(value):
            return False
        if isinstance(value, bool):
            return value
        found = lookups["yes_no"].get(_normal(_cell_text(value)))
        if found is None:
            yes, no = yes_no()
            raise ValueError(_("ไม่รู้จัก '%(value)s' เลือก %(yes)s หรือ %(no)s") % {"value": value, "yes": yes, "no": no})
        return found
    if key in ("status", "reason"):
        text = _cell_text(value)
        if not text:
            return ""
        found = lookups[key].get(_normal(text))
        if found is None:
            labels = LineStatus.labels if key == "status" else NotPossibleReason.labels
            raise ValueError(
                _("ไม่รู้จัก '%(value)s' เลือก %(choices)s")
                % {"value": text, "choices": ", ".join(str(label) for label in labels)}
            )
        return found
    return _cell_text(value)


def _lines_sheet(workbook):
    wanted = {_normal(names["lines"]) for names in _in_both_languages(sheet_names)}
    for sheet in workbook.worksheets:
        if _normal(sheet.title) in wanted:
            return sheet
    return None


def _header(header, cols) -> tuple[dict, list[Problem]]:
    """Which column holds which key, or the problems of the header row."""
    accepted = {}
    for made in _in_both_languages(columns):
        accepted.update({_normal(column.header): column.key for column in made})
    index, problems = {}, []
    for position, value in enumerate(header or ()):
        if _is_blank(value):
            continue
        letter = get_column_letter(position + 1)
        key = accepted.get(_normal(value))
        if key is None:
            reason = _("ไม่รู้จักหัวคอลัมน์นี้ ใช้หัวคอลัมน์ตามไฟล์ที่ส่งออกจากระบบ (ดูแผ่นงานคำแนะนำ)")
            problems.append(Problem(1, str(value).strip(), letter, reason))
        elif key in index:
            problems.append(Problem(1, str(value).strip(), letter, _("หัวคอลัมน์นี้ซ้ำกับคอลัมน์ก่อนหน้า")))
        else:
            index[key] = position
    if "id" not in index:
        id_header = next(column.header for column in cols if column.key == "id")
        problems.append(Problem(1, id_header, "", _("ไม่พบคอลัมน์นี้ในแถวที่ 1 (หัวคอลัมน์) ใช้ไฟล์ที่ส่งออกจากระบบ")))
    return index, problems


def _current(line) -> dict:
    values = {name: getattr(line, name) for name in LINE_FIELDS}
    if line.is_extra:
        values.update(title=line.title, dimension=line.dimension)
    return values


def _same(old, new) -> bool:
    if isinstance(old, str) or isinstance(new, str):
        return _cell_text(old or "") == _cell_text(new or "")
    return old == new


def _as_json(values) -> dict:
    return {
        key: str(value) if isinstance(value, Decimal) else ("" if value is None else value)
        for key, value in values.items()
    }


def place(field_name, letters) -> tuple[str, str]:
    """The header and column letter a problem with a line's field is shown against."""
    header = next((column.header for column in columns() if column.key == field_name), "")
    return header, letters.get(field_name, "")


def _line_of(value, lines, rows) -> ReportLine:
    """The report's line a row's id names (each once); ValueError with the reason if none."""
    if _is_blank(value):
        raise ValueError(_("แถวนี้ไม่มีรหัสรายการ เพิ่มรายการนอกแผนได้ในหน้ารายงานผลเท่านั้น"))
    line_id = _line_id(value)
    if line_id not in lines:
        raise ValueError(_("ไม่พบรายการรหัส %(id)s ในรายงานนี้") % {"id": line_id})
    if line_id in rows:
        raise ValueError(_("รหัสรายการนี้ซ้ำกับแถวที่ %(row)s") % {"row": rows[line_id]})
    return lines[line_id]


def _compare(line, answers) -> tuple[list, dict, list]:
    """The line's answers after the file's, checked by the rule report_save applies: the
    fields that change as (field, old, new), the answers as report_save takes them, and
    the problems as (field, reason)."""
    current, errors = _current(line), {}
    cleaned = clean_line({**current, **answers}, prefix=f"lines.{line.pk}", errors=errors, extra=line.is_extra)
    problems = [(key.rsplit(".", 1)[-1], str(message)) for key, message in errors.items()]
    changed = [(name, current[name], cleaned[name]) for name in current if not _same(current[name], cleaned[name])]
    return changed, _as_json(cleaned), problems


def _read_row(number, found, answer_keys, lines, lookups, reading) -> list[tuple[str, str]]:
    """Read one row into `reading`; returns its problems as (field, reason)."""
    problems, answers = [], {}
    try:
        line = _line_of(found["id"], lines, reading.rows)
    except ValueError as error:
        line = None
        problems.append(("id", str(error)))
    else:
        reading.rows[line.pk] = number
    for key in answer_keys:
        try:
            answers[key] = _parse(key, found[key], lookups)
        except ValueError as error:
            problems.append((key, str(error)))
    if line is None:
        return problems
    flagged = {key for key, _reason in problems}
    changed, values, rule_problems = _compare(line, answers)
    problems += [(key, reason) for key, reason in rule_problems if key not in flagged]
    if not problems and changed:
        reading.changes.append(Change(line=line, row=number, fields=changed, values=values))
    elif not problems:
        reading.unchanged += 1
    return problems


def _read(workbook, lines) -> Reading:
    sheet = _lines_sheet(workbook)
    if sheet is None:
        found = ", ".join(f'"{sheet.title}"' for sheet in workbook.worksheets)
        reason = _('ไม่พบแผ่นงาน "%(sheet)s" ในไฟล์ (พบ %(found)s) ใช้ไฟล์ที่ส่งออกจากหน้ารายงานผล') % {
            "sheet": sheet_names()["lines"],
            "found": found or "-",
        }
        return Reading(problems=[Problem(None, "", "", reason)])
    sheet.reset_dimensions()  # some writers record a wrong used range; read every row there is
    values = sheet.iter_rows(values_only=True)
    cols = columns()
    index, problems = _header(next(values, None), cols)
    if problems:
        return Reading(problems=problems)
    letters = {key: get_column_letter(position + 1) for key, position in index.items()}
    answer_keys = [column.key for column in cols if column.editable and column.key in index]
    lookups = {"status": _choices(LineStatus), "reason": _choices(NotPossibleReason), "yes_no": _yes_no()}
    order = {column.key: position for position, column in enumerate(cols)}
    reading = Reading(letters=letters)
    for number, cells in enumerate(values, start=2):
        if number > MAX_SHEET_ROWS:  # a few kilobytes of zip can hold millions of empty rows
            reason = _("แผ่นงานมีเกิน %(max)s แถว ลบแถวว่างท้ายตารางแล้วลองใหม่") % {"max": f"{MAX_SHEET_ROWS:,}"}
            return Reading(problems=[Problem(None, "", "", reason)])
        found = {key: cells[position] if position < len(cells) else None for key, position in index.items()}
        if all(_is_blank(found[key]) for key in ["id", *answer_keys]):
            continue
        row_problems = _read_row(number, found, answer_keys, lines, lookups, reading)
        for key, reason in sorted(row_problems, key=lambda problem: order.get(problem[0], -1)):
            reading.problems.append(Problem(number, *place(key, letters), reason))
    if reading.problems:
        reading.changes, reading.unchanged = [], 0
    return reading


def read_workbook(raw: bytes, *, report, lines=None) -> Reading:
    """The lines of the report an uploaded workbook would change, or every problem in it."""
    lines = {line.pk: line for line in (report.lines.all() if lines is None else lines)}
    return read_upload(raw, lambda workbook: _read(workbook, lines), lambda problem: Reading(problems=[problem]))


def problems_of(error: ValidationError, *, rows: dict, letters: dict) -> list[Problem]:
    """report_save's refusal (keys lines.<id>.<field>) as problems by row and column;
    rows: {line id as text: row number}, as kept in the session."""
    if not hasattr(error, "error_dict"):
        return [Problem(None, "", "", message) for message in error.messages]
    problems = []
    for key, messages in error.message_dict.items():
        parts = key.split(".")
        line_id = parts[1] if parts[0] == "lines" and len(parts) > 1 else None
        header, letter = place(parts[2], letters) if len(parts) > 2 else ("", "")
        problems.extend(Problem(rows.get(line_id), header, letter, message) for message in messages)
    return sorted(problems, key=lambda problem: problem.row or 0)


def lines_fingerprint(lines) -> str:
    """The answers of every line: a preview is applied only to the report it was made from."""
    state = sorted((line.pk, _as_json(_current(line))) for line in lines)
    return hashlib.sha256(json.dumps(state, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def shown(field_name, value) -> str:
    """An answer as the preview shows it."""
    if value in (None, ""):
        return "—"
    if field_name in MONEY_FIELDS:
        return baht(value)
    if field_name == "in_ordinance":
        return yes_no()[0] if value else yes_no()[1]
    if field_name == "status":
        return str(LineStatus(value).label)
    if field_name == "reason":
        return str(NotPossibleReason(value).label)
    return str(value)
