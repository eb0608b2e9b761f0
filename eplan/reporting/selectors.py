"""Reads of implementation reporting: the implementation score, the summaries of a report,
and completeness and timeliness for any area. Pages, exports and the API all read here."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models
from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eplan.accounts import scope
from eplan.accounts.roles import Capability
from eplan.reporting.models import ExpectedOrganisation, LineStatus, Report, ReportLine, ReportState, Round, RoundKind

# Colour bands of the implementation score: (green from, orange from) per round.
BANDS = {RoundKind.SIX_MONTH: (50, 20), RoundKind.TWELVE_MONTH: (80, 50)}
WEIGHTS = {LineStatus.DONE: Decimal(1), LineStatus.IN_PROGRESS: Decimal("0.5"), LineStatus.NOT_POSSIBLE: Decimal(0)}


def band(kind: str, percent) -> str:
    """'green', 'orange' or 'red' for a score in a 6- or 12-month round."""
    if percent is None:
        return ""
    green, orange = BANDS[RoundKind(kind)]
    if percent >= green:
        return "green"
    if percent >= orange:
        return "orange"
    return "red"


@dataclass
class Tally:
    """Items of the plan (extras left out) and what was reported of them."""

    items: int = 0
    done: int = 0
    in_progress: int = 0
    not_possible: int = 0
    planned_budget: Decimal = Decimal(0)
    ordinance_budget: Decimal = Decimal(0)
    disbursed: Decimal = Decimal(0)

    @property
    def awaiting(self) -> int:
        return self.items - self.done - self.in_progress - self.not_possible

    @property
    def answered(self) -> int:
        """Items with a status: until there is one, a score says nothing yet."""
        return self.items - self.awaiting

    @property
    def score(self) -> Decimal | None:
        """(completed × 1 + in progress × 0.5 + not possible × 0) ÷ items planned × 100."""
        if not self.items:
            return None
        points = self.done * WEIGHTS[LineStatus.DONE] + self.in_progress * WEIGHTS[LineStatus.IN_PROGRESS]
        return (points * 100 / self.items).quantize(Decimal("0.01"))

    def add(self, other: "Tally"):
        for name in ("items", "done", "in_progress", "not_possible", "planned_budget", "ordinance_budget", "disbursed"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def tally_of(lines) -> Tally:
    tally = Tally()
    for line in lines:
        if line.item_id is None:
            continue
        tally.items += 1
        if line.status:
            setattr(tally, line.status, getattr(tally, line.status) + 1)
        tally.planned_budget += line.planned_budget or 0
        tally.ordinance_budget += line.ordinance_budget or 0
        tally.disbursed += line.disbursed or 0
    return tally


@dataclass
class ReportSummary:
    kind: str
    dimensions: dict[int, Tally] = field(default_factory=dict)
    total: Tally = field(default_factory=Tally)
    extras: int = 0

    @property
    def score(self):
        return self.total.score

    @property
    def band(self):
        return band(self.kind, self.score)

    @property
    def thresholds(self) -> tuple[int, int]:
        """(green from, orange from) of this round's kind."""
        return BANDS[RoundKind(self.kind)]

    @property
    def scored(self) -> bool:
        """At least one item has a status. A fresh report is not 0% red: it is not begun."""
        return self.total.answered > 0


def report_summary(report: Report, lines=None) -> ReportSummary:
    """Per dimension and รวม 4 มิติ: items, budgets, counts per status, awaiting, score."""
    lines = list(report.lines.all()) if lines is None else lines
    summary = ReportSummary(kind=report.round.kind)
    for number in sorted({line.dimension for line in lines if line.item_id is not None}):
        summary.dimensions[number] = tally_of(line for line in lines if line.dimension == number)
    summary.total = tally_of(lines)
    summary.extras = sum(1 for line in lines if line.item_id is None)
    return summary


@dataclass
class Progress:
    """How far the filling in of a report is: lines with a status out of all lines (extra
    items too, since submitting needs a status on every line), and the next line without."""

    answered: int
    total: int
    next_line: int | None = None  # id of the next line still without a status

    @property
    def complete(self) -> bool:
        return self.answered == self.total


