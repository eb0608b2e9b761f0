"""Charts of the dashboards, drawn on the server as SVG (no script, no internet, no inline style).

Each builder is a pure function that takes the figures and returns a `Chart`: the shapes of
the SVG in viewBox units (the SVG scales to its container, so one drawing serves 360 px
phones and 1280 px screens), a legend and a `Table` with the same numbers, which
`dashboards/_chart.html` prints beside the drawing as its accessible equivalent:

    {% include "dashboards/_chart.html" with chart=status_chart %}

Colours are CSS classes from dashboards/dashboards.css (`c-passed`, `c-green`, `series-1`, …),
never colours in the markup. Labels are plain text: the template escapes them. A long label
is shortened with an ellipsis in the drawing and printed in full in the table.
"""

import hashlib
import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from eplan.core import thai

Number = int | float | Decimal

UNITS = ("number", "percent", "baht", "decimal")
NO_DATA = "–"
TENTH = Decimal("0.1")

# Geometry, in viewBox units. 360 wide is drawn about 1:0.85 on a phone, 1:1.33 beside a table
# (dashboards.css lets a drawing grow to 480 px).
WIDTH = 360
FONT = 14  # the font size the label room is measured in (dashboards.css .chart-label)
CHAR = FONT * 0.6  # the width of one Thai or Latin letter, on average, in Sarabun
ROW = 26
BAR = 16
LABEL_ROOM = 128
VALUE_ROOM = 56
PLOT_TOP = 12
PLOT_HEIGHT = 170
AXIS_ROOM = 44  # left of a column or line plot: the y-axis numbers
SLANT_ROOM = 72  # the length of a turned axis label
ROTATE = -40
SERIES_CLASSES = 6  # series-1 … series-6 in dashboards.css
TICK_CHAR = (FONT - 2) * 0.55  # axis labels are mostly digits, narrower than letters
TEXT_SIZES = {"chart-label": FONT, "chart-value": FONT - 1, "chart-tick": FONT - 2}


# What callers give


@dataclass(frozen=True)
class Bar:
    """One bar of a bar or column chart: a label, its value, and where the number leads.

    `href` is the link of the bar and of its number (the list of อปท. behind it);
    `label_href` the link of the label in the table (drilling down into the area);
    `css` a colour class such as "c-green" or "c-passed" (default: the chart's colour)."""

    label: str
    value: Number | None
    href: str = ""
    label_href: str = ""
    css: str = ""


@dataclass(frozen=True)
class Series:
    """One part of a stacked bar, one line of a line chart, or one legend entry."""

    label: str
    css: str = ""


@dataclass(frozen=True)
class StackedRow:
    """One stacked bar: a label and one value per series (None counts as 0).

    `hrefs` gives one link per value, `total_href` the link of the row total."""

    label: str
    values: Sequence[Number | None]
    hrefs: Sequence[str] = ()
    label_href: str = ""
    total_href: str = ""


@dataclass(frozen=True)
class Line:
    """One line of a line chart: one value per category (None leaves a gap)."""

    label: str
    values: Sequence[Number | None]
    hrefs: Sequence[str] = ()
    css: str = ""


# What the template draws


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    css: str = ""
    href: str = ""
    tip: str = ""  # the <title> of the shape: full label and value


@dataclass(frozen=True)
class Text:
    x: float
    y: float
    text: str
    css: str = "chart-label"
    anchor: str = "start"  # text-anchor: start | middle | end
    rotate: int = 0  # degrees about (x, y): axis labels too long to sit side by side

    @property
    def transform(self) -> str:
        return f"rotate({self.rotate} {self.x} {self.y})" if self.rotate else ""

    @property
    def size(self) -> int:
        """The font size, also written as an attribute for renderers without the stylesheet."""
        return TEXT_SIZES.get(self.css, FONT)


@dataclass(frozen=True)
class Rule:
    x1: float
    y1: float
    x2: float
    y2: float
    css: str = "chart-grid"


