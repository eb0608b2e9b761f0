"""The public datasets (ข้อมูลเปิด): one row per active อปท., keyed by its LAO code, read from
the selectors the pages read, in a fixed number of queries whatever the number of rows.

- plan-status (per cycle): the plan status as the public status pages show it, and, from
  the cycle's score release date on, the counting score set's total and points per dimension
  (eplan.assessment.status, eplan.assessment.figures.dimension_averages);
- planned-budget (per cycle and fiscal year): items and planned budget per dimension in the
  version that counts (eplan.plans.figures.planned_items), for the plans whose result is
  released, the plans whose PDF the public pages show;
- implementation (per round): whether the อปท. had to report, sent on time or late or not
  at all (eplan.reporting.selectors.completeness), and from its sent report the items per
  status, the implementation score with its colour band and the amounts
  (scores_by_organisation, band).

Nothing personal goes in: no staff, no coordinator, no phone or e-mail; an organisation is
its code, names, type and place. Rows are built with Thai labels (the caller holds the Thai
language), so a file reads the same whoever asked for it first.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from eplan.accounts.areas import public_organisations
from eplan.assessment import status as status_module
from eplan.assessment.figures import cycle_maximum, dimension_averages
from eplan.assessment.models import PublicStatus
from eplan.frameworks.models import Dimension
from eplan.plans.figures import planned_items
from eplan.public.status_tables import RELEASED_RESULTS, status_label
from eplan.registry.models import OrganisationType
from eplan.reporting.models import Report, ReportState, Round, RoundKind
from eplan.reporting.selectors import BANDS, band, completeness, round_title, scores_by_organisation
from eplan.reporting.views_files import BAND_LABELS

TYPE_LABELS = dict(OrganisationType.choices)


@dataclass(frozen=True)
class Field:
    """One column of a dataset and its line in the data dictionary. `kind` says how a
    value is written: text, code (digits kept as text), int, decimal, money, bool (1/0 in
    CSV, true/false in JSON); an empty cell (null) is a value not known or not public."""

    name: str
    meaning: str
    unit: str = ""
    kind: str = "text"


@dataclass
class Dataset:
    slug: str
    title: str
    description: str
    fields: list[Field]
    rows: list[list]


def _organisation_fields() -> list[Field]:
    return [
        Field("code", _("รหัส อปท. 7 หลัก (รหัสของกรมส่งเสริมการปกครองท้องถิ่น) คีย์ของแถว"), kind="code"),
        Field("name", _("ชื่อ อปท. ไม่รวมคำนำหน้าประเภท")),
        Field("display_name", _("ชื่อ อปท. พร้อมอักษรย่อประเภท เช่น อบต.กลาย")),
        Field("org_type", _("ประเภท อปท. (รหัส)"), kind="code"),
        Field("org_type_label", _("ประเภท อปท.")),
        Field("province_code", _("รหัสจังหวัด"), kind="code"),
        Field("province_name", _("ชื่อจังหวัด")),
        Field("district_code", _("รหัสอำเภอ/เขต"), kind="code"),
        Field("district_name", _("ชื่ออำเภอ/เขต")),
    ]


def _organisations():
    """Every active organisation in the official order, with only the public columns."""
    return (
        public_organisations()
        .select_related("province", "district")
        .only(
            "id",
            "code",
            "name",
            "org_type",
            "province__code",
            "province__name_th",
            "district__code",
            "district__name_th",
        )
        .order_by("province_id", "district_id", "code")
    )


def _organisation_cells(organisation) -> list:
    return [
        organisation.code,
        organisation.name,
        organisation.display_name,
        organisation.org_type,
        str(TYPE_LABELS.get(organisation.org_type, organisation.org_type)),
        organisation.province.code,
        organisation.province.name_th,
        organisation.district.code,
        organisation.district.name_th,
    ]


def dimensions_of(cycle) -> list[tuple[int, str]]:
    return list(Dimension.objects.filter(cycle=cycle).order_by("number").values_list("number", "title"))


# plan-status -------------------------------------------------------------------------------


def plan_status_fields(cycle, dimensions=None, *, today=None) -> list[Field]:
    """The columns of plan-status; the scores only once the cycle's results are released."""
    status_values = "; ".join(f"{value} = {label}" for value, label in PublicStatus.choices)
    fields = [
        *_organisation_fields(),
        Field("status", _("สถานะการจัดทำแผน (รหัส): %(values)s") % {"values": status_values}, kind="code"),
        Field("status_label", _("สถานะการจัดทำแผน ตามที่หน้าสถานะการจัดทำแผนแสดง")),
    ]
    if not status_module.is_released(cycle, today):
        return fields
    fields += [
        Field("total_score", _("คะแนนรวมของชุดคะแนนที่ใช้ (ว่างเมื่อยังไม่มีผลประเมินที่ประกาศ)"), _("คะแนน"), "decimal"),
        Field("max_score", _("คะแนนเต็มของเกณฑ์ทุกข้อในรอบแผน"), _("คะแนน"), "decimal"),
        Field("pass_mark", _("คะแนนขั้นต่ำที่ผ่านเกณฑ์ของรอบแผน"), _("คะแนน"), "decimal"),
    ]
    for number, title in dimensions_of(cycle) if dimensions is None else dimensions:
        fields += [
            Field(
                f"dimension_{number}_score",
                _("คะแนนมิติที่ %(n)s %(title)s") % {"n": number, "title": title},
                _("คะแนน"),
                "decimal",
            ),
            Field(f"dimension_{number}_max", _("คะแนนเต็มมิติที่ %(n)s") % {"n": number}, _("คะแนน"), "decimal"),
        ]
    return fields


