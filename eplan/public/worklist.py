"""The work list of the home page (งานที่ต้องทำ): what each user should do next, most urgent
first, each line a link to the page where it is done.

`work_list_for_user(user, today)` asks every provider in PROVIDERS. A provider is a
function (context) -> iterable of WorkItem; later parts of the system (circulars,
supervision recommendations) add theirs with `register_provider` without this module
knowing them. Every figure comes from the selector its app keeps (assessment.status,
the assessment queue, reporting completeness, the plan's pre-assessment): nothing here
decides a status itself.

Offices' providers read their whole area with aggregate queries, so the list of a
province costs as many queries for 10 organisations as for 1,000.
"""

import datetime
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from eplan.accounts import scope
from eplan.accounts.roles import STAFF_ROLES, Capability
from eplan.assessment import selectors as assessment_selectors
from eplan.assessment import status as status_module
from eplan.assessment.models import Assessment, AssessmentState, PublicStatus
from eplan.core.templatetags.thai import in_language
from eplan.core.thai import number, thai_date
from eplan.core.windows import WindowState
from eplan.frameworks.models import Cycle
from eplan.frameworks.selectors import cycle_window_state
from eplan.plans import document
from eplan.plans.models import Plan, PlanStatus
from eplan.registry.models import OrganisationProfile
from eplan.reporting import selectors as reporting_selectors
from eplan.reporting.models import ExpectedOrganisation, ExpectedRule, Report, ReportState, Round
from eplan.reporting.windows import window_state as reporting_window_state

# How many unmet criteria (or failed ones) a line names; the plan's page lists them all.
DETAILS_SHOWN = 3
# How many of one's own unfinished score sets are listed one by one.
OWN_DRAFTS_SHOWN = 5
# A released result stays on the list this long after its release date, when the cycle
# no longer takes plans.
RESULT_SHOWN_DAYS = 60
# Upcoming report rounds are announced this long before they open.
ROUND_ANNOUNCED_DAYS = 30

# Urgency, most urgent first.
OVERDUE, DATED, OTHER = 0, 1, 2


def days_left(due: datetime.date, today: datetime.date) -> str:
    """เหลือ 12 วัน / ครบกำหนดวันนี้ / เลยกำหนด 3 วัน."""
    days = (due - today).days
    if days > 0:
        return ngettext("เหลือ %(n)s วัน", "เหลือ %(n)s วัน", days) % {"n": number(days)}
    if days == 0:
        return _("ครบกำหนดวันนี้")
    return ngettext("เลยกำหนด %(n)s วัน", "เลยกำหนด %(n)s วัน", -days) % {"n": number(-days)}


@dataclass(frozen=True)
class WorkItem:
    """One line of the work list.

    kind: what the line is about (plan, report, profile, plans_missing, assessment_queue,
    reports_missing, own_draft, or a registered provider's own kind); due: the deadline
    it is measured against, if any; overdue: the deadline has passed and the work is
    still to do; done: a line that only says where things stand (nothing to do now)."""

    kind: str
    text: str
    url: str
    due: datetime.date | None = None
    overdue: bool = False
    done: bool = False
    when: str = ""  # days left, in words
    status: str = ""  # a short badge: the plan's or the report's state
    details: tuple[str, ...] = ()

    @property
    def urgency(self) -> int:
        if self.overdue:
            return OVERDUE
        return DATED if self.due is not None and not self.done else OTHER

    @property
    def sort_key(self):
        return (self.urgency, self.done, self.due or datetime.date.max)

    @property
    def due_text(self) -> str:
        return thai_date(self.due) if self.due else ""