@dataclass(frozen=True)
class Path:
    points: str  # "x,y x,y …" of a polyline
    css: str = ""


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    css: str = ""
    href: str = ""
    tip: str = ""


@dataclass(frozen=True)
class Cell:
    """One number of the table; `note` is printed small beside it (a share, say)."""

    text: str
    href: str = ""
    note: str = ""


@dataclass(frozen=True)
class TableRow:
    label: Cell
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Table:
    caption: str
    headings: tuple[str, ...]  # the first heads the row labels
    rows: tuple[TableRow, ...]
    total: TableRow | None = None


@dataclass(frozen=True)
class Chart:
    kind: str  # bar | stacked | columns | line
    id: str
    title: str
    description: str
    width: int
    height: int
    table: Table
    rects: tuple[Rect, ...] = ()
    rules: tuple[Rule, ...] = ()
    paths: tuple[Path, ...] = ()
    dots: tuple[Dot, ...] = ()
    texts: tuple[Text, ...] = ()
    legend: tuple[Series, ...] = ()
    note: str = ""  # a line under the drawing, e.g. the thresholds (dataclasses.replace)

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"


# Formatting


def format_value(value: Number | None, unit: str = "number") -> str:
    """Thai figures: 7850 → '7,850'; percent 45.25 → '45.3%'; baht → '1,234.50'; None → '–'."""
    if unit not in UNITS:
        raise ValueError(f"unknown unit {unit!r}; one of {UNITS}")
    if value is None:
        return NO_DATA
    if unit == "baht":
        return thai.baht(value)
    if unit in ("percent", "decimal"):
        shown = f"{Decimal(str(value)).quantize(TENTH, ROUND_HALF_UP):,}"
        return shown + "%" if unit == "percent" else shown
    return thai.number(Decimal(str(value)).quantize(Decimal(1), ROUND_HALF_UP))


def share_text(part: Number | None, whole: Number | None) -> str:
    """'45.3%' of a whole, '' when the whole is 0."""
    if not whole or part is None:
        return ""
    return format_value(Decimal(str(part)) * 100 / Decimal(str(whole)), "percent")


def truncate(text: str, room: float, *, char: float = CHAR) -> str:
    """`text` shortened to fit `room` viewBox units, ending in '…' when cut.

    Thai vowel and tone marks above and below a letter take no width, so only spacing
    letters are counted, and a cut never parts a letter from its marks."""
    text = str(text)
    limit = max(int(room / char + 1e-9), 2)
    spacing = [i for i, letter in enumerate(text) if unicodedata.category(letter) not in ("Mn", "Me")]
    if len(spacing) <= limit:
        return text
    return text[: spacing[limit - 1]].rstrip() + "…"


def chart_id(kind: str, title: str) -> str:
    """A stable id for aria-labelledby; pass `id=` when one page shows two charts of one title."""
    return f"chart-{kind}-{hashlib.sha1(title.encode(), usedforsecurity=False).hexdigest()[:8]}"


def _number(value) -> float:
    return float(value or 0)


def _series_css(index: int, css: str) -> str:
    return css or f"series-{index % SERIES_CLASSES + 1}"


def nice_ceiling(value: float) -> float:
    """The round number an axis ends at: 87 → 100, 1234 → 1500, 0 → 1."""
    if value <= 0:
        return 1
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def _value_cell(value: Number | None, unit: str, href: str) -> Cell:
    """A number of the table; "no data" leads nowhere."""
    return Cell(format_value(value, unit), href if value is not None else "")


def _tip(label: str, text: str) -> str:
    return f"{label}: {text}"


# Builders


