"""All projects across อปท. (รายงานโครงการทั้งหมด): every item of every plan in an office's
area, searched and filtered in the database, with the organisation and the item's latest
report line.

Which items: those of each organisation's plan for the cycle whose latest version stands
submitted (Plan.status SUBMITTED). Such a plan cannot be edited, so its item rows are
exactly that version's snapshot (the snapshot's item ids are these rows' ids, which report
lines carry as item_id). A plan returned or reopened for revision is left out until it is
sent again: its rows are then a draft, and the version it last sent lives only in a JSON
snapshot, which cannot be searched at national scale (~470,000 items).

The planned budget is the item's total over the cycle's fiscal years (ไม่ใช้งบประมาณ and
years not run count as nothing). The latest report line is the item's line in the latest
round of the cycle (by fiscal year, the 12-month round after the 6-month one) whose report
was sent (state submitted); a draft, or a report reopened for correction, is not counted
until it is sent again.
"""

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from itertools import islice

from django import forms
from django.db.models import Case, DecimalField, F, Max, OuterRef, Q, QuerySet, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eplan.accounts.areas import Area
from eplan.core.money import parse_amount
from eplan.frameworks.models import Cycle, Dimension, Mission, mission_sort_key
from eplan.plans.models import ItemBudget, ItemKind, PlanItem, PlanStatus

# Reporting comes after plans in the flow; this read is the one place plans look at report
# lines (as plans/reminders.py looks at reporting's reminders).
from eplan.reporting.models import LineStatus, ReportLine, ReportState, RoundKind

NOT_REPORTED = "not_reported"
REPORT_STATUSES = (
    (LineStatus.DONE.value, LineStatus.DONE.label),
    (LineStatus.IN_PROGRESS.value, LineStatus.IN_PROGRESS.label),
    (LineStatus.NOT_POSSIBLE.value, LineStatus.NOT_POSSIBLE.label),
    (NOT_REPORTED, gettext_lazy("รอการรายงานผล")),
)
MONEY = DecimalField(max_digits=16, decimal_places=2)


@dataclass(frozen=True)
class ProjectFilters:
    """What chooses the items of the list (the area is chosen apart, by area_for_user)."""

    cycle: Cycle
    dimension: Dimension | None = None
    mission: Mission | None = None  # its sub-missions included
    kind: str = ""  # ItemKind
    budget_min: Decimal | None = None
    budget_max: Decimal | None = None
    status: str = ""  # a LineStatus or NOT_REPORTED
    text: str = ""  # the title contains it

    def described(self) -> list[tuple[str, str]]:
        """(label, value) of every filter, as the download's title row names them."""
        statuses = dict(REPORT_STATUSES)
        return [
            (_("รอบแผน"), self.cycle.code),
            (_("มิติ"), str(self.dimension.number) if self.dimension else ""),
            (_("ภารกิจ"), self.mission.code if self.mission else ""),
            (_("ประเภท"), str(ItemKind(self.kind).label) if self.kind else ""),
            (_("งบประมาณตั้งแต่"), f"{self.budget_min:,.2f}" if self.budget_min is not None else ""),
            (_("งบประมาณไม่เกิน"), f"{self.budget_max:,.2f}" if self.budget_max is not None else ""),
            (_("ผลการดำเนินงานล่าสุด"), str(statuses[self.status]) if self.status else ""),
            (_("ชื่อมีคำว่า"), self.text),
        ]