@dataclass
class Context:
    """What the providers share, each read once."""

    user: object
    today: datetime.date
    _statuses: dict = field(default_factory=dict)

    @cached_property
    def own(self) -> list:
        """The organisations the user works for as LAO staff."""
        return list(scope.lao_organisations_of(self.user))

    @cached_property
    def is_office(self) -> bool:
        if getattr(self.user, "is_superuser", False):
            return True
        return any(assignment.role in STAFF_ROLES for assignment in scope.assignments_of(self.user))

    @cached_property
    def area(self):
        """The active organisations of the office's area (a queryset: never loaded)."""
        return scope.organisations_for_user(self.user).filter(active=True)

    @cached_property
    def cycles(self) -> list[Cycle]:
        """Cycles that matter now: taking plans, about to, or with a result just released."""
        recent = self.today - datetime.timedelta(days=RESULT_SHOWN_DAYS)
        return [
            cycle
            for cycle in Cycle.objects.order_by("-code")
            if cycle_window_state(cycle, self.today) != WindowState.CLOSED or cycle.score_release_date >= recent
        ]

    def own_statuses(self, cycle) -> dict:
        if cycle.pk not in self._statuses:
            ids = [organisation.pk for organisation in self.own]
            self._statuses[cycle.pk] = status_module.statuses_for(cycle, ids, today=self.today)
        return self._statuses[cycle.pk]


def _link(name, *args, query=None) -> str:
    url = reverse(name, args=args)
    return f"{url}?{urlencode(query)}" if query else url


def _prefixed(organisation, text, own) -> str:
    """Name the organisation when the user works for more than one."""
    return f"{organisation.display_name}: {text}" if len(own) > 1 else text


# The organisation's own work --------------------------------------------------------------


def _plan_deadline(cycle, today) -> dict:
    """The deadline of sending a plan in this cycle, as WorkItem fields."""
    window = cycle_window_state(cycle, today)
    if window == WindowState.LATE:
        return {"due": cycle.submission_due, "overdue": True, "when": days_left(cycle.submission_due, today)}
    if window == WindowState.OPEN:
        return {"due": cycle.submission_due, "when": days_left(cycle.submission_due, today)}
    return {}


def _window_note(cycle, today) -> str:
    window = cycle_window_state(cycle, today)
    if window == WindowState.LATE:
        if cycle.submission_closes:
            return _("เลยกำหนดส่งแล้ว ยังส่งได้ถึง %(date)s (นับว่าส่งช้า)") % {"date": thai_date(cycle.submission_closes)}
        return _("เลยกำหนดส่งแล้ว ยังส่งได้ (นับว่าส่งช้า)")
    if window == WindowState.CLOSED:
        return _("รอบแผนนี้ปิดรับแผนแล้ว")
    return ""


def _unmet(plan) -> tuple[str, ...]:
    """The expected score and the first unmet criteria of the plan's pre-assessment (the
    one the plan's overview shows)."""
    check = document.preassessment(document.build(plan), language=translation.get_language())
    found = [_("คะแนนที่คาดว่าจะได้ %(total)s จากเกณฑ์ผ่าน %(mark)s") % {"total": check["total"], "mark": check["pass_mark"]}]
    problems = [problem["text"] for problem in check["problems"]]
    found += problems[:DETAILS_SHOWN]
    if len(problems) > DETAILS_SHOWN:
        found.append(_("และอีก %(n)s ข้อ") % {"n": number(len(problems) - DETAILS_SHOWN)})
    return tuple(found)


def _failed(plan) -> tuple[str, ...]:
    """The criteria of the released result that fell short, as the plan's page shows them."""
    latest = plan.versions.order_by("-number").first()
    result = assessment_selectors.result_of(latest) if latest is not None else None
    if not result:
        return ()
    found = [
        _("%(criterion)s (%(score)s/%(max)s)")
        % {"criterion": in_language(row), "score": f"{row['score']:.2f}", "max": f"{row['max']:.0f}"}
        for row in result["failed"]
    ]
    shown = found[:DETAILS_SHOWN]
    if len(found) > DETAILS_SHOWN:
        shown.append(_("และอีก %(n)s ข้อ") % {"n": number(len(found) - DETAILS_SHOWN)})
    return tuple(shown)


