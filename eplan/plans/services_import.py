"""Replacing a plan's items (Part 2 and Part 3) with rows read from a spreadsheet
(นำเข้ารายการจาก Excel): the check of the rows, what the import would change (shown as a
preview), and the write, in one transaction with one audit event.

A row is a JSON-safe dict, so that a checked file can wait in the session between the
preview and the officer's confirmation:

    {"row": 7, "id": 12 or None, "mission": "1.1.1", "kind": "project", "title": "…",
     "budgets": {"2562": "30000.00", "2563": "ไม่ใช้งบประมาณ"},   # a year not run: absent
     "quarters": [1, 2], "target_groups": […], "note": "…", "rationale": "…", …}

`row` is the spreadsheet row it came from. The optional fields (quarters … indicators)
may be absent: an existing item then keeps its value. An existing item missing from the
rows is deleted: the rows are the whole plan.
"""

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from eplan.core.audit import audit_record
from eplan.core.money import NO_BUDGET, parse_budget
from eplan.frameworks.selectors import framework_of
from eplan.plans import document, excel_front
from eplan.plans import services as plans_services
from eplan.plans.models import ItemBudget, ItemKind, PlanItem
from eplan.plans.titles import strip_leading_number

OPTIONAL_FIELDS = ("quarters", "target_groups", "note", *PlanItem.PART3_FIELDS)
TEXT_FIELDS = ("title", "note", *PlanItem.PART3_FIELDS)
MAX_LENGTHS = {"title": 500, "duration": 300, "responsible_unit": 300}


@dataclass(frozen=True)
class RowProblem:
    """What is wrong with one field of one row. `field` is a row key, `budget:2562` for one
    year's budget, or `budgets` for the budget of the row as a whole; `row` is None when
    the problem concerns the rows as a whole."""

    row: int | None
    field: str
    reason: str


@dataclass
class ImportChanges:
    """What applying the rows would do. `updated` entries: {"row", "item", "changes":
    {field: [old, new]}} with the same field keys as RowProblem."""

    created: list[dict] = field(default_factory=list)
    updated: list[dict] = field(default_factory=list)
    deleted: list[PlanItem] = field(default_factory=list)
    unchanged: int = 0
    reordered: bool = False
    positions: dict = field(default_factory=dict)  # item id or ("new", row) → position
    front: dict = field(default_factory=dict)  # section → [old, new], from the front sheet

    @property
    def has_changes(self) -> bool:
        return bool(self.created or self.updated or self.deleted or self.reordered or self.front)

    def counts(self) -> dict:
        return {
            "created": len(self.created),
            "updated": len(self.updated),
            "deleted": len(self.deleted),
            "unchanged": self.unchanged,
        }


def _text(value) -> str:
    return str(value or "").replace("\r\n", "\n").replace("\r", "\n").strip()


def _ordered_groups(plan, groups) -> list[str]:
    """Target groups in the cycle's order (unknown ones after, as given), without repeats."""
    order = {group: index for index, group in enumerate(plan.cycle.target_groups or [])}
    unique = list(dict.fromkeys(_text(group) for group in groups or [] if _text(group)))
    return sorted(unique, key=lambda group: order.get(group, len(order)))


def _normal_row(plan, row) -> dict:
    """The row with its values in the form they are stored and compared in."""
    normal = dict(row)
    for name in TEXT_FIELDS:
        if name in normal:
            normal[name] = _text(normal[name])
    if "title" in normal:
        normal["title"] = strip_leading_number(normal["title"])
    normal["mission"] = _text(normal.get("mission"))
    if "quarters" in normal:
        normal["quarters"] = sorted(set(normal["quarters"] or []))
    if "target_groups" in normal:
        normal["target_groups"] = _ordered_groups(plan, normal["target_groups"])
    normal["budgets"] = {str(year): value for year, value in (normal.get("budgets") or {}).items()}
    return normal


