"""Figures of plan status and assessment for dashboards, exports, open data and the API:
each one database aggregate over any area (a queryset of registry organisations), for the
area as a whole or, with group_by, per region, province, district, organisation type or
organisation (see eplan.plans.figures.GROUPS). Groups without rows are absent.

The score set that counts is the one eplan.assessment.status counts: the latest final
assessment of each plan's latest version while it is submitted; as there, it counts only
from the cycle's score release date, unless a caller for NACC staff asks `before_release`.
"""

from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise

from django.db.models import Avg, Count, Exists, F, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from eplan.assessment.models import AnnouncementEntry, Assessment, AssessmentState, CriterionScore, Result
from eplan.assessment.status import is_released
from eplan.frameworks.models import Criterion, Dimension
from eplan.plans.figures import aggregated, current_versions, group_field
from eplan.registry.models import Organisation

ZERO = Decimal(0)
TENTHS = Decimal("0.1")
HUNDREDTHS = Decimal("0.01")
# Edges of the score bins, in percent of the cycle's maximum: 0–10, 10–20 … 90–100.
DEFAULT_BINS = tuple(range(0, 101, 10))


def percent(count, of) -> Decimal | None:
    """count ÷ of × 100 to one decimal; None when there is nothing to divide by."""
    if not of:
        return None
    return (Decimal(count) * 100 / Decimal(of)).quantize(TENTHS)


def _in_area(organisations):
    return Organisation.objects.filter(pk__in=organisations.values("pk"))


def counting(cycle, organisations, *, before_release=False, today=None):
    """The score set that counts of each of the organisations' plans for the cycle (none
    before the release date unless before_release): status.counting_assessments as a
    queryset, so that figures are aggregated by the database."""
    if not (before_release or is_released(cycle, today)):
        return Assessment.objects.none()
    later = Assessment.objects.filter(version=OuterRef("version"), state=AssessmentState.FINAL).filter(
        Q(finalised_at__gt=OuterRef("finalised_at")) | Q(finalised_at=OuterRef("finalised_at"), id__gt=OuterRef("id"))
    )
    return Assessment.objects.filter(
        version__in=current_versions(cycle, organisations), state=AssessmentState.FINAL
    ).exclude(Exists(later))


# Late submissions -------------------------------------------------------------------------


@dataclass(frozen=True)
class LateSubmissions:
    """Organisations of the area, those that submitted a plan for the cycle, and those whose
    first version came after the due date (ส่งหลังกำหนด, PlanVersion.is_late)."""

    organisations: int = 0
    submitted: int = 0
    late: int = 0

    @property
    def on_time(self) -> int:
        return self.submitted - self.late

    @property
    def late_share(self) -> Decimal | None:
        """Percent of those that submitted."""
        return percent(self.late, self.submitted)

    @property
    def submitted_share(self) -> Decimal | None:
        """Percent of the area's organisations."""
        return percent(self.submitted, self.organisations)


def late_submissions(cycle, organisations, *, group_by=None):
    """LateSubmissions for the area, or {group key: LateSubmissions}; one query. A plan's
    first version (number 1) says whether it was first sent late: a version sent again after
    a return may be later, but the plan was not sent late for it."""
    first = Q(plans__cycle=cycle, plans__versions__number=1)
    aggregates = {
        "organisations": Count("pk", distinct=True),
        "submitted": Count("pk", filter=first, distinct=True),
        "late": Count("pk", filter=first & Q(plans__versions__is_late=True), distinct=True),
    }

    def make(values):
        return LateSubmissions(
            organisations=values["organisations"], submitted=values["submitted"], late=values["late"]
        )

    return aggregated(_in_area(organisations), group_field(group_by), aggregates, make)


# Score distribution -----------------------------------------------------------------------


@dataclass(frozen=True)
class ScoreBin:
    """Scores from `low` (included) to `high` (excluded, but for the last bin) percent."""

    low: int | Decimal
    high: int | Decimal
    count: int