def _plan_item(context, organisation, cycle, plan, info) -> WorkItem | None:
    """The plan's status in the cycle and its next step."""
    today = context.today
    window = cycle_window_state(cycle, today)
    taking = window in (WindowState.OPEN, WindowState.LATE)
    names = {"cycle": cycle.code}
    url = _link("plans:overview", organisation.code, cycle.code) if plan else _link("plans:home")
    details = [_window_note(cycle, today)]
    done = not taking
    if plan is None:
        if window == WindowState.CLOSED:
            return None
        status = PublicStatus.NOT_SUBMITTED.label
        if window == WindowState.NOT_OPEN:
            text = _("แผนรอบ %(cycle)s เปิดรับแผน %(date)s") % {**names, "date": thai_date(cycle.submission_opens)}
        else:
            text = _("เริ่มจัดทำแผนรอบ %(cycle)s") % names
    elif plan.status == PlanStatus.DRAFT:
        text, status = _("จัดทำแผนรอบ %(cycle)s ให้เสร็จและส่ง") % names, PlanStatus.DRAFT.label
        details += _unmet(plan)
    elif plan.status == PlanStatus.RETURNED:
        text, status = _("แก้ไขแผนรอบ %(cycle)s ที่ถูกส่งกลับ แล้วส่งใหม่") % names, PlanStatus.RETURNED.label
        latest = plan.versions.order_by("-number").first()
        if latest is not None and latest.return_reason:
            details.insert(0, _("เหตุผลที่ส่งกลับ: %(reason)s") % {"reason": latest.return_reason})
        details += _unmet(plan)
    elif plan.status == PlanStatus.REVISING:
        text, status = _("แก้ไขแผนรอบ %(cycle)s ตามผลการประเมิน แล้วส่งใหม่") % names, PlanStatus.REVISING.label
        details += _failed(plan)
    elif info.status == PublicStatus.INCOMPLETE:
        status = info.label
        text = (
            _("แผนรอบ %(cycle)s ไม่สมบูรณ์ตามเกณฑ์: แก้ไขแผนตามผลการประเมินและส่งใหม่")
            if taking
            else _("แผนรอบ %(cycle)s ไม่สมบูรณ์ตามเกณฑ์")
        ) % names
        details += _failed(plan)
    elif info.status == PublicStatus.PASSED:
        text, status, done = _("แผนรอบ %(cycle)s ผ่านเกณฑ์มาตรฐาน") % names, info.label, True
        details = [_("คะแนน %(total)s") % {"total": f"{info.total:.2f}"}] if info.total is not None else []
    else:  # submitted, in assessment
        text, status, done = _("แผนรอบ %(cycle)s ส่งแล้ว รอผลการประเมิน") % names, info.label, True
        details = [_("ผลการประเมินแสดงตั้งแต่วันที่ %(date)s") % {"date": thai_date(cycle.score_release_date)}]
    return WorkItem(
        kind="plan",
        text=_prefixed(organisation, text, context.own),
        url=url,
        status=str(status),
        details=tuple(filter(None, details)),
        done=done,
        **({} if done else _plan_deadline(cycle, today)),
    )


def own_plans(context: Context):
    """Each open cycle: the plan's status and its next step."""
    if not context.own:
        return
    plans = {
        (plan.organisation_id, plan.cycle_id): plan
        for plan in Plan.objects.filter(organisation__in=context.own, cycle__in=context.cycles)
    }
    for cycle in context.cycles:
        statuses = context.own_statuses(cycle)
        for organisation in context.own:
            item = _plan_item(
                context,
                organisation,
                cycle,
                plans.get((organisation.pk, cycle.pk)),
                statuses.get(organisation.pk, status_module.NOT_SUBMITTED),
            )
            if item is not None:
                yield item


# Who a round expects, before its list is fixed (by the morning's run on its opening day).
_RULE_STATUSES = {
    ExpectedRule.PASSED: {PublicStatus.PASSED},
    ExpectedRule.ASSESSED: {PublicStatus.PASSED, PublicStatus.INCOMPLETE},
    ExpectedRule.SUBMITTED: {PublicStatus.IN_ASSESSMENT, PublicStatus.PASSED, PublicStatus.INCOMPLETE},
}