def plan_status(cycle, *, today=None) -> Dataset:
    """A fixed number of queries (about nine) for any number of organisations."""
    released = status_module.is_released(cycle, today)
    dimensions = dimensions_of(cycle)
    statuses = status_module.statuses_for(cycle, today=today)
    organisations = _organisations()
    if released:
        maximum = cycle_maximum(cycle)
        scores = dimension_averages(cycle, organisations, group_by="organisation", today=today)
    rows = []
    for organisation in organisations:
        info = statuses.get(organisation.pk, status_module.NOT_SUBMITTED)
        row = [*_organisation_cells(organisation), str(info.status), status_label(info.status)]
        if released:
            public = info.status in RELEASED_RESULTS
            found = scores.get(organisation.pk, {}) if public else {}
            row += [info.total if public else None, maximum, cycle.pass_mark]
            for number, _title in dimensions:
                dimension = found.get(number)
                row += [dimension.points if dimension else None, dimension.maximum if dimension else None]
        rows.append(row)
    description = _(
        "สถานะการจัดทำแผนปฏิบัติการป้องกันการทุจริตของ อปท. ที่ยังดำเนินงานอยู่ทุกแห่ง หนึ่งแถวต่อ อปท. "
        "ตามที่หน้าสถานะการจัดทำแผนแสดง และคะแนนการประเมินรวมและรายมิติของชุดคะแนนที่ใช้ "
        "ซึ่งเผยแพร่ตั้งแต่วันประกาศผลคะแนนของรอบแผน (%(date)s) เฉพาะแผนที่ประกาศผลแล้ว"
    ) % {"date": cycle.score_release_date.isoformat()}
    return Dataset(
        slug="plan-status",
        title=_("สถานะการจัดทำแผนและผลการประเมิน รอบแผน %(cycle)s") % {"cycle": cycle.code},
        description=description,
        fields=plan_status_fields(cycle, dimensions, today=today),
        rows=rows,
    )


# planned-budget ----------------------------------------------------------------------------


