"""Writes to plans: each checks permission and the plan's state, validates, writes and
records its audit event in one transaction.

Every write to a plan starts by locking the plan's row (`locked_for_edit`) and checking,
under that lock, that the plan may still be edited: a submission commits either wholly
before a write (which is then refused) or after it (and freezes it). On PostgreSQL this is
the row lock of select_for_update; SQLite has no row locks, and there every transaction
takes the database's write lock at BEGIN (settings: "transaction_mode": "IMMEDIATE"), so
writers take turns the same way. A write that edits what a form showed also takes the state
the form was opened from (`seen`, eplan.core.concurrency) and is refused when it changed.
"""

import datetime
import hashlib
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from eplan.accounts import scope
from eplan.accounts.roles import Capability
from eplan.core.audit import audit_record, diff, snapshot
from eplan.core.concurrency import require_fresh
from eplan.core.permissions import require
from eplan.core.text import join_hard_wraps
from eplan.core.thai import fiscal_year_bounds, thai_date
from eplan.core.transitions import require_transition
from eplan.core.windows import RECEIVING, WindowState
from eplan.frameworks import services as framework_services
from eplan.frameworks.selectors import cycle_window_state, framework_of
from eplan.notifications import events as notification_events
from eplan.plans import document, edit_state
from eplan.plans.models import (
    PLAN_TRANSITIONS,
    ItemBudget,
    ItemKind,
    Plan,
    PlanItem,
    PlanStatus,
    PlanVersion,
    SelfScore,
    VersionStatus,
)
from eplan.plans.titles import strip_leading_number


def _audit_codes(plan):
    return {"organisation_code": plan.organisation.code, "province_code": plan.organisation.province_id}


NOT_EDITABLE = _lazy("แผนนี้ส่งแล้ว แก้ไขไม่ได้จนกว่าสำนักงาน ป.ป.ช. ประจำจังหวัดจะส่งกลับให้แก้ไข")


def locked_for_edit(actor, plan) -> Plan:
    """The plan's row, locked to the end of the transaction, once the actor may edit it and
    it is editable now: whatever the caller's copy says, a submission that committed since
    it was read is seen here. Call inside the write's transaction, before reading anything
    the write depends on."""
    require(scope.has_capability(actor, Capability.EDIT_PLAN, plan.organisation))
    # of=self: the plan's row only, never its organisation's or the cycle's (shared by all).
    locked = Plan.objects.select_for_update(of=("self",)).select_related("organisation", "cycle").get(pk=plan.pk)
    if not locked.is_editable:
        raise ValidationError(str(NOT_EDITABLE), code="not_editable")
    return locked


def max_items() -> int:
    """The most items a plan may hold (settings.PLAN_MAX_ITEMS): real plans have 20–150,
    and a plan must stay printable and assessable in one page."""
    return settings.PLAN_MAX_ITEMS


def _move(plan, to_status):
    require_transition(PLAN_TRANSITIONS, plan.status, to_status, _("เปลี่ยนสถานะแผนจาก %(from)s เป็น %(to)s ไม่ได้"))
    plan.status = to_status


@transaction.atomic
def plan_start(*, actor, organisation, cycle) -> Plan:
    """Open the organisation's plan for a cycle (or return the one already started)."""
    require(scope.has_capability(actor, Capability.EDIT_PLAN, organisation))
    plan, created = Plan.objects.get_or_create(organisation=organisation, cycle=cycle)
    if created:
        audit_record(actor=actor, action="plans.plan_start", obj=plan, **_audit_codes(plan))
    return plan


