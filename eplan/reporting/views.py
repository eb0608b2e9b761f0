"""The organisation's report pages: the hub of rounds, the report with a form per line
(saved as the officer goes, so nothing typed is lost), evidence, extra items, submitting."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from eplan.accounts import scope
from eplan.accounts.decorators import kept_input, login_required_keeping_input
from eplan.accounts.roles import Capability
from eplan.core.concurrency import STATE_FIELD, StaleEdit
from eplan.core.http import is_htmx, refused_is_not_found
from eplan.core.thai import thai_date
from eplan.core.windows import WindowState
from eplan.frameworks.models import Cycle
from eplan.reporting import edits, selectors, services
from eplan.reporting import evidence as evidence_services
from eplan.reporting.lines import LINE_FIELDS, MONEY_FIELDS, line_warnings
from eplan.reporting.models import (
    ExpectedOrganisation,
    LineStatus,
    NotPossibleReason,
    Report,
    ReportLine,
    ReportState,
    Round,
)
from eplan.reporting.windows import window_state

DIMENSIONS = (1, 2, 3, 4)


def _messages_of(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [message for messages_ in error.message_dict.values() for message in messages_]
    return list(error.messages)


def _field_errors(error: ValidationError, prefix: str) -> dict[str, str]:
    """{field: message} for the errors of one line (keys prefix.field)."""
    found = {}
    if not hasattr(error, "error_dict"):
        found["__all__"] = " ".join(error.messages)
        return found
    for key, messages_ in error.message_dict.items():
        field = key[len(prefix) + 1 :] if key.startswith(prefix + ".") else "__all__"
        found[field] = " ".join(messages_)
    return found


# The hub ----------------------------------------------------------------------------------


@login_required
def home(request):
    """Rounds: for LAO staff their organisation's reports; for offices the follow-up."""
    user = request.user
    own = list(scope.lao_organisations_of(user).select_related("province", "district"))
    staff = scope.has_capability(user, Capability.VIEW) and not own
    if not own and not staff:
        raise Http404
    cycles = list(
        Cycle.objects.prefetch_related(Prefetch("rounds", queryset=Round.objects.order_by("-opens_on"))).order_by(
            "-code"
        )
    )
    today = timezone.localdate()
    rounds = [round for cycle in cycles for round in cycle.rounds.all()]
    rows = []
    if own:
        expected = {
            (row.round_id, row.organisation_id): row
            for row in ExpectedOrganisation.objects.filter(organisation__in=own, removed_at__isnull=True)
        }
        reports = {
            (report.round_id, report.organisation_id): report for report in Report.objects.filter(organisation__in=own)
        }
        for cycle in cycles:
            for round in cycle.rounds.all():
                for organisation in own:
                    key = (round.pk, organisation.pk)
                    if key not in expected and key not in reports:
                        continue
                    rows.append(
                        {
                            "cycle": cycle,
                            "round": round,
                            "organisation": organisation,
                            "report": reports.get(key),
                            "window": window_state(round, expected.get(key), today),
                        }
                    )
    # Open, but who must report is fixed only by the next morning's run: say so.
    pending = [
        {"round": round, "title": selectors.round_title(round), "note": services.expected_list_note(round, today)}
        for round in rounds
        if round.expected_frozen_at is None and window_state(round, today=today) in (WindowState.OPEN, WindowState.LATE)
    ]
    context = {
        "own": own,
        "staff": staff,
        "cycles": cycles,
        "rows": rows,
        "today": today,
        "pending": pending,
        "intro_rounds": _intro_rounds(rounds, today),
    }
    return render(request, "reporting/home.html", context)


