"""What a submitted plan version plans in a fiscal year (รายการที่มีแผนดำเนินการในปีงบประมาณ):
the items a report has a line for, and how many of them there are, without those the
counting assessment judged not to fit their dimension. Read from the version's frozen
snapshot, never from the plan as it is now."""

from decimal import Decimal

from django.db.models import Case, F, JSONField, Value, When
from django.db.models.fields.json import KeyTransform

from eplan.assessment import services as assessment_services
from eplan.assessment import status as status_module
from eplan.assessment.models import ItemJudgement
from eplan.plans.models import PlanVersion


def planned_items(version: PlanVersion, fiscal_year: int, *, excluded: set[int] | None = None) -> list[dict]:
    """The items of a submitted version planned in a fiscal year (a budget or ไม่ใช้งบประมาณ
    entered for that year), in the plan's order, without those judged not to fit their
    dimension (`excluded`, when the caller has read them already). Each: id, number,
    dimension, mission, title, indicators, planned budget, no_budget."""
    if excluded is None:
        excluded = assessment_services.excluded_item_ids(version)
    key = str(fiscal_year)
    found = []
    for dimension in version.snapshot["dimensions"]:
        for mission in dimension["missions"]:
            for item in mission["items"]:
                budget = item["budgets"].get(key)
                if budget is None or item["id"] in excluded:
                    continue
                amount = budget.get("amount")
                found.append(
                    {
                        "id": item["id"],
                        "number": str(item["number"]),
                        "dimension": dimension["number"],
                        "mission": mission["code"],
                        "title": item["title"],
                        "indicators": (item.get("details") or {}).get("indicators", ""),
                        "planned_budget": Decimal(amount) if amount is not None else None,
                        "no_budget": bool(budget.get("no_budget")),
                    }
                )
    return found


def excluded_by_version(version_ids) -> dict[int, set[int]]:
    """{version id: items judged not to fit} for many versions in two queries, as
    assessment.services.excluded_item_ids says for one."""
    counting = status_module.counting_results(version_ids)
    version_of = {assessment.pk: version_id for version_id, assessment in counting.items()}
    found: dict[int, set[int]] = {version_id: set() for version_id in version_ids}
    judgements = ItemJudgement.objects.filter(assessment_id__in=list(version_of), fits=False)
    for assessment_id, item_id in judgements.values_list("assessment_id", "item_id"):
        found[version_of[assessment_id]].add(item_id)
    return found


def planned_counts(version_ids, fiscal_year: int) -> dict[int, int]:
    """{version id: how many items it plans in the fiscal year, misfits left out} in three
    queries for any number of versions. A snapshot is some 150 KB, too much to read 7,850
    of on a round's opening morning, so the count comes from its per-year `counts` (a few
    bytes taken out in the database); only a version with an item judged not to fit is
    read whole and counted item by item, as planned_items does."""
    excluded = excluded_by_version(version_ids)
    misfits = [version_id for version_id, items in excluded.items() if items]
    rows = (
        PlanVersion.objects.filter(pk__in=list(version_ids))
        .annotate(
            counts=KeyTransform("counts", "snapshot"),
            whole=Case(When(pk__in=misfits, then=F("snapshot")), default=Value(None), output_field=JSONField()),
        )
        .values_list("id", "counts", "whole")
        .order_by()
    )
    found, uncounted = {}, []
    for version_id, counts, snapshot in rows:
        if snapshot is not None:
            version = PlanVersion(pk=version_id, snapshot=snapshot)
            found[version_id] = len(planned_items(version, fiscal_year, excluded=excluded[version_id]))
        elif counts is None:
            uncounted.append(version_id)  # a snapshot older than its counts: none are known
        else:
            found[version_id] = int(counts.get(str(fiscal_year), 0))
    for version in PlanVersion.objects.filter(pk__in=uncounted).only("id", "snapshot"):
        found[version.pk] = len(planned_items(version, fiscal_year, excluded=excluded[version.pk]))
    return found
