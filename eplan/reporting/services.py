"""Writes of implementation reporting. Each is one transaction with its audit event."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from eplan.accounts import scope
from eplan.accounts.roles import Capability
from eplan.assessment import status as status_module
from eplan.assessment.models import PublicStatus
from eplan.core.audit import audit_record
from eplan.core.audit import diff as audit_diff
from eplan.core.concurrency import require_fresh
from eplan.core.permissions import require
from eplan.core.thai import ce_year, fiscal_year_bounds, thai_date
from eplan.core.transitions import require_transition
from eplan.core.windows import RECEIVING, WindowState
from eplan.notifications import events as notification_events
from eplan.plans.models import PlanVersion
from eplan.registry.models import Organisation
from eplan.reporting import edits
from eplan.reporting.lines import LINE_FIELDS, clean_line
from eplan.reporting.models import (
    REPORT_TRANSITIONS,
    ExpectedOrganisation,
    ExpectedRule,
    Report,
    ReportLine,
    ReportState,
    Round,
    RoundKind,
)
from eplan.reporting.planned import planned_counts, planned_items
from eplan.reporting.windows import window_state


def _codes(organisation):
    return {"organisation_code": organisation.code, "province_code": organisation.province_id}


# Rounds ---------------------------------------------------------------------------------


def default_dates(fiscal_year: int, kind: str) -> tuple[datetime.date, datetime.date, datetime.date]:
    """(opens, due, closes) from the fiscal calendar of the circulars: the 6-month round
    opens 23 March and is due 30 April; the 12-month round opens 1 September and is due
    31 October. Reports are accepted for a month after the due date (counted late)."""
    year = ce_year(fiscal_year)
    if kind == RoundKind.SIX_MONTH:
        return datetime.date(year, 3, 23), datetime.date(year, 4, 30), datetime.date(year, 5, 31)
    return datetime.date(year, 9, 1), datetime.date(year, 10, 31), datetime.date(year, 11, 30)


@transaction.atomic
def rounds_ensure(*, actor, cycle) -> list[Round]:
    """Make the missing rounds of a cycle (two per fiscal year) with the default dates."""
    require(actor is None or scope.is_national(actor, Capability.EDIT_FRAMEWORKS))
    existing = {(r.fiscal_year, r.kind) for r in Round.objects.filter(cycle=cycle)}
    made = []
    for fiscal_year in cycle.fiscal_years:
        for kind in RoundKind.values:
            if (fiscal_year, kind) in existing:
                continue
            opens, due, closes = default_dates(fiscal_year, kind)
            made.append(
                Round.objects.create(
                    cycle=cycle, fiscal_year=fiscal_year, kind=kind, opens_on=opens, due_on=due, closes_on=closes
                )
            )
    if made:
        audit_record(
            actor=actor,
            action="reporting.rounds_ensure",
            detail={"cycle": cycle.code, "rounds": [r.code for r in made]},
        )
    return made


def date_bounds(round: Round, today=None) -> tuple[datetime.date, datetime.date]:
    """The dates a round may open, be due and close on, and an extension may run to: from
    the first day of the round's fiscal year to the end of the fiscal year after the
    cycle's last (the 12-month round of the last year closes in November), or a year from
    today when that is later (a round of an earlier cycle moved to now, as the demo's is)."""
    today = today or timezone.localdate()
    first = fiscal_year_bounds(round.fiscal_year)[0]
    last = fiscal_year_bounds(round.cycle.fiscal_years[-1] + 1)[1]
    return first, max(last, today + datetime.timedelta(days=366))


def _out_of_bounds(value, bounds) -> str:
    """A Thai reason when a date lies outside the round's bounds, else ''."""
    first, last = bounds
    if first <= value <= last:
        return ""
    return _("วันที่ต้องอยู่ระหว่าง %(first)s ถึง %(last)s (ปีงบประมาณของรอบนี้จนถึงหนึ่งปีหลังรอบแผน)") % {
        "first": thai_date(first),
        "last": thai_date(last),
    }


@transaction.atomic
def round_update(
    *, actor, round: Round, opens_on, due_on, closes_on, expected_rule=None, seen: str | None = None
) -> Round:
    """Set a round's dates (and, before its list is fixed, its rule). seen: the state token
    of the round the editor was shown; a newer save in between is refused (StaleEdit)."""
    require(scope.is_national(actor, Capability.EDIT_FRAMEWORKS))
    round = Round.objects.select_for_update(of=("self",)).select_related("cycle").get(pk=round.pk)
    require_fresh(round, edits.ROUND_FIELDS, seen=seen)
    errors = {}
    dates = {"opens_on": opens_on, "due_on": due_on, "closes_on": closes_on}
    bounds = date_bounds(round)
    for name, value in dates.items():
        if not value:
            errors[name] = _("กรุณาระบุวันที่")
        elif reason := _out_of_bounds(value, bounds):
            errors[name] = reason
    if not errors and not opens_on <= due_on <= closes_on:
        errors["due_on"] = _("วันเปิดรับต้องไม่หลังกำหนดส่ง และกำหนดส่งต้องไม่หลังวันปิดรับ")
    if expected_rule and expected_rule != round.expected_rule:
        if round.expected_frozen_at:
            errors["expected_rule"] = _("กำหนดรายชื่อผู้ต้องรายงานแล้ว เปลี่ยนเกณฑ์ไม่ได้ แก้ไขรายชื่อทีละแห่งพร้อมเหตุผลแทน")
        elif expected_rule not in ExpectedRule.values:
            errors["expected_rule"] = _("เกณฑ์ไม่ถูกต้อง")
    if errors:
        raise ValidationError(errors)
    before = {
        "opens_on": round.opens_on,
        "due_on": round.due_on,
        "closes_on": round.closes_on,
        "expected_rule": round.expected_rule,
    }
    round.opens_on, round.due_on, round.closes_on = opens_on, due_on, closes_on
    round.expected_rule = expected_rule or round.expected_rule
    round.save()
    after = {
        "opens_on": round.opens_on,
        "due_on": round.due_on,
        "closes_on": round.closes_on,
        "expected_rule": round.expected_rule,
    }
    audit_record(
        actor=actor,
        action="reporting.round_update",
        obj=round,
        changes={key: [before[key], after[key]] for key in before if before[key] != after[key]},
    )
    return round


def _candidates(round: Round) -> dict[int, int]:
    """{organisation id: version id} of the organisations the round's rule expects."""
    wanted = {
        ExpectedRule.PASSED: {PublicStatus.PASSED},
        ExpectedRule.ASSESSED: {PublicStatus.PASSED, PublicStatus.INCOMPLETE},
        ExpectedRule.SUBMITTED: {PublicStatus.PASSED, PublicStatus.INCOMPLETE, PublicStatus.IN_ASSESSMENT},
    }[round.expected_rule]
    active = set(Organisation.objects.filter(active=True).values_list("id", flat=True))
    return {
        organisation_id: info.version_id
        for organisation_id, info in status_module.statuses_for(round.cycle).items()
        if info.status in wanted and organisation_id in active
    }


@transaction.atomic
def round_freeze(*, actor, round: Round, now=None, today=None) -> int:
    """Fix the list of organisations that must report, once, while the round is open (run
    by send_reminders or freeze_rounds each morning; a central administrator may run it
    for a round whose dates were just moved). A round that has closed is never frozen:
    nobody could report in it any more, and listing them would write history afterwards.
    A fixed number of queries for any number of organisations (the rows are written in
    batches of 2,000, fewer on SQLite). Returns how many were listed (0 when the list was
    already fixed)."""
    require(actor is None or scope.is_national(actor, Capability.EDIT_FRAMEWORKS))
    round = Round.objects.select_for_update(of=("self",)).select_related("cycle").get(pk=round.pk)
    if round.expected_frozen_at is not None:
        return 0
    now = now or timezone.now()
    state = window_state(round, today=today or timezone.localdate(now))
    if state == WindowState.NOT_OPEN:
        raise ValidationError(
            _("รอบรายงานนี้เปิดรับรายงานวันที่ %(date)s จึงจะกำหนดรายชื่อได้") % {"date": thai_date(round.opens_on)}
        )
    if state == WindowState.CLOSED:
        raise ValidationError(
            _("รอบรายงานนี้ปิดรับรายงานแล้ว (%(date)s) ไม่กำหนดรายชื่อผู้ต้องรายงานย้อนหลัง") % {"date": thai_date(round.closes_on)}
        )
    candidates = _candidates(round)
    item_counts = planned_counts(set(candidates.values()), round.fiscal_year)
    rows = [
        ExpectedOrganisation(
            round=round,
            organisation_id=organisation_id,
            version_id=version_id,
            item_count=item_counts[version_id],
            added_at=now,
        )
        for organisation_id, version_id in candidates.items()
    ]
    ExpectedOrganisation.objects.bulk_create(rows, batch_size=2000)
    round.expected_frozen_at = now
    round.save(update_fields=["expected_frozen_at"])
    audit_record(
        actor=actor,
        action="reporting.round_freeze",
        obj=round,
        detail={"rule": round.expected_rule, "expected": len(rows)},
    )
    return len(rows)


def freeze_open_rounds(*, today=None) -> int:
    """Freeze every round open today whose list is not fixed yet: run each morning by
    send_reminders and freeze_rounds, never by a page. A round that closed before anyone
    froze it (one older than the system) is left alone: nobody could have reported in it."""
    today = today or timezone.localdate()
    total = 0
    for round in Round.objects.filter(opens_on__lte=today, closes_on__gte=today, expected_frozen_at__isnull=True):
        total += round_freeze(actor=None, round=round, today=today)
    return total


@transaction.atomic
def expected_change(
    *, actor, round: Round, organisation: Organisation, expected: bool, reason: str, seen: str | None = None
):
    """Add an organisation to a round's list or take it off, with a reason (audited).
    seen: the state token of the organisation's row (or its absence) the office was shown."""
    require(scope.has_capability(actor, Capability.MANAGE_REPORTS, organisation))
    reason = (reason or "").strip()
    if len(reason) < 5:
        raise ValidationError({"reason": _("กรุณาระบุเหตุผล (อย่างน้อย 5 ตัวอักษร)")})
    round = Round.objects.select_related("cycle").get(pk=round.pk)
    if round.expected_frozen_at is None:
        raise ValidationError(_("รอบนี้ยังไม่เปิด รายชื่อจะกำหนดตามเกณฑ์เมื่อเปิดรอบ"))
    row = ExpectedOrganisation.objects.select_for_update().filter(round=round, organisation=organisation).first()
    edits.require_fresh_expected(row, seen)
    now = timezone.now()
    if expected:
        if row is not None and row.removed_at is None:
            raise ValidationError(_("อปท. นี้อยู่ในรายชื่อแล้ว"))
        info = status_module.status_of(organisation, round.cycle)
        if info.version_id is None:
            raise ValidationError(_("อปท. นี้ยังไม่ได้ส่งแผนของรอบแผนนี้ จึงไม่มีรายการให้รายงาน"))
        version = PlanVersion.objects.get(pk=info.version_id)
        if row is None:
            row = ExpectedOrganisation(round=round, organisation=organisation)
        row.version = version
        row.item_count = len(planned_items(version, round.fiscal_year))
        row.added_at, row.added_reason, row.removed_at, row.removed_reason = now, reason, None, ""
    else:
        if row is None or row.removed_at is not None:
            raise ValidationError(_("อปท. นี้ไม่อยู่ในรายชื่อ"))
        row.removed_at, row.removed_reason = now, reason
    row.changed_by = actor
    row.save()
    audit_record(
        actor=actor,
        action="reporting.expected_change",
        obj=round,
        detail={"expected": expected, "reason": reason},
        **_codes(organisation),
    )
    return row


@transaction.atomic
def extension_grant(
    *, actor, round: Round, organisation: Organisation, until: datetime.date, reason: str, seen: str | None = None
):
    """Let an organisation report after the round closes, until a date (within the round's
    date_bounds). seen: the state token of the organisation's row the office was shown."""
    require(scope.has_capability(actor, Capability.MANAGE_REPORTS, organisation))
    round = Round.objects.select_related("cycle").get(pk=round.pk)
    errors = {}
    if not until:
        errors["until"] = _("กรุณาระบุวันที่ขยายเวลาถึง")
    elif until <= round.closes_on:
        errors["until"] = _("วันที่ขยายเวลาต้องหลังวันปิดรับรายงาน (%(date)s)") % {"date": thai_date(round.closes_on)}
    elif too_far := _out_of_bounds(until, date_bounds(round)):
        errors["until"] = too_far
    if len((reason or "").strip()) < 5:
        errors["reason"] = _("กรุณาระบุเหตุผล (อย่างน้อย 5 ตัวอักษร)")
    if errors:
        raise ValidationError(errors)
    row = _expected_or_refuse(round, organisation, lock=True)
    edits.require_fresh_expected(row, seen)
    before = row.extended_until
    row.extended_until = until
    row.changed_by = actor
    row.save(update_fields=["extended_until", "changed_by"])
    audit_record(
        actor=actor,
        action="reporting.extension_grant",
        obj=round,
        changes={"extended_until": [before, until]},
        detail={"reason": reason.strip()},
        **_codes(organisation),
    )
    notification_events.extension_granted(round, organisation, until, reason.strip())
    return row


# Reports --------------------------------------------------------------------------------


def _expected_or_refuse(round, organisation, *, lock=False) -> ExpectedOrganisation:
    rows = ExpectedOrganisation.objects.filter(round=round, organisation=organisation, removed_at__isnull=True)
    if lock:
        rows = rows.select_for_update()
    row = rows.first()
    if row is None:
        raise ValidationError(
            _("%(name)s ไม่อยู่ในรายชื่อ อปท. ที่ต้องรายงานผลรอบนี้ (%(rule)s)")
            % {"name": organisation.display_name, "rule": round.get_expected_rule_display()}
        )
    return row


def expected_list_note(round: Round, today=None) -> str:
    """What to say of a round whose list of who must report is not fixed yet ('' once it
    is): pages say this rather than fix it themselves."""
    if round.expected_frozen_at is not None:
        return ""
    names = {
        "rule": round.get_expected_rule_display(),
        "opens": thai_date(round.opens_on),
        "closes": thai_date(round.closes_on),
    }
    state = window_state(round, today=today)
    if state == WindowState.NOT_OPEN:
        return _("รายชื่อ อปท. ที่ต้องรายงานจะกำหนดเมื่อเปิดรับรายงานวันที่ %(opens)s ตามเกณฑ์: %(rule)s") % names
    if state == WindowState.CLOSED:
        return _("รอบนี้ปิดรับรายงานเมื่อ %(closes)s ก่อนมีการกำหนดรายชื่อในระบบ จึงไม่มี อปท. ที่ต้องรายงานรอบนี้") % names
    return (
        _(
            "รายชื่อ อปท. ที่ต้องรายงานจะกำหนดเมื่อระบบประมวลผลประจำวันรอบถัดไป (ทุกเช้า) ตามเกณฑ์: %(rule)s "
            "จากนั้นจึงเริ่มจัดทำรายงานได้ (รอบนี้เปิดรับรายงานตั้งแต่ %(opens)s)"
        )
        % names
    )


@transaction.atomic
def report_open(*, actor, round: Round, organisation: Organisation, today=None) -> Report:
    """The organisation's report for the round, made on first use with a line for every
    item planned that year; the 12-month report starts from the 6-month answers."""
    require(scope.has_capability(actor, Capability.REPORT_PROGRESS, organisation))
    existing = Report.objects.filter(round=round, organisation=organisation).first()
    if existing is not None:
        return existing
    if window_state(round, today=today) == WindowState.NOT_OPEN:
        raise ValidationError(_("รอบรายงานนี้เปิดรับวันที่ %(date)s") % {"date": thai_date(round.opens_on)})
    round.refresh_from_db(fields=["expected_frozen_at"])
    if round.expected_frozen_at is None:
        raise ValidationError(expected_list_note(round, today))
    expected = _expected_or_refuse(round, organisation)
    report = Report.objects.create(round=round, organisation=organisation, version=expected.version)
    earlier = {}
    if round.kind == RoundKind.TWELVE_MONTH:
        six = Report.objects.filter(
            round__cycle=round.cycle,
            round__fiscal_year=round.fiscal_year,
            round__kind=RoundKind.SIX_MONTH,
            organisation=organisation,
        ).first()
        if six is not None:
            earlier = {line.item_id: line for line in six.lines.all()}
            report.summary, report.problems = six.summary, six.problems
            report.save(update_fields=["summary", "problems"])
    lines = []
    for position, item in enumerate(planned_items(expected.version, round.fiscal_year), start=1):
        line = ReportLine(
            report=report,
            item_id=item["id"],
            position=position,
            dimension=item["dimension"],
            mission=item["mission"],
            number=item["number"],
            title=item["title"],
            indicators=item["indicators"],
            planned_budget=item["planned_budget"],
            planned_without_budget=item["no_budget"],
        )
        before = earlier.get(item["id"])
        if before is not None:
            for field in LINE_FIELDS:
                setattr(line, field, getattr(before, field))
        lines.append(line)
    if earlier:  # extra items reported in the 6-month round carry on too
        for extra in (line for line in earlier.values() if line.item_id is None):
            lines.append(
                ReportLine(
                    report=report,
                    position=len(lines) + 1,
                    dimension=extra.dimension,
                    title=extra.title,
                    **{field: getattr(extra, field) for field in LINE_FIELDS},
                )
            )
    ReportLine.objects.bulk_create(lines)
    audit_record(
        actor=actor,
        action="reporting.report_save",
        obj=report,
        detail={"opened": True, "lines": len(lines), "from_six_month": bool(earlier)},
        **_codes(organisation),
    )
    return report


def _editable(report: Report):
    if report.state != ReportState.DRAFT:
        raise ValidationError(_("รายงานนี้ส่งแล้ว แก้ไขไม่ได้ หากต้องแก้ไขให้ขอสำนักงาน ป.ป.ช. ประจำจังหวัดเปิดรายงานให้แก้ไข"))


@transaction.atomic
def report_save(
    *,
    actor,
    report: Report,
    lines: dict | None = None,
    extras: list | None = None,
    removed_extras=(),
    summary=None,
    problems=None,
    seen_report: str | None = None,
    seen_texts: str | None = None,
    seen_lines: dict | None = None,
) -> Report:
    """Save answers (all or nothing). lines: {line id: {field: value}} for the lines sent
    (fields left out keep their answers);
    extras: new items done outside the plan; removed_extras: ids of extra lines to drop.
    Refuses with every problem named as lines.<id>.<field> / extras.<n>.<field>.

    seen_*: the state tokens the editor was given (reporting.edits): of the whole report
    (the API's If-Match), of the summary and problems, of each line ({id: token}). A token
    that is not that of what is stored now is refused with StaleEdit, which carries the
    values stored now; none given (a script, the morning's run) is let through. Checked
    with the report row locked, as is whether the report may still be edited."""
    report = Report.objects.select_for_update(of=("self",)).select_related("organisation", "round").get(pk=report.pk)
    require(scope.has_capability(actor, Capability.REPORT_PROGRESS, report.organisation))
    _editable(report)
    existing = {line.pk: line for line in report.lines.all()}
    edits.require_fresh_report(
        report,
        existing,
        lines=lines,
        removed_extras=removed_extras,
        whole=seen_report,
        texts=seen_texts,
        each=seen_lines,
    )
    errors, changed, changes = {}, [], {}
    for key, values in (lines or {}).items():
        try:
            line = existing[int(key)]
        except (KeyError, TypeError, ValueError, OverflowError):
            errors[f"lines.{key}"] = _("ไม่พบรายการนี้ในรายงาน")
            continue
        # Fields not sent keep their answers: the set is validated as a whole.
        before = edits.line_values(line)
        cleaned = clean_line({**before, **values}, prefix=f"lines.{key}", errors=errors, extra=line.is_extra)
        for field, value in cleaned.items():
            setattr(line, field, value)
        changes.update(edits.line_changes(line.pk, before, edits.line_values(line)))
        changed.append(line)
    new = []
    for index, values in enumerate(extras or [], start=1):
        cleaned = clean_line(values, prefix=f"extras.{index}", errors=errors, extra=True)
        new.append(ReportLine(report=report, item_id=None, **cleaned))
    removed = []
    for key in removed_extras:
        line = existing.get(int(key)) if str(key).isdigit() else None
        if line is None or not line.is_extra:
            errors[f"lines.{key}"] = _("ลบได้เฉพาะรายการที่เพิ่มนอกแผน")
        else:
            removed.append(line)
    if errors:
        raise ValidationError(errors)
    if changed:
        ReportLine.objects.bulk_update(changed, [*LINE_FIELDS, *edits.EXTRA_FIELDS])
    top = max((line.position for line in existing.values()), default=0)
    for offset, line in enumerate(new, start=1):
        line.position = top + offset
    ReportLine.objects.bulk_create(new)
    for number, line in enumerate(new, start=1):
        changes[f"lines.{line.pk}" if line.pk else f"extras.{number}"] = [None, edits.line_values(line)]
    if removed:
        ReportLine.objects.filter(pk__in=[line.pk for line in removed]).delete()
        changes.update({f"lines.{line.pk}": [edits.line_values(line), None] for line in removed})
    before, fields = edits.texts_values(report), []
    if summary is not None:
        report.summary = summary.strip()
        fields.append("summary")
    if problems is not None:
        report.problems = problems.strip()
        fields.append("problems")
    report.save(update_fields=[*fields, "updated_at"])
    changes.update(audit_diff(before, edits.texts_values(report)))
    audit_record(
        actor=actor,
        action="reporting.report_save",
        obj=report,
        changes=changes,
        detail={"lines": len(changed), "extras_added": len(new), "extras_removed": len(removed)},
        **_codes(report.organisation),
    )
    return report


@transaction.atomic
def report_submit(*, actor, report: Report, now=None) -> Report:
    """Lock the report with a receipt. Every line needs a status; after the closing date
    only an extension allows it; after the due date it is counted late."""
    report = (
        Report.objects.select_for_update(of=("self",)).select_related("organisation", "round__cycle").get(pk=report.pk)
    )
    organisation, round = report.organisation, report.round
    require(scope.has_capability(actor, Capability.REPORT_PROGRESS, organisation))
    if report.state == ReportState.SUBMITTED:
        return report  # a second click: the first one counted
    now = now or timezone.now()
    today = timezone.localdate(now)
    expected = _expected_or_refuse(round, organisation)
    if window_state(round, expected, today) not in RECEIVING:
        raise ValidationError(
            _("ปิดรับรายงานรอบนี้แล้ว (%(date)s) ติดต่อสำนักงาน ป.ป.ช. ประจำจังหวัดเพื่อขอขยายเวลา")
            % {"date": thai_date(round.closes_on)}
        )
    errors = {}
    for line in report.lines.all():
        if not line.status:
            errors[f"lines.{line.pk}.status"] = _("รายการ %(number)s %(title)s: ยังไม่ได้ระบุสถานะการดำเนินการ") % {
                "number": line.number or "-",
                "title": line.title[:60],
            }
    if errors:
        raise ValidationError(errors)
    first = report.first_submitted_at is None
    require_transition(REPORT_TRANSITIONS, report.state, ReportState.SUBMITTED)
    report.state = ReportState.SUBMITTED
    report.submitted_at, report.submitted_by = now, actor
    if first:
        report.first_submitted_at = now
        report.is_late = today > round.due_on
        report.receipt_number = f"{round.cycle.code}-{round.code}-{organisation.code}"
    report.save()
    audit_record(
        actor=actor,
        action="reporting.report_submit",
        obj=report,
        detail={"receipt": report.receipt_number, "late": report.is_late, "resubmission": not first},
        **_codes(organisation),
    )
    return report


@transaction.atomic
def report_reopen(*, actor, report: Report, reason: str) -> Report:
    """The provincial office opens a submitted report for correction (audited, with reason).
    Its lateness stays as first submitted."""
    report = Report.objects.select_for_update(of=("self",)).select_related("organisation").get(pk=report.pk)
    require(scope.has_capability(actor, Capability.MANAGE_REPORTS, report.organisation))
    reason = (reason or "").strip()
    if len(reason) < 5:
        raise ValidationError({"reason": _("กรุณาระบุเหตุผลและสิ่งที่ต้องแก้ไข (อย่างน้อย 5 ตัวอักษร)")})
    require_transition(REPORT_TRANSITIONS, report.state, ReportState.DRAFT, _("เปิดให้แก้ไขได้เฉพาะรายงานที่ส่งแล้ว"))
    report.state = ReportState.DRAFT
    report.save(update_fields=["state", "updated_at"])
    audit_record(
        actor=actor,
        action="reporting.report_reopen",
        obj=report,
        changes={"state": [ReportState.SUBMITTED, ReportState.DRAFT]},
        detail={"reason": reason},
        **_codes(report.organisation),
    )
    notification_events.report_reopened(report, reason)
    return report
