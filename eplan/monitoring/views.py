"""Supervision pages: the main page (offices: the list, the May–June calendar and the way
to the summary; an อปท.: its visits and recommendations), the summary per province, a
visit, planning and recording. Outsiders get 404; reads answer GET and HEAD only."""

import calendar
import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from eplan.accounts import scope
from eplan.accounts.roles import STAFF_ROLES, Capability
from eplan.core.concurrency import STATE_FIELD, StaleEdit, state_token
from eplan.core.forms import errors_into
from eplan.core.thai import MONTHS_LONG, buddhist_year, fiscal_year_of, thai_date
from eplan.monitoring import selectors, services
from eplan.monitoring.forms import ReasonForm, VisitForm
from eplan.monitoring.models import AWAITING_ANSWER, FindingResult, VisitOrganisation, VisitState
from eplan.plans import conflicts
from eplan.registry.models import Organisation

WEEKDAYS = (
    gettext_lazy("อา."), gettext_lazy("จ."), gettext_lazy("อ."), gettext_lazy("พ."),
    gettext_lazy("พฤ."), gettext_lazy("ศ."), gettext_lazy("ส."),
)  # fmt: skip


def messages_of(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [message for found in error.message_dict.values() for message in found]
    return list(error.messages)


def is_office(user) -> bool:
    if getattr(user, "is_superuser", False):
        return True
    return any(assignment.role in STAFF_ROLES for assignment in scope.assignments_of(user))


def fiscal_year_asked(request) -> int:
    current = fiscal_year_of(timezone.localdate())
    try:
        year = int(request.GET.get("year", current))
    except (TypeError, ValueError):
        return current
    return year if 2543 <= year <= 2643 else current


def month_grid(first: datetime.date, visits) -> dict:
    """A month as weeks of days (Sunday first, as Thai calendars), each day with its visits."""
    by_day = {}
    for visit in visits:
        by_day.setdefault(visit.date, []).append(visit)
    weeks = calendar.Calendar(firstweekday=6).monthdatescalendar(first.year, first.month)
    return {
        "title": f"{MONTHS_LONG[first.month - 1]} {buddhist_year(first)}",
        "weeks": [
            [{"date": day, "inside": day.month == first.month, "visits": by_day.get(day, [])} for day in week]
            for week in weeks
        ],
    }


def _may_manage(user, visit) -> bool:
    return scope.organisations_for_user(user, Capability.MANAGE_SUPERVISION).filter(visits__visit=visit).exists()


@login_required
def index(request):
    user, today = request.user, timezone.localdate()
    year = fiscal_year_asked(request)
    visits = list(
        selectors.visits_for_user(user)
        .filter(fiscal_year=year)
        .annotate(organisations=Count("covered"))
        .prefetch_related(
            Prefetch(
                "covered",
                queryset=VisitOrganisation.objects.filter(
                    organisation__in=scope.organisations_for_user(user)
                ).select_related("organisation"),
                to_attr="shown",
            )
        )
        .order_by("date", "pk")
    )
    office = is_office(user)
    season = [
        month_grid(first, [v for v in visits if v.state != VisitState.CANCELLED])
        for first in selectors.season_months(year)
    ]
    context = {
        "year": year,
        "years": [year - 1, year, year + 1],
        "visits": visits,
        "months": season,
        "weekdays": WEEKDAYS,
        "office": office,
        "can_plan": scope.has_capability(user, Capability.MANAGE_SUPERVISION),
        "can_edit_checklist": scope.has_capability(user, Capability.EDIT_CHECKLIST),
        "today": today,
    }
    if not office:
        recommendations = list(
            selectors.recommendations_for_user(user)
            .select_related("organisation", "covered__visit")
            .order_by("due_on", "pk")
        )
        for recommendation in recommendations:
            recommendation.is_overdue = selectors.is_overdue(recommendation, today)
        context["recommendations"] = recommendations
        context["awaiting"] = AWAITING_ANSWER
    return render(request, "monitoring/index.html", context)


@login_required
def summary(request):
    if not is_office(request.user):
        raise Http404
    year = fiscal_year_asked(request)
    rows = selectors.province_summary(request.user, year, timezone.localdate())
    totals = {
        key: sum(row.get(key, 0) for row in rows)
        for key in ("done", "planned", "organisations", "open", "overdue", "answered", "closed")
    }
    return render(
        request,
        "monitoring/summary.html",
        {"year": year, "years": [year - 1, year, year + 1], "rows": rows, "totals": totals},
    )


@login_required
def visit(request, visit_id):
    found = selectors.visit_for_user_or_404(request.user, visit_id)
    today = timezone.localdate()
    covered = list(selectors.covered_for_user(request.user, found))
    for row in covered:
        for recommendation in row.recommendations.all():
            recommendation.is_overdue = selectors.is_overdue(recommendation, today)
    may_manage = _may_manage(request.user, found)
    return render(
        request,
        "monitoring/visit.html",
        {
            "visit": found,
            "covered": covered,
            "may_manage": may_manage,
            "may_record": may_manage and found.state != VisitState.CANCELLED and found.date <= today,
            "may_change": may_manage and found.state == VisitState.PLANNED,
            "all_covered": found.covered.count(),
            "cancel_form": ReasonForm(),
            "today": today,
        },
    )


def _planning_area(request):
    """The อปท. the planner may cover, narrowed to one province of its scope (?province=)."""
    user = request.user
    provinces = list(scope.provinces_for_user(user, Capability.MANAGE_SUPERVISION).order_by("code"))
    if not provinces:
        raise Http404
    asked = request.GET.get("province") or request.POST.get("province") or ""
    chosen = next((p for p in provinces if p.code == asked), provinces[0] if len(provinces) == 1 else None)
    area = scope.organisations_for_user(user, Capability.MANAGE_SUPERVISION).filter(active=True)
    area = area.filter(province=chosen) if chosen else area.none()
    return provinces, chosen, area


def _plan_conflict(stale: StaleEdit, form) -> dict:
    """What a refused plan shows: each field stored now otherwise than the planner typed."""
    typed = {**form.cleaned_data, "organisations": sorted(o.pk for o in form.cleaned_data["organisations"])}
    labels = {name: form.fields[name].label for name in ("date", "place", "team", "organisations")}
    shown = {*stale.current.get("organisations", ()), *typed["organisations"]}
    named = {o.pk: o.display_name for o in Organisation.objects.filter(pk__in=shown).only("name", "org_type")}

    def show(key, value):
        if key == "date":
            return thai_date(value)
        if key == "organisations":
            return ", ".join(named.get(pk, str(pk)) for pk in value)
        return value

    return conflicts.refusal(stale, conflicts.rows(stale.current, typed, labels, show))


def _visit_form_page(request, *, found=None):
    """Planning a visit, or changing a planned one. The edit form carries the state of the
    plan it was opened from (`_state`); a save over a newer one is refused (409)."""
    provinces, chosen, area = _planning_area(request)
    if found is not None and chosen is None:
        chosen = found.province
        area = scope.organisations_for_user(request.user, Capability.MANAGE_SUPERVISION).filter(province=chosen)
    initial = {}
    if found is not None:
        initial = {
            "date": found.date,
            "place": found.place,
            "team": found.team,
            "organisations": list(found.covered.values_list("organisation_id", flat=True)),
        }
    state = state_token(services.visit_values(found)) if found is not None else ""
    conflict = None
    if request.method == "POST":
        state = request.POST.get(STATE_FIELD, "")
        form = VisitForm(request.POST, organisations=area)
        if form.is_valid():
            data = form.cleaned_data
            arguments = {
                "actor": request.user,
                "date": data["date"],
                "place": data["place"],
                "team": data["team"],
                "organisations": list(data["organisations"]),
            }
            try:
                if found is None:
                    saved = services.visit_plan(**arguments)
                    messages.success(request, _("บันทึกแผนการนิเทศติดตามแล้ว"))
                else:
                    saved = services.visit_update(visit=found, seen=state, **arguments)
                    messages.success(request, _("แก้ไขแผนการนิเทศติดตามแล้ว"))
                return redirect("monitoring:visit", saved.pk)
            except StaleEdit as stale:
                conflict = _plan_conflict(stale, form)
                state = state_token(stale.current)
            except ValidationError as error:
                errors_into(form, error)
    else:
        form = VisitForm(initial=initial, organisations=area)
    return render(
        request,
        "monitoring/visit_form.html",
        {"form": form, "provinces": provinces, "chosen": chosen, "visit": found, "state": state, "conflict": conflict},
        status=409 if conflict else 200,
    )


@login_required
def visit_new(request):
    if not scope.has_capability(request.user, Capability.MANAGE_SUPERVISION):
        raise Http404
    return _visit_form_page(request)


@login_required
def visit_edit(request, visit_id):
    found = selectors.visit_for_user_or_404(request.user, visit_id, capability=Capability.MANAGE_SUPERVISION)
    if found.state != VisitState.PLANNED:
        messages.error(request, _("แก้ไขได้เฉพาะการนิเทศที่ยังไม่ได้บันทึกผล"))
        return redirect("monitoring:visit", found.pk)
    return _visit_form_page(request, found=found)


@login_required
@require_POST
def visit_cancel(request, visit_id):
    found = selectors.visit_for_user_or_404(request.user, visit_id, capability=Capability.MANAGE_SUPERVISION)
    try:
        services.visit_cancel(actor=request.user, visit=found, reason=request.POST.get("reason", ""))
        messages.success(request, _("ยกเลิกการนิเทศติดตามแล้ว"))
    except ValidationError as error:
        for message in messages_of(error):
            messages.error(request, message)
    return redirect("monitoring:visit", found.pk)


@login_required
@require_POST
def visit_complete(request, visit_id):
    found = selectors.visit_for_user_or_404(request.user, visit_id, capability=Capability.MANAGE_SUPERVISION)
    try:
        services.visit_complete(actor=request.user, visit=found, note=request.POST.get("note", ""))
        messages.success(request, _("บันทึกว่านิเทศติดตามแล้ว"))
    except ValidationError as error:
        for message in messages_of(error):
            messages.error(request, message)
    return redirect("monitoring:visit", found.pk)


def _typed_findings(post, items) -> dict:
    return {item.pk: (post.get(f"result_{item.pk}", ""), post.get(f"note_{item.pk}", "")) for item in items}


def _record_conflict(stale: StaleEdit, typed: dict, items) -> dict:
    """What a refused record shows: each answer stored now otherwise than typed."""
    attendance = {"yes": _("อปท. เข้าร่วม"), "no": _("อปท. ไม่ได้เข้าร่วม")}
    results = dict(FindingResult.choices)

    def finding(result, note):
        return " · ".join(str(part) for part in (results.get(result, ""), note.strip()) if part)

    def flat(attended, values, findings):
        found = {"attended": attendance.get(attended, ""), **values}
        found.update({str(item.pk): finding(*findings.get(item.pk, ("", ""))) for item in items})
        return found

    current = stale.current
    stored_findings = {int(pk): tuple(answer) for pk, answer in current.get("findings", {}).items()}
    stored = flat(
        {True: "yes", False: "no"}.get(current.get("attended"), ""),
        {name: current.get(name, "") for name in ("attendees", "absentees", "note")},
        stored_findings,
    )
    typed_flat = flat(
        typed["attended"], {name: typed[name] for name in ("attendees", "absentees", "note")}, typed["findings"]
    )
    labels = {
        "attended": _("การเข้าร่วม"),
        "attendees": _("ผู้เข้าร่วม (ชื่อ ตำแหน่ง)"),
        "absentees": _("ผู้ไม่ได้เข้าร่วม"),
        **{str(item.pk): f"{number}. {item.text}" for number, item in enumerate(items, start=1)},
        "note": _("ข้อสังเกต"),
    }
    return conflicts.refusal(stale, conflicts.rows(stored, typed_flat, labels))


@login_required
def record(request, covered_id):
    """Attendance and the checklist's findings for one อปท. of a visit. The form carries the
    state of the record it was opened from (`_state`); a save over a newer one is refused (409)."""
    covered = selectors.covered_for_user_or_404(request.user, covered_id, capability=Capability.MANAGE_SUPERVISION)
    items = services.checklist_of(covered.visit.fiscal_year)
    errors, status, conflict = [], 200, None
    if request.method == "POST":
        state = request.POST.get(STATE_FIELD, "")
        attended = {"yes": True, "no": False}.get(request.POST.get("attended", ""))
        try:
            services.visit_record(
                actor=request.user,
                covered=covered,
                attended=attended,
                attendees=request.POST.get("attendees", ""),
                absentees=request.POST.get("absentees", ""),
                note=request.POST.get("note", ""),
                findings=_typed_findings(request.POST, items),
                seen=state,
            )
            messages.success(request, _("บันทึกผลการนิเทศของ %(name)s แล้ว") % {"name": covered.organisation.display_name})
            return redirect("monitoring:visit", covered.visit_id)
        except PermissionDenied:
            raise Http404 from None
        except StaleEdit as stale:
            conflict, status = stale, 409
        except ValidationError as error:
            errors, status = messages_of(error), 422
        typed = {
            "attended": request.POST.get("attended", ""),
            "attendees": request.POST.get("attendees", ""),
            "absentees": request.POST.get("absentees", ""),
            "note": request.POST.get("note", ""),
            "findings": _typed_findings(request.POST, items),
        }
        if conflict is not None:
            conflict, state = _record_conflict(conflict, typed, items), state_token(conflict.current)
    else:
        state = state_token(services.record_values(covered))
        recorded = {finding.item_id: (finding.result, finding.note) for finding in covered.findings.all()}
        typed = {
            "attended": {True: "yes", False: "no"}.get(covered.attended, ""),
            "attendees": covered.attendees,
            "absentees": covered.absentees,
            "note": covered.note,
            "findings": recorded,
        }
    rows = [
        {
            "item": item,
            "result": typed["findings"].get(item.pk, ("", ""))[0],
            "note": typed["findings"].get(item.pk, ("", ""))[1],
        }
        for item in items
    ]
    return render(
        request,
        "monitoring/record.html",
        {
            "covered": covered,
            "visit": covered.visit,
            "rows": rows,
            "typed": typed,
            "errors": errors,
            "results": FindingResult.choices,
            "state": state,
            "conflict": conflict,
        },
        status=status,
    )


index = require_safe(index)
summary = require_safe(summary)
visit = require_safe(visit)