def _intro_rounds(rounds, today) -> list[str]:
    """The rounds open now, or else the next to open, in words taken from their own dates."""
    current = [round for round in rounds if round.opens_on <= today <= round.closes_on]
    if not current:
        coming = sorted((round for round in rounds if round.opens_on > today), key=lambda round: round.opens_on)
        current = coming[:1]
    said = []
    for round in sorted(current, key=lambda round: (round.due_on, round.pk)):
        names = {
            "round": selectors.round_title(round),
            "cycle": round.cycle.code,
            "opens": thai_date(round.opens_on),
            "due": thai_date(round.due_on),
            "closes": thai_date(round.closes_on),
        }
        if round.opens_on > today:
            said.append(_("%(round)s (รอบแผน %(cycle)s) เปิดรับรายงาน %(opens)s กำหนดส่ง %(due)s") % names)
        else:
            said.append(_("%(round)s (รอบแผน %(cycle)s) กำหนดส่ง %(due)s รับรายงานส่งช้าถึง %(closes)s") % names)
    return said


# The report -------------------------------------------------------------------------------


def _place(request, organisation_code, cycle_code, round_code):
    organisation = scope.organisation_for_user_or_404(request.user, organisation_code, Capability.VIEW)
    cycle = get_object_or_404(Cycle, code=cycle_code)
    round = selectors.round_or_404(cycle, round_code)
    return organisation, cycle, round


def _report_or_404(request, organisation_code, cycle_code, round_code, capability=Capability.VIEW) -> Report:
    _organisation, _cycle, round = _place(request, organisation_code, cycle_code, round_code)
    return selectors.report_for_user_or_404(request.user, round, organisation_code, capability)


def _may_write(user, report) -> bool:
    return report.state == ReportState.DRAFT and scope.has_capability(
        user, Capability.REPORT_PROGRESS, report.organisation
    )


def _report_url(report, anchor=""):
    url = reverse("reporting:report", args=[report.organisation.code, report.round.cycle.code, report.round.code])
    return f"{url}#{anchor}" if anchor else url


def _line_entry(line, *, typed=None, errors=None, conflict=None):
    """A line as the page shows it: with the token of what is stored (taken before what
    was typed is put on it), and, after a refused save, what was typed and, when someone
    saved in between, both values side by side."""
    token = edits.line_token(line)
    if typed:
        for field in LINE_FIELDS:
            if field not in MONEY_FIELDS:
                setattr(line, field, typed.get(field, ""))
    return {
        "line": line,
        "token": token,
        "typed": typed,
        "errors": errors or {},
        "conflict": conflict or [],
        "conflict_message": " ".join((errors or {}).values()) if conflict else "",
        "warnings": line_warnings(line),
    }


@login_required_keeping_input
def report(request, organisation_code, cycle_code, round_code):
    organisation, cycle, round = _place(request, organisation_code, cycle_code, round_code)
    found = Report.objects.filter(round=round, organisation=organisation).first()
    expected = ExpectedOrganisation.objects.filter(
        round=round, organisation=organisation, removed_at__isnull=True
    ).first()
    may_report = scope.has_capability(request.user, Capability.REPORT_PROGRESS, organisation)
    if request.method == "POST":  # start the report
        if not may_report:
            raise Http404
        try:
            services.report_open(actor=request.user, round=round, organisation=organisation)
        except ValidationError as error:
            for message in _messages_of(error):
                messages.error(request, message)
        return redirect("reporting:report", organisation.code, cycle.code, round.code)
    return _render_report(request, organisation, cycle, round, found, expected, may_report)


