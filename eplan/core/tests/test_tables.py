"""Every table download (core.tables): title rows naming the filters and the date, Thai
intact in CSV (UTF-8 with BOM), formulas kept as text in both formats, numbers as numbers."""

import csv
import datetime
import io
from decimal import Decimal

from django.utils import timezone
from openpyxl import load_workbook

from eplan.core import tables

MOMENT = timezone.make_aware(datetime.datetime(2026, 12, 2, 14, 20))


def _table():
    return tables.Table(
        title="อปท. ที่ยังไม่ส่งรายงาน",
        columns=[tables.Column("ชื่อ อปท."), tables.Column("งบประมาณ", "money"), tables.Column("ร้อยละ", "percent")],
        rows=[("อบต.ท่าศาลา", Decimal("20000.50"), 0.25), ("=1+1", 3, None), ("-ลบ", 0, 1)],
        filters=[("จังหวัด", "นครศรีธรรมราช"), ("อำเภอ", "")],
        generated=MOMENT,
    )


def test_the_csv_opens_with_a_bom_and_keeps_thai_and_formulas_as_text():
    response = tables.download(_table(), "csv", "ยังไม่ส่ง", fallback="missing")
    raw = response.content
    assert raw.startswith(b"\xef\xbb\xbf")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == ["อปท. ที่ยังไม่ส่งรายงาน"]
    assert rows[1] == ["เงื่อนไข: จังหวัด: นครศรีธรรมราช"]  # the empty filter is not named
    assert "2569" in rows[2][0]  # the date in the Buddhist era
    assert rows[3] == []
    assert rows[4] == ["ชื่อ อปท.", "งบประมาณ", "ร้อยละ"]
    assert rows[5] == ["อบต.ท่าศาลา", "20000.50", "0.25"]
    assert rows[6][0] == "'=1+1"
    assert rows[7][0] == "'-ลบ"


def test_the_workbook_has_the_same_title_rows_text_for_formulas_and_number_formats():
    response = tables.download(_table(), "xlsx", "ยังไม่ส่ง", fallback="missing")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][0] == "อปท. ที่ยังไม่ส่งรายงาน"
    assert values[1][0] == "เงื่อนไข: จังหวัด: นครศรีธรรมราช"
    assert values[4][:3] == ["ชื่อ อปท.", "งบประมาณ", "ร้อยละ"]
    formula = sheet.cell(row=7, column=1)
    assert formula.value == "=1+1" and formula.data_type == "s"
    assert sheet.cell(row=6, column=2).number_format == "#,##0.00"
    assert sheet.cell(row=6, column=3).number_format == "0.0%"


def test_no_filter_at_all_says_so_and_an_unknown_format_is_refused():
    table = _table()
    table.filters = ()
    assert table.title_lines()[1] == "เงื่อนไข: ทั้งหมด"
    try:
        tables.download(table, "pdf", "x")
    except ValueError:
        pass
    else:
        raise AssertionError("pdf is not a table format")
