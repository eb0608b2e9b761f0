"""A tile map of Thailand: one square per province, coloured by a measure (แผนที่ 77 จังหวัด).

Tiles sit on a grid that keeps the country's shape: the north at the top, the northeast
(อีสาน) to the right, Bangkok and the central plain in the middle, the east along the gulf and
the south's long tail. A tile shows the province's official two-letter abbreviation; its
<title> and the table beside the map give the full name and the value.

    {% include "dashboards/_tilemap.html" with map=tile_map(...) %}

The scale has five classes from the values themselves (quantiles: each class holds about a
fifth of the provinces), plus "no data" for a province without a value; the legend prints
the range of each class as the values in it run.
"""

import bisect
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

import geothai
from django.utils.translation import gettext as _

from eplan.core import thai
from eplan.dashboards.charts import Cell, Number, Table, TableRow, chart_id, format_value

# Province code → (abbreviation, column, row). Columns run west → east, rows north → south.
TILES = {
    "57": ("ชร", 3, 0),
    "58": ("มส", 1, 1), "50": ("ชม", 2, 1), "56": ("พย", 3, 1), "55": ("นน", 4, 1),
    "51": ("ลพ", 2, 2), "52": ("ลป", 3, 2), "54": ("พร", 4, 2), "53": ("อต", 5, 2),
    "42": ("ลย", 6, 2), "43": ("นค", 7, 2), "38": ("บก", 8, 2),
    "63": ("ตก", 2, 3), "64": ("สท", 3, 3), "65": ("พล", 4, 3), "67": ("พช", 5, 3),
    "39": ("นภ", 6, 3), "41": ("อด", 7, 3), "47": ("สน", 8, 3), "48": ("นพ", 9, 3),
    "62": ("กพ", 3, 4), "66": ("พจ", 4, 4), "36": ("ชย", 5, 4), "40": ("ขก", 6, 4),
    "46": ("กส", 7, 4), "49": ("มห", 8, 4),
    "61": ("อน", 3, 5), "60": ("นว", 4, 5), "30": ("นม", 5, 5), "44": ("มค", 6, 5),
    "45": ("รอ", 7, 5), "35": ("ยส", 8, 5), "37": ("อจ", 9, 5),
    "18": ("ชน", 3, 6), "17": ("สห", 4, 6), "16": ("ลบ", 5, 6), "31": ("บร", 6, 6),
    "32": ("สร", 7, 6), "33": ("ศก", 8, 6), "34": ("อบ", 9, 6),
    "71": ("กจ", 1, 7), "72": ("สพ", 2, 7), "15": ("อท", 3, 7), "14": ("อย", 4, 7),
    "19": ("สบ", 5, 7), "26": ("นย", 6, 7),
    "70": ("รบ", 1, 8), "73": ("นฐ", 2, 8), "12": ("นบ", 3, 8), "13": ("ปท", 4, 8),
    "24": ("ฉช", 5, 8), "25": ("ปจ", 6, 8), "27": ("สก", 7, 8),
    "75": ("สส", 1, 9), "74": ("สค", 2, 9), "10": ("กทม", 3, 9), "11": ("สป", 4, 9),
    "20": ("ชบ", 5, 9),
    "76": ("พบ", 1, 10), "21": ("รย", 5, 10), "22": ("จบ", 6, 10),
    "77": ("ปข", 1, 11), "23": ("ตร", 7, 11),
    "86": ("ชพ", 1, 12),
    "85": ("รน", 0, 13), "84": ("สฎ", 1, 13),
    "82": ("พง", 0, 14), "81": ("กบ", 1, 14), "80": ("นศ", 2, 14),
    "83": ("ภก", 0, 15), "92": ("ตง", 1, 15), "93": ("พท", 2, 15),
    "91": ("สต", 1, 16), "90": ("สข", 2, 16), "94": ("ปน", 3, 16),
    "95": ("ยล", 3, 17), "96": ("นธ", 4, 17),
}  # fmt: skip

TILE = 36
GAP = 3
MARGIN = 2
CLASSES = 5


@dataclass(frozen=True)
class Tile:
    code: str
    name: str
    abbreviation: str
    x: float
    y: float
    value: Number | None
    text: str  # the value, formatted
    css: str  # q1 … q5 or q-none
    href: str = ""

    @property
    def tip(self) -> str:
        return f"{self.name}: {self.text if self.value is not None else _('ไม่มีข้อมูล')}"

    @property
    def label_x(self) -> float:
        return self.x + TILE / 2

    @property
    def label_y(self) -> float:
        return self.y + TILE / 2 + 4.5


@dataclass(frozen=True)
class LegendClass:
    css: str
    label: str  # "45.0% – 61.2%" or "ไม่มีข้อมูล"
    count: int