REPORT_STATES = {
    None: "",
    ReportState.DRAFT: ReportState.DRAFT.label,
    ReportState.SUBMITTED: ReportState.SUBMITTED.label,
}


def own_reports(context: Context):
    """Each open or upcoming report round the organisation reports in, with its due date."""
    if not context.own:
        return
    today, own = context.today, context.own
    # Rounds open or about to open, and rounds closed but extended for the organisation.
    rounds = list(
        Round.objects.filter(
            Q(opens_on__lte=today + datetime.timedelta(days=ROUND_ANNOUNCED_DAYS), closes_on__gte=today)
            | Q(
                expected__organisation__in=own,
                expected__removed_at__isnull=True,
                expected__extended_until__gte=today,
            )
        )
        .distinct()
        .select_related("cycle")
        .order_by("due_on")
    )
    expected = {
        (row.round_id, row.organisation_id): row
        for row in ExpectedOrganisation.objects.filter(organisation__in=own, round__in=rounds, removed_at__isnull=True)
    }
    reports = {
        (report.round_id, report.organisation_id): report
        for report in Report.objects.filter(organisation__in=own, round__in=rounds)
    }
    for round in rounds:
        frozen = round.expected_frozen_at is not None
        for organisation in own:
            key = (round.pk, organisation.pk)
            row, report = expected.get(key), reports.get(key)
            if frozen and row is None and report is None:
                continue
            if not frozen and report is None:
                status = context.own_statuses(round.cycle).get(organisation.pk, status_module.NOT_SUBMITTED)
                if status.status not in _RULE_STATUSES[ExpectedRule(round.expected_rule)]:
                    continue
            item = _report_item(context, organisation, round, row, report)
            if item is not None:
                yield item


def _report_item(context, organisation, round, row, report) -> WorkItem | None:
    today = context.today
    window = reporting_window_state(round, row, today)
    title = reporting_selectors.round_title(round)
    names = {"round": title, "cycle": round.cycle.code}
    state = report.state if report is not None else None
    url = _link("reporting:report", organisation.code, round.cycle.code, round.code)
    status = str(REPORT_STATES[state]) if state else _("ยังไม่เริ่ม")
    due = row.extended_until if window == "extended" else round.due_on
    if state == ReportState.SUBMITTED:
        return WorkItem(
            kind="report",
            text=_prefixed(organisation, _("รายงานผล%(round)s (แผนรอบ %(cycle)s) ส่งแล้ว") % names, context.own),
            url=url,
            status=status,
            done=True,
        )
    if window == WindowState.CLOSED:
        return None
    if window == WindowState.NOT_OPEN:
        return WorkItem(
            kind="report",
            text=_prefixed(
                organisation,
                _("รายงานผล%(round)s (แผนรอบ %(cycle)s) เปิดรับรายงาน %(date)s")
                % {**names, "date": thai_date(round.opens_on)},
                context.own,
            ),
            url=_link("reporting:home"),
            due=round.due_on,
            when=days_left(round.due_on, today),
            status=status,
        )
    details = []
    if window == WindowState.LATE:
        details.append(_("ยังส่งได้ถึง %(date)s (นับเป็นส่งช้า)") % {"date": thai_date(round.closes_on)})
    if window == "extended":
        details.append(_("ขยายเวลาให้ถึง %(date)s") % {"date": thai_date(row.extended_until)})
    text = (
        _("ทำรายงานผล%(round)s (แผนรอบ %(cycle)s) ให้เสร็จและส่ง")
        if state == ReportState.DRAFT
        else _("เริ่มรายงานผล%(round)s (แผนรอบ %(cycle)s)")
    )
    return WorkItem(
        kind="report",
        text=_prefixed(organisation, text % names, context.own),
        url=url,
        due=due,
        overdue=today > due,
        when=days_left(due, today),
        status=status,
        details=tuple(details),
    )


