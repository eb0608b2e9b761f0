"""Writes to cycles, frameworks and criteria: central administrators only (or the command
line), each in one transaction with its audit event. A locked framework (a plan has been
submitted against the cycle) cannot change; dates and the pass mark can."""

from collections import defaultdict

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from eplan.accounts import scope
from eplan.accounts.roles import Capability
from eplan.core.audit import audit_record, diff, snapshot
from eplan.frameworks import loader
from eplan.frameworks.models import Criterion, Cycle, Dimension, Mission

CYCLE_FIELDS = (
    "code",
    "title",
    "description",
    "submission_opens",
    "submission_due",
    "submission_closes",
    "score_release_date",
    "pass_mark",
    "target_groups",
)
CRITERION_FIELDS = (
    "text",
    "text_en",
    "max_points",
    "dimension_id",
    "mission_id",
    "check_kind",
    "check_params",
    "position",
)


def _require_admin(actor, command=False):
    if command:
        return
    if not scope.is_national(actor, Capability.EDIT_FRAMEWORKS):
        raise PermissionDenied(_("เฉพาะผู้ดูแลระบบส่วนกลางเท่านั้น"))


def _require_unlocked(cycle):
    if cycle.is_framework_locked:
        raise ValidationError(
            _("กรอบของรอบแผน %(code)s ถูกล็อกแล้วเพราะมี อปท. ส่งแผนแล้ว แก้ไขได้เฉพาะวันที่และคะแนนผ่านเกณฑ์")
            % {"code": cycle.code}
        )


@transaction.atomic
def cycle_create(*, actor, command=False, **fields) -> Cycle:
    _require_admin(actor, command)
    cycle = Cycle(**fields)
    cycle.full_clean()
    cycle.save()
    audit_record(
        actor=actor, action="frameworks.cycle_create", obj=cycle, changes=diff({}, snapshot(cycle, CYCLE_FIELDS))
    )
    return cycle


@transaction.atomic
def cycle_update(*, actor, cycle: Cycle, command=False, **fields) -> Cycle:
    _require_admin(actor, command)
    if "code" in fields and fields["code"] != cycle.code:
        _require_unlocked(cycle)
    before = snapshot(cycle, CYCLE_FIELDS)
    for name, value in fields.items():
        if name not in CYCLE_FIELDS:
            raise ValueError(f"Not a cycle field: {name}")
        setattr(cycle, name, value)
    cycle.full_clean()
    cycle.save()
    changes = diff(before, snapshot(cycle, CYCLE_FIELDS))
    if changes:
        audit_record(actor=actor, action="frameworks.cycle_update", obj=cycle, changes=changes)
    return cycle


@transaction.atomic
def framework_load(*, actor, cycle: Cycle, spec: loader.FrameworkSpec, source_name="", command=False) -> dict:
    """Bring a cycle's dimensions and missions in line with a parsed framework file.

    Matching is by dimension number and mission code, so loading the same file twice
    changes nothing and criteria attached to unchanged missions stay attached."""
    _require_admin(actor, command)
    _require_unlocked(cycle)
    counts = {"created": 0, "updated": 0, "deleted": 0}
    dimensions = {dimension.number: dimension for dimension in cycle.dimensions.all()}
    for number, title, source in spec.dimensions:
        dimension = dimensions.get(number)
        if dimension is None:
            dimensions[number] = Dimension.objects.create(cycle=cycle, number=number, title=title, source=source)
            counts["created"] += 1
        elif (dimension.title, dimension.source) != (title, source):
            dimension.title, dimension.source = title, source
            dimension.save()
            counts["updated"] += 1
    existing = {mission.code: mission for mission in cycle.missions.all()}
    wanted = {mission.code for mission in spec.missions}
    # New missions are written a level at a time (x.y, then x.y.z, …), so that each level's
    # parents have their ids: a few queries for a whole framework, not one per mission.
    by_depth = defaultdict(list)
    for mission_spec in spec.missions:
        by_depth[mission_spec.code.count(".")].append(mission_spec)
    for depth in sorted(by_depth):
        created = []
        for mission_spec in by_depth[depth]:
            parent = existing.get(mission_spec.parent_code) if mission_spec.parent_code else None
            values = {
                "title": mission_spec.title,
                "source": mission_spec.source,
                "dimension": dimensions[mission_spec.dimension_number],
                "parent": parent,
            }
            mission = existing.get(mission_spec.code)
            if mission is None:
                created.append(Mission(cycle=cycle, code=mission_spec.code, **values))
            elif any(getattr(mission, name) != value for name, value in values.items()):
                for name, value in values.items():
                    setattr(mission, name, value)
                mission.save()
                counts["updated"] += 1
        for mission in Mission.objects.bulk_create(created):
            existing[mission.code] = mission
        counts["created"] += len(created)
    stale = [mission for code, mission in existing.items() if code not in wanted]
    try:
        for mission in sorted(stale, key=lambda m: -m.depth):
            mission.delete()
            counts["deleted"] += 1
        for number, dimension in dimensions.items():
            if number not in {n for n, _t, _s in spec.dimensions}:
                dimension.delete()
                counts["deleted"] += 1
    except ProtectedError:
        raise ValidationError(_("ลบภารกิจที่มีแผนใช้งานอยู่ไม่ได้ ย้ายรายการในแผนออกก่อน")) from None
    if spec.target_groups and spec.target_groups != cycle.target_groups:
        cycle.target_groups = spec.target_groups
        cycle.save(update_fields=["target_groups"])
        counts["updated"] += 1
    if any(counts.values()):
        audit_record(
            actor=actor, action="frameworks.framework_load", obj=cycle, detail={"source": source_name, **counts}
        )
    return counts


