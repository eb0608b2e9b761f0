"""Plan items (Part 2 and Part 3) as an Excel workbook.

One builder makes both the blank template and the export: an export is the template
filled in, so an exported file can be edited and imported again. The reader turns an
uploaded workbook into rows for services_import, or into every problem it has, each
with the row number Excel shows, the column header and the reason.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from eplan.core.money import NO_BUDGET, NOT_RUN, parse_budget
from eplan.core.spreadsheets import Problem, read_upload
from eplan.core.spreadsheets import cell_text as _cell_text
from eplan.core.spreadsheets import cells as _cells
from eplan.core.spreadsheets import is_blank as _is_blank
from eplan.core.spreadsheets import normal as _normal
from eplan.core.spreadsheets import put as _put
from eplan.core.thai import ARABIC_DIGITS, thai_datetime
from eplan.frameworks.selectors import framework_of
from eplan.plans import excel_front, services_import
from eplan.plans import services as plans_services
from eplan.plans.cells import item_kind, mission_code
from eplan.plans.models import ItemKind, PlanItem

MONEY_FORMAT = "#,##0.00"
TEXT_FORMAT = "@"
BLANK_ROWS = 200  # rows below the items made ready for typing (formats, mission title)
MAX_ROWS = 2000
MAX_SHEET_ROWS = 20000
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
WRAP = Alignment(wrap_text=True, vertical="top")
PART3_WIDTHS = {"duration": 20, "responsible_unit": 20}


@dataclass(frozen=True)
class Column:
    key: str  # a row key of services_import, "budget:2562" for a year, "mission_title" (shown only)
    header: str
    width: int
    hint: str
    required: bool = False
    number_format: str | None = None


@dataclass
class Reading:
    rows: list[dict] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    front: dict | None = None  # the sections of the front sheet; None: the file has none


def sheet_names() -> dict:
    return {"items": _("ส่วนที่ 2-3"), "help": _("คำแนะนำ"), "missions": _("ภารกิจ")}


def columns_for(plan) -> list[Column]:
    kinds = ", ".join(str(label) for label in ItemKind.labels)
    years = plan.cycle.fiscal_years
    budget_hint = _(
        "จำนวนเงิน (บาท) เช่น 20,000 หรือ 20,000.- หรือ 20,000.00 บาท (เลขไทยได้) ไม่ติดลบ ทศนิยมไม่เกิน 2 ตำแหน่ง; "
        "%(no_budget)s ถ้าดำเนินการในปีนั้นโดยไม่ใช้งบประมาณ; "
        "%(not_run)s หรือเว้นว่าง ถ้าไม่ได้ดำเนินการในปีนั้น (เหมือนตารางส่วนที่ 2 ของแผน) "
        "ทุกรายการต้องดำเนินการอย่างน้อยหนึ่งปี"
    ) % {"no_budget": NO_BUDGET, "not_run": NOT_RUN}
    groups = "; ".join(plan.cycle.target_groups or [])
    return [
        Column(
            "id",
            _("รหัสรายการ"),
            11,
            _("ระบบกำหนดให้ ใช้จับคู่แถวกับรายการเดิมในแผน ห้ามแก้ไขหรือคัดลอกไปแถวอื่น เว้นว่างสำหรับรายการใหม่"),
            required=True,
        ),
        Column(
            "mission",
            _("รหัสภารกิจ"),
            12,
            _("เลือกจากรายการ ต้องเป็นภารกิจย่อยล่างสุด (ภารกิจที่ไม่มีภารกิจย่อยอีก) ดูรายชื่อท้ายแผ่นงานนี้"),
            required=True,
            number_format=TEXT_FORMAT,
        ),
        Column("mission_title", _("ชื่อภารกิจ (ไม่ต้องกรอก)"), 36, _("แสดงชื่อของรหัสภารกิจให้อัตโนมัติ ระบบไม่อ่านคอลัมน์นี้")),
        Column("kind", _("ประเภท"), 14, _("เลือก %(kinds)s") % {"kinds": kinds}, required=True),
        Column("title", _("ชื่อโครงการ/กิจกรรม/มาตรการ"), 48, _("จำเป็น ยาวไม่เกิน 500 ตัวอักษร"), required=True),
        *[
            Column(
                f"budget:{year}",
                _("งบประมาณปี %(year)s") % {"year": year},
                15,
                budget_hint,
                required=True,
                number_format=MONEY_FORMAT,
            )
            for year in years
        ],
        Column(
            "quarters",
            _("ไตรมาส"),
            10,
            _("ไตรมาสของปีงบประมาณที่ดำเนินการ 1 ถึง 4 คั่นด้วยจุลภาค เช่น 1,2,3 (ไตรมาส 1 คือ ต.ค.–ธ.ค.)"),
            number_format=TEXT_FORMAT,
        ),
        Column(
            "target_groups",
            _("กลุ่มเป้าหมาย"),
            30,
            _("คั่นแต่ละกลุ่มด้วย ; ใช้ชื่อตามนี้: %(groups)s") % {"groups": groups} if groups else _("ไม่บังคับ"),
        ),
        Column("note", _("หมายเหตุ"), 24, _("ไม่บังคับ")),
        *[
            Column(
                name,
                str(PlanItem._meta.get_field(name).verbose_name),
                PART3_WIDTHS.get(name, 36),
                _("ส่วนที่ 3 ไม่บังคับ ยาวไม่เกิน 300 ตัวอักษร") if name in services_import.MAX_LENGTHS else _("ส่วนที่ 3 ไม่บังคับ"),
            )
            for name in PlanItem.PART3_FIELDS
        ],
    ]


def ordered_items(items, framework) -> list[PlanItem]:
    """Document order: dimension → mission → position; items without a mission last."""
    index = {mission.pk: number for number, mission in enumerate(framework.missions)}
    return sorted(items, key=lambda item: (index.get(item.mission_id, len(index)), item.position, item.pk))


# Building


def _item_values(item, years) -> dict:
    values = {
        "id": item.pk,
        "mission": item.mission.code if item.mission_id else "",
        "kind": str(ItemKind(item.kind).label),
        "title": item.title,
        "quarters": ",".join(str(quarter) for quarter in sorted(set(item.quarters or []))),
        "target_groups": "; ".join(item.target_groups or []),
        "note": item.note,
        **{name: getattr(item, name) for name in PlanItem.PART3_FIELDS},
    }
    # A year the item does not run is a dash, as in the official Part 2 table.
    values.update({f"budget:{year}": NOT_RUN for year in years})
    for budget in item.budgets.all():
        values[f"budget:{budget.fiscal_year}"] = NO_BUDGET if budget.no_budget else budget.amount
    return values


def _fill_missions(sheet, leaves):
    sheet.append(_cells(sheet, [_("รหัสภารกิจ"), _("ชื่อภารกิจ")]))
    for mission in leaves:
        sheet.append(_cells(sheet, [mission.code, mission.title]))
    sheet.column_dimensions["A"].width = 10
    sheet.column_dimensions["B"].width = 80


def _fill_items(sheet, columns, items, leaves, missions_sheet, years):
    letters = {column.key: get_column_letter(number) for number, column in enumerate(columns, start=1)}
    for number, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=number, value=column.header)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        sheet.column_dimensions[letters[column.key]].width = column.width
    sheet.freeze_panes = "A2"
    last = len(items) + 1 + BLANK_ROWS
    lookup = f"'{missions_sheet.title}'!$A$2:$B${len(leaves) + 1}"
    for row in range(2, last + 1):
        item = items[row - 2] if row - 2 < len(items) else None
        values = _item_values(item, years) if item is not None else {}
        for number, column in enumerate(columns, start=1):
            cell = sheet.cell(row=row, column=number)
            if column.key == "mission_title":
                if item is not None and not item.mission_id:
                    cell.value = _("ยังไม่ได้เลือกภารกิจ (ในแผนรอบก่อน: %(code)s)") % {
                        "code": item.previous_mission_code or "—"
                    }
                else:
                    code = f"${letters['mission']}{row}"
                    missing = _("ไม่พบรหัสภารกิจนี้")
                    cell.value = f'=IF({code}="","",IFERROR(VLOOKUP({code},{lookup},2,FALSE),"{missing}"))'
            else:
                _put(cell, values.get(column.key))
            if column.number_format:
                cell.number_format = column.number_format
            if item is not None:
                cell.alignment = WRAP
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(len(items) + 1, 2)}"
    _add_validations(sheet, letters, max(last, MAX_ROWS + 1), len(leaves), missions_sheet)


def _add_validations(sheet, letters, last, leaf_count, missions_sheet):
    missions = DataValidation(
        type="list",
        formula1=f"'{missions_sheet.title}'!$A$2:$A${leaf_count + 1}",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=_("รหัสภารกิจ"),
        error=_("เลือกรหัสภารกิจย่อยจากรายการ"),
        promptTitle=_("รหัสภารกิจ"),
        prompt=_("เลือกภารกิจย่อยที่รายการนี้อยู่"),
        showInputMessage=True,
    )
    missions.add(f"{letters['mission']}2:{letters['mission']}{last}")
    kinds = DataValidation(
        type="list",
        formula1='"' + ",".join(str(label) for label in ItemKind.labels) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=_("ประเภท"),
        error=_("เลือกประเภทจากรายการ"),
    )
    kinds.add(f"{letters['kind']}2:{letters['kind']}{last}")
    # A list of one, with no error message: the arrow offers ไม่ใช้งบประมาณ, numbers still go in.
    budgets = DataValidation(type="list", formula1=f'"{NO_BUDGET}"', allow_blank=True, showErrorMessage=False)
    for key, letter in letters.items():
        if key.startswith("budget:"):
            budgets.add(f"{letter}2:{letter}{last}")
    for validation in (missions, kinds, budgets):
        sheet.add_data_validation(validation)


def _fill_help(sheet, plan, columns, leaves, items_sheet, exported):
    bold = Font(bold=True)
    sheet.column_dimensions["A"].width = 30
    sheet.column_dimensions["B"].width = 110

    def line(first="", second="", *, font=None):
        sheet.append(_cells(sheet, [first, second]))
        for cell in sheet[sheet.max_row]:
            if second:  # a heading alone runs on into the empty column beside it
                cell.alignment = WRAP
            if font is not None:
                cell.font = font

    line(_("วิธีกรอกแบบฟอร์มโครงการ/กิจกรรม/มาตรการ (ส่วนที่ 2 และส่วนที่ 3)"), font=Font(bold=True, size=14))
    line(f"{plan.organisation.full_name} · {plan.cycle.title}")
    if exported:
        line(_("ส่งออกจากระบบเมื่อ %(when)s") % {"when": thai_datetime(timezone.now())})
    else:
        line(_("แบบฟอร์มเปล่า"))
    line()
    line(_("หลักการนำเข้า"), font=bold)
    rules = [
        _('กรอกในแผ่นงาน "%(sheet)s" หนึ่งแถวต่อหนึ่งรายการ อย่าแก้ไขหัวคอลัมน์ในแถวที่ 1') % {"sheet": items_sheet.title},
        _("แถวที่มีรหัสรายการ คือรายการเดิมในแผน ระบบจะแก้ไขรายการนั้นตามข้อมูลในแถว"),
        _("แถวที่ไม่มีรหัสรายการ ระบบจะเพิ่มเป็นรายการใหม่"),
        _(
            "คำเตือน: การนำเข้าคือการแทนที่รายการทั้งแผน รายการเดิมที่ไม่มีแถวในไฟล์จะถูกลบออกจากแผน "
            "ถ้าต้องการเพิ่มหรือแก้ไขเพียงบางรายการ ให้ส่งออกแผนปัจจุบันเป็น Excel แล้วแก้ไขในไฟล์นั้น"
        ),
        _(
            "ระบบตรวจทั้งไฟล์ก่อน ถ้ามีข้อผิดพลาดแม้แถวเดียวจะไม่บันทึกข้อมูลใดเลย และแจ้งแถว คอลัมน์ และสาเหตุ "
            "เมื่อไฟล์ถูกต้อง ระบบจะแสดงสิ่งที่จะเพิ่ม แก้ไข และลบ ให้ตรวจก่อนกดยืนยันนำเข้า"
        ),
        _("ลำดับของแถวคือลำดับของรายการในแต่ละภารกิจ"),
        _(
            "งบประมาณรายปี: ขีด (%(not_run)s) หรือช่องว่าง หมายถึง ไม่ได้ดำเนินการในปีนั้น เหมือนตารางส่วนที่ 2 ของแผน; "
            "%(no_budget)s หมายถึง ดำเนินการในปีนั้นโดยไม่ใช้งบประมาณ"
        )
        % {"not_run": NOT_RUN, "no_budget": NO_BUDGET},
        _('คำนำ ประกาศใช้แผน และส่วนที่ 1 อยู่ในแผ่นงาน "%(sheet)s" แก้ไขในคอลัมน์ข้อความ อย่าแก้รหัสหัวข้อ')
        % {"sheet": excel_front.sheet_title()},
        _("ชื่อโครงการไม่ต้องใส่ลำดับที่ เช่น ๑) หรือ 1. ระบบใส่ลำดับให้เอง (ถ้าใส่มา ระบบจะตัดออก)"),
        _("ถ้าลบคอลัมน์ที่ไม่บังคับออกจากไฟล์ รายการเดิมจะคงข้อมูลเดิมของคอลัมน์นั้นไว้"),
    ]
    for number, rule in enumerate(rules, start=1):
        line(str(number), rule)
    line()
    line(_("วิธีกรอกแต่ละคอลัมน์"), font=bold)
    budget_columns = [column for column in columns if column.key.startswith("budget:")]
    for column in columns:
        if column.key.startswith("budget:"):
            if column is budget_columns[0]:
                header = column.header
                if len(budget_columns) > 1:
                    header = f"{column.header} – {budget_columns[-1].header}"
                line(header, column.hint)
            continue
        line(column.header, column.hint)
    line()
    line(_("ภารกิจย่อยที่ใส่รายการได้"), font=bold)
    for mission in leaves:
        line(mission.code, mission.title)


def build_workbook(plan, *, items=(), framework=None) -> Workbook:
    """The template when `items` is empty, else the export of those items."""
    framework = framework or framework_of(plan.cycle)
    leaves = framework.leaves
    names = sheet_names()
    workbook = Workbook()
    items_sheet = workbook.active
    items_sheet.title = names["items"]
    help_sheet = workbook.create_sheet(names["help"])
    missions_sheet = workbook.create_sheet(names["missions"])
    missions_sheet.sheet_state = "hidden"
    columns = columns_for(plan)
    _fill_missions(missions_sheet, leaves)
    _fill_items(items_sheet, columns, ordered_items(items, framework), leaves, missions_sheet, plan.cycle.fiscal_years)
    _fill_help(help_sheet, plan, columns, leaves, items_sheet, exported=bool(items))
    excel_front.fill(workbook.create_sheet(excel_front.sheet_title(), 1), plan, exported=bool(items))
    return workbook


# Reading


def _item_id(value):
    if _is_blank(value):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = "" if isinstance(value, bool) else _cell_text(value).translate(ARABIC_DIGITS)
    if not re.fullmatch(r"[0-9]+", text):
        raise ValueError(_("รหัสรายการต้องเป็นตัวเลขที่ระบบกำหนด เว้นว่างถ้าเป็นรายการใหม่"))
    return int(text)


def _budget(value):
    """A budget cell: None (the year is not run), NO_BUDGET, or the amount as '1234.50'.
    A number cell is read as the digits Excel shows, not the binary float behind them."""
    if isinstance(value, bool):
        raise ValueError(_("'%(value)s' ไม่ใช่จำนวนเงิน") % {"value": value})
    text = str(value) if isinstance(value, int | Decimal) else _cell_text(value).translate(ARABIC_DIGITS)
    parsed = parse_budget(text)
    if parsed is None:
        return None
    amount, no_budget = parsed
    return NO_BUDGET if no_budget else f"{amount:.2f}"


def _quarters(value) -> list[int]:
    if _is_blank(value):
        return []
    if isinstance(value, int | float) and not isinstance(value, bool) and float(value).is_integer():
        text = ",".join(str(int(value)))  # 1234 from a cell Excel took for a number
    else:
        text = _cell_text(value).translate(ARABIC_DIGITS)
    text = re.sub(r"ไตรมาส(ที่)?|q", " ", text, flags=re.IGNORECASE)
    quarters = set()
    for token in re.split(r"(?:[\s,;/+]|และ)+", text):
        if not token:
            continue
        span = re.fullmatch(r"([1-4])(?:-([1-4]))?", token)
        if span is None:
            raise ValueError(_("ไตรมาสต้องเป็นเลข 1 ถึง 4 คั่นด้วยจุลภาค เช่น 1,2,3"))
        first, last = int(span.group(1)), int(span.group(2) or span.group(1))
        quarters.update(range(first, last + 1))
    return sorted(quarters)


def _groups(value) -> list[str]:
    return [group.strip() for group in re.split(r"[;\n]", _cell_text(value)) if group.strip()]


def _items_sheet(workbook):
    wanted = {_normal(sheet_names()["items"])}
    with translation.override("th"):
        wanted.add(_normal(sheet_names()["items"]))
    for sheet in workbook.worksheets:
        if _normal(sheet.title) in wanted:
            return sheet
    return workbook.worksheets[0] if len(workbook.worksheets) == 1 else None


def _header(header, plan, columns) -> tuple[dict, list[Problem]]:
    """Which column holds which key, or the problems of the header row."""
    accepted = {_normal(column.header): column.key for column in columns}
    with translation.override("th"):
        accepted.update({_normal(column.header): column.key for column in columns_for(plan)})
    index, problems = {}, []
    for position, value in enumerate(header or ()):
        if _is_blank(value):
            continue
        letter = get_column_letter(position + 1)
        key = accepted.get(_normal(value))
        if key is None:
            year = re.search(r"25[0-9]{2}", str(value))
            reason = (
                _("ปี %(year)s ไม่อยู่ในรอบแผน %(cycle)s") % {"year": year.group(0), "cycle": plan.cycle.code}
                if year and "งบประมาณ" in str(value)
                else _("ไม่รู้จักหัวคอลัมน์นี้ ใช้หัวคอลัมน์ตามแบบฟอร์ม (ดูแผ่นงานคำแนะนำ)")
            )
            problems.append(Problem(1, str(value).strip(), letter, reason))
        elif key in index:
            problems.append(Problem(1, str(value).strip(), letter, _("หัวคอลัมน์นี้ซ้ำกับคอลัมน์ก่อนหน้า")))
        else:
            index[key] = position
    for column in columns:
        if column.required and column.key not in index:
            problems.append(Problem(1, column.header, "", _("ไม่พบคอลัมน์นี้ในแถวที่ 1 (หัวคอลัมน์)")))
    return index, problems


def _parse_row(number, cells, codes) -> tuple[dict, list[tuple[str, str]]]:
    row = {"row": number, "id": None, "mission": "", "kind": "", "title": "", "budgets": {}}
    problems = []
    for key, value in cells.items():
        try:
            if key == "id":
                row["id"] = _item_id(value)
            elif key == "mission":
                row["mission"] = mission_code(_cell_text(value), codes)
            elif key == "kind":
                row["kind"] = item_kind(_cell_text(value))
            elif key.startswith("budget:"):
                budget = _budget(value)
                if budget is not None:
                    row["budgets"][key.split(":", 1)[1]] = budget
            elif key == "quarters":
                row["quarters"] = _quarters(value)
            elif key == "target_groups":
                row["target_groups"] = _groups(value)
            else:
                row[key] = _cell_text(value)
        except ValueError as error:
            problems.append((key, str(error)))
    return row, problems


def _place(field_name, columns, index) -> tuple[str, str]:
    """The header and column letter(s) a problem with a row field is shown against."""
    by_key = {column.key: column for column in columns}
    if field_name == "budgets":
        budget_keys = [column.key for column in columns if column.key.startswith("budget:")]
        first, last = by_key[budget_keys[0]], by_key[budget_keys[-1]]
        header = _("งบประมาณปี %(first)s–%(last)s") % {"first": first.key[7:], "last": last.key[7:]}
        letters = [get_column_letter(index[key] + 1) for key in (first.key, last.key)]
        return header, letters[0] if letters[0] == letters[1] else f"{letters[0]}–{letters[1]}"
    if field_name in by_key and field_name in index:
        return by_key[field_name].header, get_column_letter(index[field_name] + 1)
    return "", ""


def _read(workbook, plan, framework) -> Reading:
    sheet = _items_sheet(workbook)
    if sheet is None:
        reason = _('ไม่พบแผ่นงาน "%(sheet)s" ในไฟล์ ใช้แบบฟอร์มที่ดาวน์โหลดจากระบบ') % {"sheet": sheet_names()["items"]}
        return Reading(problems=[Problem(None, "", "", reason)])
    sheet.reset_dimensions()  # some writers record a wrong used range; read every row there is
    values = sheet.iter_rows(values_only=True)
    columns = columns_for(plan)
    index, problems = _header(next(values, None), plan, columns)
    if problems:
        return Reading(problems=problems)
    codes = set(framework.by_code)
    read_keys = [key for key in index if key != "mission_title"]
    rows, cell_problems = [], set()
    for number, cells in enumerate(values, start=2):
        if number > MAX_SHEET_ROWS:  # a few kilobytes of zip can hold millions of empty rows
            reason = _("แผ่นงานมีเกิน %(max)s แถว ลบแถวว่างท้ายตารางแล้วลองใหม่") % {"max": f"{MAX_SHEET_ROWS:,}"}
            return Reading(problems=[Problem(None, "", "", reason)])
        found = {key: cells[index[key]] if index[key] < len(cells) else None for key in read_keys}
        if all(_is_blank(value) for value in found.values()):
            continue
        if len(rows) == MAX_ROWS:
            problems.append(Problem(None, "", "", _("ไฟล์มีรายการมากเกิน %(max)s แถว") % {"max": MAX_ROWS}))
            return Reading(problems=problems)
        row, row_problems = _parse_row(number, found, codes)
        rows.append(row)
        for key, reason in row_problems:
            cell_problems.add((number, key))
            problems.append(Problem(number, *_place(key, columns, index), reason))
    for problem in services_import.rows_check(plan=plan, rows=rows, framework=framework):
        already = (problem.row, problem.field) in cell_problems or (
            problem.field == "budgets"
            and any(row == problem.row and key.startswith("budget:") for row, key in cell_problems)
        )
        if not already:
            problems.append(Problem(problem.row, *_place(problem.field, columns, index), problem.reason))
    order = {column.header: number for number, column in enumerate(columns)}
    problems.sort(key=lambda problem: (problem.row or 0, order.get(problem.column, -1)))
    front, front_sheet = None, excel_front.find(workbook)
    if front_sheet is not None:
        front, front_sheet_problems = excel_front.read(front_sheet)
        if not front_sheet_problems:
            rows_of = {key: number for number, key in enumerate(excel_front.KEYS, start=2)}
            front_sheet_problems = [
                Problem(rows_of.get(key), excel_front.label(key), "C", f"{front_sheet.title}: {reason}")
                for key, reason in plans_services.front_problems(plan, front).items()
            ]
        problems += front_sheet_problems
    return Reading(rows=[] if problems else rows, problems=problems, front=None if problems else front)


def read_workbook(raw: bytes, *, plan, framework=None) -> Reading:
    """The rows of an uploaded workbook, or every problem in it (then no rows)."""
    framework = framework or framework_of(plan.cycle)
    return read_upload(
        raw, lambda workbook: _read(workbook, plan, framework), lambda problem: Reading(problems=[problem])
    )
