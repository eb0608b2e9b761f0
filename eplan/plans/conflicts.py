"""What a page shows when a save is refused because someone else saved first
(eplan.core.concurrency.StaleEdit): each field where what is stored now differs from what
this person typed, with both values as the page writes them. What was typed stays in the
form; the page carries the newer state, so saving again is a choice made knowingly.
Rendered by plans/_conflict.html (also used by the assessment's scoring page)."""

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from eplan.core.money import NO_BUDGET
from eplan.core.thai import thai_date
from eplan.plans.models import ItemKind, PlanItem

NOTHING = "—"


def _blank(value) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _same(stored, typed) -> bool:
    if _blank(stored) and _blank(typed):
        return True
    if isinstance(stored, str) and isinstance(typed, str):
        return stored.strip() == typed.strip()
    return stored == typed


def rows(current: dict, typed: dict, labels: dict, show=None) -> list[dict]:
    """[{label, stored, typed}] for the keys of `labels` (in their order) that were typed
    and differ from what is stored now. `show(key, value)` formats a value for the page."""
    show = show or (lambda _key, value: value)
    found = []
    for key, label in labels.items():
        if key not in typed or _same(current.get(key), typed[key]):
            continue
        found.append(
            {
                "label": label,
                "stored": NOTHING if _blank(current.get(key)) else show(key, current.get(key)),
                "typed": NOTHING if _blank(typed[key]) else show(key, typed[key]),
            }
        )
    return found


def refusal(error, found) -> dict:
    """The context plans/_conflict.html shows."""
    return {"message": " ".join(error.messages), "rows": found}


def amount(value) -> str:
    if value == NO_BUDGET:
        return NO_BUDGET
    try:
        return f"{Decimal(value):,.2f}"
    except (InvalidOperation, TypeError, ValueError):
        return str(value)


# --- an item -------------------------------------------------------------------------------


def _flat_item(values) -> dict:
    flat = {key: value for key, value in values.items() if key != "budgets"}
    flat.update({f"budget:{year}": value for year, value in (values.get("budgets") or {}).items()})
    return flat


def _show_item(key, value):
    if key.startswith("budget:"):
        return amount(value)
    if key == "kind":
        return str(ItemKind(value).label) if value in ItemKind.values else value
    if key == "quarters":
        return ", ".join(str(quarter) for quarter in value)
    if key == "target_groups":
        return "; ".join(value)
    return value


def item_rows(current: dict, typed: dict, years) -> list[dict]:
    """An item as stored now and as typed, both in edit_state.item_values' shape. Every
    fiscal year is compared (a year typed empty is a year the item does not run)."""
    labels = {"mission": _("ภารกิจ")}
    labels.update({name: PlanItem._meta.get_field(name).verbose_name for name in PlanItem.PART2_FIELDS})
    labels.update({f"budget:{year}": _("งบประมาณปี %(year)s") % {"year": year} for year in years})
    labels.update({name: PlanItem._meta.get_field(name).verbose_name for name in PlanItem.PART3_FIELDS})
    flat_typed = _flat_item(typed)
    for year in years:
        flat_typed.setdefault(f"budget:{year}", None)
    return rows(_flat_item(current), flat_typed, labels, _show_item)


# --- Part 1 and the self-assessment -----------------------------------------------------


def part1_rows(current: dict, typed: dict, labels: dict) -> list[dict]:
    def show(key, value):
        return thai_date(value) if key == "adoption_date" else value

    return rows(current, typed, labels, show)


def self_score_text(value) -> str:
    parts = [_("คะแนน %(score)s") % {"score": value["score"]} if value.get("score") is not None else _("ไม่ได้ให้คะแนน")]
    if value.get("evidence"):
        parts.append(value["evidence"])
    if value.get("evidence_url"):
        parts.append(value["evidence_url"])
    return " · ".join(parts)


def self_assessment_rows(current: dict, typed: dict, criteria) -> list[dict]:
    """Per criterion (in the framework's order) whose self-score differs."""
    labels = {str(criterion.pk): criterion.text for criterion in criteria}
    return rows(current, typed, labels, lambda _key, value: self_score_text(value))