@transaction.atomic
def criteria_load(*, actor, cycle: Cycle, raw: bytes, source_name="", command=False) -> int:
    """Make a cycle's criteria those of a criteria file (all-or-nothing). Criteria are
    matched by their position in the file, so self-assessment scores given against an
    unchanged criterion survive a reload."""
    _require_admin(actor, command)
    _require_unlocked(cycle)
    missions = {mission.code: mission for mission in cycle.missions.select_related("dimension")}
    dimensions = {dimension.number: dimension for dimension in cycle.dimensions.all()}
    pass_mark, note, specs = loader.parse_criteria(raw, dimension_numbers=set(dimensions), mission_codes=set(missions))
    existing = {criterion.position: criterion for criterion in cycle.criteria.all()}
    cycle.criteria.exclude(position__in=[spec.position for spec in specs]).delete()
    created = []
    for spec in specs:
        mission = missions.get(spec.mission_code) if spec.mission_code else None
        dimension = dimensions.get(spec.dimension_number) if spec.dimension_number else None
        if mission is not None and dimension is None:
            dimension = mission.dimension
        criterion = existing.get(spec.position) or Criterion(cycle=cycle, position=spec.position)
        criterion.dimension = dimension
        criterion.mission = mission
        criterion.text = spec.text
        criterion.text_en = spec.text_en
        criterion.max_points = spec.points
        criterion.check_kind = spec.check_kind
        criterion.check_params = spec.check_params
        # The file was checked against this cycle's dimensions and missions by the parser;
        # field-level checks stay, without a query per criterion.
        criterion.clean_fields(exclude=["cycle", "dimension", "mission"])
        criterion.clean(mission_codes=set(missions))
        if criterion.pk is None:
            created.append(criterion)
        else:
            criterion.save()
    Criterion.objects.bulk_create(created)
    if pass_mark is not None:
        cycle.pass_mark = pass_mark
    cycle.criteria_note = note
    cycle.save(update_fields=["pass_mark", "criteria_note"])
    audit_record(
        actor=actor,
        action="frameworks.criteria_load",
        obj=cycle,
        detail={"source": source_name, "criteria": len(specs), "pass_mark": pass_mark},
    )
    return len(specs)


@transaction.atomic
def framework_copy(*, actor, source: Cycle, target: Cycle, command=False) -> Cycle:
    """Copy dimensions, missions, criteria and target groups of one cycle into another
    whose framework is still empty (e.g. 2566-2570 from 2562-2565, then edit)."""
    _require_admin(actor, command)
    _require_unlocked(target)
    if target.dimensions.exists():
        raise ValidationError(_("รอบแผน %(code)s มีกรอบอยู่แล้ว") % {"code": target.code})
    dimension_map, mission_map = {}, {}
    for dimension in source.dimensions.all():
        dimension_map[dimension.pk] = Dimension.objects.create(
            cycle=target, number=dimension.number, title=dimension.title, source=dimension.source
        )
    for mission in sorted(source.missions.all(), key=lambda m: m.sort_key):
        mission_map[mission.pk] = Mission.objects.create(
            cycle=target,
            dimension=dimension_map[mission.dimension_id],
            parent=mission_map.get(mission.parent_id),
            code=mission.code,
            title=mission.title,
            source=mission.source,
        )
    for criterion in source.criteria.all():
        Criterion.objects.create(
            cycle=target,
            dimension=dimension_map.get(criterion.dimension_id),
            mission=mission_map.get(criterion.mission_id),
            position=criterion.position,
            text=criterion.text,
            max_points=criterion.max_points,
            check_kind=criterion.check_kind,
            check_params=criterion.check_params,
        )
    target.target_groups = list(source.target_groups)
    target.pass_mark = source.pass_mark
    target.criteria_note = source.criteria_note
    target.save(update_fields=["target_groups", "pass_mark", "criteria_note"])
    audit_record(actor=actor, action="frameworks.framework_copy", obj=target, detail={"from": source.code})
    return target