@transaction.atomic
def plan_copy_forward(*, actor, source: Plan, cycle) -> tuple[Plan, list[PlanItem]]:
    """Start a plan for a new cycle from the organisation's previous plan. Items whose
    mission code is a leaf of the new framework carry over with their budgets for the
    years both cycles share; the others come over unplaced, for the officer to place.
    Returns the new plan and the unplaced items."""
    organisation = source.organisation
    require(scope.has_capability(actor, Capability.EDIT_PLAN, organisation))
    if Plan.objects.filter(organisation=organisation, cycle=cycle).exists():
        raise ValidationError(_("มีแผนของรอบ %(code)s อยู่แล้ว") % {"code": cycle.code})
    if source.cycle.fiscal_years[0] >= cycle.fiscal_years[0]:
        raise ValidationError(_("เริ่มแผนได้จากแผนของรอบก่อนหน้าเท่านั้น"))
    framework = framework_of(cycle)
    leaves = {mission.code: mission for mission in framework.leaves}
    plan = Plan.objects.create(
        organisation=organisation,
        cycle=cycle,
        copied_from=source,
        **{name: getattr(source, name) for name in Plan.PART1_FIELDS},
    )
    years = set(cycle.fiscal_years)
    unplaced = []
    for item in document.load_items(source):
        code = item.mission.code if item.mission_id else item.previous_mission_code
        mission = leaves.get(code)
        copy = PlanItem.objects.create(
            plan=plan,
            mission=mission,
            position=item.position,
            previous_mission_code="" if mission else (code or ""),
            **{name: getattr(item, name) for name in PlanItem.PART2_FIELDS + PlanItem.PART3_FIELDS},
        )
        ItemBudget.objects.bulk_create(
            ItemBudget(item=copy, fiscal_year=budget.fiscal_year, amount=budget.amount, no_budget=budget.no_budget)
            for budget in item.budgets.all()
            if budget.fiscal_year in years
        )
        if mission is None:
            unplaced.append(copy)
    audit_record(
        actor=actor,
        action="plans.plan_copy_forward",
        obj=plan,
        detail={"from": source.cycle.code, "items": plan.items.count(), "unplaced": len(unplaced)},
        **_audit_codes(plan),
    )
    return plan, unplaced


TEXT_SECTIONS = (*Plan.PART1_FIELDS, *Plan.FRONT_FIELDS, "adoption_text", "adoption_signatory", "adoption_position")
WRITTEN_SECTIONS = (*TEXT_SECTIONS, "adoption_date")


def front_problems(plan, values=None) -> dict:
    """{field: reason} for the parts before Part 1 as they are (or would be with `values`).
    The adoption notice is optional, but a notice that is printed must be signed: its
    text, signatory, position and date come together, the date near the cycle."""
    problems = {}
    values = values or {}

    def value(name):
        found = values[name] if name in values else getattr(plan, name)
        if name == "adoption_date" and isinstance(found, str):
            return datetime.date.fromisoformat(found)
        return found

    adoption = {name: value(name) for name in Plan.ADOPTION_FIELDS}
    if any(adoption.values()):
        labels = {name: Plan._meta.get_field(name).verbose_name for name in Plan.ADOPTION_FIELDS}
        for name, value in adoption.items():
            if not value:
                problems[name] = _("ประกาศใช้แผนต้องมี%(field)s ด้วย (หรือเว้นว่างทั้งประกาศ)") % {"field": labels[name]}
    when = adoption["adoption_date"]
    if when is not None:
        years = plan.cycle.fiscal_years
        earliest, latest = fiscal_year_bounds(years[0] - 2)[0], fiscal_year_bounds(years[-1])[1]
        if not earliest <= when <= latest:
            problems["adoption_date"] = _("วันที่ประกาศต้องอยู่ระหว่าง %(first)s ถึง %(last)s") % {
                "first": thai_date(earliest),
                "last": thai_date(latest),
            }
    return problems


def _check_front(plan):
    problems = front_problems(plan)
    if problems:
        raise ValidationError(problems)


@transaction.atomic
def part1_update(*, actor, plan: Plan, data: dict, seen: str | None = None) -> Plan:
    """Part 1 and the parts before it (title, foreword, adoption notice): only the sections
    in `data` change. `seen` is the state the form was opened from (edit_state.part1_state);
    when given and the sections changed since, nothing is saved (StaleEdit). The audit
    event keeps every old and new text, so nothing overwritten is lost. What is saved is
    the stored row changed by `data` (a ModelForm may have changed the caller's copy in
    other ways); the caller's copy then gets the saved sections, and the row is returned."""
    stored = locked_for_edit(actor, plan)
    require_fresh(stored, edit_state.PART1_STATE_FIELDS, seen=seen)
    before = snapshot(stored, WRITTEN_SECTIONS)
    for name in WRITTEN_SECTIONS:
        if name in data:
            value = data[name]
            setattr(stored, name, (value or "").strip() if name in TEXT_SECTIONS else value)
    _check_front(stored)
    stored.full_clean(exclude=["organisation", "cycle", "copied_from", "status"], validate_constraints=False)
    stored.save()
    changes = diff(before, snapshot(stored, WRITTEN_SECTIONS))
    if changes:
        audit_record(actor=actor, action="plans.part1_update", obj=stored, changes=changes, **_audit_codes(stored))
    for name in WRITTEN_SECTIONS:  # the caller's copy shows what was saved
        setattr(plan, name, getattr(stored, name))
    return stored


