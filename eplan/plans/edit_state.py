"""What each editable part of a plan is edited from, for eplan.core.concurrency: the values
a form or an API client was given, whose token it sends back with its change, so that a
save over someone else's newer one is refused instead of overwriting it.

    part of the plan        values                                          page / API
    Part 1 and the front    the sections of Part1Form                       _state / ETag of GET PLAN/part1
    one item                mission code, Part 2 and 3 fields, budgets       _state / ETag of GET PLAN/items/{id}
    the self-assessment     each criterion's score, evidence and link       _state / ETag of GET PLAN/self-assessment

The values are also what a refusal shows as "stored now" (and the API's 412 `current`),
so they are kept in the form the API reads and writes them (a mission by its code, a
budget as "20000.00" or ไม่ใช้งบประมาณ).
"""

from eplan.core.concurrency import state_token
from eplan.core.money import NO_BUDGET
from eplan.plans.models import ItemBudget, Plan, PlanItem, SelfScore

PART1_STATE_FIELDS = (*Plan.FRONT_FIELDS, *Plan.ADOPTION_FIELDS, *Plan.PART1_FIELDS)
ITEM_STATE_FIELDS = (*PlanItem.PART2_FIELDS, *PlanItem.PART3_FIELDS)


def part1_values(plan) -> dict:
    return {name: getattr(plan, name) for name in PART1_STATE_FIELDS}


def part1_state(plan) -> str:
    return state_token(part1_values(plan))


def budgets_text(budgets) -> dict[str, str]:
    """{fiscal year: "20000.00" | ไม่ใช้งบประมาณ} of an item's budget rows, by year."""
    return {
        str(budget.fiscal_year): NO_BUDGET if budget.no_budget else f"{budget.amount:.2f}"
        for budget in sorted(budgets, key=lambda budget: budget.fiscal_year)
    }


def item_values(item, budgets=None) -> dict:
    """An item as stored. `budgets`: its rows when already at hand (else item.budgets)."""
    return {
        "mission": item.mission.code if item.mission_id else "",
        **{name: getattr(item, name) for name in ITEM_STATE_FIELDS},
        "budgets": budgets_text(item.budgets.all() if budgets is None else budgets),
    }


def item_state(item, budgets=None) -> str:
    return state_token(item_values(item, budgets))


def stored_item_state(item) -> str:
    """The token of the item as the database holds it now (not as this copy says)."""
    fresh = PlanItem.objects.select_related("mission").get(pk=item.pk)
    return item_state(fresh, ItemBudget.objects.filter(item=fresh))


def typed_item_values(*, mission, fields, budgets) -> dict:
    """What a form or an API call asks an item to become, in the shape of item_values."""
    typed = {}
    for year, value in budgets.items():
        if value is not None:
            amount, no_budget = value
            typed[str(year)] = NO_BUDGET if no_budget else f"{amount:.2f}"
    return {
        "mission": mission.code if mission is not None else "",
        **{name: fields.get(name) for name in ITEM_STATE_FIELDS if name in fields},
        "budgets": dict(sorted(typed.items())),
    }


def self_assessment_values(plan) -> dict:
    """{criterion id: {"score", "evidence", "evidence_url"}} of every self-score given."""
    return {
        str(score.criterion_id): {
            "score": f"{score.score:.2f}",
            "evidence": score.evidence,
            "evidence_url": score.evidence_url,
        }
        for score in SelfScore.objects.filter(plan=plan).order_by("criterion_id")
    }


def self_assessment_state(plan) -> str:
    return state_token(self_assessment_values(plan))


def typed_self_assessment_values(entries) -> dict:
    """Entries of (criterion, score or None, evidence, link) in the shape of
    self_assessment_values; a criterion cleared of everything is None."""
    typed = {}
    for criterion, score, evidence, url in entries:
        empty = score is None and not (evidence or "").strip() and not (url or "").strip()
        typed[str(criterion.pk)] = (
            None
            if empty
            else {
                "score": f"{score:.2f}" if score is not None else None,
                "evidence": (evidence or "").strip(),
                "evidence_url": (url or "").strip(),
            }
        )
    return typed