def _render_report(
    request, organisation, cycle, round, found, expected, may_report, *, typed=None, texts=None, status=200
):
    """The report page. typed: (line id, values, errors, conflict) of a line to show as
    typed; texts: the summary and problems as typed, after a refused save (_texts_context)."""
    context = {
        "organisation": organisation,
        "cycle": cycle,
        "round": round,
        "report": found,
        "expected": expected,
        "may_report": may_report,
        "window": window_state(round, expected),
        "statuses": LineStatus.choices,
        "reasons": NotPossibleReason.choices,
        "dimensions": DIMENSIONS,
        "max_mb": evidence_services.evidence_max_bytes() // (1024 * 1024),
        "manage": scope.has_capability(request.user, Capability.MANAGE_REPORTS, organisation),
        "list_note": services.expected_list_note(round),
        # Left by a refused extra item or submission, shown once on the page they return to.
        "extra_typed": request.session.pop("reporting_extra_typed", None) or {},
        "submit_problems": request.session.pop("reporting_submit_problems", None) or [],
    }
    if found is not None:
        lines = list(found.lines.prefetch_related("evidence"))
        entries = []
        for line in lines:
            if typed and line.pk == typed[0]:
                _pk, values, errors, conflict = typed
                entries.append(_line_entry(line, typed=values, errors=errors, conflict=conflict))
            else:
                entries.append(_line_entry(line))
        context.update(texts or _texts_context(found))
        context.update(
            lines=[entry for entry in entries if not entry["line"].is_extra],
            extras=[entry for entry in entries if entry["line"].is_extra],
            summary=selectors.report_summary(found, lines),
            progress=selectors.report_progress(lines),
            can_write=_may_write(request.user, found),
            can_submit=found.state == ReportState.DRAFT
            and scope.has_capability(request.user, Capability.REPORT_PROGRESS, organisation),
        )
    return render(request, "reporting/report.html", context, status=status)


def _texts_context(report, *, typed=None, stale=None) -> dict:
    """The summary and problems form: the token of what is stored, and after a refused
    save what was typed and, when someone saved in between, both values."""
    context = {"texts_token": edits.texts_token(report), "texts": typed or edits.texts_values(report)}
    if stale is not None:
        context["texts_conflict"] = edits.conflicts(stale.current, typed, model=Report)
        context["texts_message"] = " ".join(stale.messages)
    return context


def _stale_line(request, found, line, values, stale: StaleEdit):
    """A save over a newer one: the line comes back as stored now beside what was typed,
    the form keeping what was typed and carrying the token of what is stored (so saving
    again, having seen both, replaces it)."""
    line = ReportLine.objects.prefetch_related("evidence").get(pk=line.pk)
    errors = {"__all__": " ".join(stale.messages)}
    conflict = edits.conflicts(stale.current, values)
    if not is_htmx(request):
        return _render_report_of(request, found, typed=(line.pk, values, errors, conflict), status=409)
    context = _line_block_context(request, found)
    context["entry"] = _line_entry(line, typed=values, errors=errors, conflict=conflict)
    response = render(request, "reporting/_line.html", context, status=422)
    response["HX-Retarget"] = f"#line-{line.pk}"
    response["HX-Reswap"] = "outerHTML"
    return response


def _line_block_context(request, found) -> dict:
    """What _line.html needs beside its entry, when rendered on its own."""
    return {
        "report": found,
        "can_write": _may_write(request.user, found),
        "statuses": LineStatus.choices,
        "reasons": NotPossibleReason.choices,
        "max_mb": evidence_services.evidence_max_bytes() // (1024 * 1024),
    }


def _render_report_of(request, found, **kwargs):
    organisation, round = found.organisation, found.round
    expected = ExpectedOrganisation.objects.filter(
        round=round, organisation=organisation, removed_at__isnull=True
    ).first()
    return _render_report(request, organisation, round.cycle, round, found, expected, True, **kwargs)


def _line_values(data) -> dict:
    values = {field: data.get(field, "") for field in LINE_FIELDS}
    values["in_ordinance"] = data.get("in_ordinance", "") in ("on", "1", "true", "yes")
    if "title" in data:
        values["title"] = data.get("title", "")
        values["dimension"] = data.get("dimension", "")
    return values