@transaction.atomic
def part1_join_lines(*, actor, plan: Plan, field: str, seen_sha256: str) -> Plan:
    """Accept the suggestion shown on the page: the line breaks a PDF made inside the
    paragraphs of one section are joined. `seen_sha256` is the digest of the text the
    suggestion was made from; a text changed since is refused, never rewritten unseen."""
    if field not in Plan.PASTED_TEXT_FIELDS:
        raise ValidationError(_("หัวข้อนี้รวมบรรทัดไม่ได้"))
    current = getattr(locked_for_edit(actor, plan), field)
    if text_digest(current) != seen_sha256:
        raise ValidationError(_("ข้อความเปลี่ยนไปหลังจากที่แสดงตัวอย่าง จึงยังไม่ได้รวมบรรทัด กรุณาดูตัวอย่างใหม่"))
    return part1_update(actor=actor, plan=plan, data={field: join_hard_wraps(current)})


def text_digest(text) -> str:
    return hashlib.sha256((text or "").encode("utf-8")).hexdigest()


def _check_item(plan, mission, fields, budgets):
    problems = {}
    framework_mission = mission
    if framework_mission is not None:
        if framework_mission.cycle_id != plan.cycle_id:
            problems["mission"] = _("ภารกิจนี้ไม่อยู่ในกรอบของรอบแผน")
        elif framework_mission.children.exists():
            problems["mission"] = _("เลือกภารกิจย่อย (ภารกิจที่ไม่มีภารกิจย่อยอีก)")
    if not strip_leading_number(fields.get("title") or ""):
        problems["title"] = _("กรุณากรอกชื่อโครงการ/กิจกรรม/มาตรการ")
    if fields.get("kind") not in ItemKind.values:
        problems["kind"] = _("เลือกประเภท")
    quarters = fields.get("quarters") or []
    if any(quarter not in (1, 2, 3, 4) for quarter in quarters):
        problems["quarters"] = _("ไตรมาสต้องเป็น 1 ถึง 4")
    allowed_groups = set(plan.cycle.target_groups or [])
    unknown = [group for group in fields.get("target_groups") or [] if allowed_groups and group not in allowed_groups]
    if unknown:
        problems["target_groups"] = _("ไม่รู้จักกลุ่มเป้าหมาย: %(groups)s") % {"groups": ", ".join(unknown)}
    years = set(plan.cycle.fiscal_years)
    outside = [year for year in budgets if year not in years]
    if outside:
        problems["budgets"] = _("ปี %(years)s ไม่อยู่ในรอบแผน") % {"years": ", ".join(map(str, outside))}
    elif not any(value is not None for value in budgets.values()):
        problems["budgets"] = _("ระบุงบประมาณหรือ ไม่ใช้งบประมาณ อย่างน้อยหนึ่งปีที่ดำเนินการ")
    if problems:
        raise ValidationError(problems)