@dataclass(frozen=True)
class TileMap:
    id: str
    title: str
    description: str
    width: int
    height: int
    size: int  # the side of a tile
    tiles: tuple[Tile, ...]
    legend: tuple[LegendClass, ...]
    table: Table

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"


def province_names() -> dict[str, str]:
    """The Thai names of the 77 provinces by code, from geothai (as the registry is seeded)."""
    return {province.code: province.name_th for province in geothai.provinces()}


def class_breaks(values, classes: int = CLASSES) -> list[float]:
    """The lower bounds of classes 2…n: quantiles of the values, repeats dropped.

    A value equal to a bound belongs to the class above it, so equal values share a class."""
    ordered = sorted(float(value) for value in values)
    if not ordered:
        return []
    # A bound at the lowest value would put nothing below it; the next value up stands in,
    # so that when most provinces share the lowest value (0% early in a cycle) the few
    # above it are still told apart from them.
    above = [value for value in ordered if value > ordered[0]]
    breaks = []
    for step in range(1, classes):
        bound = ordered[min(len(ordered) * step // classes, len(ordered) - 1)]
        if bound == ordered[0] and above:
            bound = above[0]
        if bound > ordered[0] and bound not in breaks:
            breaks.append(bound)
    return breaks


def _class_css(index: int, count: int) -> str:
    """Spread fewer classes over the whole scale: 3 classes are q1, q3 and q5."""
    if count <= 1:
        return "q3"
    return f"q{round(index * (CLASSES - 1) / (count - 1)) + 1}"


def tile_map(
    *,
    title: str,
    values: Mapping[str, Number | None],
    hrefs: Mapping[str, str] | None = None,
    value_hrefs: Mapping[str, str] | None = None,
    names: Mapping[str, str] | None = None,
    unit: str = "percent",
    value_heading: str = "",
    description: str = "",
    id: str = "",
) -> TileMap:
    """The 77 provinces coloured by `values` (province code → value; absent or None: no data).

    `hrefs` links each tile and the province's name in the table (into the province);
    `value_hrefs` links the number in the table (the list of อปท. behind it), default `hrefs`."""
    hrefs = hrefs or {}
    value_hrefs = value_hrefs if value_hrefs is not None else hrefs
    names = {**province_names(), **(names or {})}
    known = {code: value for code, value in values.items() if code in TILES and value is not None}
    breaks = class_breaks(known.values())
    count = len(breaks) + 1
    members: dict[int, list[float]] = {}
    tiles = []
    for code, (abbreviation, column, row) in TILES.items():
        value = known.get(code)
        if value is None:
            css = "q-none"
        else:
            index = bisect.bisect_right(breaks, float(value))
            members.setdefault(index, []).append(float(value))
            css = _class_css(index, count)
        tiles.append(
            Tile(
                code=code,
                name=names.get(code, code),
                abbreviation=abbreviation,
                x=MARGIN + column * (TILE + GAP),
                y=MARGIN + row * (TILE + GAP),
                value=value,
                text=format_value(value, unit),
                css=css,
                href=hrefs.get(code, ""),
            )
        )
    legend = [
        LegendClass(
            _class_css(index, count),
            _range(min(members[index]), max(members[index]), unit),
            len(members[index]),
        )
        for index in sorted(members)
    ]
    missing = sum(1 for tile in tiles if tile.value is None)
    if missing:
        legend.append(LegendClass("q-none", _("ไม่มีข้อมูล"), missing))
    by_name = thai.thai_sorted(tiles, key=lambda tile: tile.name)
    labels = {entry.css: entry.label for entry in legend}
    table = Table(
        caption=title,
        headings=(_("จังหวัด"), value_heading or _("ค่า"), _("ช่วง")),
        rows=tuple(
            TableRow(
                Cell(tile.name, tile.href),
                (
                    Cell(tile.text, value_hrefs.get(tile.code, "") if tile.value is not None else ""),
                    Cell(labels[tile.css]),
                ),
            )
            for tile in by_name
        ),
    )
    columns = max(place[1] for place in TILES.values()) + 1
    rows = max(place[2] for place in TILES.values()) + 1
    return TileMap(
        id=id or chart_id("map", title),
        title=title,
        description=description
        or _("แผนที่ 77 จังหวัด แต่ละจังหวัดเป็นช่องสี่เหลี่ยม สีเข้มคือค่ามาก มีข้อมูล %(known)s จังหวัด") % {"known": len(known)},
        width=MARGIN * 2 + columns * (TILE + GAP) - GAP,
        height=MARGIN * 2 + rows * (TILE + GAP) - GAP,
        size=TILE,
        tiles=tuple(tiles),
        legend=tuple(legend),
        table=table,
    )


def _range(low: float, high: float, unit: str) -> str:
    low_text = format_value(Decimal(str(low)), unit)
    if low == high:
        return low_text
    return f"{low_text} – {format_value(Decimal(str(high)), unit)}"