def report_progress(lines, *, after=None) -> Progress:
    """Progress over the lines in their order; the next line without a status comes after
    the line `after` (the one just saved), going round to the first."""
    ordered = sorted(lines, key=lambda line: (line.item_id is None, line.position, line.pk))
    awaiting = [line for line in ordered if not line.status]
    following = awaiting
    if after is not None:
        place = (after.item_id is None, after.position, after.pk)
        following = [line for line in awaiting if (line.item_id is None, line.position, line.pk) > place] or awaiting
    return Progress(
        answered=len(ordered) - len(awaiting),
        total=len(ordered),
        next_line=following[0].pk if following else None,
    )


# Who sees what --------------------------------------------------------------------------


def round_title(round: Round) -> str:
    """รอบ 6 เดือน ปีงบประมาณ 2564."""
    return _("%(kind)s ปีงบประมาณ %(year)s") % {"kind": round.get_kind_display(), "year": round.fiscal_year}


def rounds_of(cycle):
    return Round.objects.filter(cycle=cycle).order_by("fiscal_year", "-kind")  # 6-month before 12


def round_or_404(cycle, code: str) -> Round:
    fiscal_year, _, kind = (code or "").partition("-")
    round = Round.objects.filter(cycle=cycle, fiscal_year=fiscal_year if fiscal_year.isdigit() else 0, kind=kind)
    found = round.select_related("cycle").first()
    if found is None:
        raise Http404
    return found


def report_for_user_or_404(user, round: Round, organisation_code: str, capability=Capability.VIEW) -> Report:
    """A report the user may see (LAO staff: their own; offices: their area), or, with
    capability=REPORT_PROGRESS, one the user may write for: 404 otherwise."""
    organisation = scope.organisation_for_user_or_404(user, organisation_code, capability)
    report = (
        Report.objects.filter(round=round, organisation=organisation)
        .select_related("organisation__province", "organisation__district", "round__cycle", "version", "submitted_by")
        .first()
    )
    if report is None:
        raise Http404
    return report


# A report's standing --------------------------------------------------------------------


class ReportStanding(models.TextChoices):
    """Where an organisation stands in a round (สถานะการส่งรายงาน), first match wins: not on
    the list of who must report, taken off it, nothing begun, a report begun and never sent,
    sent after the due date (lateness is judged on the first sending), sent on time. A report
    reopened for correction keeps the standing of its first sending."""

    NOT_EXPECTED = "not_expected", gettext_lazy("ไม่อยู่ในรายชื่อผู้ต้องรายงาน")
    REMOVED = "removed", gettext_lazy("นำออกจากรายชื่อแล้ว")
    MISSING = "missing", gettext_lazy("ยังไม่เริ่มรายงาน")
    DRAFT = "draft", gettext_lazy("กำลังจัดทำ ยังไม่ส่ง")
    LATE = "late", gettext_lazy("ส่งแล้ว (ส่งช้า)")
    ON_TIME = "on_time", gettext_lazy("ส่งแล้ว ตรงเวลา")


def standings(round: Round, organisations) -> dict[int, ReportStanding]:
    """{organisation id: ReportStanding} for the organisations given (a queryset), in one
    query whatever their number."""
    listed = ExpectedOrganisation.objects.filter(round=round, organisation=OuterRef("pk"))
    report = Report.objects.filter(round=round, organisation=OuterRef("pk"))
    sent = report.filter(first_submitted_at__isnull=False)
    rows = organisations.annotate(
        listed=Exists(listed),
        removed=Exists(listed.filter(removed_at__isnull=False)),
        begun=Exists(report),
        sent=Exists(sent),
        late=Exists(sent.filter(is_late=True)),
    ).values_list("pk", "listed", "removed", "begun", "sent", "late")

    def standing(listed, removed, begun, sent, late) -> ReportStanding:
        if not listed:
            return ReportStanding.NOT_EXPECTED
        if removed:
            return ReportStanding.REMOVED
        if not begun:
            return ReportStanding.MISSING
        if not sent:
            return ReportStanding.DRAFT
        return ReportStanding.LATE if late else ReportStanding.ON_TIME

    return {pk: standing(*flags) for pk, *flags in rows.order_by()}


# Completeness and timeliness ------------------------------------------------------------


@dataclass
class Completeness:
    expected: int = 0
    submitted: int = 0
    on_time: int = 0
    late: int = 0
    drafts: int = 0

    @property
    def missing(self) -> int:
        return self.expected - self.submitted

    def rate(self, count) -> Decimal | None:
        if not self.expected:
            return None
        return (Decimal(count) * 100 / self.expected).quantize(Decimal("0.1"))

    @property
    def submitted_rate(self):
        return self.rate(self.submitted)

    @property
    def on_time_rate(self):
        return self.rate(self.on_time)

    @property
    def late_rate(self):
        return self.rate(self.late)

    @property
    def missing_rate(self):
        return self.rate(self.missing)