@transaction.atomic
def item_save(
    *, actor, plan: Plan, item: PlanItem | None = None, mission, fields: dict, budgets: dict, seen: str | None = None
) -> PlanItem:
    """Create or change an item. `budgets`: {fiscal year: (amount, no_budget) or None}.
    `seen` is the state the form was opened from (edit_state.item_state); when given and
    the item changed since, nothing is saved (StaleEdit with the item as stored now). A
    plan takes at most PLAN_MAX_ITEMS items."""
    plan = locked_for_edit(actor, plan)
    if item is not None:
        if item.plan_id != plan.pk:
            raise PermissionDenied
        item = _locked_item(plan, item)
        require_fresh(item, (), seen=seen, current=edit_state.item_values(item))
    elif PlanItem.objects.filter(plan=plan).count() >= max_items():
        raise ValidationError(
            _("แผนหนึ่งมีรายการได้ไม่เกิน %(max)s รายการ แผนนี้มีครบแล้ว ลบหรือรวมรายการที่ซ้ำกันก่อนเพิ่มรายการใหม่")
            % {"max": max_items()}
        )
    _check_item(plan, mission, fields, budgets)
    creating = item is None
    tracked = ("mission_id", *PlanItem.PART2_FIELDS, *PlanItem.PART3_FIELDS)
    before = {} if creating else {**snapshot(item, tracked), "budgets": _budget_snapshot(item)}
    if creating:
        last = PlanItem.objects.filter(plan=plan).aggregate(last=Max("position"))["last"] or 0
        item = PlanItem(plan=plan, position=last + 1)
    item.mission = mission
    if mission is not None:
        item.previous_mission_code = ""
    for name, value in fields.items():
        if name in PlanItem.PART2_FIELDS or name in PlanItem.PART3_FIELDS:
            setattr(item, name, value.strip() if isinstance(value, str) else value)
    item.title = strip_leading_number(item.title)
    item.full_clean(exclude=["plan"])
    item.save()
    existing = {budget.fiscal_year: budget for budget in item.budgets.all()} if not creating else {}
    for year, value in budgets.items():
        current = existing.get(year)
        if value is None:
            if current is not None:
                current.delete()
            continue
        amount, no_budget = value
        if current is None:
            ItemBudget.objects.create(item=item, fiscal_year=year, amount=amount, no_budget=no_budget)
        elif (current.amount, current.no_budget) != (amount, no_budget):
            current.amount, current.no_budget = amount, no_budget
            current.save()
    after = {**snapshot(item, tracked), "budgets": _budget_snapshot(item)}
    changes = diff(before, after)
    if changes:
        audit_record(
            actor=actor,
            action="plans.item_create" if creating else "plans.item_update",
            obj=item,
            changes=changes,
            **_audit_codes(plan),
        )
    return item


def _locked_item(plan, item) -> PlanItem:
    """The item as stored now, its row locked (the plan's is already); an item deleted
    since the caller read it is refused by name."""
    try:
        locked = PlanItem.objects.select_for_update(of=("self",)).select_related("mission").get(pk=item.pk, plan=plan)
    except PlanItem.DoesNotExist:
        raise ValidationError(
            _("รายการ “%(title)s” ถูกลบไปแล้วหลังจากที่คุณเปิดหน้านี้") % {"title": item.title}, code="gone"
        ) from None
    locked.plan = plan
    return locked


def _budget_snapshot(item):
    return {
        str(budget.fiscal_year): "ไม่ใช้งบประมาณ" if budget.no_budget else str(budget.amount)
        for budget in ItemBudget.objects.filter(item=item).order_by("fiscal_year")
    }


@transaction.atomic
def item_delete(*, actor, item: PlanItem, seen: str | None = None):
    """Delete an item. `seen` as for item_save: an item changed since is not deleted."""
    plan = locked_for_edit(actor, item.plan)
    item = _locked_item(plan, item)
    require_fresh(item, (), seen=seen, current=edit_state.item_values(item))
    audit_record(
        actor=actor,
        action="plans.item_delete",
        obj=item,
        changes={"title": [item.title, None], "budgets": [_budget_snapshot(item), None]},
        **_audit_codes(plan),
    )
    item.delete()


@transaction.atomic
def item_move(*, actor, item: PlanItem, direction: int) -> PlanItem:
    """Swap an item with its neighbour under the same mission (direction -1 up, +1 down)."""
    plan = locked_for_edit(actor, item.plan)
    item = _locked_item(plan, item)
    siblings = list(PlanItem.objects.filter(plan=plan, mission=item.mission).order_by("position", "id"))
    index = next(i for i, sibling in enumerate(siblings) if sibling.pk == item.pk)
    other_index = index + (1 if direction > 0 else -1)
    if not 0 <= other_index < len(siblings):
        return item
    other = siblings[other_index]
    if item.position == other.position:  # repair equal positions before swapping
        PlanItem.objects.filter(plan=plan, position__gte=other.position).exclude(pk=item.pk).update(
            position=F("position") + 1
        )
        other.refresh_from_db()
    item.position, other.position = other.position, item.position
    PlanItem.objects.filter(pk=item.pk).update(position=item.position)
    PlanItem.objects.filter(pk=other.pk).update(position=other.position)
    audit_record(
        actor=actor,
        action="plans.item_move",
        obj=item,
        detail={"direction": "up" if direction < 0 else "down"},
        **_audit_codes(plan),
    )
    return item


# A score is stored as DECIMAL(5, 2) (SelfScore.score, assessment's CriterionScore.score).
_SCORE_FIELD = SelfScore._meta.get_field("score")
MAX_SCORE = Decimal(10) ** (_SCORE_FIELD.max_digits - _SCORE_FIELD.decimal_places) - Decimal("0.01")


