"""Downloads of a status list: an XLSX workbook (every organisation, and a summary by
province) and the official PDF announcement (ประกาศสำนักงาน ป.ป.ช.)."""

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from eplan.core import pdf
from eplan.core.spreadsheets import cells, xlsx_response  # noqa: F401 (the status views use it from here)
from eplan.core.thai import MONTHS_LONG, buddhist_year
from eplan.public.status_tables import StatusList

HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
PERCENT = "0.0%"


def official_date(moment) -> str:
    """The date line of an official document: 21 กันยายน พ.ศ. 2560 (local date)."""
    day = timezone.localdate(moment)
    return _("%(day)s %(month)s พ.ศ. %(year)s") % {
        "day": day.day,
        "month": MONTHS_LONG[day.month - 1],
        "year": buddhist_year(day),
    }


def _cells(sheet, values, *, font=None, fill=None, formats=None):
    row = cells(sheet, values)
    for index, cell in enumerate(row):
        if font is not None:
            cell.font = font
        if fill is not None:
            cell.fill = fill
        if formats and formats.get(index):
            cell.number_format = formats[index]
    return row


def _ratio(tally, count):
    return count / tally.total if tally.total else None


def status_workbook(listing: StatusList, *, title_lines: list[str]) -> Workbook:
    """Sheet 1: counts and shares by province (and the total); sheet 2: every organisation
    with its status, one row each, ready to sort and filter."""
    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    statuses = listing.tally.cells

    summary = workbook.create_sheet(_("สรุปรายจังหวัด"))
    summary.column_dimensions["A"].width = 22
    for title in title_lines:
        summary.append(_cells(summary, [title], font=bold))
    summary.append([])
    header = [_("จังหวัด"), _("จำนวน อปท.")]
    for cell in statuses:
        header += [cell["label"], _("ร้อยละ")]
    header += [_("จัดส่งแผนแล้ว"), _("ร้อยละ")]
    summary.append(_cells(summary, header, font=bold, fill=HEADER_FILL))
    formats = {3 + 2 * index: PERCENT for index in range(len(statuses) + 1)}

    def summary_row(name, tally, font=None):
        values = [name, tally.total]
        for cell in tally.cells:
            values += [cell["count"], _ratio(tally, cell["count"])]
        values += [tally.submitted, _ratio(tally, tally.submitted)]
        return _cells(summary, values, font=font, formats=formats)

    for group in listing.by_province():
        summary.append(summary_row(group.name, group.tally))
    summary.append(summary_row(_("รวม"), listing.tally, font=bold))

    names = workbook.create_sheet(_("รายชื่อ อปท."))
    names.freeze_panes = "A2"
    for column, width in zip("ABCDEFGHI", (7, 8, 18, 8, 20, 10, 30, 24, 24), strict=True):
        names.column_dimensions[column].width = width
    names.append(
        _cells(
            names,
            [
                _("ลำดับ"),
                _("รหัสจังหวัด"),
                _("จังหวัด"),
                _("รหัสอำเภอ"),
                _("อำเภอ"),
                _("รหัส อปท."),
                _("ชื่อ อปท."),
                _("ประเภท"),
                _("สถานะ"),
            ],
            font=bold,
            fill=HEADER_FILL,
        )
    )
    for number, line in enumerate(listing.lines(), start=1):
        names.append(
            _cells(
                names,
                [
                    number,
                    line.province_code,
                    line.province_name,
                    line.district_code,
                    line.district_name,
                    line.code,
                    line.display_name,
                    line.org_type_label,
                    line.status_label,
                ],
            )
        )
    names.auto_filter.ref = f"A1:I{len(listing.keys) + 1}"
    return workbook


def announcement_pdf(*, announcement, listing: StatusList, province=None, thai_digits=False) -> bytes:
    """ประกาศสำนักงาน ป.ป.ช. เรื่อง …: the announcement text and its annex, the list of
    organisations grouped by district with each district's counts. An official document:
    in Thai whatever the screen language, and made only from the frozen announcement, so
    the same request always gives the same document."""
    blocks = listing.blocks()
    for block in blocks:  # numbered through each province, as an annex is
        number = 0
        for district in block["districts"]:
            district["rows"] = list(enumerate(district["lines"], start=number + 1))
            number += len(district["lines"])
    context = {
        "announcement": announcement,
        "cycle": announcement.cycle,
        "province": province,
        "tally": listing.tally,
        "blocks": blocks,
        "districts": listing.by_district() if province else None,
        "provinces": None if province else listing.by_province(),
        "as_of_text": official_date(announcement.as_of),
    }
    with translation.override("th"):
        return pdf.render_pdf("public/status/pdf/announcement.html", context, thai_digits=thai_digits)
