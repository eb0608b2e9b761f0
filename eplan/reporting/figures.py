"""The figures of implementation reporting that dashboards, exports, open data and the API
share, for any area and grouped by region, province, district, organisation type or
organisation:

- `implementation_summary`: the 2018 system's "ออกรายงาน" per dimension and รวม 4 มิติ;
- `score_bands`: how many organisations are green, orange or red, with the thresholds;
- `timeliness_trend`: completeness and timeliness of every round of a cycle, in order.

Each is a handful of database aggregates whatever the number of organisations; `group_by`
None gives one figure for the whole area, otherwise {group key: figure} keyed by region
number, province code, district code, organisation type or organisation id. A group with
nothing to count is absent: read it with `.get(key, …)`.

What counts as reported: only the lines of a report that is sent (state ส่งแล้ว). A draft,
and a report reopened for correction until it is sent again, reports nothing yet: its items
are awaiting (รอการรายงานผล), as are all the items of an organisation that has not opened
its report. Only plan items count; extra items done outside the plan are left out, as in
the implementation score.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum

from eplan.frameworks.models import Dimension
from eplan.registry.models import OrganisationType
from eplan.reporting.models import LineStatus, Report, ReportLine, ReportState, Round, RoundKind
from eplan.reporting.selectors import BANDS, Completeness, Tally, band, completeness, expected_in, rounds_of

# The organisation's field each grouping reads (group key: region number, province code,
# district code, organisation type, organisation id).
GROUPS = {
    "region": "province__region_id",
    "province": "province_id",
    "district": "district_id",
    "org_type": "org_type",
    "organisation": "id",
}


def _group_field(group_by: str | None, prefix: str) -> list[str]:
    """The values() field naming the group, reached from a model through `prefix`, as a
    list ([] for the whole area). An unknown grouping is a caller's mistake: KeyError."""
    if group_by is None:
        return []
    return [f"{prefix}{GROUPS[group_by]}"]


def _counted(queryset, names: list[str], **aggregates):
    """One row of aggregates per group, or the one row of the whole area (values() with no
    field would group by every column instead)."""
    if not names:
        return [queryset.aggregate(**aggregates)]
    return queryset.values(*names).annotate(**aggregates).order_by()


def _grouped(rows, names: list[str]):
    """(group key, row) for each row; the key is None for the whole area."""
    for row in rows:
        yield (row[names[0]] if names else None), row


# Implementation summary (ออกรายงาน) -------------------------------------------------------


@dataclass
class DimensionSummary(Tally):
    """One row of the summary: a dimension (มิติที่), or (dimension None) the items of
    organisations that have not opened their report, or the total (รวม 4 มิติ). Items,
    planned budget, ordinance budget (ข้อบัญญัติ/เทศบัญญัติ), disbursed, counts per line
    status and `awaiting` (รอการรายงานผล), as Tally has them."""

    dimension: int | None = None


@dataclass
class ImplementationSummary:
    """Per dimension and รวม 4 มิติ. The items of expected organisations that have not opened
    their report are all awaiting, and their dimension is not known until the report is
    opened (the frozen list keeps only their number): they are `not_opened`, in the total
    but in no dimension. total = the dimensions + not_opened, field by field."""

    kind: str
    dimensions: list[DimensionSummary] = field(default_factory=list)
    not_opened: DimensionSummary = field(default_factory=DimensionSummary)
    total: DimensionSummary = field(default_factory=DimensionSummary)

    def dimension(self, number: int) -> DimensionSummary:
        return next(row for row in self.dimensions if row.dimension == number)


def implementation_summary(round: Round, organisations, *, group_by: str | None = None):
    """The 2018 summary (items, planned budget, ordinance budget, disbursed, done, in
    progress, not possible, awaiting) per dimension and in total for the organisations
    expected to report in the round among `organisations` (any area): one
    ImplementationSummary, or {group key: ImplementationSummary}. Three queries.

    Items and planned budget come from every opened report's lines (drafts too: they are
    the plan's, copied when the report was opened); statuses, ordinance budget and
    disbursed only from sent reports."""
    numbers = list(Dimension.objects.filter(cycle_id=round.cycle_id).values_list("number", flat=True))
    expected = expected_in(round, organisations)
    sent = Q(report__state=ReportState.SUBMITTED)
    line_group = _group_field(group_by, "report__organisation__")
    lines = (
        ReportLine.objects.filter(
            report__round=round,
            report__organisation_id__in=expected.values("organisation_id"),
            item_id__isnull=False,
        )
        .values(*line_group, "dimension")
        .annotate(
            items=Count("id"),
            planned=Sum("planned_budget"),
            ordinance=Sum("ordinance_budget", filter=sent),
            disbursed_sum=Sum("disbursed", filter=sent),
            done=Count("id", filter=sent & Q(status=LineStatus.DONE)),
            in_progress=Count("id", filter=sent & Q(status=LineStatus.IN_PROGRESS)),
            not_possible=Count("id", filter=sent & Q(status=LineStatus.NOT_POSSIBLE)),
        )
        .order_by()
    )
    expected_group = _group_field(group_by, "organisation__")
    not_opened = _counted(
        expected.exclude(organisation_id__in=Report.objects.filter(round=round).values("organisation_id")),
        expected_group,
        items=Sum("item_count"),
    )

    found: dict = {}

    def summary_of(key) -> ImplementationSummary:
        if key not in found:
            found[key] = ImplementationSummary(
                kind=round.kind, dimensions=[DimensionSummary(dimension=number) for number in numbers]
            )
        return found[key]

    if group_by is None:
        summary_of(None)  # the whole area has its dimensions even when nothing is counted
    for key, row in _grouped(lines, line_group):
        summary = summary_of(key)
        rows = {line.dimension: line for line in summary.dimensions}
        if row["dimension"] not in rows:  # a line of a dimension the framework no longer has
            rows[row["dimension"]] = DimensionSummary(dimension=row["dimension"])
            summary.dimensions.append(rows[row["dimension"]])
        rows[row["dimension"]].add(
            Tally(
                items=row["items"],
                done=row["done"],
                in_progress=row["in_progress"],
                not_possible=row["not_possible"],
                planned_budget=row["planned"] or 0,
                ordinance_budget=row["ordinance"] or 0,
                disbursed=row["disbursed_sum"] or 0,
            )
        )
    for key, row in _grouped(not_opened, expected_group):
        summary_of(key).not_opened.add(Tally(items=row["items"] or 0))
    for summary in found.values():
        summary.dimensions.sort(key=lambda row: row.dimension)
        for row in (*summary.dimensions, summary.not_opened):
            summary.total.add(row)
    return found[None] if group_by is None else found