def parse_score(text) -> Decimal | None:
    """A score as typed ('' clears it), for the self-assessment and the assessors' scores
    alike. Refused (ValueError, in Thai) unless it is a number from 0 to 999.99 with at most
    two decimals: what the column holds, whatever the criterion (its own maximum is the
    service's to check). Bounded before any arithmetic, so 1e400 is refused, not a 500."""
    value = str(text if text is not None else "").strip()
    if value == "":
        return None
    try:
        score = Decimal(value)
    except InvalidOperation:
        raise ValueError(_("'%(value)s' ไม่ใช่ตัวเลข") % {"value": value[:40]}) from None
    if not score.is_finite() or not 0 <= score <= MAX_SCORE:
        raise ValueError(_("คะแนนต้องเป็นตัวเลขตั้งแต่ 0 ถึง %(max)s") % {"max": MAX_SCORE})
    rounded = score.quantize(Decimal("0.01"))
    if score != rounded:
        raise ValueError(_("คะแนนมีทศนิยมได้ไม่เกิน 2 ตำแหน่ง"))
    return rounded


@transaction.atomic
def self_assessment_save(*, actor, plan: Plan, entries, seen: str | None = None) -> None:
    """Save the self-assessment (SAR): entries of (criterion, score or None, evidence, link).
    All or nothing: a score above a criterion's maximum refuses the whole form, keyed by
    criterion id. `seen` is the state the form was opened from
    (edit_state.self_assessment_state); when given and any self-score changed since,
    nothing is saved (StaleEdit with every self-score as stored now)."""
    plan = locked_for_edit(actor, plan)
    require_fresh(plan, (), seen=seen, current=edit_state.self_assessment_values(plan))
    problems, listed = {}, set()
    for criterion, score, _evidence, url in entries:
        if criterion.cycle_id != plan.cycle_id:
            raise PermissionDenied
        if criterion.pk in listed:
            problems[str(criterion.pk)] = _("เกณฑ์นี้ซ้ำในแบบประเมิน")
        listed.add(criterion.pk)
        if score is not None and score > criterion.max_points:
            problems[str(criterion.pk)] = _("คะแนนเต็มของเกณฑ์นี้คือ %(max)s") % {"max": f"{criterion.max_points:g}"}
        try:
            SelfScore._meta.get_field("evidence_url").clean(url.strip(), None)
        except ValidationError:
            problems[str(criterion.pk)] = _("ลิงก์หลักฐานไม่ถูกต้อง (ต้องขึ้นต้นด้วย https:// หรือ http://)")
    if problems:
        raise ValidationError(problems)
    existing = {score.criterion_id: score for score in SelfScore.objects.filter(plan=plan)}
    changes = {}
    for criterion, score, evidence, url in entries:
        current = existing.get(criterion.pk)
        before = (str(current.score), current.evidence, current.evidence_url) if current else None
        if score is None:
            if current is not None and not (evidence.strip() or url.strip()):
                current.delete()
                changes[f"criterion {criterion.pk}"] = [before[0], None]
            continue
        record = current or SelfScore(plan=plan, criterion=criterion)
        record.score, record.evidence, record.evidence_url = score, evidence.strip(), url.strip()
        record.full_clean(exclude=["plan", "criterion"])
        after = (str(record.score), record.evidence, record.evidence_url)
        if after != before:
            record.save()
            changes[f"criterion {criterion.pk}"] = [before[0] if before else None, after[0]]
    if changes:
        audit_record(actor=actor, action="plans.self_score_save", obj=plan, changes=changes, **_audit_codes(plan))