def bar_chart(
    *,
    title: str,
    bars: Sequence[Bar],
    unit: str = "number",
    label_heading: str = "",
    value_heading: str = "",
    description: str = "",
    maximum: Number | None = None,
    legend: Sequence[Series] = (),
    css: str = "series-1",
    id: str = "",
) -> Chart:
    """Horizontal bars, one row per label (province or dimension names, however long).

    Bars are scaled to `maximum` (100 for percentages unless given, else the largest value)."""
    if maximum is None:
        maximum = 100 if unit == "percent" else max((_number(bar.value) for bar in bars), default=0)
    scale = (WIDTH - LABEL_ROOM - VALUE_ROOM) / (_number(maximum) or 1)
    rects, texts = [], []
    for index, bar in enumerate(bars):
        top = PLOT_TOP + index * ROW
        text = format_value(bar.value, unit)
        width = max(min(_number(bar.value), _number(maximum)) * scale, 0)
        rects.append(Rect(LABEL_ROOM, top, round(width, 2), BAR, bar.css or css, bar.href, _tip(bar.label, text)))
        texts.append(Text(LABEL_ROOM - 6, top + BAR - 3, truncate(bar.label, LABEL_ROOM - 8), anchor="end"))
        texts.append(Text(round(LABEL_ROOM + width + 4, 2), top + BAR - 3, text, "chart-value"))
    height = PLOT_TOP + len(bars) * ROW + 4
    rules = (Rule(LABEL_ROOM, PLOT_TOP - 4, LABEL_ROOM, height - 4, "chart-axis"),)
    table = _bars_table(title, bars, unit, label_heading or _("รายการ"), value_heading)
    return Chart(
        kind="bar",
        id=id or chart_id("bar", title),
        title=title,
        description=description or _describe_bars(bars, unit),
        width=WIDTH,
        height=height,
        table=table,
        rects=tuple(rects),
        rules=rules,
        texts=tuple(texts),
        legend=tuple(legend),
    )


def _axis_labels(labels: Sequence[str], xs: Sequence[float], room: float, base: float) -> tuple[list[Text], float]:
    """The labels under a plot and the height they take: side by side when each fits its
    room, otherwise all turned 40° (to be read without tilting the head too far)."""
    if all(truncate(label, room, char=TICK_CHAR) == label for label in labels):
        return [Text(x, base + 16, label, "chart-tick", "middle") for label, x in zip(labels, xs, strict=True)], 26
    turned = [
        Text(x + 4, base + 12, truncate(label, SLANT_ROOM, char=TICK_CHAR), "chart-tick", "end", ROTATE)
        for label, x in zip(labels, xs, strict=True)
    ]
    return turned, SLANT_ROOM * 0.65 + 16


def _bars_table(title, bars, unit, label_heading, value_heading) -> Table:
    """The numbers of a bar or column chart: one row per bar, its label and its value."""
    return Table(
        caption=title,
        headings=(label_heading, value_heading or _("จำนวน")),
        rows=tuple(
            TableRow(Cell(bar.label, bar.label_href), (_value_cell(bar.value, unit, bar.href),)) for bar in bars
        ),
    )


def _describe_bars(bars: Sequence[Bar], unit: str) -> str:
    shown = [bar for bar in bars if bar.value is not None]
    if not shown:
        return _("ไม่มีข้อมูล")
    top = max(shown, key=lambda bar: _number(bar.value))
    return _("%(count)s รายการ สูงสุด %(label)s %(value)s") % {
        "count": thai.number(len(bars)),
        "label": top.label,
        "value": format_value(top.value, unit),
    }