@dataclass(frozen=True)
class ScoreDistribution:
    """Total scores of the counting score sets in bins of percent of the maximum (the points
    of all the cycle's criteria), with the pass mark (คะแนนขั้นต่ำ, in points as the cycle sets it)."""

    bins: list[ScoreBin]
    assessed: int
    passed: int
    maximum: Decimal
    pass_mark: Decimal | None
    average: Decimal | None  # points

    @property
    def pass_mark_percent(self) -> Decimal | None:
        return None if self.pass_mark is None else percent(self.pass_mark, self.maximum)


def cycle_maximum(cycle) -> Decimal:
    return Criterion.objects.filter(cycle=cycle).aggregate(points=Sum("max_points"))["points"] or ZERO


def score_distribution(cycle, organisations, *, bins=DEFAULT_BINS, group_by=None, before_release=False, today=None):
    """ScoreDistribution for the area, or {group key: ScoreDistribution}; two queries. `bins`
    are the edges in percent, ascending; a total on an edge falls in the bin above it, and
    the maximum in the last bin."""
    bins = tuple(bins)
    edges = [Decimal(edge) for edge in bins]
    if len(edges) < 2 or edges != sorted(edges):
        raise ValueError("bins are at least two ascending edges")
    maximum = cycle_maximum(cycle)
    points = [edge * maximum / 100 for edge in edges]  # compared in points: no division in SQL
    aggregates = {
        "assessed": Count("id"),
        "passed": Count("id", filter=Q(result=Result.PASSED)),
        "average": Avg("total"),
    }
    for index, (low, high) in enumerate(pairwise(points)):
        last = index == len(points) - 2
        aggregates[f"bin_{index}"] = Count(
            "id", filter=Q(total__gte=low) & (Q(total__lte=high) if last else Q(total__lt=high))
        )
    key = group_field(group_by, "version__plan__organisation__")

    def make(values):
        average = values["average"]
        return ScoreDistribution(
            bins=[
                ScoreBin(low=low, high=high, count=values[f"bin_{index}"])
                for index, (low, high) in enumerate(pairwise(bins))
            ],
            assessed=values["assessed"],
            passed=values["passed"],
            maximum=maximum,
            pass_mark=cycle.pass_mark,
            average=None if average is None else Decimal(average).quantize(HUNDREDTHS),
        )

    return aggregated(counting(cycle, organisations, before_release=before_release, today=today), key, aggregates, make)


# Averages per dimension -------------------------------------------------------------------


@dataclass(frozen=True)
class DimensionAverage:
    """The points of a dimension's criteria in the counting score sets: their sum over the
    sets, and the average set's as a share of the dimension's maximum."""

    number: int
    title: str
    maximum: Decimal  # points of the dimension's criteria
    assessed: int = 0
    points: Decimal = ZERO

    @property
    def average(self) -> Decimal | None:
        return (self.points / self.assessed).quantize(HUNDREDTHS) if self.assessed else None

    @property
    def share(self) -> Decimal | None:
        return percent(self.points, self.assessed * self.maximum)


def dimension_averages(cycle, organisations, *, group_by=None, before_release=False, today=None):
    """{dimension number: DimensionAverage} for the area, or {group key: {number: …}}; three
    queries. A criterion left unscored counts 0, as the result page shows it; criteria of the
    whole plan (no dimension) are in no dimension's figure."""
    dimensions = list(
        Dimension.objects.filter(cycle=cycle)
        .annotate(maximum=Coalesce(Sum("criteria__max_points"), Value(ZERO)))
        .order_by("number")
        .values_list("number", "title", "maximum")
    )
    sets = counting(cycle, organisations, before_release=before_release, today=today)
    key = group_field(group_by, "version__plan__organisation__")
    assessed = aggregated(sets, key, {"n": Count("id")}, lambda values: values["n"])
    score_key = group_field(group_by, "assessment__version__plan__organisation__")
    points = {}
    rows = CriterionScore.objects.filter(assessment__in=sets, criterion__dimension__isnull=False)
    for values in (
        rows.values(*filter(None, [score_key, "criterion__dimension__number"])).annotate(points=Sum("score")).order_by()
    ):
        points[(values.get(score_key), values["criterion__dimension__number"])] = values["points"]

    def averages(group):
        count = assessed if key is None else assessed.get(group, 0)
        return {
            number: DimensionAverage(
                number=number,
                title=title,
                maximum=Decimal(maximum),
                assessed=count,
                points=Decimal(points.get((group, number), ZERO)).quantize(HUNDREDTHS),
            )
            for number, title, maximum in dimensions
        }

    return averages(None) if key is None else {group: averages(group) for group in assessed}