@transaction.atomic
def framework_lock(*, cycle: Cycle, actor=None) -> Cycle:
    """Called by plans when the first plan of a cycle is submitted."""
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    if cycle.framework_locked_at is None:
        cycle.framework_locked_at = timezone.now()
        cycle.save(update_fields=["framework_locked_at"])
        audit_record(actor=actor, action="frameworks.framework_lock", obj=cycle)
    return cycle


@transaction.atomic
def dimension_update(*, actor, dimension: Dimension, title: str) -> Dimension:
    _require_admin(actor)
    _require_unlocked(dimension.cycle)
    before = snapshot(dimension, ["title"])
    dimension.title = title.strip()
    dimension.source = "edited"
    dimension.full_clean()
    dimension.save()
    changes = diff(before, snapshot(dimension, ["title"]))
    if changes:
        audit_record(actor=actor, action="frameworks.dimension_update", obj=dimension, changes=changes)
    return dimension


@transaction.atomic
def mission_create(*, actor, cycle: Cycle, dimension: Dimension, parent: Mission | None, code: str, title: str):
    _require_admin(actor)
    _require_unlocked(cycle)
    mission = Mission(
        cycle=cycle, dimension=dimension, parent=parent, code=code.strip(), title=title.strip(), source="edited"
    )
    mission.full_clean()
    mission.save()
    audit_record(actor=actor, action="frameworks.mission_create", obj=mission, changes={"code": [None, mission.code]})
    return mission


@transaction.atomic
def mission_update(*, actor, mission: Mission, title: str) -> Mission:
    _require_admin(actor)
    _require_unlocked(mission.cycle)
    before = snapshot(mission, ["title"])
    mission.title = title.strip()
    mission.source = "edited"
    mission.full_clean()
    mission.save()
    changes = diff(before, snapshot(mission, ["title"]))
    if changes:
        audit_record(actor=actor, action="frameworks.mission_update", obj=mission, changes=changes)
    return mission


@transaction.atomic
def mission_delete(*, actor, mission: Mission):
    _require_admin(actor)
    _require_unlocked(mission.cycle)
    audit_record(actor=actor, action="frameworks.mission_delete", obj=mission, changes={"code": [mission.code, None]})
    try:
        mission.delete()
    except ProtectedError:
        raise ValidationError(_("ภารกิจ %(code)s มีรายการในแผนของ อปท. อยู่ ลบไม่ได้") % {"code": mission.code}) from None


@transaction.atomic
def criterion_save(*, actor, cycle: Cycle, criterion: Criterion | None = None, **fields) -> Criterion:
    _require_admin(actor)
    _require_unlocked(cycle)
    creating = criterion is None
    criterion = criterion or Criterion(cycle=cycle)
    before = {} if creating else snapshot(criterion, CRITERION_FIELDS)
    for name, value in fields.items():
        setattr(criterion, name, value)
    if criterion.mission_id and not criterion.dimension_id:
        criterion.dimension = criterion.mission.dimension
    if creating and not criterion.position:
        criterion.position = (cycle.criteria.order_by("-position").values_list("position", flat=True).first() or 0) + 1
    criterion.full_clean()
    criterion.save()
    changes = diff(before, snapshot(criterion, CRITERION_FIELDS))
    if changes:
        audit_record(
            actor=actor,
            action="frameworks.criterion_create" if creating else "frameworks.criterion_update",
            obj=criterion,
            changes=changes,
        )
    return criterion


@transaction.atomic
def criterion_delete(*, actor, criterion: Criterion):
    _require_admin(actor)
    _require_unlocked(criterion.cycle)
    audit_record(
        actor=actor, action="frameworks.criterion_delete", obj=criterion, changes={"text": [criterion.text, None]}
    )
    criterion.delete()