def missing_profile_fields(profile) -> list[str]:
    """The labels of the required fields of the basic data still empty (the profile's own
    `missing_fields` when it has one, field names or labels alike)."""
    labels = {
        name: str(OrganisationProfile._meta.get_field(name).verbose_name)
        for name in OrganisationProfile.REQUIRED_FIELDS
    }
    if profile is None:
        return list(labels.values())
    missing = getattr(profile, "missing_fields", None)
    if missing is None:
        missing = [name for name in OrganisationProfile.REQUIRED_FIELDS if not getattr(profile, name)]
    return [labels.get(str(entry), str(entry)) for entry in missing]


def own_profile(context: Context):
    """The organisation's basic data, when incomplete."""
    if not context.own:
        return
    editable = set(
        scope.organisations_for_user(context.user, Capability.EDIT_ORGANISATION_PROFILE)
        .filter(pk__in=[organisation.pk for organisation in context.own])
        .values_list("pk", flat=True)
    )
    profiles = {
        profile.organisation_id: profile for profile in OrganisationProfile.objects.filter(organisation_id__in=editable)
    }
    for organisation in context.own:
        if organisation.pk not in editable:
            continue
        profile = profiles.get(organisation.pk)
        if profile is not None and profile.is_complete:
            continue
        missing = missing_profile_fields(profile)
        yield WorkItem(
            kind="profile",
            text=_prefixed(organisation, _("บันทึกข้อมูลพื้นฐานของ อปท. ให้ครบถ้วน"), context.own),
            url=_link("accounts:organisation_profile", organisation.code),
            status=_("ยังไม่ครบ"),
            details=(_("ยังขาด: %(fields)s") % {"fields": ", ".join(missing)},) if missing else (),
        )


# The office's area --------------------------------------------------------------------------


def _missing_plans_url(cycle, provinces, districts) -> str:
    """The list of organisations without a plan, narrowed to the office's province (and
    district): the missing-plans page of the plans app when there is one, else the public
    status page."""
    area = {}
    if len(provinces) == 1:
        area["province"] = provinces[0]
        if len(districts) == 1:
            area["district"] = districts[0]
    try:
        return _link("plans:missing", cycle.code, query=area)
    except NoReverseMatch:
        return _link("public:status", cycle.code, query={"status": PublicStatus.NOT_SUBMITTED.value, **area})


def area_plans(context: Context):
    """Each cycle taking plans: how many organisations of the area have not sent one."""
    if not context.is_office:
        return
    taking = [
        cycle
        for cycle in context.cycles
        if cycle_window_state(cycle, context.today) in (WindowState.OPEN, WindowState.LATE)
    ]
    if not taking:
        return
    today = context.today
    total = context.area.count()
    if not total:
        return
    provinces = list(scope.provinces_for_user(context.user).values_list("code", flat=True)[:2])
    districts = list(scope.districts_for_user(context.user).values_list("code", flat=True)[:2])
    for cycle in taking:
        statuses = status_module.statuses_for(cycle, context.area.values("pk"), today=today)
        not_sent = total - len(statuses)
        returned = sum(1 for info in statuses.values() if info.status == PublicStatus.RETURNED)
        if not not_sent and not returned:
            continue
        details = [_("ส่งแล้ว %(sent)s จาก %(total)s แห่ง") % {"sent": number(len(statuses)), "total": number(total)}]
        if returned:
            details.append(_("ส่งกลับแก้ไข ยังไม่ส่งใหม่ %(n)s แห่ง") % {"n": number(returned)})
        yield WorkItem(
            kind="plans_missing",
            text=_("อปท. ที่ยังไม่จัดส่งแผนรอบ %(cycle)s: %(n)s แห่ง") % {"cycle": cycle.code, "n": number(not_sent)},
            url=_missing_plans_url(cycle, provinces, districts),
            details=tuple(details),
            **({} if not not_sent else _plan_deadline(cycle, today)),
        )


