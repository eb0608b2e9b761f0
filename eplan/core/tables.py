"""A table as every page downloads it: XLSX and CSV from one description.

A page that shows a table builds a `Table` (title, the filters that chose its rows, columns
and rows) from the same selector that fills the page, and answers `download(table, fmt,
filename)`. Both formats open with the same title rows: the title, one line naming the
filters ("จังหวัด: นครศรีธรรมราช · รอบ: 6 เดือน"), and the date and time the data was read;
then a blank row, the header and the rows.

- CSV is UTF-8 with a byte-order mark, so Excel opens Thai as Thai, and CRLF line ends.
- Every cell goes through core.spreadsheets (`put` / `csv_value`): text that a spreadsheet
  would take for a formula (=, +, -, @) stays text in both formats.
- Numbers stay numbers: a column's `kind` gives its Excel format (integer with thousands
  separators, baht with two decimals, a share as a percentage).
"""

import csv
import datetime
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from eplan.core import pdf, spreadsheets
from eplan.core.thai import thai_datetime

FORMATS = ("xlsx", "csv")
CSV = "text/csv; charset=utf-8"
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
# Excel number formats per column kind; "percent" holds a share (0.25 shows 25.0%).
NUMBER_FORMATS = {"int": "#,##0", "money": "#,##0.00", "percent": "0.0%", "decimal": "#,##0.00"}
WIDTHS = {"text": 24, "code": 10, "int": 12, "money": 16, "percent": 10, "decimal": 12, "date": 14}


@dataclass(frozen=True)
class Column:
    label: str
    kind: str = "text"  # text | code | int | money | percent | decimal | date
    width: int | None = None


@dataclass
class Table:
    title: str
    columns: Sequence[Column]
    rows: Iterable[Sequence]
    filters: Sequence[tuple[str, str]] = ()  # (label, value) of each filter that chose the rows
    generated: datetime.datetime = field(default_factory=timezone.now)
    sheet_name: str = ""

    def title_lines(self) -> list[str]:
        lines = [self.title]
        chosen = [f"{label}: {value}" for label, value in self.filters if value not in ("", None)]
        lines.append(_("เงื่อนไข: %(filters)s") % {"filters": " · ".join(chosen)} if chosen else _("เงื่อนไข: ทั้งหมด"))
        lines.append(_("ข้อมูล ณ %(moment)s") % {"moment": thai_datetime(self.generated)})
        return lines

    @property
    def header(self) -> list[str]:
        return [column.label for column in self.columns]


def _plain(value):
    """A value both formats write: dates as ISO text, Decimals and numbers as they are."""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if timezone.is_aware(value) else str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def workbook_of(table: Table) -> Workbook:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(table.sheet_name[:31] or _("ข้อมูล"))
    for index, column in enumerate(table.columns):
        letter = get_column_letter(index + 1)
        sheet.column_dimensions[letter].width = column.width or WIDTHS.get(column.kind, 16)
    bold = Font(bold=True)
    for line in table.title_lines():
        row = spreadsheets.cells(sheet, [line])
        row[0].font = bold
        sheet.append(row)
    sheet.append([])
    header = spreadsheets.cells(sheet, table.header)
    for cell in header:
        cell.font, cell.fill = bold, HEADER_FILL
    sheet.append(header)
    formats = [NUMBER_FORMATS.get(column.kind) for column in table.columns]
    for values in table.rows:
        row = spreadsheets.cells(sheet, [_plain(value) for value in values])
        for cell, number_format in zip(row, formats, strict=False):
            if number_format and isinstance(cell.value, int | float | Decimal) and not isinstance(cell.value, bool):
                cell.number_format = number_format
        sheet.append(row)
    return workbook


def csv_bytes(table: Table) -> bytes:
    handle = io.StringIO(newline="")
    writer = spreadsheets.csv_writer(handle, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    for line in table.title_lines():
        writer.writerow([line])
    writer.writerow([])
    writer.writerow(table.header)
    for values in table.rows:
        writer.writerow([_plain(value) for value in values])
    return ("\ufeff" + handle.getvalue()).encode("utf-8")


def file_bytes(table: Table, fmt: str) -> bytes:
    """The file of a table, for a document made in the background: an XLSX workbook or a
    CSV (UTF-8 with BOM)."""
    if fmt not in FORMATS:
        raise ValueError(fmt)
    return spreadsheets.workbook_bytes(workbook_of(table)) if fmt == "xlsx" else csv_bytes(table)


def download(table: Table, fmt: str, filename: str, *, fallback: str = "") -> HttpResponse:
    """The table as a file: fmt is "xlsx" or "csv"; filename without its extension (Thai is
    fine; fallback is its ASCII name for old clients)."""
    if fmt not in FORMATS:
        raise ValueError(fmt)
    fallback = fallback or "table"
    if fmt == "xlsx":
        return spreadsheets.xlsx_response(workbook_of(table), f"{filename}.xlsx", fallback=f"{fallback}.xlsx")
    response = HttpResponse(csv_bytes(table), content_type=CSV)
    response["Content-Disposition"] = pdf.content_disposition(
        f"{filename}.csv", fallback=f"{fallback}.csv", as_attachment=True
    )
    return response


def format_of(request, default: str = "xlsx") -> str | None:
    """?format=xlsx|csv of a download link; None for anything else (the view answers 404)."""
    fmt = request.GET.get("format", default)
    return fmt if fmt in FORMATS else None