def planned_budget_fields(cycle, dimensions=None) -> list[Field]:
    fields = [
        *_organisation_fields(),
        Field("items", _("จำนวนโครงการ/กิจกรรม/มาตรการที่ดำเนินการในปีงบประมาณนั้น รวม 4 มิติ"), _("รายการ"), "int"),
        Field("budget", _("งบประมาณตามแผนในปีงบประมาณนั้น รวม 4 มิติ"), _("บาท"), "money"),
    ]
    for number, title in dimensions_of(cycle) if dimensions is None else dimensions:
        values = {"n": number, "title": title}
        fields += [
            Field(f"dimension_{number}_items", _("จำนวนรายการ มิติที่ %(n)s %(title)s") % values, _("รายการ"), "int"),
            Field(f"dimension_{number}_budget", _("งบประมาณตามแผน มิติที่ %(n)s") % values, _("บาท"), "money"),
        ]
    return fields


def planned_budget(cycle, fiscal_year: int, *, today=None) -> Dataset:
    """Items and planned budget of the fiscal year per dimension, from the version that
    counts, for plans whose result is released (blank for the others); a fixed number of
    queries."""
    dimensions = dimensions_of(cycle)
    statuses = status_module.statuses_for(cycle, today=today)
    organisations = _organisations()
    planned = planned_items(cycle, organisations, group_by="organisation")
    rows = []
    for organisation in organisations:
        row = _organisation_cells(organisation)
        found = planned.get(organisation.pk)
        public = statuses.get(organisation.pk, status_module.NOT_SUBMITTED).status in RELEASED_RESULTS
        if found is None or not public:
            row += [None] * (2 + 2 * len(dimensions))
        else:
            year = found.years.get(fiscal_year)
            row += [year.items if year else 0, year.budget if year else Decimal(0)]
            for number, _title in dimensions:
                dimension = found.dimensions.get(number)
                in_year = dimension.years.get(fiscal_year) if dimension else None
                row += [in_year.items if in_year else 0, in_year.budget if in_year else Decimal(0)]
        rows.append(row)
    values = {"year": fiscal_year, "cycle": cycle.code}
    return Dataset(
        slug="planned-budget",
        title=_("โครงการและงบประมาณตามแผน ปีงบประมาณ %(year)s รอบแผน %(cycle)s") % values,
        description=_(
            "จำนวนโครงการ/กิจกรรม/มาตรการ และงบประมาณที่แผนกำหนดไว้ในปีงบประมาณ %(year)s แยกตามมิติ "
            "จากฉบับของแผนที่ใช้ประเมิน หนึ่งแถวต่อ อปท. ที่ยังดำเนินงานอยู่ "
            "มีค่าเฉพาะ อปท. ที่แผนประกาศผลการประเมินแล้ว (ผ่านเกณฑ์มาตรฐาน หรือ แผนไม่สมบูรณ์ตามเกณฑ์) "
            "รายการที่ไม่ใช้งบประมาณนับในจำนวนรายการ"
        )
        % values,
        fields=planned_budget_fields(cycle, dimensions),
        rows=rows,
    )


# implementation ----------------------------------------------------------------------------


