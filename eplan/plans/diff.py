"""What changed between two submitted versions (snapshots) of a plan."""

from decimal import Decimal

from django.utils.translation import gettext as _


def _items(snapshot):
    found = {}
    for dimension in snapshot["dimensions"]:
        for mission in dimension["missions"]:
            for entry in mission["items"]:
                found[entry["id"]] = entry
    for entry in snapshot["unplaced"]:
        found[entry["id"]] = entry
    return found


def _budget_text(budget):
    if budget is None:
        return "—"
    return _("ไม่ใช้งบประมาณ") if budget["no_budget"] else f"{Decimal(budget['amount']):,.2f}"


def _item_changes(old, new, years):
    changes = []
    for key, label in (
        ("title", _("ชื่อ")),
        ("kind_label", _("ประเภท")),
        ("mission", _("ภารกิจ")),
        ("note", _("หมายเหตุ")),
    ):
        if old.get(key) != new.get(key):
            changes.append({"field": label, "old": old.get(key) or "—", "new": new.get(key) or "—"})
    for year in years:
        before, after = old["budgets"].get(str(year)), new["budgets"].get(str(year))
        if before != after:
            changes.append(
                {
                    "field": _("งบประมาณปี %(year)s") % {"year": year},
                    "old": _budget_text(before),
                    "new": _budget_text(after),
                }
            )
    changed_details = [name for name in new["details"] if old["details"].get(name) != new["details"].get(name)]
    if changed_details:
        changes.append(
            {"field": _("รายละเอียดส่วนที่ 3"), "old": "", "new": _("แก้ไข %(n)s หัวข้อ") % {"n": len(changed_details)}}
        )
    return changes


def versions_diff(old, new) -> dict:
    years = new["cycle"]["fiscal_years"]
    part1 = [
        {"title": section["title"], "old": before["text"], "new": section["text"]}
        for section, before in zip(new["part1"], old["part1"], strict=True)
        if section["text"] != before["text"]
    ]
    old_items, new_items = _items(old), _items(new)
    added = [new_items[pk] for pk in new_items if pk not in old_items]
    removed = [old_items[pk] for pk in old_items if pk not in new_items]
    changed = []
    for pk, entry in new_items.items():
        if pk in old_items:
            changes = _item_changes(old_items[pk], entry, years)
            if changes:
                changed.append({"item": entry, "changes": changes})
    old_scores = {c["id"]: c for c in old["criteria"]}
    scores = [
        {
            "text": criterion["text"],
            "text_en": criterion.get("text_en", ""),
            "old": old_scores.get(criterion["id"], {}).get("self_score"),
            "new": criterion["self_score"],
        }
        for criterion in new["criteria"]
        if old_scores.get(criterion["id"], {}).get("self_score") != criterion["self_score"]
    ]
    return {
        "part1": part1,
        "added": added,
        "removed": removed,
        "changed": changed,
        "scores": scores,
        "totals": [
            {"year": year, "old": old["totals"].get(str(year)), "new": new["totals"].get(str(year))} for year in years
        ],
        "empty": not (part1 or added or removed or changed or scores),
    }
