"""The plan as a document: one plain, JSON-ready structure built from a live plan.

Everything that shows a plan reads this structure: the plan pages, the official PDF, the
pre-assessment and the frozen snapshot of a submitted version (which *is* this structure,
stored). A submitted version is therefore shown and assessed exactly as it was sent.
"""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Prefetch
from django.utils import translation
from django.utils.translation import gettext as _

from eplan.frameworks.checks import PART1_SECTIONS, ItemFact, PlanFacts, evaluate
from eplan.frameworks.selectors import framework_of
from eplan.plans.models import ItemBudget, ItemKind, PlanItem, SelfScore
from eplan.plans.titles import names_kind

SCHEMA = 1
ZERO = Decimal("0.00")


def _money(value) -> str | None:
    return None if value is None else f"{Decimal(value):.2f}"


def load_items(plan):
    """Items with their budgets and missions: two queries whatever the plan's size."""
    return list(
        PlanItem.objects.filter(plan=plan)
        .select_related("mission")
        .prefetch_related(Prefetch("budgets", queryset=ItemBudget.objects.order_by("fiscal_year")))
        .order_by("position", "id")
    )


def _item_entry(item, number):
    return {
        "id": item.pk,
        "number": number,
        "kind": item.kind,
        "kind_label": str(ItemKind(item.kind).label),
        "title": item.title,
        # Most titles already name their kind ("โครงการอบรม…"): do not show it twice.
        "kind_in_title": names_kind(item.title),
        "mission": item.mission.code if item.mission_id else None,
        "previous_mission": item.previous_mission_code,
        "budgets": {
            str(budget.fiscal_year): {"amount": _money(budget.amount), "no_budget": budget.no_budget}
            for budget in item.budgets.all()
        },
        "quarters": list(item.quarters or []),
        "target_groups": list(item.target_groups or []),
        "note": item.note,
        "details": {name: getattr(item, name) for name in PlanItem.PART3_FIELDS},
    }


def build(plan, **kwargs) -> dict:
    """The whole plan and its SAR as a document (see module docstring). Always in Thai:
    it is the official document, and a submitted version freezes it whatever language
    the submitter's screen was in."""
    with translation.override("th"):
        return _build(plan, **kwargs)


def _build(plan, *, items=None, framework=None, self_scores=None) -> dict:
    framework = framework or framework_of(plan.cycle)
    items = items if items is not None else load_items(plan)
    if self_scores is None:
        self_scores = {score.criterion_id: score for score in SelfScore.objects.filter(plan=plan)}
    years = plan.cycle.fiscal_years
    by_mission = defaultdict(list)
    unplaced = []
    for item in items:
        (by_mission[item.mission_id] if item.mission_id else unplaced).append(item)

    dimensions = []
    for dimension in framework.dimensions:
        number = 0
        missions = []
        totals = {str(year): ZERO for year in years}
        counts = {str(year): 0 for year in years}
        for mission in framework.missions_of(dimension):
            entries = []
            for item in by_mission.get(mission.pk, []):
                number += 1
                entry = _item_entry(item, number)
                entries.append(entry)
                for year, budget in entry["budgets"].items():
                    if year in totals:
                        counts[year] += 1
                        totals[year] += Decimal(budget["amount"] or 0)
            missions.append(
                {
                    "code": mission.code,
                    "title": mission.title,
                    "depth": mission.depth,
                    "is_leaf": mission.is_leaf,
                    "items": entries,
                }
            )
        dimensions.append(
            {
                "number": dimension.number,
                "title": dimension.title,
                "missions": missions,
                "item_count": number,
                "counts": counts,
                "totals": {year: _money(amount) for year, amount in totals.items()},
                "total": _money(sum(totals.values(), ZERO)),
            }
        )
    grand = {str(year): sum((Decimal(d["totals"][str(year)]) for d in dimensions), ZERO) for year in years}
    organisation = plan.organisation
    return {
        "schema": SCHEMA,
        "organisation": {
            "code": organisation.code,
            "name": organisation.name,
            "display_name": organisation.display_name,
            "full_name": organisation.full_name,
            "type": organisation.get_org_type_display(),
            "district": organisation.district.name_th,
            "province": organisation.province.name_th,
            "place": organisation.place,
        },
        "cycle": {
            "code": plan.cycle.code,
            "title": plan.cycle.title,
            "fiscal_years": years,
            "pass_mark": _money(plan.cycle.pass_mark),
        },
        "front": {
            "document_title": plan.document_title,
            "foreword": plan.foreword,
            "adoption": {
                "text": plan.adoption_text,
                "signatory": plan.adoption_signatory,
                "position": plan.adoption_position,
                "date": plan.adoption_date.isoformat() if plan.adoption_date else None,
            }
            if plan.adoption_text
            else None,
        },
        "part1": [
            {"key": key, "number": index, "title": str(title), "text": getattr(plan, key)}
            for index, (key, title) in enumerate(PART1_SECTIONS.items(), start=1)
        ],
        "dimensions": dimensions,
        "unplaced": [_item_entry(item, index) for index, item in enumerate(unplaced, start=1)],
        "item_count": sum(d["item_count"] for d in dimensions),
        "counts": {str(year): sum(d["counts"][str(year)] for d in dimensions) for year in years},
        "totals": {year: _money(amount) for year, amount in grand.items()},
        "total": _money(sum(grand.values(), ZERO)),
        "criteria": [_criterion_entry(criterion, self_scores.get(criterion.pk)) for criterion in framework.criteria],
    }