def stacked_bar_chart(
    *,
    title: str,
    series: Sequence[Series],
    rows: Sequence[StackedRow],
    label_heading: str = "",
    total_heading: str = "",
    description: str = "",
    id: str = "",
) -> Chart:
    """Horizontal bars split into the shares of each series (statuses, bands), with a legend.

    Every bar is the whole of its row (100%); the table gives each count and its share."""
    plot = WIDTH - LABEL_ROOM - VALUE_ROOM
    legend = tuple(Series(part.label, _series_css(i, part.css)) for i, part in enumerate(series))
    rects, texts, table_rows = [], [], []
    for index, row in enumerate(rows):
        top = PLOT_TOP + index * ROW
        values = [_number(value) for value in list(row.values)[: len(series)]]
        values += [0.0] * (len(series) - len(values))
        total = sum(values)
        hrefs = list(row.hrefs) + [""] * (len(series) - len(row.hrefs))
        left = LABEL_ROOM
        for part, value, href in zip(legend, values, hrefs, strict=False):
            if total and value:
                width = value / total * plot
                tip = f"{row.label} · {part.label}: {format_value(value)} ({share_text(value, total)})"
                rects.append(Rect(round(left, 2), top, round(width, 2), BAR, part.css, href, tip))
                left += width
        if not total:
            rects.append(Rect(LABEL_ROOM, top, plot, BAR, "chart-empty", "", _tip(row.label, _("ไม่มีข้อมูล"))))
        texts.append(Text(LABEL_ROOM - 6, top + BAR - 3, truncate(row.label, LABEL_ROOM - 8), anchor="end"))
        texts.append(Text(LABEL_ROOM + plot + 4, top + BAR - 3, format_value(total), "chart-value"))
        cells = tuple(
            Cell(format_value(value), href, share_text(value, total))
            for value, href in zip(values, hrefs, strict=False)
        )
        table_rows.append(
            TableRow(Cell(row.label, row.label_href), (*cells, Cell(format_value(total), row.total_href)))
        )
    height = PLOT_TOP + len(rows) * ROW + 4
    table = Table(
        caption=title,
        headings=(label_heading or _("รายการ"), *(part.label for part in legend), total_heading or _("รวม")),
        rows=tuple(table_rows),
    )
    return Chart(
        kind="stacked",
        id=id or chart_id("stacked", title),
        title=title,
        description=description
        or _("สัดส่วนของ %(parts)s ใน %(count)s รายการ")
        % {"parts": ", ".join(part.label for part in legend), "count": thai.number(len(rows))},
        width=WIDTH,
        height=height,
        table=table,
        rects=tuple(rects),
        texts=tuple(texts),
        legend=legend,
    )


def _y_axis(maximum: float, unit: str, left: float, right: float) -> tuple[list[Rule], list[Text]]:
    """Five grid lines from 0 to `maximum`, their numbers left of the plot."""
    rules, texts = [], []
    for step in range(5):
        value = maximum * step / 4
        y = round(PLOT_TOP + PLOT_HEIGHT - PLOT_HEIGHT * step / 4, 2)
        rules.append(Rule(left, y, right, y, "chart-axis" if step == 0 else "chart-grid"))
        shown = f"{value:.0f}%" if unit == "percent" else format_value(value, "decimal" if maximum < 10 else "number")
        texts.append(Text(left - 5, y + 4, shown, "chart-tick", "end"))
    return rules, texts


def column_chart(
    *,
    title: str,
    bars: Sequence[Bar],
    unit: str = "number",
    label_heading: str = "",
    value_heading: str = "",
    description: str = "",
    css: str = "series-1",
    id: str = "",
) -> Chart:
    """Vertical columns, e.g. the score distribution (one column per score range)."""
    right = WIDTH - 8
    plot = right - AXIS_ROOM
    maximum = 100 if unit == "percent" else nice_ceiling(max((_number(bar.value) for bar in bars), default=0))
    slot = plot / max(len(bars), 1)
    width = slot * 0.72
    rules, texts = _y_axis(maximum, unit, AXIS_ROOM, right)
    rects, xs = [], []
    base = PLOT_TOP + PLOT_HEIGHT
    for index, bar in enumerate(bars):
        x = AXIS_ROOM + index * slot + (slot - width) / 2
        height = min(_number(bar.value), maximum) / maximum * PLOT_HEIGHT
        text = format_value(bar.value, unit)
        rects.append(
            Rect(
                round(x, 2),
                round(base - height, 2),
                round(width, 2),
                round(height, 2),
                bar.css or css,
                bar.href,
                _tip(bar.label, text),
            )
        )
        middle = round(x + width / 2, 2)
        xs.append(middle)
        if slot >= len(text) * TICK_CHAR:
            texts.append(Text(middle, round(base - height - 4, 2), text, "chart-value", "middle"))
    labels, label_height = _axis_labels([bar.label for bar in bars], xs, slot - 1, base)
    texts.extend(labels)
    table = _bars_table(title, bars, unit, label_heading or _("ช่วง"), value_heading)
    return Chart(
        kind="columns",
        id=id or chart_id("columns", title),
        title=title,
        description=description or _describe_bars(bars, unit),
        width=WIDTH,
        height=round(base + label_height),
        table=table,
        rects=tuple(rects),
        rules=tuple(rules),
        texts=tuple(texts),
    )


