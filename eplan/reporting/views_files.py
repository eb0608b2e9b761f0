"""A report as Excel (export, and import for organisations that fill it in offline) and as
PDF (for the organisation's website).

Import is two steps on one address: an uploaded file is checked as a whole and its
preview shown (which lines change, old → new; or every problem by row and column), with
nothing saved; the answers that would change wait in the session, and confirming applies
exactly those through services.report_save, or is refused if the report changed in
between."""

import secrets

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from eplan.accounts.decorators import login_required_keeping_input
from eplan.accounts.roles import Capability
from eplan.core import pdf
from eplan.core.concurrency import StaleEdit
from eplan.core.http import refused_is_not_found
from eplan.core.ratelimit import rate_limit
from eplan.core.spreadsheets import XlsxUploadForm, xlsx_response
from eplan.frameworks.models import Cycle
from eplan.reporting import edits, excel, selectors, services
from eplan.reporting.downloads import download_record
from eplan.reporting.models import ReportState

MAX_PROBLEMS_SHOWN = 300
BAND_LABELS = {"green": gettext_lazy("สีเขียว"), "orange": gettext_lazy("สีส้ม"), "red": gettext_lazy("สีแดง")}


class UploadForm(XlsxUploadForm):
    help_text = gettext_lazy("ใช้ไฟล์ที่ส่งออกจากหน้ารายงานผลนี้ ขนาดไม่เกิน 5 MB")


def _report_or_404(request, organisation_code, cycle_code, round_code, capability=Capability.VIEW):
    cycle = get_object_or_404(Cycle, code=cycle_code)
    round = selectors.round_or_404(cycle, round_code)
    return selectors.report_for_user_or_404(request.user, round, organisation_code, capability)


def _stem(report) -> str:
    return f"{report.organisation.code}-{report.round.cycle.code}-{report.round.code}"


@login_required_keeping_input
@rate_limit("export")
def report_xlsx(request, organisation_code, cycle_code, round_code):
    report = _report_or_404(request, organisation_code, cycle_code, round_code)
    workbook = excel.build_workbook(report, list(report.lines.all()))
    download_record(actor=request.user, what="report_xlsx", obj=report, organisation=report.organisation)
    return xlsx_response(workbook, f"report-{_stem(report)}.xlsx")


# Import -----------------------------------------------------------------------------------


def _session_key(report):
    return f"reporting_excel_import_{report.pk}"


def _render_upload(request, report, form, problems=(), file_name="", status=200):
    problems = list(problems)
    context = {
        "report": report,
        "form": form,
        "problems": problems[:MAX_PROBLEMS_SHOWN],
        "problems_hidden": max(len(problems) - MAX_PROBLEMS_SHOWN, 0),
        "problem_count": len(problems),
        "file_name": file_name,
    }
    return render(request, "reporting/files/import.html", context, status=status)


def _preview(request, report, reading, file_name):
    token = secrets.token_urlsafe(16)
    request.session[_session_key(report)] = {
        "token": token,
        "file_name": file_name[:200],
        "fingerprint": excel.lines_fingerprint(report.lines.all()),
        "lines": {str(change.line.pk): change.values for change in reading.changes},
        # What each changed line held when previewed, checked again with the report locked.
        "seen": {str(change.line.pk): edits.line_token(change.line) for change in reading.changes},
        "rows": {str(line_id): row for line_id, row in reading.rows.items()},
        "letters": reading.letters,
    }
    changes = [
        {
            "row": change.row,
            "line": change.line,
            "fields": [
                {
                    "label": excel.place(name, {})[0] or name,
                    "old": excel.shown(name, old),
                    "new": excel.shown(name, new),
                }
                for name, old, new in change.fields
            ],
        }
        for change in reading.changes
    ]
    context = {
        "report": report,
        "file_name": file_name,
        "token": token,
        "changes": changes,
        "unchanged": reading.unchanged,
    }
    return render(request, "reporting/files/preview.html", context)


@refused_is_not_found
def _apply(request, report, organisation_code, cycle_code, round_code):
    key = _session_key(report)
    pending = request.session.pop(key, None)
    again = redirect("reporting:report_import", organisation_code, cycle_code, round_code)
    if pending is None or pending["token"] != request.POST.get("token"):
        messages.info(request, _("ไม่มีไฟล์ที่รอนำเข้า หรือมีการอัปโหลดไฟล์อื่นแทนแล้ว กรุณาเลือกไฟล์อีกครั้ง"))
        return again
    if excel.lines_fingerprint(report.lines.all()) != pending["fingerprint"]:
        messages.error(request, _("รายงานมีการแก้ไขหลังจากตรวจไฟล์ กรุณาอัปโหลดไฟล์อีกครั้ง"))
        return again
    if pending["lines"]:
        try:
            services.report_save(
                actor=request.user, report=report, lines=pending["lines"], seen_lines=pending.get("seen")
            )
        except StaleEdit:
            messages.error(request, _("รายงานมีการแก้ไขหลังจากตรวจไฟล์ กรุณาอัปโหลดไฟล์อีกครั้ง"))
            return again
        except ValidationError as error:
            problems = excel.problems_of(error, rows=pending["rows"], letters=pending["letters"])
            return _render_upload(request, report, UploadForm(), problems, pending["file_name"], status=422)
        count = len(pending["lines"])
        messages.success(request, _("นำเข้าจาก Excel แล้ว: แก้ไข %(count)s รายการ") % {"count": count})
    else:
        messages.info(request, _("ไฟล์ไม่มีการเปลี่ยนแปลงจากรายงานปัจจุบัน จึงไม่ได้บันทึกอะไร"))
    return redirect("reporting:report", organisation_code, cycle_code, round_code)


