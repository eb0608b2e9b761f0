"""Excel template, export and import of a plan's items (Part 2 and Part 3).

Import is two steps: the upload is checked as a whole (problems listed, nothing saved),
and a valid file waits in the session while the officer reads the preview of what will
be added, changed and deleted; confirming applies exactly that, or is refused if the plan
changed in between."""

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eplan.accounts.decorators import login_required_keeping_input
from eplan.accounts.roles import Capability
from eplan.core.http import refused_is_not_found
from eplan.core.money import NO_BUDGET
from eplan.core.ratelimit import rate_limit
from eplan.core.spreadsheets import XlsxUploadForm, xlsx_response
from eplan.frameworks.selectors import framework_of
from eplan.plans import document, excel, excel_front, selectors, services_import
from eplan.plans.models import ItemKind
from eplan.plans.views import _workspace

MAX_PROBLEMS_SHOWN = 300


class UploadForm(XlsxUploadForm):
    help_text = gettext_lazy("ใช้แบบฟอร์มหรือไฟล์ที่ส่งออกจากระบบ ขนาดไม่เกิน 5 MB")


def _session_key(plan):
    return f"plans_excel_import_{plan.pk}"


def _editable_plan_or_redirect(request, organisation_code, cycle_code):
    plan = selectors.plan_for_user_or_404(request.user, organisation_code, cycle_code, Capability.EDIT_PLAN)
    if plan.is_editable:
        return plan, None
    messages.error(request, _("แผนนี้ส่งแล้ว นำเข้าจาก Excel ไม่ได้จนกว่าสำนักงาน ป.ป.ช. ประจำจังหวัดจะส่งกลับให้แก้ไข"))
    return plan, redirect("plans:items", organisation_code, cycle_code)


@login_required_keeping_input
@rate_limit("export")
def template(request, organisation_code, cycle_code):
    plan = selectors.plan_for_user_or_404(request.user, organisation_code, cycle_code)
    return xlsx_response(excel.build_workbook(plan), f"eplan-{plan.cycle.code}-template.xlsx")


@login_required_keeping_input
@rate_limit("export")
def export(request, organisation_code, cycle_code):
    plan = selectors.plan_for_user_or_404(request.user, organisation_code, cycle_code)
    workbook = excel.build_workbook(plan, items=document.load_items(plan))
    return xlsx_response(workbook, f"eplan-{plan.organisation.code}-{plan.cycle.code}.xlsx")


@login_required_keeping_input
@rate_limit("upload")
def import_upload(request, organisation_code, cycle_code):
    plan, refused = _editable_plan_or_redirect(request, organisation_code, cycle_code)
    if refused:
        return refused
    form = UploadForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST":
        request.session.pop(_session_key(plan), None)  # a new upload replaces the file waiting
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        # Taken before reading, so that any change made while the file is read is caught.
        fingerprint = services_import.items_fingerprint(plan)
        reading = excel.read_workbook(upload.read(), plan=plan, framework=framework_of(plan.cycle))
        if not reading.problems:
            request.session[_session_key(plan)] = {
                "file_name": upload.name[:200],
                "fingerprint": fingerprint,
                "rows": reading.rows,
                "front": reading.front,
            }
            return redirect("plans:excel_import_apply", organisation_code, cycle_code)
        problems = reading.problems
    context = _workspace(
        request,
        plan,
        form=form,
        problems=problems[:MAX_PROBLEMS_SHOWN],
        problems_hidden=max(len(problems) - MAX_PROBLEMS_SHOWN, 0),
        problem_count=len(problems),
        file_name=request.FILES["file"].name if problems else "",
    )
    return render(request, "plans/excel_import.html", context, status=422 if form.errors or problems else 200)


def _shown(field_name, value):
    if field_name.startswith("budget:"):
        if value is None:
            return "—"
        return NO_BUDGET if value == NO_BUDGET else f"{Decimal(value):,.2f}"
    if value in (None, "", []):
        return "—"
    if field_name == "kind":
        return str(ItemKind(value).label) if value in ItemKind.values else value
    if field_name == "quarters":
        return ",".join(str(quarter) for quarter in value)
    if field_name == "target_groups":
        return "; ".join(value)
    return value


def _label(field_name, columns):
    if field_name == "mission":
        return _("ภารกิจ")
    return next((column.header for column in columns if column.key == field_name), field_name)


def _preview_rows(changes, plan):
    columns = excel.columns_for(plan)
    years = [str(year) for year in plan.cycle.fiscal_years]
    created = [
        {
            "row": row["row"],
            "mission": row["mission"],
            "kind": _shown("kind", row["kind"]),
            "title": row["title"],
            "budgets": [_shown(f"budget:{year}", row["budgets"].get(year)) for year in years],
        }
        for row in changes.created
    ]
    updated = [
        {
            "row": entry["row"]["row"],
            "item": entry["item"],
            "changes": [
                {"label": _label(name, columns), "old": _shown(name, old), "new": _shown(name, new)}
                for name, (old, new) in entry["changes"].items()
            ],
        }
        for entry in changes.updated
    ]
    return created, updated


@login_required_keeping_input
@refused_is_not_found
def import_apply(request, organisation_code, cycle_code):
    """GET: the preview of the file waiting in the session. POST: apply it."""
    plan, refused = _editable_plan_or_redirect(request, organisation_code, cycle_code)
    key = _session_key(plan)
    pending = request.session.get(key)
    if refused:
        request.session.pop(key, None)
        return refused
    if pending is None:
        messages.info(request, _("ยังไม่มีไฟล์ที่รอนำเข้า เลือกไฟล์ Excel ก่อน"))
        return redirect("plans:excel_import", organisation_code, cycle_code)
    if request.method == "POST":
        try:
            changes = services_import.items_import_apply(
                actor=request.user,
                plan=plan,
                rows=pending["rows"],
                expected_state=pending["fingerprint"],
                file_name=pending["file_name"],
                front=pending.get("front"),
            )
        except ValidationError as error:
            request.session.pop(key, None)
            messages.error(request, " ".join(error.messages))
            return redirect("plans:excel_import", organisation_code, cycle_code)
        request.session.pop(key, None)
        if changes.has_changes:
            messages.success(
                request,
                _("นำเข้าจาก Excel แล้ว: เพิ่ม %(created)s แก้ไข %(updated)s ลบ %(deleted)s รายการ") % changes.counts(),
            )
        else:
            messages.info(request, _("ไฟล์ไม่มีการเปลี่ยนแปลงจากแผนปัจจุบัน จึงไม่ได้บันทึกอะไร"))
        return redirect("plans:items", organisation_code, cycle_code)
    if services_import.items_fingerprint(plan) != pending["fingerprint"]:
        request.session.pop(key, None)
        messages.error(request, _("แผนมีการแก้ไขหลังจากตรวจไฟล์ กรุณาอัปโหลดไฟล์อีกครั้ง"))
        return redirect("plans:excel_import", organisation_code, cycle_code)
    changes = services_import.items_import_changes(plan=plan, rows=pending["rows"], front=pending.get("front"))
    created, updated = _preview_rows(changes, plan)
    front = [
        {"label": excel_front.label(key), "old": old or "—", "new": new or "—"}
        for key, (old, new) in changes.front.items()
    ]
    context = _workspace(
        request,
        plan,
        file_name=pending["file_name"],
        changes=changes,
        counts=changes.counts(),
        created=created,
        updated=updated,
        years=plan.cycle.fiscal_years,
        front=front,
    )
    return render(request, "plans/excel_preview.html", context)