def item_state(plan, item) -> dict:
    """An item's importable fields in row form, to compare with a row."""
    return {
        "mission": item.mission.code if item.mission_id else "",
        "kind": item.kind,
        "title": _text(item.title),
        "quarters": sorted(set(item.quarters or [])),
        "target_groups": _ordered_groups(plan, item.target_groups),
        "note": _text(item.note),
        **{name: _text(getattr(item, name)) for name in PlanItem.PART3_FIELDS},
        "budgets": {
            str(budget.fiscal_year): NO_BUDGET if budget.no_budget else f"{budget.amount:.2f}"
            for budget in item.budgets.all()
        },
    }


def _fingerprint_of(plan, items) -> str:
    state = [sorted([item.pk, item.position, item_state(plan, item)] for item in items), excel_front.values_of(plan)]
    canonical = json.dumps(state, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def items_fingerprint(plan) -> str:
    """A digest of the plan's items and its front sections as they are now: taken when a
    file is checked, compared when it is applied, so that a preview is never applied to a
    plan that has changed."""
    return _fingerprint_of(plan, document.load_items(plan))


def _budget_problem(value):
    if value == NO_BUDGET:
        return None
    try:
        parsed = parse_budget(value)
    except ValueError as error:
        return str(error)
    if parsed is None or parsed[1]:
        return _("'%(value)s' ไม่ใช่จำนวนเงิน") % {"value": value}
    return None


def rows_check(*, plan, rows, framework=None, items=None) -> list[RowProblem]:
    """Every problem in the rows, in row order: what a file must satisfy before anything
    is written. Cell-level parsing (numbers, kinds as typed) is the reader's job."""
    framework = framework or framework_of(plan.cycle)
    items = items if items is not None else document.load_items(plan)
    by_id = {item.pk: item for item in items}
    parents = {mission.parent_id: mission for mission in reversed(framework.missions) if mission.parent_id}
    years = {str(year) for year in plan.cycle.fiscal_years}
    allowed_groups = set(plan.cycle.target_groups or [])
    kinds = ", ".join(str(label) for label in ItemKind.labels)
    problems = []
    if not rows:
        problems.append(RowProblem(None, "", _("ไม่พบรายการในไฟล์ (ถ้าต้องการลบทุกรายการ ให้ลบในหน้าแผน)")))
    if len(rows) > plans_services.max_items():  # the rows are the whole plan after the import
        problems.append(
            RowProblem(
                None,
                "",
                _("แผนหนึ่งมีรายการได้ไม่เกิน %(max)s รายการ ไฟล์นี้มี %(count)s รายการ")
                % {"max": plans_services.max_items(), "count": len(rows)},
            )
        )
    seen = {}
    for raw in rows:
        row = _normal_row(plan, raw)
        number = row.get("row")

        def problem(name, reason, number=number):
            problems.append(RowProblem(number, name, reason))

        item = None
        item_id = row.get("id")
        if item_id is not None:
            item = by_id.get(item_id)
            if item is None:
                problem(
                    "id",
                    _("ไม่พบรายการรหัส %(id)s ในแผนนี้ (เว้นว่างช่องนี้ถ้าเป็นรายการใหม่)") % {"id": item_id},
                )
            elif item_id in seen:
                problem("id", _("รหัสรายการ %(id)s ซ้ำกับแถวที่ %(row)s") % {"id": item_id, "row": seen[item_id]})
            else:
                seen[item_id] = number
        code = row["mission"]
        mission = framework.by_code.get(code)
        if not code:
            if item is None or item.mission_id is not None:
                problem("mission", _("กรุณาระบุรหัสภารกิจ"))
        elif mission is None:
            problem(
                "mission",
                _("ไม่พบรหัสภารกิจ %(code)s ในกรอบของรอบแผน %(cycle)s") % {"code": code, "cycle": plan.cycle.code},
            )
        elif not mission.is_leaf:
            problem(
                "mission",
                _("ภารกิจ %(code)s มีภารกิจย่อย ให้ใส่รหัสภารกิจย่อย เช่น %(example)s")
                % {"code": code, "example": parents[mission.pk].code},
            )
        if row.get("kind") not in ItemKind.values:
            problem("kind", _("ประเภทต้องเป็น %(kinds)s") % {"kinds": kinds})
        if not row.get("title"):
            problem("title", _("กรุณากรอกชื่อโครงการ/กิจกรรม/มาตรการ"))
        for name, limit in MAX_LENGTHS.items():
            if len(row.get(name) or "") > limit:
                problem(
                    name,
                    _("ยาวได้ไม่เกิน %(limit)s ตัวอักษร (มี %(length)s)") % {"limit": limit, "length": len(row[name])},
                )
        if any(quarter not in (1, 2, 3, 4) for quarter in row.get("quarters") or []):
            problem("quarters", _("ไตรมาสต้องเป็น 1 ถึง 4"))
        unknown = [group for group in row.get("target_groups") or [] if group not in allowed_groups]
        if allowed_groups and unknown:
            problem("target_groups", _("ไม่รู้จักกลุ่มเป้าหมาย: %(groups)s") % {"groups": "; ".join(unknown)})
        budgets = row["budgets"]
        outside = sorted(year for year in budgets if year not in years)
        if outside:
            problem("budgets", _("ปี %(years)s ไม่อยู่ในรอบแผน") % {"years": ", ".join(outside)})
        for year in sorted(set(budgets) & years):
            reason = _budget_problem(budgets[year])
            if reason:
                problem(f"budget:{year}", reason)
        if not budgets:
            problem("budgets", _("ระบุงบประมาณ หรือ ไม่ใช้งบประมาณ อย่างน้อยหนึ่งปี (เว้นว่างเฉพาะปีที่ไม่ได้ดำเนินการ)"))
    return problems


def _differences(state, row) -> dict:
    changes = {}
    for name in ("mission", "kind", "title", *OPTIONAL_FIELDS):
        if name in row and row[name] != state[name]:
            changes[name] = [state[name], row[name]]
    before, after = state["budgets"], row["budgets"]
    for year in sorted(set(before) | set(after)):
        if before.get(year) != after.get(year):
            changes[f"budget:{year}"] = [before.get(year), after.get(year)]
    return changes


def _positions(items, rows) -> tuple[bool, dict]:
    """Where each item goes. The rows' order is the order of items within each mission.
    When keeping the current positions (new items after all others) already gives that
    order, nothing moves; otherwise every item is numbered in row order."""
    current = {item.pk: item for item in items}
    top = max((item.position for item in items), default=0)
    kept, in_file = {}, defaultdict(list)
    for index, row in enumerate(rows, start=1):
        key = row["id"] if row.get("id") is not None else ("new", row["row"])
        item = current.get(row.get("id"))
        mission = row["mission"] or (item.mission.code if item is not None and item.mission_id else "")
        in_file[mission].append(key)
        kept[key] = (item.position, item.pk) if item is not None else (top + index, 0)
    keeps_order = all(sequence == sorted(sequence, key=kept.__getitem__) for sequence in in_file.values())
    if keeps_order:
        return False, {key: position for key, (position, _pk) in kept.items()}
    keys = [row["id"] if row.get("id") is not None else ("new", row["row"]) for row in rows]
    positions = {key: index for index, key in enumerate(keys, start=1)}
    moved = any(positions[key] != current[key].position for key in keys if key in current)
    return moved, positions


def front_changes(plan, front) -> dict:
    """{section: [old, new]} for the sections of the front sheet that differ from the plan."""
    if not front:
        return {}
    current = excel_front.values_of(plan)
    return {key: [current[key], value] for key, value in front.items() if (current[key] or None) != (value or None)}


def items_import_changes(*, plan, rows, items=None, front=None) -> ImportChanges:
    """What applying checked rows (and the front sheet's sections) to the plan would do."""
    items = items if items is not None else document.load_items(plan)
    by_id = {item.pk: item for item in items}
    rows = [_normal_row(plan, row) for row in rows]
    changes = ImportChanges()
    listed = set()
    for row in rows:
        item = by_id.get(row.get("id"))
        if item is None:
            changes.created.append(row)
            continue
        listed.add(item.pk)
        differences = _differences(item_state(plan, item), row)
        if differences:
            changes.updated.append({"row": row, "item": item, "changes": differences})
        else:
            changes.unchanged += 1
    changes.deleted = [item for item in items if item.pk not in listed]
    changes.reordered, changes.positions = _positions([item for item in items if item.pk in listed], rows)
    changes.front = front_changes(plan, front)
    return changes


def _apply_fields(item, row, missions):
    if row["mission"]:
        item.mission = missions[row["mission"]]
        item.previous_mission_code = ""
    item.kind = row["kind"]
    item.title = row["title"]
    for name in OPTIONAL_FIELDS:
        if name in row:
            setattr(item, name, row[name])
    item.full_clean(exclude=["plan", "mission"], validate_constraints=False)


def _budgets_of(item, row) -> list[ItemBudget]:
    return [
        ItemBudget(
            item=item,
            fiscal_year=int(year),
            amount=None if value == NO_BUDGET else Decimal(value),
            no_budget=value == NO_BUDGET,
        )
        for year, value in sorted(row["budgets"].items())
    ]


@transaction.atomic
def items_import_apply(*, actor, plan, rows, expected_state, file_name="", front=None) -> ImportChanges:
    """Make the plan's items what the rows say: create rows without an id, change the
    items they name, delete the items they leave out. `expected_state` is the plan's
    `items_fingerprint` when the rows were checked and shown; a plan changed since is
    refused, so what the officer confirmed is exactly what is written."""
    plan = plans_services.locked_for_edit(actor, plan)
    items = document.load_items(plan)
    if _fingerprint_of(plan, items) != expected_state:
        raise ValidationError(_("แผนมีการแก้ไขหลังจากตรวจไฟล์ จึงยังไม่ได้นำเข้า กรุณาอัปโหลดไฟล์อีกครั้ง"))
    framework = framework_of(plan.cycle)
    problems = rows_check(plan=plan, rows=rows, framework=framework, items=items)
    if problems:
        raise ValidationError(
            [
                _("แถวที่ %(row)s: %(reason)s") % {"row": problem.row, "reason": problem.reason}
                if problem.row
                else problem.reason
                for problem in problems
            ]
        )
    changes = items_import_changes(plan=plan, rows=rows, items=items, front=front)
    if not changes.has_changes:
        return changes
    if changes.front:
        plans_services.part1_update(
            actor=actor, plan=plan, data={key: new for key, (_old, new) in changes.front.items()}
        )
    missions = framework.by_code
    now = timezone.now()

    PlanItem.objects.filter(pk__in=[item.pk for item in changes.deleted]).delete()

    touched = {}
    rebudgeted = []
    for entry in changes.updated:
        item, row = entry["item"], entry["row"]
        _apply_fields(item, row, missions)
        touched[item.pk] = item
        if any(name.startswith("budget:") for name in entry["changes"]):
            rebudgeted.append((item, row))
    if changes.reordered:
        for item in items:
            position = changes.positions.get(item.pk)
            if position is not None and position != item.position:
                touched[item.pk] = item
    for item in touched.values():
        item.position = changes.positions[item.pk]
        item.updated_at = now
    PlanItem.objects.bulk_update(
        touched.values(),
        ["mission", "previous_mission_code", "position", "kind", "title", *OPTIONAL_FIELDS, "updated_at"],
    )
    ItemBudget.objects.filter(item__in=[item for item, _row in rebudgeted]).delete()

    created = []
    for row in changes.created:
        item = PlanItem(plan=plan, position=changes.positions[("new", row["row"])])
        _apply_fields(item, row, missions)
        created.append((item, row))
    PlanItem.objects.bulk_create([item for item, _row in created])
    ItemBudget.objects.bulk_create(budget for item, row in [*rebudgeted, *created] for budget in _budgets_of(item, row))

    audit_record(
        actor=actor,
        action="plans.items_import",
        obj=plan,
        changes={
            "created": [item.pk for item, _row in created],
            "updated": {str(entry["item"].pk): sorted(entry["changes"]) for entry in changes.updated},
            "deleted": {str(item.pk): item.title for item in changes.deleted},
        },
        detail={"file": file_name, "reordered": changes.reordered, **changes.counts()},
        organisation_code=plan.organisation.code,
        province_code=plan.organisation.province_id,
    )
    return changes