@login_required_keeping_input
@rate_limit("upload")
def report_import(request, organisation_code, cycle_code, round_code):
    """GET: the upload form. POST with a file: the preview, nothing saved. POST confirm: apply."""
    report = _report_or_404(request, organisation_code, cycle_code, round_code, Capability.REPORT_PROGRESS)
    if report.state != ReportState.DRAFT:
        request.session.pop(_session_key(report), None)
        messages.error(request, _("รายงานนี้ส่งแล้ว นำเข้าจาก Excel ไม่ได้จนกว่าสำนักงาน ป.ป.ช. ประจำจังหวัดจะเปิดให้แก้ไข"))
        return redirect("reporting:report", organisation_code, cycle_code, round_code)
    if request.method == "POST" and "confirm" in request.POST:
        return _apply(request, report, organisation_code, cycle_code, round_code)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method != "POST":
        return _render_upload(request, report, form)
    request.session.pop(_session_key(report), None)  # a new upload replaces the file waiting
    if not form.is_valid():
        return _render_upload(request, report, form, status=422)
    upload = form.cleaned_data["file"]
    reading = excel.read_workbook(upload.read(), report=report)
    if reading.problems:
        return _render_upload(request, report, form, reading.problems, upload.name, status=422)
    return _preview(request, report, reading, upload.name)


# PDF --------------------------------------------------------------------------------------


def pdf_context(report) -> dict:
    lines = list(report.lines.all())
    summary = selectors.report_summary(report, lines)
    dimensions = [(d["number"], d["title"]) for d in report.version.snapshot["dimensions"]]
    known = {number for number, _title in dimensions}
    dimensions += [(number, "") for number in sorted(summary.dimensions) if number not in known]
    groups = []
    for number, title in dimensions:
        in_dimension = [line for line in lines if not line.is_extra and line.dimension == number]
        tally = summary.dimensions.get(number) or selectors.Tally()
        groups.append({"number": number, "title": title, "tally": tally, "lines": in_dimension})
    green, orange = selectors.BANDS[report.round.kind]
    return {
        "report": report,
        "organisation": report.organisation,
        "round": report.round,
        "cycle": report.round.cycle,
        "summary": summary,
        "groups": groups,
        "extras": [line for line in lines if line.is_extra],
        "band_label": BAND_LABELS.get(summary.band, ""),
        "band": {"green": green, "orange": orange},
        "is_draft": report.state == ReportState.DRAFT,
        "printed_at": timezone.now(),
    }


def report_pdf_response(request, report):
    """The report as an A4 PDF (also served publicly, once submitted, by eplan.public)."""
    thai_digits = request.GET.get("digits") == "thai"
    content = pdf.render_pdf("reporting/pdf/report.html", pdf_context(report), request=request, thai_digits=thai_digits)
    values = {
        "org": report.organisation.display_name,
        "round": report.round.get_kind_display(),
        "year": report.round.fiscal_year,
    }
    if report.state == ReportState.DRAFT:
        name = _("รายงานผล %(org)s %(round)s ปีงบประมาณ %(year)s ฉบับร่าง") % values
        fallback = f"report-{_stem(report)}-draft.pdf"
    else:
        name = _("รายงานผล %(org)s %(round)s ปีงบประมาณ %(year)s") % values
        fallback = f"report-{_stem(report)}.pdf"
    return pdf.pdf_response(content, f"{name}.pdf", fallback=fallback)


@login_required_keeping_input
@rate_limit("export")
def report_pdf(request, organisation_code, cycle_code, round_code):
    report = _report_or_404(request, organisation_code, cycle_code, round_code)
    if report.state == ReportState.DRAFT:  # a submitted report's PDF is public (eplan.public)
        download_record(actor=request.user, what="report_pdf_draft", obj=report, organisation=report.organisation)
    return report_pdf_response(request, report)


_REPORT = "<str:organisation_code>/<str:cycle_code>/<str:round_code>/"

urlpatterns = [
    path(_REPORT + "report.xlsx", require_safe(report_xlsx), name="report_xlsx"),
    path(_REPORT + "import/", report_import, name="report_import"),
    path(_REPORT + "report.pdf", require_safe(report_pdf), name="report_pdf"),
]
