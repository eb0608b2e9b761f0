"""What the dashboard pages share: a section (a chart or the map, and the table behind it),
the link from a number to the อปท. it counts, and plan status counted per part of the area."""

from dataclasses import dataclass
from decimal import Decimal

from django.urls import reverse

from eplan.assessment.figures import percent
from eplan.assessment.models import PublicStatus
from eplan.assessment.selectors import count_statuses, status_counts
from eplan.assessment.status import NOT_SUBMITTED
from eplan.dashboards.grids import Grid

STATUS_CSS = {status: f"c-{status}" for status in PublicStatus.values}


@dataclass
class Section:
    title: str
    chart: object = None  # a charts.Chart
    map: object = None  # a tilemap.TileMap
    grid: Grid | None = None
    note: str = ""


def share(part, whole) -> Decimal | None:
    """part ÷ whole × 100 to one decimal, the figures' own rounding (assessment.figures.percent)."""
    return percent(part or 0, whole)


def list_url(selection, measure: str, value, *, area: str | None = None, **extra) -> str:
    """The list of อปท. behind a number: its measure and value, the selection, the area
    (the part of the table the number stands in, else the page's)."""
    query = selection.query(area=area, measure=measure, value=value, **extra)
    return f"{reverse('dashboards:organisations')}?{query}"


def drill_url(selection, page: str, part, **extra) -> str:
    """The same page for one part of the area (a province, a district); '' for an อปท."""
    if not part.query:
        return ""
    return f"{reverse(f'dashboards:{page}')}?{selection.query(area=part.query, **extra)}"


def status_by_part(selection) -> dict:
    """{part key: {status: organisations}} for the parts the area lists: status_counts per
    province or district, or each อปท.'s own status (statuses_for) in a district."""
    area, cycle = selection.area, selection.cycle
    if selection.group_by in ("province", "district"):
        return status_counts(
            cycle, area.organisations, group_by=selection.group_by, statuses=selection.statuses()
        ).groups
    ids = list(area.organisations.values_list("pk", flat=True))
    statuses = selection.statuses()
    return count_statuses((statuses.get(pk, NOT_SUBMITTED).status, pk) for pk in ids).groups


def part_url(selection, measure: str, value, part=None, **extra) -> str:
    """list_url for a number standing in one part's row: a province or district narrows the
    area, an อปท. names itself (?organisation=code); no part: the whole area."""
    if part is None:
        return list_url(selection, measure, value, **extra)
    if part.query:
        return list_url(selection, measure, value, area=part.query, **extra)
    return list_url(selection, measure, value, organisation=part.code, **extra)