def line_chart(
    *,
    title: str,
    categories: Sequence[str],
    lines: Sequence[Line],
    unit: str = "percent",
    maximum: Number | None = None,
    label_heading: str = "",
    description: str = "",
    id: str = "",
) -> Chart:
    """A trend over fiscal years or rounds, one line per series; y from 0 to 100% by default.

    A missing value (None) breaks its line; the table prints it as '–'."""
    right = WIDTH - 12
    plot = right - AXIS_ROOM - 24  # 12 in from each end, so the end labels stay inside
    if maximum is None:
        top = max((_number(v) for line in lines for v in line.values if v is not None), default=0)
        maximum = 100 if unit == "percent" else nice_ceiling(top)
    maximum = _number(maximum) or 1
    step = plot / max(len(categories) - 1, 1)
    rules, texts = _y_axis(maximum, unit, AXIS_ROOM, right)
    base = PLOT_TOP + PLOT_HEIGHT
    xs = [round(AXIS_ROOM + 12 + index * step, 2) for index in range(len(categories))]
    labels, label_height = _axis_labels(list(categories), xs, step - 2 if len(categories) > 1 else plot, base)
    texts.extend(labels)
    legend = tuple(Series(line.label, _series_css(i, line.css)) for i, line in enumerate(lines))
    paths, dots = [], []
    for line, part in zip(lines, legend, strict=True):
        hrefs = list(line.hrefs) + [""] * (len(categories) - len(line.hrefs))
        run = []
        for index, (category, value) in enumerate(zip(categories, line.values, strict=False)):
            if value is None:
                if len(run) > 1:
                    paths.append(Path(" ".join(run), part.css))
                run = []
                continue
            x = round(AXIS_ROOM + 12 + index * step, 2)
            y = round(base - min(_number(value), maximum) / maximum * PLOT_HEIGHT, 2)
            run.append(f"{x},{y}")
            tip = f"{line.label} · {category}: {format_value(value, unit)}"
            dots.append(Dot(x, y, part.css, hrefs[index], tip))
        if len(run) > 1:
            paths.append(Path(" ".join(run), part.css))
    rows = []
    for index, category in enumerate(categories):
        cells = []
        for line in lines:
            value = line.values[index] if index < len(line.values) else None
            href = line.hrefs[index] if index < len(line.hrefs) else ""
            cells.append(_value_cell(value, unit, href))
        rows.append(TableRow(Cell(category), tuple(cells)))
    table = Table(
        caption=title,
        headings=(label_heading or _("ปีงบประมาณ"), *(line.label for line in lines)),
        rows=tuple(rows),
    )
    return Chart(
        kind="line",
        id=id or chart_id("line", title),
        title=title,
        description=description
        or _("แนวโน้มของ %(lines)s ตั้งแต่ %(first)s ถึง %(last)s")
        % {
            "lines": ", ".join(line.label for line in lines),
            "first": categories[0] if categories else "",
            "last": categories[-1] if categories else "",
        },
        width=WIDTH,
        height=round(base + label_height),
        table=table,
        rules=tuple(rules),
        paths=tuple(paths),
        dots=tuple(dots),
        texts=tuple(texts),
        legend=legend,
    )
