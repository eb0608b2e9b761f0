"""Figures of the submitted plans for dashboards, exports, open data and the API: each one
database aggregate over any area (a queryset of registry organisations), for the area as a
whole or per region, province, district, organisation type or organisation.

The version that counts is each plan's latest version while it stands submitted (a version
returned for revision counts for nothing until the LAO sends the next one), as
assessment.status says. Its items are counted as its frozen snapshot (plans/document.py)
has them, from the rows the version kept of it when it was written (VersionFigure), never
from the live plan, which the LAO may already be revising.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Sum

from eplan.frameworks.models import Dimension
from eplan.plans.models import PlanVersion, VersionFigure, VersionStatus

ZERO = Decimal(0)
CENTS = Decimal("0.01")

# group_by → the organisation's field that keys the groups.
GROUPS = {
    None: None,
    "region": "province__region_id",
    "province": "province_id",
    "district": "district_id",
    "org_type": "org_type",
    "organisation": "id",
}


def money(value) -> Decimal:
    """A sum in baht to the satang, alike on every database (SQLite sums in floating point)."""
    return Decimal(value or 0).quantize(CENTS)


def group_field(group_by, organisation_path="") -> str | None:
    """The field keying the groups, reached from a row through `organisation_path` (e.g.
    'plan__organisation__'); None for the area as a whole."""
    if group_by not in GROUPS:
        raise ValueError(f"group_by must be one of {', '.join(str(key) for key in GROUPS)}")
    name = GROUPS[group_by]
    return None if name is None else organisation_path + name


def aggregated(rows, key, aggregates: dict, make):
    """make(values) of the rows' aggregates: once for the area, or {group key: …} per group
    (groups without rows are absent)."""
    if key is None:
        return make(rows.aggregate(**aggregates))
    return {values[key]: make(values) for values in rows.values(key).annotate(**aggregates).order_by()}


def current_versions(cycle, organisations):
    """The version that counts of each of the organisations' plans for the cycle: the latest,
    while it is submitted (not returned)."""
    newer = PlanVersion.objects.filter(plan=OuterRef("plan"), number__gt=OuterRef("number"))
    return PlanVersion.objects.filter(
        plan__cycle=cycle, plan__organisation__in=organisations, status=VersionStatus.SUBMITTED
    ).exclude(Exists(newer))


def _dimension_year_rows(versions, group_by):
    """[(group key or None, dimension number, fiscal year, items of the dimension, items that
    year, budget that year)] summed over the versions (a PlanVersion queryset), from what
    each version kept of its snapshot (VersionFigure): one aggregate query."""
    rows = VersionFigure.objects.filter(version__in=versions)
    group = group_field(group_by, "organisation__")
    fields = [name for name in (group, "dimension", "fiscal_year") if name]
    return [
        (
            row[group] if group else None,
            row["dimension"],
            row["fiscal_year"],
            int(row["dimension_items"] or 0),
            int(row["items_year"] or 0),
            money(row["budget"]),
        )
        for row in rows.values(*fields)
        .annotate(dimension_items=Sum("dimension_items"), items_year=Sum("items"), budget=Sum("budget"))
        .order_by()
    ]


@dataclass(frozen=True)
class PlannedYear:
    """What a dimension plans in one fiscal year: items that run that year (ไม่ใช้งบประมาณ
    included) and their budget in baht."""

    items: int = 0
    budget: Decimal = ZERO


@dataclass(frozen=True)
class PlannedDimension:
    number: int
    title: str
    items: int = 0  # items of the dimension, whatever years they run
    years: dict[int, PlannedYear] = field(default_factory=dict)

    @property
    def budget(self) -> Decimal:
        return sum((year.budget for year in self.years.values()), ZERO)


@dataclass(frozen=True)
class PlannedItems:
    """Items and planned budget per dimension × fiscal year of the plans counted."""

    plans: int = 0
    dimensions: dict[int, PlannedDimension] = field(default_factory=dict)

    @property
    def items(self) -> int:
        return sum(dimension.items for dimension in self.dimensions.values())

    @property
    def years(self) -> dict[int, PlannedYear]:
        """รวม 4 มิติ per fiscal year."""
        years = {}
        for dimension in self.dimensions.values():
            for year, planned in dimension.years.items():
                found = years.get(year, PlannedYear())
                years[year] = PlannedYear(items=found.items + planned.items, budget=found.budget + planned.budget)
        return years

    @property
    def budget(self) -> Decimal:
        return sum((dimension.budget for dimension in self.dimensions.values()), ZERO)


def planned_items(cycle, organisations, *, group_by=None):
    """Items and planned budget per dimension × fiscal year of the cycle in the version that
    counts of each organisation's plan (current_versions): one PlannedItems for the area, or
    {group key: PlannedItems} with group_by ('region', 'province', 'district', 'org_type',
    'organisation'). Three queries whatever the number of plans."""
    key = group_field(group_by, "plan__organisation__")
    dimensions = list(Dimension.objects.filter(cycle=cycle).order_by("number").values_list("number", "title"))
    versions = current_versions(cycle, organisations)
    plans = aggregated(versions, key, {"plans": Count("id")}, lambda values: values["plans"])
    found = {}
    for group, number, year, items, items_year, budget in _dimension_year_rows(versions, group_by):
        found[(group, number, year)] = (items, items_year, budget)
    years = cycle.fiscal_years

    def make(group):
        def figures(number, year):
            return found.get((group, number, year), (0, 0, ZERO))

        return PlannedItems(
            plans=plans if key is None else plans.get(group, 0),
            dimensions={
                number: PlannedDimension(
                    number=number,
                    title=title,
                    items=figures(number, years[0])[0] if years else 0,
                    years={
                        year: PlannedYear(items=figures(number, year)[1], budget=figures(number, year)[2])
                        for year in years
                    },
                )
                for number, title in dimensions
            },
        )

    return make(None) if key is None else {group: make(group) for group in plans}
