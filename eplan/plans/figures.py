"""Figures of the submitted plans for dashboards, exports, open data and the API: each one
database aggregate over any area (a queryset of registry organisations), for the area as a
whole or per region, province, district, organisation type or organisation.

The version that counts is each plan's latest version while it stands submitted (a version
returned for revision counts for nothing until the LAO sends the next one), as
assessment.status says. Its items are read from its frozen snapshot (plans/document.py),
never from the live plan, which the LAO may already be revising.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import NotSupportedError
from django.db.models import Count, DecimalField, Exists, F, Func, IntegerField, OuterRef, Sum, TextField
from django.db.models.functions import Cast

from eplan.frameworks.models import Dimension
from eplan.plans.models import PlanVersion, VersionStatus

ZERO = Decimal(0)
CENTS = Decimal("0.01")
MONEY = DecimalField(max_digits=16, decimal_places=2)

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


class SnapshotText(Func):
    """The text at a path of a version's snapshot. Django's key transforms take a key made of
    digits for an array index, and a snapshot keys its years by their digits ("2562")."""

    output_field = TextField()

    def __init__(self, *path):
        self.path = path  # a number is a list index, a text an object key
        super().__init__(F("snapshot"))

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        steps = "".join(f"[{part}]" if isinstance(part, int) else f'."{part}"' for part in self.path)
        return f"json_extract({sql}, %s)", [*params, "$" + steps]

    def as_postgresql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"({sql} #>> %s::text[])", [*params, "{" + ",".join(str(part) for part in self.path) + "}"]

    def as_sql(self, compiler, connection, **extra_context):
        raise NotSupportedError("SnapshotText is written for SQLite and PostgreSQL")


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
    'organisation'). Two queries whatever the number of plans."""
    key = group_field(group_by, "plan__organisation__")
    dimensions = list(Dimension.objects.filter(cycle=cycle).order_by("number").values_list("number", "title"))
    years = cycle.fiscal_years
    # A framework is locked from the first submission on, so every version of the cycle
    # lists the cycle's dimensions in this order.
    aggregates = {"plans": Count("id")}
    for index, (number, _title) in enumerate(dimensions):
        path = ("dimensions", index)
        aggregates[f"items_{number}"] = Sum(Cast(SnapshotText(*path, "item_count"), IntegerField()))
        for year in years:
            aggregates[f"items_{number}_{year}"] = Sum(Cast(SnapshotText(*path, "counts", str(year)), IntegerField()))
            aggregates[f"budget_{number}_{year}"] = Sum(
                Cast(SnapshotText(*path, "totals", str(year)), MONEY), output_field=MONEY
            )

    def make(values):
        return PlannedItems(
            plans=values["plans"] or 0,
            dimensions={
                number: PlannedDimension(
                    number=number,
                    title=title,
                    items=values[f"items_{number}"] or 0,
                    years={
                        year: PlannedYear(
                            items=values[f"items_{number}_{year}"] or 0,
                            budget=money(values[f"budget_{number}_{year}"]),
                        )
                        for year in years
                    },
                )
                for number, title in dimensions
            },
        )

    return aggregated(current_versions(cycle, organisations), key, aggregates, make)