@transaction.atomic
def plan_submit(*, actor, plan: Plan) -> PlanVersion:
    """Freeze the plan and its SAR as a new numbered version and lock the plan.

    Idempotent against a double click: when the plan was already submitted and not
    returned since, the version already made is returned, not a second one."""
    require(scope.has_capability(actor, Capability.SUBMIT_PLAN, plan.organisation))
    plan = (
        Plan.objects.select_for_update(of=("self",))
        .select_related("organisation__province", "organisation__district", "cycle")
        .get(pk=plan.pk)
    )
    if plan.status == PlanStatus.SUBMITTED:
        return plan.versions.order_by("-number").first()
    window = cycle_window_state(plan.cycle)
    if window == WindowState.NOT_OPEN:
        raise ValidationError(
            _("รอบแผน %(code)s ยังไม่เปิดรับแผน (เปิดรับ %(date)s)")
            % {"code": plan.cycle.code, "date": plan.cycle.submission_opens}
        )
    if window == WindowState.CLOSED:
        raise ValidationError(_("รอบแผน %(code)s ปิดรับแผนแล้ว") % {"code": plan.cycle.code})
    content = document.build(plan)
    if content["item_count"] == 0:
        raise ValidationError(_("แผนยังไม่มีโครงการ/กิจกรรม/มาตรการ"))
    if content["item_count"] > max_items():
        raise ValidationError(
            _("แผนหนึ่งมีรายการได้ไม่เกิน %(max)s รายการ แผนนี้มี %(count)s รายการ ลบหรือรวมรายการที่ซ้ำกันก่อนส่ง")
            % {"max": max_items(), "count": content["item_count"]}
        )
    if content["unplaced"]:
        raise ValidationError(_("ยังมีรายการที่ยังไม่ได้เลือกภารกิจ %(n)s รายการ") % {"n": len(content["unplaced"])})
    content["preassessment"] = document.preassessment(content)
    number = (plan.versions.aggregate(last=Max("number"))["last"] or 0) + 1
    now = timezone.now()
    version = PlanVersion.objects.create(
        plan=plan,
        number=number,
        receipt_number=f"{plan.cycle.code}-{plan.organisation.code}-{number}",
        submitted_at=now,
        submitted_by=actor,
        is_late=window == WindowState.LATE,
        snapshot=content,
    )
    _move(plan, PlanStatus.SUBMITTED)
    plan.save(update_fields=["status", "updated_at"])
    framework_services.framework_lock(cycle=plan.cycle, actor=actor)
    audit_record(
        actor=actor,
        action="plans.plan_submit",
        obj=version,
        detail={"receipt": version.receipt_number, "late": version.is_late, "sha256": version.snapshot_sha256},
        **_audit_codes(plan),
    )
    return version


@transaction.atomic
def plan_reopen_for_revision(*, actor, plan: Plan, reason: str) -> Plan:
    """Open a submitted plan for editing again after its released assessment found it
    incomplete. Called by assessment.services, which checks that this is the case."""
    plan = Plan.objects.select_for_update(of=("self",)).select_related("organisation").get(pk=plan.pk)
    require(scope.has_capability(actor, Capability.EDIT_PLAN, plan.organisation))
    if cycle_window_state(plan.cycle) not in RECEIVING:
        raise ValidationError(_("รอบแผน %(code)s ปิดรับแผนแล้ว") % {"code": plan.cycle.code})
    _move(plan, PlanStatus.REVISING)
    plan.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action="plans.plan_reopen",
        obj=plan,
        changes={"status": [PlanStatus.SUBMITTED, PlanStatus.REVISING]},
        detail={"reason": reason},
        **_audit_codes(plan),
    )
    return plan


@transaction.atomic
def plan_return(*, actor, version: PlanVersion, reason: str) -> PlanVersion:
    """The NACC provincial office sends a submission back for revision, with reasons."""
    plan = Plan.objects.select_for_update(of=("self",)).select_related("organisation").get(pk=version.plan_id)
    require(scope.has_capability(actor, Capability.RETURN_PLAN, plan.organisation))
    reason = (reason or "").strip()
    if len(reason) < 10:
        raise ValidationError({"reason": _("กรุณาระบุเหตุผลและสิ่งที่ต้องแก้ไข (อย่างน้อย 10 ตัวอักษร)")})
    latest = plan.versions.order_by("-number").first()
    if version.pk != latest.pk or version.status != VersionStatus.SUBMITTED:
        raise ValidationError(_("ส่งกลับได้เฉพาะฉบับล่าสุดที่รอการประเมิน"))
    _move(plan, PlanStatus.RETURNED)
    plan.save(update_fields=["status", "updated_at"])
    version.status = VersionStatus.RETURNED
    version.returned_at = timezone.now()
    version.returned_by = actor
    version.return_reason = reason
    version.save(update_fields=["status", "returned_at", "returned_by", "return_reason"])
    audit_record(
        actor=actor,
        action="plans.plan_return",
        obj=version,
        changes={"status": [VersionStatus.SUBMITTED, VersionStatus.RETURNED]},
        detail={"reason": reason},
        **_audit_codes(plan),
    )
    notification_events.plan_returned(version)
    return version
