"""What every Excel download and upload shares: the content type, the upload form with its
checks, writing a workbook out, and reading cells the same way everywhere.

Every cell any export writes goes through `put` (or `cells` for a whole row, `csv_writer`
for CSV): text that a spreadsheet would take for a formula is written as text, so what a
coordinator or an officer typed can never run in someone else's Excel (issue 10).
"""

import csv
import io
import zipfile
import zlib
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell

from eplan.core import xlsx_limits

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_UPLOAD_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class Problem:
    """One reason a file cannot be imported. `row` is as Excel numbers it (None: the file)."""

    row: int | None
    column: str
    letter: str
    reason: str


class XlsxUploadForm(forms.Form):
    """One .xlsx file of at most MAX_UPLOAD_BYTES; .xls and other files are refused with a
    message that says what to do."""

    file = forms.FileField(
        label=gettext_lazy("ไฟล์ Excel (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx," + XLSX}),
        error_messages={"required": gettext_lazy("กรุณาเลือกไฟล์ Excel"), "empty": gettext_lazy("ไฟล์ว่างเปล่า")},
    )
    help_text = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = self.help_text

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if name.endswith(".xls"):
            raise ValidationError(
                _("ไฟล์ .xls (Excel 97–2003) ใช้ไม่ได้ เปิดไฟล์ใน Excel แล้วบันทึกเป็น Excel Workbook (.xlsx) ก่อน")
            )
        if not name.endswith(".xlsx"):
            raise ValidationError(_("รับเฉพาะไฟล์ Excel นามสกุล .xlsx"))
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(
                _("ไฟล์ใหญ่ %(size).1f MB เกินที่รับได้ (%(max)s MB)")
                % {"size": upload.size / 1024 / 1024, "max": MAX_UPLOAD_BYTES // 1024 // 1024}
            )
        return upload


def workbook_bytes(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(workbook, filename: str, *, fallback: str = "") -> HttpResponse:
    """A workbook as a download; a Thai file name with an ASCII fallback."""
    from eplan.core import pdf

    response = HttpResponse(workbook_bytes(workbook), content_type=XLSX)
    response["Content-Disposition"] = pdf.content_disposition(
        filename, fallback=fallback or filename, as_attachment=True
    )
    return response


def normal(text) -> str:
    """A header as compared: spaces folded, case ignored."""
    return " ".join(str(text).split()).casefold()


def cell_text(value) -> str:
    """A cell as text: numbers without float noise, line ends unified, trimmed."""
    if value is None:
        return ""
    if isinstance(value, float):
        return format(value, ".15g")
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# Excel, LibreOffice and Google Sheets start a formula at =, + , - or @; a tab or a carriage
# return before one hides it from a check of the first character only (OWASP CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(value) -> bool:
    """Text a spreadsheet would evaluate. A dash alone is the plan template's "not run that
    year" (core.money.NOT_RUN) and stays a plain dash."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS) and value != "-"


def put(cell, value):
    """Write a value as text Excel keeps as typed: no illegal characters, and text that
    looks like a formula stays text (a string cell with Excel's quote prefix, the ' that
    keeps it text even when someone edits the cell); it reads back exactly as typed."""
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value.replace("\r\n", "\n"))
    cell.value = value
    if looks_like_formula(value):
        cell.data_type = "s"
        cell.quotePrefix = True


def cells(sheet, values) -> list:
    """A row for sheet.append, in ordinary and write-only workbooks alike, each value put."""
    row = []
    for value in values:
        cell = Cell(sheet, row=1, column=1)  # append moves it to its place
        put(cell, value)
        row.append(cell)
    return row


def csv_value(value):
    """A CSV cell: text that looks like a formula gets a leading ' (a CSV has no types, so
    the quote is the only way to say "text" that Excel and LibreOffice honour)."""
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        if looks_like_formula(value):
            return "'" + value
    return value


class _GuardedCsvWriter:
    def __init__(self, writer):
        self._writer = writer

    def writerow(self, row):
        return self._writer.writerow([csv_value(value) for value in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def csv_writer(handle, **options):
    """csv.writer whose every cell goes through csv_value."""
    return _GuardedCsvWriter(csv.writer(handle, **options))


def read_upload(raw: bytes, read, refuse, *, limits: xlsx_limits.Limits = xlsx_limits.UPLOADS):
    """Open an uploaded workbook and give it to read(workbook); a file that is not a sound
    .xlsx, or that passes a limit once opened (xlsx_limits), becomes refuse(problem)
    instead of an error page or a worker held for minutes."""
    try:
        xlsx_limits.inspect(raw, limits)
    except xlsx_limits.TooLarge as too_large:
        return refuse(Problem(None, "", "", too_large.message))
    try:
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged or foreign file
        return refuse(Problem(None, "", "", _("เปิดไฟล์ไม่ได้ ไฟล์ต้องเป็น Excel (.xlsx) ที่ไม่เสียหายและไม่ได้ตั้งรหัสผ่าน")))
    try:
        return read(workbook)
    except (SyntaxError, zipfile.BadZipFile, zlib.error, EOFError):  # XML or zip damaged inside
        return refuse(Problem(None, "", "", _("อ่านไฟล์ไม่ได้ ไฟล์อาจเสียหาย ลองเปิดใน Excel แล้วบันทึกใหม่")))
    finally:
        workbook.close()