# Criteria most often failed ---------------------------------------------------------------


@dataclass(frozen=True)
class FailedCriterion:
    """A criterion scored below its full points (ไม่ได้คะแนนเต็ม, what the LAO's result page
    lists as not met) in `failed` of the `assessed` counting score sets. Criteria have no
    code of their own: `position` is their number in the cycle's list (เกณฑ์ข้อ …)."""

    criterion_id: int
    position: int
    dimension: int | None
    mission: str | None
    text: str
    text_en: str
    max_points: Decimal
    failed: int
    assessed: int

    @property
    def share(self) -> Decimal | None:
        return percent(self.failed, self.assessed)


def failed_scores(sets):
    """The scores below their criterion's full points in the score sets given: what a
    criterion "failed" means, for the count of each criterion and the list behind it."""
    return CriterionScore.objects.filter(assessment__in=sets, score__lt=F("criterion__max_points"))


def failed_organisations(cycle, organisations, criterion_id, *, before_release=False, today=None) -> dict:
    """{organisation id: score} of the organisations whose counting score set failed the
    criterion (the organisations behind FailedCriterion.failed); one query."""
    sets = counting(cycle, organisations, before_release=before_release, today=today)
    rows = failed_scores(sets).filter(criterion_id=criterion_id)
    return dict(rows.values_list("assessment__version__plan__organisation_id", "score"))


def failed_criteria(cycle, organisations, *, limit=10, before_release=False, today=None) -> list[FailedCriterion]:
    """The `limit` criteria most often scored below full, most first (then in the cycle's
    order); two queries."""
    sets = counting(cycle, organisations, before_release=before_release, today=today)
    assessed = sets.count()
    rows = (
        failed_scores(sets)
        .values(
            "criterion_id",
            "criterion__position",
            "criterion__dimension__number",
            "criterion__mission__code",
            "criterion__text",
            "criterion__text_en",
            "criterion__max_points",
        )
        .annotate(failed=Count("id"))
        .order_by("-failed", "criterion__position", "criterion_id")[:limit]
    )
    return [
        FailedCriterion(
            criterion_id=row["criterion_id"],
            position=row["criterion__position"],
            dimension=row["criterion__dimension__number"],
            mission=row["criterion__mission__code"],
            text=row["criterion__text"],
            text_en=row["criterion__text_en"],
            max_points=row["criterion__max_points"],
            failed=row["failed"],
            assessed=assessed,
        )
        for row in rows
    ]


# Movement between announcements -----------------------------------------------------------


def status_movement(older, newer, organisations, *, group_by=None) -> dict:
    """{(status in the older announcement, in the newer): organisations} for the area, or
    {group key: {…}}; "" for an organisation absent from one of them. Unchanged statuses
    count too (public.status_tables.changes_between lists only the changes, for a page);
    one query."""

    def status_in(announcement):
        entry = AnnouncementEntry.objects.filter(announcement=announcement, organisation=OuterRef("pk"))
        return Coalesce(Subquery(entry.values("status")[:1]), Value(""))

    key = group_field(group_by)
    rows = (
        _in_area(organisations)
        .annotate(before=status_in(older), after=status_in(newer))
        .exclude(before="", after="")
        .values(*filter(None, [key, "before", "after"]))
        .annotate(count=Count("pk"))
        .order_by()
    )
    found = {}
    for row in rows:
        moves = found if key is None else found.setdefault(row[key], {})
        moves[(row["before"], row["after"])] = row["count"]
    return found
