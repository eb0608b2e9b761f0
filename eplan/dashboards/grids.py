"""A dashboard table: what the page prints (each number a link to the อปท. behind it) and
what its XLSX/CSV download writes, from one description, so the file has the page's numbers.

Units are those of charts.format_value: number, percent (0–100), baht, decimal, or text.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from eplan.core import tables
from eplan.dashboards.charts import format_value

DOWNLOAD_KINDS = {"number": "int", "percent": "decimal", "baht": "money", "decimal": "decimal", "text": "text"}


@dataclass(frozen=True)
class GridColumn:
    label: str
    unit: str = "number"


@dataclass(frozen=True)
class GridCell:
    value: object
    unit: str
    href: str = ""

    @property
    def text(self) -> str:
        if self.unit == "text":
            return "" if self.value is None else str(self.value)
        return format_value(self.value, self.unit)


@dataclass
class GridRow:
    label: str
    values: list
    hrefs: list = field(default_factory=list)
    label_href: str = ""
    code: str = ""


@dataclass
class Grid:
    """name: the ?table= of its download; title: its heading and the file's title row."""

    name: str
    title: str
    label_heading: str
    columns: list[GridColumn]
    rows: list[GridRow]
    total: GridRow | None = None
    note: str = ""

    def cells(self, row: GridRow) -> list[GridCell]:
        hrefs = list(row.hrefs) + [""] * (len(self.columns) - len(row.hrefs))
        return [
            GridCell(value, column.unit, href if value not in (None, 0) else "")
            for value, column, href in zip(row.values, self.columns, hrefs, strict=False)
        ]

    @property
    def shown_rows(self) -> list[tuple[GridRow, list[GridCell]]]:
        return [(row, self.cells(row)) for row in self.rows]

    @property
    def shown_total(self):
        return (self.total, self.cells(self.total)) if self.total else None

    @property
    def has_codes(self) -> bool:
        return any(row.code for row in self.rows)

    def download_table(self, filters) -> tables.Table:
        columns = [tables.Column(self.label_heading)]
        if self.has_codes:
            columns.insert(0, tables.Column(_("รหัส"), "code"))
        columns += [
            tables.Column(
                f"{column.label} (%)" if column.unit == "percent" else column.label, DOWNLOAD_KINDS[column.unit]
            )
            for column in self.columns
        ]

        def line(row):
            head = [row.code, row.label] if self.has_codes else [row.label]
            return head + list(row.values)

        rows = [line(row) for row in self.rows]
        if self.total:
            rows.append(line(self.total))
        return tables.Table(title=self.title, columns=columns, rows=rows, filters=filters, sheet_name=self.name)