@login_required_keeping_input
@require_http_methods(["GET", "POST"])
def line_save(request, organisation_code, cycle_code, round_code, line_id):
    """Save one line (as the officer moves on: htmx on change; or its own button). A GET
    comes back from the login page after the session ran out: what was typed was kept
    over the login and is saved now, or shown again with what is wrong."""
    found = _report_or_404(request, organisation_code, cycle_code, round_code, Capability.REPORT_PROGRESS)
    line = get_object_or_404(ReportLine, report=found, pk=line_id)
    if request.method == "GET":
        return _line_after_login(request, found, line)
    values = _line_values(request.POST)
    seen = {line.pk: request.POST.get(STATE_FIELD, "")}
    try:
        services.report_save(actor=request.user, report=found, lines={line.pk: values}, seen_lines=seen)
    except StaleEdit as stale:
        return _stale_line(request, found, line, values, stale)
    except ValidationError as error:
        errors = _field_errors(error, f"lines.{line.pk}")
        if is_htmx(request):
            return render(request, "reporting/_line_status.html", {"line": line, "errors": errors}, status=422)
        for message in errors.values():
            messages.error(request, message)
        return redirect(_report_url(found, f"line-{line.pk}"))
    if is_htmx(request):
        found.refresh_from_db()
        lines = list(found.lines.all())
        saved = next(other for other in lines if other.pk == line.pk)
        return render(
            request,
            "reporting/_line_status.html",
            {
                "line": saved,
                "saved_at": timezone.now(),
                "summary": selectors.report_summary(found, lines),
                "progress": selectors.report_progress(lines, after=saved),
                "warnings": line_warnings(saved),
                "report": found,
                "can_submit": found.state == ReportState.DRAFT,
                "token": edits.line_token(saved),
                "token_id": f"line-token-{saved.pk}",
            },
        )
    messages.success(request, _("บันทึกรายการแล้ว"))
    return redirect(_report_url(found, f"line-{line.pk}"))


def _line_after_login(request, found, line):
    data = kept_input(request)
    if data is None:
        return redirect(_report_url(found, f"line-{line.pk}"))
    values = _line_values(data)
    seen = {line.pk: data.get(STATE_FIELD, "")}
    try:
        services.report_save(actor=request.user, report=found, lines={line.pk: values}, seen_lines=seen)
    except StaleEdit as stale:
        return _stale_line(request, found, line, values, stale)
    except ValidationError as error:
        messages.error(request, _("ยังไม่ได้บันทึกรายการที่พิมพ์ไว้ก่อนหมดเวลาเข้าสู่ระบบ: แก้ไขช่องที่แจ้งแล้วบันทึกอีกครั้ง"))
        errors = _field_errors(error, f"lines.{line.pk}")
        return _render_report_of(request, found, typed=(line.pk, values, errors, []), status=422)
    messages.success(request, _("บันทึกรายการที่พิมพ์ไว้ก่อนหมดเวลาเข้าสู่ระบบแล้ว"))
    return redirect(_report_url(found, f"line-{line.pk}"))


@login_required_keeping_input
@require_POST
def texts_save(request, organisation_code, cycle_code, round_code):
    found = _report_or_404(request, organisation_code, cycle_code, round_code, Capability.REPORT_PROGRESS)
    typed = {field: request.POST.get(field, "") for field in edits.TEXT_FIELDS}
    try:
        services.report_save(actor=request.user, report=found, seen_texts=request.POST.get(STATE_FIELD, ""), **typed)
    except StaleEdit as stale:
        found.refresh_from_db()
        texts = _texts_context(found, typed=typed, stale=stale)
        if not is_htmx(request):
            return _render_report_of(request, found, texts=texts, status=409)
        response = render(request, "reporting/_texts.html", {"report": found, "can_write": True, **texts}, status=422)
        response["HX-Retarget"] = "#texts"
        response["HX-Reswap"] = "outerHTML"
        return response
    except ValidationError as error:
        if is_htmx(request):
            return render(
                request,
                "reporting/_line_status.html",
                {"errors": {"__all__": " ".join(_messages_of(error))}},
                status=422,
            )
        for message in _messages_of(error):
            messages.error(request, message)
        return redirect(_report_url(found, "texts"))
    if is_htmx(request):
        found.refresh_from_db()
        context = {"saved_at": timezone.now(), "token": edits.texts_token(found), "token_id": "texts-token"}
        return render(request, "reporting/_line_status.html", context)
    messages.success(request, _("บันทึกสรุปผลแล้ว"))
    return redirect(_report_url(found, "texts"))


