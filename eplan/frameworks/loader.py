"""Reading framework and criteria YAML files (validation only; services write).

Framework format: the one of ../shared/domain/framework-2561.yaml:

    dimensions:
      - number: 1
        title: ...
        missions:
          - code: "1.1"
            title: ...
            missions: [{code: "1.1.1", title: ...}]     # any depth
    target_groups: [...]

Criteria format (frameworks/data/criteria-example.yaml):

    pass_mark: 80
    criteria:
      - {dimension: 1, mission: "1.1", text: ..., points: 7, check: min_items_in_mission, min: 1}
      - {text: ..., points: 4, check: part1_section_filled, section: risk_analysis}
      (each may add text_en: the criterion in English, shown on the English pages)
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import yaml
from django.utils.translation import gettext as _

from eplan.core.controls import strip_controls
from eplan.frameworks.checks import PART1_SECTIONS
from eplan.frameworks.models import CheckKind, Criterion, Dimension, Mission

# A framework file is about 16 KB and 300 nodes; bounds far above that, checked before
# anything walks the data. YAML aliases let a few lines stand for a billion nodes
# ("billion laughs"), so nodes are counted as the file means them, each alias in full.
MAX_BYTES = 1024 * 1024
MAX_NODES = 50_000
MAX_DEPTH = 40
LIMITS = {
    "dimension_title": Dimension._meta.get_field("title").max_length,
    "mission_code": Mission._meta.get_field("code").max_length,
    "mission_title": Mission._meta.get_field("title").max_length,
    "source": Mission._meta.get_field("source").max_length,
    "criterion_text": Criterion._meta.get_field("text").max_length,
}
MAX_POINTS = Decimal("999.99")  # Criterion.max_points: five digits, two after the point


class FileRefused(Exception):
    def __init__(self, problems):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass
class MissionSpec:
    code: str
    title: str
    source: str
    parent_code: str | None
    dimension_number: int


@dataclass
class FrameworkSpec:
    dimensions: list[tuple[int, str, str]]  # number, title, source
    missions: list[MissionSpec]
    target_groups: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)


@dataclass
class CriterionSpec:
    position: int
    text: str
    points: Decimal
    dimension_number: int | None
    mission_code: str | None
    check_kind: str
    check_params: dict
    text_en: str = ""


def _too_large():
    return FileRefused(
        [
            _("ไฟล์มีข้อมูลเกินที่รับได้ (%(nodes)s ค่า หรือซ้อนกันเกิน %(depth)s ชั้น นับ alias (*) เต็มทุกครั้ง)")
            % {"nodes": f"{MAX_NODES:,}", "depth": MAX_DEPTH}
        ]
    )


def _measure(node, depth, seen) -> tuple[int, int]:
    """(nodes, depth below) of a composed YAML node, each alias counted in full; a node
    met again through an alias is measured once."""
    if depth > MAX_DEPTH:
        raise _too_large()
    known = seen.get(id(node))
    if known is not None:
        size, height = known
    else:
        size, height = 1, 0
        if isinstance(node, yaml.SequenceNode):
            children = node.value
        elif isinstance(node, yaml.MappingNode):
            children = [child for pair in node.value for child in pair]
        else:
            children = []
        for child in children:
            child_size, child_height = _measure(child, depth + 1, seen)
            size += child_size
            height = max(height, child_height + 1)
            if size > MAX_NODES:
                raise _too_large()
        seen[id(node)] = (size, height)
    if depth + height > MAX_DEPTH:
        raise _too_large()
    return size, height


def _load_yaml(raw: bytes):
    if len(raw) > MAX_BYTES:
        raise FileRefused(
            [_("ไฟล์ใหญ่ %(size)s KB เกินที่รับได้ (%(max)s KB)") % {"size": len(raw) // 1024, "max": MAX_BYTES // 1024}]
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FileRefused([_("อ่านไฟล์ YAML ไม่ได้: %s") % error]) from None
    # libyaml's safe loader when PyYAML has it (several times faster), else the Python one.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _measure(node, 0, {})
        return _clean(loader.construct_document(node))
    except yaml.YAMLError as error:
        raise FileRefused([_("อ่านไฟล์ YAML ไม่ได้: %s") % error]) from None
    except RecursionError:
        raise _too_large() from None
    finally:
        loader.dispose()


def _clean(value):
    """The loaded data with the control characters no field holds taken out of its text."""
    if isinstance(value, str):
        return strip_controls(value)
    if isinstance(value, list):
        return [_clean(item) for item in value]
    if isinstance(value, dict):
        return {_clean(key): _clean(item) for key, item in value.items()}
    return value


def _texts(value) -> list[str]:
    """A list of texts from a YAML list; anything else is no list."""
    if not isinstance(value, list):
        return []
    return [str(item) for item in value if not isinstance(item, dict | list) and str(item).strip()]


def _too_long(problems, where, text, limit):
    if len(text) > limit:
        problems.append(_("%(where)s: ยาวเกิน %(max)s ตัวอักษร") % {"where": where, "max": limit})


def parse_framework(raw: bytes) -> FrameworkSpec:
    data = _load_yaml(raw)
    problems = []
    if not isinstance(data, dict) or not isinstance(data.get("dimensions"), list) or not data["dimensions"]:
        raise FileRefused([_("ไม่พบรายการ dimensions (มิติ) ในไฟล์")])
    dimensions, missions, seen = [], [], set()

    def walk(nodes, parent_code, dimension_number, where):
        if not isinstance(nodes, list):
            problems.append(_("%(where)s: missions ต้องเป็นรายการ") % {"where": where})
            return
        for node in nodes:
            if not isinstance(node, dict):
                problems.append(_("%(where)s: รายการภารกิจไม่ถูกต้อง") % {"where": where})
                continue
            code = str(node.get("code", "")).strip()
            title = str(node.get("title") or "").strip()
            label = _("ภารกิจ %(code)s") % {"code": code or "?"}
            if not re.fullmatch(r"[0-9]+(\.[0-9]+)+", code):
                problems.append(_("%(label)s: รหัสต้องเป็นตัวเลขคั่นด้วยจุด เช่น 3.2") % {"label": label})
            elif not code.startswith(f"{parent_code}.") or "." in code[len(parent_code) + 1 :]:
                problems.append(
                    _("%(label)s: ต้องขึ้นต้นด้วย %(parent)s. เพราะอยู่ใต้ %(parent)s")
                    % {"label": label, "parent": parent_code}
                )
            if code in seen:
                problems.append(_("%(label)s: รหัสซ้ำ") % {"label": label})
            seen.add(code)
            if not title:
                problems.append(_("%(label)s: ไม่มีชื่อภารกิจ") % {"label": label})
            _too_long(problems, label, code, LIMITS["mission_code"])
            _too_long(problems, label, title, LIMITS["mission_title"])
            _too_long(problems, label, str(node.get("source") or ""), LIMITS["source"])
            missions.append(
                MissionSpec(
                    code=code,
                    title=title,
                    source=str(node.get("source") or ""),
                    parent_code=parent_code if parent_code.count(".") else None,
                    dimension_number=dimension_number,
                )
            )
            walk(node.get("missions") or [], code, dimension_number, label)

    numbers = set()
    for index, node in enumerate(data["dimensions"], start=1):
        where = _("มิติลำดับที่ %(index)s") % {"index": index}
        if not isinstance(node, dict):
            problems.append(_("%(where)s: ไม่ถูกต้อง") % {"where": where})
            continue
        try:
            number = int(node.get("number"))
        except (TypeError, ValueError, OverflowError):
            problems.append(_("%(where)s: number ต้องเป็นตัวเลข") % {"where": where})
            continue
        if not 1 <= number <= 99:
            problems.append(_("%(where)s: number ต้องอยู่ระหว่าง 1 ถึง 99") % {"where": where})
            continue
        title = str(node.get("title") or "").strip()
        if number in numbers:
            problems.append(_("มิติที่ %(number)s ซ้ำ") % {"number": number})
        numbers.add(number)
        if not title:
            problems.append(_("มิติที่ %(number)s: ไม่มีชื่อมิติ") % {"number": number})
        _too_long(problems, where, title, LIMITS["dimension_title"])
        _too_long(problems, where, str(node.get("source") or ""), LIMITS["source"])
        dimensions.append((number, title, str(node.get("source") or "")))
        walk(node.get("missions") or [], str(number), number, _("มิติที่ %(number)s") % {"number": number})
    if problems:
        raise FileRefused(problems)
    return FrameworkSpec(
        dimensions=dimensions,
        missions=missions,
        target_groups=_texts(data.get("target_groups")),
        titles=_texts(data.get("cycle_titles")),
    )


def parse_criteria(raw: bytes, *, dimension_numbers: set[int], mission_codes: set[str]):
    """(pass_mark or None, note, [CriterionSpec]) or FileRefused. The note is the file's
    `about` text, shown above the criteria (e.g. that they are an example set)."""
    data = _load_yaml(raw)
    if not isinstance(data, dict) or not isinstance(data.get("criteria"), list) or not data["criteria"]:
        raise FileRefused([_("ไม่พบรายการ criteria (เกณฑ์) ในไฟล์")])
    problems, specs = [], []
    pass_mark = None
    if data.get("pass_mark") is not None:
        try:
            pass_mark = Decimal(str(data["pass_mark"]))
            if not pass_mark.is_finite() or not 0 <= pass_mark <= 100:
                raise InvalidOperation
        except InvalidOperation:
            problems.append(_("pass_mark ต้องเป็นตัวเลขตั้งแต่ 0 ถึง 100"))
            pass_mark = None
    for index, node in enumerate(data["criteria"], start=1):
        where = _("เกณฑ์ข้อ %(index)s") % {"index": index}
        if not isinstance(node, dict):
            problems.append(_("%(where)s: ไม่ถูกต้อง") % {"where": where})
            continue
        text = str(node.get("text") or "").strip()
        if not text:
            problems.append(_("%(where)s: ไม่มีข้อความเกณฑ์") % {"where": where})
        _too_long(problems, where, text, LIMITS["criterion_text"])
        try:
            points = Decimal(str(node.get("points")))
            if not points.is_finite() or not 0 < points <= MAX_POINTS or points != round(points, 2):
                raise InvalidOperation
        except InvalidOperation:
            problems.append(
                _("%(where)s: points ต้องเป็นตัวเลขมากกว่า 0 ไม่เกิน %(max)s ทศนิยมไม่เกิน 2 ตำแหน่ง")
                % {"where": where, "max": MAX_POINTS}
            )
            points = Decimal(0)
        dimension = node.get("dimension")
        if dimension is not None:
            try:
                dimension = int(dimension)
            except (TypeError, ValueError, OverflowError):
                dimension = -1
            if dimension not in dimension_numbers:
                problems.append(_("%(where)s: ไม่พบมิติที่ %(number)s") % {"where": where, "number": node["dimension"]})
        mission = node.get("mission")
        mission = str(mission) if mission is not None else None
        if mission is not None and mission not in mission_codes:
            problems.append(_("%(where)s: ไม่พบภารกิจ %(code)s") % {"where": where, "code": mission})
        kind = str(node.get("check") or "")
        params = {}
        if kind and kind not in CheckKind.values:
            problems.append(_("%(where)s: ไม่รู้จักการตรวจ '%(kind)s'") % {"where": where, "kind": kind})
        elif kind == CheckKind.MIN_ITEMS_IN_MISSION:
            target = str(node.get("check_mission") or mission or "")
            if target not in mission_codes:
                problems.append(_("%(where)s: การตรวจต้องระบุภารกิจที่มีอยู่") % {"where": where})
            try:
                minimum = int(node.get("min", 1))
                if not 1 <= minimum <= 1000:
                    raise ValueError
            except (TypeError, ValueError, OverflowError):
                problems.append(_("%(where)s: min ต้องเป็นจำนวนเต็ม 1 ถึง 1000") % {"where": where})
                minimum = 1
            params = {"mission": target, "min": minimum}
        elif kind == CheckKind.PART1_SECTION_FILLED:
            if not isinstance(node.get("section"), str) or node["section"] not in PART1_SECTIONS:
                problems.append(
                    _("%(where)s: section ต้องเป็นหนึ่งใน %(keys)s") % {"where": where, "keys": ", ".join(PART1_SECTIONS)}
                )
            params = {"section": node.get("section")}
        elif kind == CheckKind.BUDGET_STATED and dimension is None:
            problems.append(_("%(where)s: การตรวจงบประมาณต้องระบุมิติ") % {"where": where})
        specs.append(
            CriterionSpec(
                position=index,
                text=text,
                points=points,
                dimension_number=dimension,
                mission_code=mission,
                check_kind=kind,
                check_params=params,
                text_en=str(node.get("text_en") or "").strip()[:500],
            )
        )
    if problems:
        raise FileRefused(problems)
    return pass_mark, str(data.get("about") or "")[:500], specs