def implementation_fields(kind: str | None = None) -> list[Field]:
    """The columns of implementation; the band's thresholds are the round kind's (both
    kinds' when none is given, for the page's dictionary)."""
    thresholds = []
    for round_kind in [RoundKind(kind)] if kind else list(RoundKind):
        green, orange = BANDS[round_kind]
        values = {"kind": round_kind.label, "green": green, "orange": orange, "below": green - 1}
        thresholds.append(_("%(kind)s: สีเขียว ≥ %(green)s, สีส้ม %(orange)s–%(below)s, สีแดง < %(orange)s") % values)
    legend = "; ".join(thresholds)
    counted = _("นับจากรายงานที่ส่งแล้วเท่านั้น (ว่างเมื่อยังไม่ได้ส่ง)")
    return [
        *_organisation_fields(),
        Field("expected", _("ต้องรายงานผลในรอบนี้ (อยู่ในรายชื่อผู้ต้องรายงาน)"), kind="bool"),
        Field("submitted", _("ส่งรายงานแล้ว (ว่างเมื่อไม่ต้องรายงาน)"), kind="bool"),
        Field("on_time", _("ส่งภายในกำหนด"), kind="bool"),
        Field("late", _("ส่งหลังกำหนด"), kind="bool"),
        Field("missing", _("ยังไม่ได้ส่งรายงาน"), kind="bool"),
        Field(
            "items", _("จำนวนรายการตามแผนที่ต้องรายงานในปีงบประมาณ; %(counted)s") % {"counted": counted}, _("รายการ"), "int"
        ),
        Field("done", _("ดำเนินการแล้วเสร็จ"), _("รายการ"), "int"),
        Field("in_progress", _("อยู่ระหว่างดำเนินการ"), _("รายการ"), "int"),
        Field("not_possible", _("ไม่สามารถดำเนินการได้"), _("รายการ"), "int"),
        Field(
            "score",
            _("ร้อยละการดำเนินงาน = (แล้วเสร็จ × 1 + อยู่ระหว่างดำเนินการ × 0.5) ÷ รายการตามแผน × 100"),
            _("ร้อยละ"),
            "decimal",
        ),
        Field(
            "band", _("ระดับสีของร้อยละการดำเนินงาน (green / orange / red): %(legend)s") % {"legend": legend}, kind="code"
        ),
        Field("band_label", _("ระดับสี")),
        Field("planned_budget", _("งบประมาณตามแผนของรายการที่รายงาน"), _("บาท"), "money"),
        Field("ordinance_budget", _("งบประมาณตามข้อบัญญัติ/เทศบัญญัติ"), _("บาท"), "money"),
        Field("disbursed", _("เบิกจ่ายแล้ว"), _("บาท"), "money"),
    ]


def implementation(round: Round) -> Dataset:
    """Completeness and the implementation score of every active organisation in the round;
    four queries for any number of organisations."""
    organisations = _organisations()
    counted = completeness(round, organisations, group_by="organisation")
    sent = Report.objects.filter(round=round, organisation=OuterRef("pk"), state=ReportState.SUBMITTED)
    tallies = scores_by_organisation(round, organisations.filter(Exists(sent)))
    rows = []
    for organisation in organisations:
        row = _organisation_cells(organisation)
        found = counted.get(organisation.pk)
        if found is None:
            row += [False, None, None, None, None]
        else:
            row += [True, found.submitted > 0, found.on_time > 0, found.late > 0, found.missing > 0]
        tally = tallies.get(organisation.pk)
        if tally is None:
            row += [None] * 10
        else:
            colour = band(round.kind, tally.score)
            row += [
                tally.items,
                tally.done,
                tally.in_progress,
                tally.not_possible,
                tally.score,
                colour or None,
                str(BAND_LABELS[colour]) if colour else None,
                tally.planned_budget,
                tally.ordinance_budget,
                tally.disbursed,
            ]
        rows.append(row)
    values = {"round": round_title(round), "cycle": round.cycle.code}
    return Dataset(
        slug="implementation",
        title=_("ผลการดำเนินงานตามแผน %(round)s รอบแผน %(cycle)s") % values,
        description=_(
            "การส่งรายงานผลการดำเนินงาน (ส่งตรงเวลา ส่งช้า ยังไม่ส่ง) และร้อยละการดำเนินงานพร้อมระดับสี "
            "%(round)s หนึ่งแถวต่อ อปท. ที่ยังดำเนินงานอยู่ คะแนนและจำนวนรายการนับจากรายงานที่ส่งแล้วเท่านั้น "
            "รายการที่ผู้ประเมินเห็นว่าไม่สอดคล้องกับมิติไม่ต้องรายงานและไม่นับ"
        )
        % values,
        fields=implementation_fields(round.kind),
        rows=rows,
    )
