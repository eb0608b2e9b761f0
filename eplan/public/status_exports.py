"""Downloads of a status list: its tables (every organisation with its status, and the
summary by province) as XLSX or CSV through eplan.core.tables, and the official PDF
announcement (ประกาศสำนักงาน ป.ป.ช.)."""

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eplan.core import pdf, tables
from eplan.core.thai import MONTHS_LONG, buddhist_year
from eplan.public.status_tables import TYPE_LABELS, Filters, StatusList, status_label
from eplan.registry.models import District, Province

# ?table= of a status download → the name of its sheet (the first is the default).
TABLES = {
    "organisations": gettext_lazy("รายชื่อ อปท."),
    "provinces": gettext_lazy("สรุปรายจังหวัด"),
}


def official_date(moment) -> str:
    """The date line of an official document: 21 กันยายน พ.ศ. 2560 (local date)."""
    day = timezone.localdate(moment)
    return _("%(day)s %(month)s พ.ศ. %(year)s") % {
        "day": day.day,
        "month": MONTHS_LONG[day.month - 1],
        "year": buddhist_year(day),
    }


def filter_lines(filters: Filters) -> list[tuple[str, str]]:
    """The filters of a status list as a table's title names them (empty ones are left out
    by core.tables); no place at all is the whole country."""
    province = Province.objects.filter(code=filters.province).first() if filters.province else None
    district = District.objects.filter(code=filters.district).first() if filters.district else None
    return [
        (_("จังหวัด"), province.name_th if province else ("" if district else _("ทั้งประเทศ"))),
        (_("อำเภอ"), district.name_th if district else ""),
        (_("ประเภท"), str(TYPE_LABELS.get(filters.org_type, "")) if filters.org_type else ""),
        (_("สถานะ"), status_label(filters.status)),
        (_("ค้นหา"), filters.q),
    ]


def _share(tally, count):
    return count / tally.total if tally.total else None


def organisations_table(listing: StatusList, *, title: str, filters, generated=None) -> tables.Table:
    """Every organisation of the list with its status, one row each, ready to sort and filter."""
    rows = (
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
        ]
        for number, line in enumerate(listing.lines(), start=1)
    )
    return tables.Table(
        title=title,
        columns=[
            tables.Column(_("ลำดับ"), "int", 7),
            tables.Column(_("รหัสจังหวัด"), "code", 8),
            tables.Column(_("จังหวัด"), width=18),
            tables.Column(_("รหัสอำเภอ"), "code", 8),
            tables.Column(_("อำเภอ"), width=20),
            tables.Column(_("รหัส อปท."), "code"),
            tables.Column(_("ชื่อ อปท."), width=30),
            tables.Column(_("ประเภท")),
            tables.Column(_("สถานะ")),
        ],
        rows=rows,
        filters=filters,
        generated=generated or timezone.now(),
        sheet_name=str(TABLES["organisations"]),
    )


def provinces_table(listing: StatusList, *, title: str, filters, generated=None) -> tables.Table:
    """Counts and shares of each status by province, and the total."""
    columns = [tables.Column(_("จังหวัด"), width=22), tables.Column(_("จำนวน อปท."), "int")]
    for cell in listing.tally.cells:
        columns += [tables.Column(cell["label"], "int"), tables.Column(_("ร้อยละ"), "percent")]
    columns += [tables.Column(_("จัดส่งแผนแล้ว"), "int"), tables.Column(_("ร้อยละ"), "percent")]

    def row(name, tally):
        values = [name, tally.total]
        for cell in tally.cells:
            values += [cell["count"], _share(tally, cell["count"])]
        return [*values, tally.submitted, _share(tally, tally.submitted)]

    rows = [row(group.name, group.tally) for group in listing.by_province()]
    rows.append(row(_("รวม"), listing.tally))
    return tables.Table(
        title=title,
        columns=columns,
        rows=rows,
        filters=filters,
        generated=generated or timezone.now(),
        sheet_name=str(TABLES["provinces"]),
    )


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
