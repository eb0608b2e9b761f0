"""Reads of ITA results shared by the organisation page, the ITA pages, their downloads and
the dashboards. Every count is a database aggregate."""

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, Max, Q, QuerySet

from eplan.ita.models import PASS_SCORE, ItaLevel, ItaResult
from eplan.registry.models import TYPE_ABBREVIATIONS, OrganisationType

CENT = Decimal("0.01")
# group_by → (the organisation field of the group's key, of its label)
GROUPS = {
    "region": ("province__region", "province__region__name_th"),
    "province": ("province", "province__name_th"),
    "district": ("district", "district__name_th"),
    "org_type": ("org_type", None),
    "organisation": ("code", "name"),
}


def ita_for_organisation(organisation) -> list[ItaResult]:
    """The organisation's results, newest year first (public: NACC publishes them)."""
    return list(ItaResult.objects.filter(organisation=organisation).order_by("-year"))


def ita_years(organisations: QuerySet | None = None) -> list[dict]:
    """[{year, count, average, last_imported}] newest first, of the organisations given (all)."""
    results = ItaResult.objects.all()
    if organisations is not None:
        results = results.filter(organisation__in=organisations)
    rows = (
        results.order_by()
        .values("year")
        .annotate(count=Count("id"), average=Avg("score"), last_imported=Max("imported_at"))
        .order_by("-year")
    )
    return [{**row, "average": _cent(row["average"])} for row in rows]


def ita_results(year: int, organisations: QuerySet) -> QuerySet:
    """The year's results of the organisations given, in the registry's order."""
    return (
        ItaResult.objects.filter(year=year, organisation__in=organisations)
        .select_related("organisation__province", "organisation__district")
        .order_by("organisation__province_id", "organisation__district_id", "organisation__code")
    )


def _cent(value):
    return None if value is None else Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


def _figures(row: dict) -> dict:
    return {
        "count": row["count"],
        "average": _cent(row["average"]),
        "passed": row["passed"],
        "levels": {level: row[f"level_{level}"] for level in ItaLevel.values},
    }


def _aggregates() -> dict:
    return {
        "count": Count("id"),
        "average": Avg("score"),
        "passed": Count("id", filter=Q(score__gte=PASS_SCORE)),
        **{f"level_{level}": Count("id", filter=Q(level=level)) for level in ItaLevel.values},
    }


def _label(group_by, key, label):
    if group_by == "org_type":
        return OrganisationType(key).label if key in OrganisationType.values else key
    return label


def ita_summary(year: int, organisations: QuerySet, *, group_by: str | None = None):
    """The year's ITA figures of the organisations given.

    group_by None: {organisations, count, average, passed, levels: {AA: n, …}} — `count` is
    the organisations with a result, `average` their mean score (None without any).
    group_by "region" / "province" / "district" / "org_type" / "organisation": one such dict
    per group of the organisations, each with its `key` and `label`, in key order; groups
    without any result are listed with count 0. Two queries whatever the size."""
    results = ItaResult.objects.filter(year=year, organisation__in=organisations).order_by()
    if group_by is None:
        row = results.aggregate(**_aggregates())
        return {"organisations": organisations.count(), **_figures(row)}
    if group_by not in GROUPS:
        raise ValueError(group_by)
    key_field, label_field = GROUPS[group_by]
    fields = [key_field] + ([label_field] if label_field else [])
    if group_by == "organisation":
        fields.append("org_type")
    totals = organisations.order_by().values(*fields).annotate(total=Count("id")).order_by(key_field)
    figures = {
        row[f"organisation__{key_field}"]: _figures(row)
        for row in results.values(f"organisation__{key_field}").annotate(**_aggregates())
    }
    empty = _figures({"count": 0, "average": None, "passed": 0, **{f"level_{level}": 0 for level in ItaLevel.values}})
    summary = []
    for row in totals:
        key = row[key_field]
        label = row[label_field] if label_field else None
        if group_by == "organisation":
            label = f"{TYPE_ABBREVIATIONS.get(row['org_type'], '')}{label}"
        summary.append(
            {
                "key": key,
                "label": _label(group_by, key, label),
                "organisations": row["total"],
                **figures.get(key, empty),
            }
        )
    return summary