def _criterion_entry(criterion, self_score):
    return {
        "id": criterion.pk,
        "text": criterion.text,
        "text_en": criterion.text_en,
        "dimension": criterion.dimension.number if criterion.dimension_id else None,
        "mission": criterion.mission.code if criterion.mission_id else None,
        "max_points": _money(criterion.max_points),
        "check_kind": criterion.check_kind,
        "check_params": criterion.check_params,
        "self_score": _money(self_score.score) if self_score else None,
        "evidence": self_score.evidence if self_score else "",
        "evidence_url": self_score.evidence_url if self_score else "",
    }


def facts_of(document) -> PlanFacts:
    items = []
    for dimension in document["dimensions"]:
        for mission in dimension["missions"]:
            for entry in mission["items"]:
                items.append(_fact(entry, dimension["number"]))
    items += [_fact(entry, None) for entry in document["unplaced"]]
    return PlanFacts(
        fiscal_years=document["cycle"]["fiscal_years"],
        part1={section["key"]: section["text"] for section in document["part1"]},
        items=items,
    )


def _fact(entry, dimension_number):
    return ItemFact(
        title=entry["title"],
        mission_code=entry["mission"],
        dimension_number=dimension_number,
        budgets={
            int(year): (Decimal(budget["amount"]) if budget["amount"] is not None else None, budget["no_budget"])
            for year, budget in entry["budgets"].items()
        },
    )


class _CriterionView:
    """What frameworks.checks.evaluate needs, from a document's criterion entry."""

    def __init__(self, entry, dimension_ids):
        self.check_kind = entry["check_kind"]
        self.check_params = entry["check_params"]
        self.dimension_id = entry["dimension"]
        self.dimension = dimension_ids.get(entry["dimension"])


class _DimensionView:
    def __init__(self, number):
        self.number = number


def preassessment(document, *, language="th") -> dict:
    """See _preassessment. Its messages are Thai by default, like the document they are
    frozen with; pages pass the screen language so that English pages read English."""
    with translation.override(language or "th"):
        return _preassessment(document)


def _preassessment(document) -> dict:
    """Expected score per dimension and in total, against the pass mark, with every unmet
    criterion and what to add. Automatic criteria count their automatic result; the others
    count the LAO's self-score (the assessor decides them later)."""
    facts = facts_of(document)
    dimension_views = {d["number"]: _DimensionView(d["number"]) for d in document["dimensions"]}
    groups = {None: {"number": None, "title": "", "expected": ZERO, "max": ZERO}}
    for dimension in document["dimensions"]:
        groups[dimension["number"]] = {
            "number": dimension["number"],
            "title": dimension["title"],
            "expected": ZERO,
            "max": ZERO,
        }
    rows, problems = [], []
    empty_dimensions = {d["number"] for d in document["dimensions"] if not d["item_count"]}
    for dimension in document["dimensions"]:
        if dimension["number"] in empty_dimensions:
            problems.append(
                {
                    "text": _("มิติที่ %(n)s %(title)s: ยังไม่มีโครงการ/กิจกรรม/มาตรการ")
                    % {"n": dimension["number"], "title": dimension["title"]},
                    "points": None,
                }
            )
    has_items = bool(document["item_count"])
    for entry in document["criteria"]:
        maximum = Decimal(entry["max_points"])
        result = evaluate(_CriterionView(entry, dimension_views), facts)
        self_score = Decimal(entry["self_score"]) if entry["self_score"] is not None else None
        if result is not None:
            expected = maximum if result.met else ZERO
            if not result.met:
                problems.extend({"text": message, "points": _money(maximum)} for message in result.problems)
        elif not has_items or entry["dimension"] in empty_dimensions:
            # A self-score cannot earn points for a dimension (or a plan) with nothing in it.
            expected = ZERO
        else:
            expected = min(self_score, maximum) if self_score is not None else ZERO
        differs = result is not None and self_score is not None and self_score != expected
        group = groups[entry["dimension"]]
        group["expected"] += expected
        group["max"] += maximum
        rows.append(
            {
                **entry,
                "automatic": result is not None,
                "met": result.met if result is not None else None,
                "problems": result.problems if result is not None else [],
                "expected": _money(expected),
                "differs": differs,
            }
        )
    for entry in document["unplaced"]:
        text = _("'%(title)s': ยังไม่ได้เลือกภารกิจในกรอบของรอบแผนนี้") % {"title": entry["title"]}
        if entry["previous_mission"]:
            text += " " + _("(เดิมอยู่ในภารกิจ %(code)s)") % {"code": entry["previous_mission"]}
        problems.append({"text": text, "points": None})
    total = sum((group["expected"] for group in groups.values()), ZERO)
    maximum = sum((group["max"] for group in groups.values()), ZERO)
    pass_mark = Decimal(document["cycle"]["pass_mark"])
    return {
        "groups": [
            {**group, "expected": _money(group["expected"]), "max": _money(group["max"])}
            for key, group in groups.items()
            if group["max"] or key is not None
        ],
        "criteria": rows,
        "problems": problems,
        "total": _money(total),
        "max": _money(maximum),
        "pass_mark": _money(pass_mark),
        "passes": total >= pass_mark and not document["unplaced"],
        "shortfall": _money(max(pass_mark - total, ZERO)),
    }