@login_required_keeping_input
@require_POST
def extra_add(request, organisation_code, cycle_code, round_code):
    """An item done outside the plan."""
    found = _report_or_404(request, organisation_code, cycle_code, round_code, Capability.REPORT_PROGRESS)
    values = _line_values(request.POST)
    values.setdefault("title", "")
    values.setdefault("dimension", "")
    try:
        services.report_save(actor=request.user, report=found, extras=[values])
    except ValidationError as error:
        errors = _field_errors(error, "extras.1")
        for message in errors.values():
            messages.error(request, message)
        request.session["reporting_extra_typed"] = {
            "title": values["title"],
            "dimension": str(values["dimension"]),
            "status": values["status"],
        }
        return redirect(_report_url(found, "extras"))
    request.session.pop("reporting_extra_typed", None)
    messages.success(request, _("เพิ่มรายการนอกแผนแล้ว"))
    return redirect(_report_url(found, "extras"))


@login_required
@require_POST
def extra_remove(request, organisation_code, cycle_code, round_code, line_id):
    found = _report_or_404(request, organisation_code, cycle_code, round_code, Capability.REPORT_PROGRESS)
    line = get_object_or_404(ReportLine, report=found, pk=line_id, item_id__isnull=True)
    seen = {line.pk: request.POST.get(STATE_FIELD, "")}
    try:
        services.report_save(actor=request.user, report=found, removed_extras=[line.pk], seen_lines=seen)
    except StaleEdit:
        messages.error(
            request,
            _("ยังไม่ได้ลบ “%(title)s”: มีผู้อื่นแก้ไขรายการนี้หลังจากที่คุณเปิดหน้านี้ ตรวจรายการอีกครั้งก่อนลบ")
            % {"title": line.title[:60]},
        )
    except ValidationError as error:
        for message in _messages_of(error):
            messages.error(request, message)
    else:
        messages.success(request, _("ลบรายการนอกแผน “%(title)s” แล้ว") % {"title": line.title[:60]})
    if is_htmx(request):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = _report_url(found, "extras")
        return response
    return redirect(_report_url(found, "extras"))


@login_required_keeping_input
@require_POST
@refused_is_not_found
def submit(request, organisation_code, cycle_code, round_code):
    found = _report_or_404(request, organisation_code, cycle_code, round_code, Capability.REPORT_PROGRESS)
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("กรุณายืนยันว่าผู้บริหารเห็นชอบรายงานนี้แล้วก่อนส่ง"))
        return redirect(_report_url(found, "submit"))
    try:
        done = services.report_submit(actor=request.user, report=found)
    except ValidationError as error:
        problems = _messages_of(error)
        messages.error(
            request,
            _("ยังส่งไม่ได้ (%(count)s เรื่อง): %(first)s") % {"count": len(problems), "first": problems[0]},
        )
        request.session["reporting_submit_problems"] = problems
        return redirect(_report_url(found, "submit"))
    messages.success(
        request,
        _("ส่งรายงานแล้ว เลขที่รับ %(receipt)s%(late)s")
        % {"receipt": done.receipt_number, "late": _(" (ส่งหลังกำหนด)") if done.is_late else ""},
    )
    return redirect(_report_url(found))


_REPORT = "<str:organisation_code>/<str:cycle_code>/<str:round_code>/"

urlpatterns = [
    path("", require_safe(home), name="home"),
    path(_REPORT, report, name="report"),
    path(_REPORT + "lines/<int:line_id>/", line_save, name="line_save"),
    path(_REPORT + "texts/", texts_save, name="texts_save"),
    path(_REPORT + "extras/", extra_add, name="extra_add"),
    path(_REPORT + "extras/<int:line_id>/remove/", extra_remove, name="extra_remove"),
    path(_REPORT + "submit/", submit, name="submit"),
]