def assessment_queue(context: Context):
    """Plans waiting for the office's assessment."""
    if not context.is_office or not scope.has_capability(context.user, Capability.ASSESS_PLAN):
        return
    _versions, counts = assessment_selectors.queue_for_user(context.user)
    waiting = sum(counts[state] for state in assessment_selectors.QUEUE_FILTERS["waiting"])
    if not waiting:
        return
    details = []
    if counts["draft"]:
        details.append(_("กำลังประเมิน %(n)s ฉบับ") % {"n": number(counts["draft"])})
    yield WorkItem(
        kind="assessment_queue",
        text=_("แผนที่รอการประเมิน: %(n)s ฉบับ") % {"n": number(waiting)},
        url=_link("assessment:queue"),
        details=tuple(details),
    )


def area_reports(context: Context):
    """Each open report round: how many organisations of the area have not reported."""
    if not context.is_office:
        return
    today = context.today
    rounds = Round.objects.filter(
        opens_on__lte=today, closes_on__gte=today, expected_frozen_at__isnull=False
    ).select_related("cycle")
    for round in rounds.order_by("due_on"):
        figures = reporting_selectors.completeness(round, context.area)
        if not figures.missing:
            continue
        details = [
            _("ส่งแล้ว %(sent)s จาก %(expected)s แห่ง")
            % {"sent": number(figures.submitted), "expected": number(figures.expected)}
        ]
        if figures.drafts:
            details.append(_("กำลังทำรายงาน %(n)s แห่ง") % {"n": number(figures.drafts)})
        yield WorkItem(
            kind="reports_missing",
            text=_("อปท. ที่ยังไม่ส่งรายงานผล%(round)s (แผนรอบ %(cycle)s): %(n)s แห่ง")
            % {
                "round": reporting_selectors.round_title(round),
                "cycle": round.cycle.code,
                "n": number(figures.missing),
            },
            url=_link("reporting:follow_up", round.cycle.code, round.code),
            due=round.due_on,
            overdue=today > round.due_on,
            when=days_left(round.due_on, today),
            details=tuple(details),
        )


def own_drafts(context: Context):
    """Score sets the user began and has not finalised."""
    if not context.is_office:
        return
    drafts = list(
        Assessment.objects.filter(assessor=context.user, state=AssessmentState.DRAFT)
        .select_related("version__plan__organisation", "version__plan__cycle")
        .defer("version__snapshot")
        .order_by("started_at")[: OWN_DRAFTS_SHOWN + 1]
    )
    for assessment in drafts[:OWN_DRAFTS_SHOWN]:
        plan = assessment.version.plan
        yield WorkItem(
            kind="own_draft",
            text=_("ยืนยันผลการประเมินที่บันทึกไว้: %(organisation)s แผนรอบ %(cycle)s ฉบับที่ %(n)s")
            % {
                "organisation": plan.organisation.display_name,
                "cycle": plan.cycle.code,
                "n": assessment.version.number,
            },
            url=_link("assessment:assess", assessment.version_id),
            status=str(AssessmentState.DRAFT.label),
        )
    if len(drafts) > OWN_DRAFTS_SHOWN:
        yield WorkItem(
            kind="own_draft",
            text=_("ผลการประเมินที่บันทึกไว้และยังไม่ยืนยันอื่น ๆ"),
            url=_link("assessment:queue", query={"state": "draft"}),
        )


# What the list is made of: later apps (circulars, supervision recommendations) register
# their own providers here rather than edit this list.
PROVIDERS = [own_plans, own_reports, own_profile, area_plans, assessment_queue, area_reports, own_drafts]


def register_provider(provider):
    """provider(context: Context) -> iterable of WorkItem; asked after those above."""
    if provider not in PROVIDERS:
        PROVIDERS.append(provider)


def work_list_for_user(user, today=None) -> list[WorkItem]:
    """What the user should do next: overdue first, then by deadline, then the rest."""
    if not getattr(user, "is_authenticated", False):
        return []
    context = Context(user=user, today=today or timezone.localdate())
    items = [item for provider in PROVIDERS for item in provider(context)]
    return sorted(items, key=lambda item: item.sort_key)