def expected_in(round: Round, organisations):
    """The organisations (a queryset) expected to report in the round, not taken off and
    still active (an organisation dissolved or merged is no longer chased)."""
    return ExpectedOrganisation.objects.filter(
        round=round, removed_at__isnull=True, organisation__active=True, organisation__in=organisations
    )


def completeness(round: Round, organisations, *, group_by: str | None = None):
    """Expected, submitted (on time / late), drafts and missing for the organisations given
    (any area), as one Completeness — or {group key: Completeness} grouped by
    'province', 'district' or 'organisation'. Reports reopened for correction count as
    submitted: they were sent, and their lateness was fixed when first sent."""
    field_name = {
        None: None,
        "province": "organisation__province_id",
        "district": "organisation__district_id",
        "region": "organisation__province__region_id",
        "organisation": "organisation_id",
    }[group_by]
    rows = expected_in(round, organisations)
    submitted = Q(
        organisation__progress_reports__round=round, organisation__progress_reports__first_submitted_at__isnull=False
    )
    aggregates = {
        "expected": Count("id", distinct=True),
        "submitted": Count("id", filter=submitted, distinct=True),
        "late": Count("id", filter=submitted & Q(organisation__progress_reports__is_late=True), distinct=True),
        "drafts": Count(
            "id",
            filter=Q(
                organisation__progress_reports__round=round,
                organisation__progress_reports__first_submitted_at__isnull=True,
            ),
            distinct=True,
        ),
    }

    def make(values):
        result = Completeness(
            expected=values["expected"], submitted=values["submitted"], late=values["late"], drafts=values["drafts"]
        )
        result.on_time = result.submitted - result.late
        return result

    if field_name is None:
        return make(rows.aggregate(**aggregates))
    return {values[field_name]: make(values) for values in rows.values(field_name).annotate(**aggregates).order_by()}


def missing_organisations(round: Round, organisations):
    """Expected organisations that have not submitted, with what a district office needs to
    phone them: coordinator, phone, e-mail (from the organisation's basic data)."""
    sent = Report.objects.filter(round=round, first_submitted_at__isnull=False).values("organisation_id")
    return (
        expected_in(round, organisations)
        .exclude(organisation_id__in=sent)
        .select_related("organisation__district", "organisation__province", "organisation__profile")
        .order_by("organisation__province_id", "organisation__district_id", "organisation__code")
    )


def scores_by_organisation(round: Round, organisations) -> dict[int, Tally]:
    """{organisation id: Tally} from the reports' lines in one query; organisations without
    a report have all their expected items awaiting."""
    tallies = {}
    for row in expected_in(round, organisations).values("organisation_id", "item_count"):
        tallies[row["organisation_id"]] = Tally(items=row["item_count"])
    lines = (
        ReportLine.objects.filter(report__round=round, report__organisation_id__in=list(tallies), item_id__isnull=False)
        .values("report__organisation_id")
        .annotate(
            items=Count("id"),
            done=Count("id", filter=Q(status=LineStatus.DONE)),
            in_progress=Count("id", filter=Q(status=LineStatus.IN_PROGRESS)),
            not_possible=Count("id", filter=Q(status=LineStatus.NOT_POSSIBLE)),
            planned=Sum("planned_budget"),
            ordinance=Sum("ordinance_budget"),
            disbursed=Sum("disbursed"),
        )
        .order_by()
    )
    for row in lines:
        tally = tallies[row["report__organisation_id"]]
        tally.items = row["items"]
        tally.done, tally.in_progress, tally.not_possible = row["done"], row["in_progress"], row["not_possible"]
        tally.planned_budget = row["planned"] or Decimal(0)
        tally.ordinance_budget = row["ordinance"] or Decimal(0)
        tally.disbursed = row["disbursed"] or Decimal(0)
    return tallies


def submitted_reports(round: Round):
    return Report.objects.filter(round=round, state=ReportState.SUBMITTED)


def is_open_today(round: Round) -> bool:
    today = timezone.localdate()
    return round.opens_on <= today <= round.closes_on