# Score bands --------------------------------------------------------------------------


@dataclass
class ScoreBands:
    """How many expected organisations fall in each colour band of the implementation
    score (เขียว / ส้ม / แดง), how many have not sent their report (`no_report`: none, a
    draft, or reopened for correction), and how many sent one without a plan item to score
    (`not_scored`). The thresholds are the round kind's, for the legend ("เขียว ≥ 80%")."""

    kind: str
    green: int = 0
    orange: int = 0
    red: int = 0
    no_report: int = 0
    not_scored: int = 0

    @property
    def thresholds(self) -> tuple[int, int]:
        """(green from, orange from), e.g. (80, 50) for a 12-month round."""
        return BANDS[RoundKind(self.kind)]

    @property
    def green_from(self) -> int:
        return self.thresholds[0]

    @property
    def orange_from(self) -> int:
        return self.thresholds[1]

    @property
    def expected(self) -> int:
        return self.green + self.orange + self.red + self.no_report + self.not_scored

    @classmethod
    def summed(cls, kind: str, parts) -> "ScoreBands":
        """The bands of a whole area from those of its parts (score_bands grouped): each
        organisation is in one part, so a page needs the grouped figures only."""
        whole = cls(kind=kind)
        for part in parts:
            for name in ("green", "orange", "red", "no_report", "not_scored"):
                setattr(whole, name, getattr(whole, name) + getattr(part, name))
        return whole


def score_bands(round: Round, organisations, *, group_by: str | None = None):
    """Organisations per colour band among those expected to report in the round (any
    area): one ScoreBands, or {group key: ScoreBands}. Two queries: the expected and sent
    per group, and one aggregated row per organisation that sent its report (its counts
    per status), scored in Python by Tally.score and coloured by band(), the very score
    the report page and the follow-up show, so there is no second formula."""
    expected = expected_in(round, organisations)
    expected_group = _group_field(group_by, "organisation__")
    sent_report = Q(
        organisation__progress_reports__round=round, organisation__progress_reports__state=ReportState.SUBMITTED
    )
    counts = _counted(
        expected,
        expected_group,
        expected=Count("id", distinct=True),
        sent=Count("id", filter=sent_report, distinct=True),
    )
    line_group = _group_field(group_by, "report__organisation__")
    scored = (
        ReportLine.objects.filter(
            report__round=round,
            report__state=ReportState.SUBMITTED,
            report__organisation_id__in=expected.values("organisation_id"),
            item_id__isnull=False,
        )
        .values("report__organisation_id", *line_group)
        .annotate(
            items=Count("id"),
            done=Count("id", filter=Q(status=LineStatus.DONE)),
            in_progress=Count("id", filter=Q(status=LineStatus.IN_PROGRESS)),
            not_possible=Count("id", filter=Q(status=LineStatus.NOT_POSSIBLE)),
        )
        .order_by()
    )
    found: dict = {}
    for key, row in _grouped(counts, expected_group):
        found[key] = ScoreBands(kind=round.kind, no_report=row["expected"] - row["sent"], not_scored=row["sent"])
    for key, row in _grouped(scored, line_group):
        tally = Tally(
            items=row["items"], done=row["done"], in_progress=row["in_progress"], not_possible=row["not_possible"]
        )
        bands = found[key]
        colour = band(round.kind, tally.score)
        setattr(bands, colour, getattr(bands, colour) + 1)
        bands.not_scored -= 1
    return found[None] if group_by is None else found


# Timeliness over the rounds of a cycle -------------------------------------------------


@dataclass
class RoundTimeliness:
    """One round of the trend: its completeness and timeliness (expected, submitted, on
    time, late, drafts, missing and their rates), for the area or {group key: …}."""

    round: Round
    figures: Completeness | dict


def timeliness_trend(cycle, organisations, *, group_by: str | None = None) -> list[RoundTimeliness]:
    """Completeness per round of the cycle, fiscal year by fiscal year, the 6-month round
    before the 12-month one, read by reporting.selectors.completeness. One query for the
    rounds and one per round (one per round and organisation type for group_by 'org_type',
    which completeness does not group by)."""
    trend = []
    for round in rounds_of(cycle):
        if group_by == "org_type":
            figures = {}
            for org_type in OrganisationType.values:
                counted = completeness(round, organisations.filter(org_type=org_type))
                if counted.expected:
                    figures[org_type] = counted
        else:
            figures = completeness(round, organisations, group_by=group_by)
        trend.append(RoundTimeliness(round=round, figures=figures))
    return trend