def _planned_budget(cycle: Cycle) -> Subquery:
    """The item's planned budget summed over the cycle's fiscal years (None: no amount)."""
    totals = (
        ItemBudget.objects.filter(item=OuterRef("pk"), fiscal_year__in=cycle.fiscal_years)
        .order_by()
        .values("item")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return Subquery(totals, output_field=MONEY)


# A round's place in the cycle (the 12-month round after the 6-month one of its year), and
# a line's key: its item and its round in one number, so the latest line of every item is
# one grouped maximum in the database (item ids stay far below 10^13).
ROUND_RANK = F("report__round__fiscal_year") * 10 + Case(
    When(report__round__kind=RoundKind.TWELVE_MONTH, then=Value(2)), default=Value(1)
)
LINE_KEY = F("item_id") * 100_000 + ROUND_RANK


def _latest_lines(cycle: Cycle) -> QuerySet:
    """The item's lines in sent reports of the cycle, latest round first. Through the
    organisation's reports (indexed) to the line of the report and item (indexed)."""
    return (
        ReportLine.objects.filter(
            item_id=OuterRef("pk"),
            report__organisation_id=OuterRef("plan__organisation_id"),
            report__round__cycle=cycle,
            report__state=ReportState.SUBMITTED,
        )
        .annotate(rank=ROUND_RANK)
        .order_by("-rank")
    )


def _sent_lines(area: Area, cycle: Cycle) -> QuerySet:
    """Every line of the area's sent reports of the cycle: one set the database hashes, so a
    status filter does not run the per-item lookup over the whole country."""
    return ReportLine.objects.filter(
        report__organisation__in=area.organisations,
        report__round__cycle=cycle,
        report__state=ReportState.SUBMITTED,
        item_id__isnull=False,
    ).order_by()


def _within_budget(area: Area, filters: ProjectFilters) -> QuerySet:
    """The items of the area whose total over the cycle lies in the range (ไม่ใช้งบประมาณ
    counts as 0), grouped once in the database rather than summed item by item."""
    cycle = filters.cycle
    totals = (
        ItemBudget.objects.filter(
            item__plan__cycle=cycle,
            item__plan__status=PlanStatus.SUBMITTED,
            item__plan__organisation__in=area.organisations,
            fiscal_year__in=cycle.fiscal_years,
        )
        .order_by()
        .values("item")
        .annotate(total=Coalesce(Sum("amount"), Value(Decimal("0.00")), output_field=MONEY))
    )
    if filters.budget_min is not None:
        totals = totals.filter(total__gte=filters.budget_min)
    if filters.budget_max is not None:
        totals = totals.filter(total__lte=filters.budget_max)
    return totals.values("item")


def projects_for_area(area: Area, filters: ProjectFilters) -> QuerySet:
    """The items of the area's submitted plans for the cycle that the filters choose, in the
    order province, district, organisation code, then the plan's own order (dimension,
    mission, position). Each carries `planned_budget` (the cycle's total, None for no
    amount) and `latest_line_id` (None: not reported); `attach` adds the
    line itself and the item's number. A budget range leaves out an item with no budget
    entered for any year of the cycle (there is nothing to compare)."""
    cycle = filters.cycle
    lines = _latest_lines(cycle)
    items = (
        PlanItem.objects.filter(
            plan__cycle=cycle, plan__status=PlanStatus.SUBMITTED, plan__organisation__in=area.organisations
        )
        .select_related("plan__organisation__province", "plan__organisation__district", "mission__dimension")
        .annotate(
            planned_budget=_planned_budget(cycle),
            latest_line_id=Subquery(lines.values("pk")[:1]),
        )
    )
    if filters.dimension is not None:
        items = items.filter(mission__dimension=filters.dimension)
    if filters.mission is not None:
        code = filters.mission.code
        items = items.filter(Q(mission=filters.mission) | Q(mission__cycle=cycle, mission__code__startswith=f"{code}."))
    if filters.kind:
        items = items.filter(kind=filters.kind)
    if filters.budget_min is not None or filters.budget_max is not None:
        items = items.filter(pk__in=_within_budget(area, filters))
    if filters.status == NOT_REPORTED:
        # No line in any sent report: the same as having no latest line.
        items = items.exclude(pk__in=_sent_lines(area, cycle).values("item_id"))
    elif filters.status:
        # The lines of that status that are their item's latest: two grouped passes over the
        # area's lines, not a lookup per item.
        sent = _sent_lines(area, cycle)
        latest = sent.values("item_id").annotate(key=Max(LINE_KEY)).values("key")
        chosen = sent.filter(status=filters.status).annotate(key=LINE_KEY).filter(key__in=latest)
        items = items.filter(pk__in=chosen.values("item_id"))
    if filters.text:
        items = items.filter(title__icontains=filters.text)
    return items.order_by(
        "plan__organisation__province_id",
        "plan__organisation__district_id",
        "plan__organisation__code",
        "mission__dimension__number",
        "mission__code",
        "position",
        "pk",
    )


def _numbers(plan_ids) -> dict[int, int]:
    """{item id: its number in the plan document} for every item of the plans: running
    through its dimension, in mission order, as plans.document numbers it. One query."""
    siblings = defaultdict(list)
    rows = PlanItem.objects.filter(plan_id__in=plan_ids, mission__isnull=False).values_list(
        "pk", "plan_id", "mission__dimension_id", "mission__code", "position"
    )
    for pk, plan_id, dimension_id, code, position in rows.order_by():
        siblings[(plan_id, dimension_id)].append((mission_sort_key(code), position, pk))
    numbers = {}
    for ordered in siblings.values():
        for number, (_key, _position, pk) in enumerate(sorted(ordered), start=1):
            numbers[pk] = number
    return numbers


def attach(items: list[PlanItem]) -> list[PlanItem]:
    """Give each item of a page `latest_line` (its ReportLine with the round, or None) and
    `number` (see _numbers). Two queries whatever the number of items."""
    line_ids = [item.latest_line_id for item in items if item.latest_line_id]
    lines = ReportLine.objects.filter(pk__in=line_ids).select_related("report__round").in_bulk() if line_ids else {}
    numbers = _numbers({item.plan_id for item in items}) if items else {}
    for item in items:
        item.latest_line = lines.get(item.latest_line_id)
        item.number = numbers.get(item.pk)
    return items


EXPORT_FIELDS = (
    "pk",
    "plan_id",
    "plan__organisation__province__name_th",
    "plan__organisation__district__name_th",
    "plan__organisation__code",
    "plan__organisation__org_type",
    "plan__organisation__name",
    "mission__dimension__number",
    "mission__code",
    "title",
    "kind",
    "planned_budget",
    "latest_line_id",
)


def export_rows(area: Area, filters: ProjectFilters, *, size: int = 2000) -> Iterator[dict]:
    """Every item the filters choose, as plain values (a download of tens of thousands of
    rows: no model instances), each with its `number` and its latest line's `line_year`,
    `line_kind`, `line_status` and `line_disbursed` (None when not reported); two queries
    per `size` items."""
    rows = projects_for_area(area, filters).values(*EXPORT_FIELDS).iterator(chunk_size=size)
    while batch := list(islice(rows, size)):
        numbers = _numbers({row["plan_id"] for row in batch})
        line_ids = [row["latest_line_id"] for row in batch if row["latest_line_id"]]
        lines = {
            pk: values
            for pk, *values in ReportLine.objects.filter(pk__in=line_ids)
            .order_by()
            .values_list("pk", "report__round__fiscal_year", "report__round__kind", "status", "disbursed")
        }
        for row in batch:
            row["number"] = numbers.get(row["pk"])
            found = lines.get(row["latest_line_id"], (None, None, None, None))
            row["line_year"], row["line_kind"], row["line_status"], row["line_disbursed"] = found
            yield row


# The filter form ----------------------------------------------------------------------

AMOUNT_INPUT = forms.TextInput(attrs={"inputmode": "decimal", "placeholder": "20,000"})


class ProjectFilterForm(forms.Form):
    """The page's filters for one cycle (its dimensions and missions to choose from).
    Amounts are read as officers type them: 20,000.- and ๒๐,๐๐๐ are twenty thousand."""

    dimension = forms.TypedChoiceField(label=gettext_lazy("มิติ"), required=False, coerce=int, empty_value=None)
    mission = forms.ChoiceField(label=gettext_lazy("ภารกิจ"), required=False)
    kind = forms.ChoiceField(
        label=gettext_lazy("ประเภท"),
        required=False,
        choices=[("", gettext_lazy("ทุกประเภท")), *ItemKind.choices],
    )
    budget_min = forms.CharField(
        label=gettext_lazy("งบประมาณตั้งแต่ (บาท)"), required=False, max_length=40, widget=AMOUNT_INPUT
    )
    budget_max = forms.CharField(
        label=gettext_lazy("งบประมาณไม่เกิน (บาท)"), required=False, max_length=40, widget=AMOUNT_INPUT
    )
    status = forms.ChoiceField(
        label=gettext_lazy("ผลการดำเนินงานล่าสุด"),
        required=False,
        choices=[("", gettext_lazy("ทุกสถานะ")), *REPORT_STATUSES],
    )
    text = forms.CharField(label=gettext_lazy("ชื่อโครงการมีคำว่า"), required=False, max_length=200)

    def __init__(self, data=None, *, cycle: Cycle):
        super().__init__(data, label_suffix="")
        self.cycle = cycle
        self.dimensions = {dimension.number: dimension for dimension in cycle.dimensions.order_by("number")}
        self.missions = {
            mission.code: mission
            for mission in sorted(cycle.missions.select_related("dimension"), key=lambda m: m.sort_key)
        }
        self.fields["dimension"].choices = [("", _("ทุกมิติ"))] + [
            (number, _("มิติที่ %(number)s %(title)s") % {"number": number, "title": dimension.title})
            for number, dimension in self.dimensions.items()
        ]
        self.fields["mission"].choices = [("", _("ทุกภารกิจ"))] + [
            (code, f"{code} {_short(mission.title)}") for code, mission in self.missions.items()
        ]

    def _amount(self, name):
        try:
            return parse_amount(self.cleaned_data.get(name, ""))
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None

    def clean_budget_min(self):
        return self._amount("budget_min")

    def clean_budget_max(self):
        return self._amount("budget_max")

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("budget_min"), cleaned.get("budget_max")
        if low is not None and high is not None and low > high:
            self.add_error("budget_max", _("งบประมาณสูงสุดต้องไม่น้อยกว่างบประมาณต่ำสุด"))
        return cleaned

    def filters(self) -> ProjectFilters:
        """The filters chosen; call after is_valid()."""
        data = self.cleaned_data
        mission = self.missions.get(data.get("mission") or "")
        return ProjectFilters(
            cycle=self.cycle,
            dimension=self.dimensions.get(data.get("dimension")),
            mission=mission,
            kind=data.get("kind") or "",
            budget_min=data.get("budget_min"),
            budget_max=data.get("budget_max"),
            status=data.get("status") or "",
            text=(data.get("text") or "").strip(),
        )


def _short(text: str, length: int = 70) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"
