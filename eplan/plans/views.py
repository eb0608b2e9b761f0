"""The LAO's plan workspace: overview with the instant pre-assessment, Part 1, Part 2/3
items edited inline (htmx), self-assessment, and submission."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from eplan.accounts import scope
from eplan.accounts.decorators import kept_input, login_required_keeping_input
from eplan.accounts.roles import Capability
from eplan.core.concurrency import STATE_FIELD, StaleEdit, state_token
from eplan.core.forms import errors_into
from eplan.core.http import is_htmx, refused_is_not_found
from eplan.core.text import join_hard_wraps, looks_hard_wrapped
from eplan.frameworks.checks import PART1_SECTIONS
from eplan.frameworks.models import Cycle
from eplan.frameworks.selectors import cycle_window_state, framework_of
from eplan.plans import conflicts, document, edit_state, extensions, selectors, services
from eplan.plans.forms import ItemForm, Part1Form
from eplan.plans.models import Plan, PlanItem
from eplan.plans.titles import item_labels


def _workspace(request, plan, **extra):
    """What every page of the workspace shows: the document, the pre-assessment, rights."""
    framework = extra.pop("framework", None) or framework_of(plan.cycle)
    doc = document.build(plan, framework=framework)
    can_edit = plan.is_editable and scope.has_capability(request.user, Capability.EDIT_PLAN, plan.organisation)
    return {
        "plan": plan,
        "doc": doc,
        "check": document.preassessment(doc, language=translation.get_language()),
        "framework": framework,
        "can_edit": can_edit,
        "can_submit": plan.is_editable
        and scope.has_capability(request.user, Capability.SUBMIT_PLAN, plan.organisation),
        "window": cycle_window_state(plan.cycle),
        "latest": selectors.latest_version(plan),
        "labels": item_labels(doc),
        **extra,
    }


@login_required_keeping_input
def plans_home(request):
    """LAO staff: the cycles of their organisation(s). Staff: plans in their scope."""
    organisations = list(scope.lao_organisations_of(request.user))
    cycles = list(Cycle.objects.all())
    rows = []
    plans = {
        (plan.organisation_id, plan.cycle_id): plan
        for plan in Plan.objects.filter(organisation__in=organisations).select_related("cycle")
    }
    for organisation in organisations:
        for cycle in cycles:
            rows.append(
                {
                    "organisation": organisation,
                    "cycle": cycle,
                    "plan": plans.get((organisation.pk, cycle.pk)),
                    "window": cycle_window_state(cycle),
                    "previous": [p for (o, _c), p in plans.items() if o == organisation.pk and p.cycle_id != cycle.pk],
                }
            )
    staff_plans = None
    if not organisations:
        staff_plans = (
            selectors.plans_for_user(request.user)
            .select_related("organisation__province", "organisation__district", "cycle")
            .order_by("-updated_at")[:200]
        )
    return render(request, "plans/home.html", {"rows": rows, "staff_plans": staff_plans})


@login_required_keeping_input
@require_POST
def plan_start(request, organisation_code, cycle_code):
    organisation = scope.organisation_for_user_or_404(request.user, organisation_code, Capability.EDIT_PLAN)
    cycle = get_object_or_404(Cycle, code=cycle_code)
    source_id = request.POST.get("copy_from", "")
    if source_id and not source_id.isdigit():
        raise Http404
    try:
        if source_id:
            source = get_object_or_404(Plan, pk=source_id, organisation=organisation)
            _plan, unplaced = services.plan_copy_forward(actor=request.user, source=source, cycle=cycle)
            messages.success(
                request,
                _("เริ่มแผนจากแผนรอบ %(code)s แล้ว") % {"code": source.cycle.code}
                + (_(" มี %(n)s รายการที่ต้องเลือกภารกิจใหม่") % {"n": len(unplaced)} if unplaced else ""),
            )
        else:
            services.plan_start(actor=request.user, organisation=organisation, cycle=cycle)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("plans:home")
    return redirect("plans:overview", organisation_code, cycle_code)


@login_required_keeping_input
def overview(request, organisation_code, cycle_code):
    plan = selectors.plan_for_user_or_404(request.user, organisation_code, cycle_code)
    context = _workspace(
        request,
        plan,
        versions=list(plan.versions.select_related("submitted_by")),
        panels=extensions.overview_panels(request, plan),
    )
    return render(request, "plans/overview.html", context)


@login_required_keeping_input
@refused_is_not_found
def part1(request, organisation_code, cycle_code):
    plan = selectors.plan_for_user_or_404(request.user, organisation_code, cycle_code)
    data = kept_input(request) or (request.POST if request.method == "POST" else None)
    # The state the form was opened from travels with it (also through a lost session).
    state = data.get(STATE_FIELD, "") if data is not None else edit_state.part1_state(plan)
    form = Part1Form(data, instance=plan) if data is not None else Part1Form(instance=plan)
    restored = data is not None and request.method == "GET"
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.part1_update(actor=request.user, plan=plan, data=form.cleaned_data, seen=state)
        except StaleEdit as stale:
            typed = {name: form.cleaned_data.get(name) for name in edit_state.PART1_STATE_FIELDS}
            labels = {name: form.fields[name].label for name in edit_state.PART1_STATE_FIELDS}
            conflict = conflicts.refusal(stale, conflicts.part1_rows(stale.current, typed, labels))
            state = state_token(stale.current)
        except ValidationError as error:
            errors_into(form, error)
        else:
            messages.success(request, _("บันทึกส่วนที่ 1 แล้ว"))
            return redirect("plans:part1", organisation_code, cycle_code)
    suggestions = [] if form.is_bound or not plan.is_editable else _join_suggestions(plan)
    context = _workspace(
        request, plan, form=form, restored=restored, join_suggestions=suggestions, state=state, conflict=conflict
    )
    refused = request.method == "POST" and (form.errors or conflict)
    return render(request, "plans/part1.html", context, status=422 if refused else 200)


def _join_suggestions(plan) -> list[dict]:
    """Sections whose text looks pasted from a PDF with a line break per printed line,
    with the joined text to look at before accepting it."""
    found = []
    for name in Plan.PASTED_TEXT_FIELDS:
        current = getattr(plan, name)
        if looks_hard_wrapped(current):
            found.append(
                {
                    "field": name,
                    "label": str(PART1_SECTIONS.get(name) or Plan._meta.get_field(name).verbose_name),
                    "current": current,
                    "joined": join_hard_wraps(current),
                    "seen": services.text_digest(current),
                }
            )
    return found


@login_required_keeping_input
@require_POST
@refused_is_not_found
def part1_join(request, organisation_code, cycle_code):
    plan = selectors.plan_for_user_or_404(request.user, organisation_code, cycle_code, Capability.EDIT_PLAN)
    try:
        services.part1_join_lines(
            actor=request.user, plan=plan, field=request.POST.get("field", ""), seen_sha256=request.POST.get("seen", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("รวมบรรทัดแล้ว"))
    return redirect("plans:part1", organisation_code, cycle_code)


@login_required_keeping_input
def items(request, organisation_code, cycle_code):
    plan = selectors.plan_for_user_or_404(request.user, organisation_code, cycle_code)
    return render(request, "plans/items.html", _workspace(request, plan, wide=True))


@login_required_keeping_input
def details(request, organisation_code, cycle_code):
    """Part 3: the details of every item, as in the document."""
    plan = selectors.plan_for_user_or_404(request.user, organisation_code, cycle_code)
    return render(request, "plans/details.html", _workspace(request, plan))


def _editable_plan(request, organisation_code, cycle_code):
    plan = selectors.plan_for_user_or_404(request.user, organisation_code, cycle_code, Capability.EDIT_PLAN)
    return plan


def _item_response(request, plan, item, framework, *, status=200, form=None, mission_id=None, state="", conflict=None):
    """After a change: the item row (or its form) plus the refreshed pre-assessment and totals."""
    context = _workspace(request, plan, framework=framework, wide=True)
    context.update({"form": form, "item": item, "mission_id": mission_id, "state": state, "conflict": conflict})
    if form is not None:
        if not is_htmx(request):
            return render(request, "plans/item_page.html", context, status=status)
        response = render(request, "plans/_item_form.html", context, status=status)
        if status == 422:
            # The form row replaces itself, wherever the request meant to put its answer.
            response["HX-Retarget"] = f"#item-{item.pk}" if item else f"#new-in-{mission_id}"
            response["HX-Reswap"] = "outerHTML"
        return response
    return render(request, "plans/_items_changed.html", context, status=status)


@login_required_keeping_input
@refused_is_not_found
def item_new(request, organisation_code, cycle_code):
    plan = _editable_plan(request, organisation_code, cycle_code)
    framework = framework_of(plan.cycle)
    data = kept_input(request) or (request.POST if request.method == "POST" else None)
    mission_id = request.GET.get("mission", "")
    mission_id = mission_id if mission_id.isdigit() else ""
    form = ItemForm(data, plan=plan, framework=framework, initial={"mission": mission_id, "kind": "project"})
    if request.method == "POST" and form.is_valid():
        try:
            services.item_save(
                actor=request.user,
                plan=plan,
                mission=form.cleaned_data["mission"],
                fields=form.item_fields,
                budgets=form.cleaned_data["budgets"],
            )
        except ValidationError as error:
            errors_into(form, error)
        else:
            if is_htmx(request):
                return _item_response(request, plan, None, framework)
            messages.success(request, _("เพิ่มรายการแล้ว"))
            return redirect("plans:items", organisation_code, cycle_code)
    return _item_response(
        request, plan, None, framework, form=form, status=422 if form.errors else 200, mission_id=mission_id
    )


def _item_of(plan, pk):
    return get_object_or_404(PlanItem.objects.select_related("mission").prefetch_related("budgets"), pk=pk, plan=plan)


@login_required_keeping_input
@refused_is_not_found
def item_edit(request, organisation_code, cycle_code, pk):
    plan = _editable_plan(request, organisation_code, cycle_code)
    item = _item_of(plan, pk)
    framework = framework_of(plan.cycle)
    data = kept_input(request) or (request.POST if request.method == "POST" else None)
    # The state the form was opened from travels with it (also through a lost session).
    state = data.get(STATE_FIELD, "") if data is not None else edit_state.item_state(item)
    form = ItemForm(data, plan=plan, framework=framework, initial=ItemForm.initial_for(item))
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.item_save(
                actor=request.user,
                plan=plan,
                item=item,
                mission=form.cleaned_data["mission"],
                fields=form.item_fields,
                budgets=form.cleaned_data["budgets"],
                seen=state,
            )
        except StaleEdit as stale:
            typed = edit_state.typed_item_values(
                mission=form.cleaned_data["mission"], fields=form.item_fields, budgets=form.cleaned_data["budgets"]
            )
            found = conflicts.item_rows(stale.current, typed, plan.cycle.fiscal_years)
            conflict = conflicts.refusal(stale, found)
            state = state_token(stale.current)
        except ValidationError as error:
            errors_into(form, error)
        else:
            if is_htmx(request):
                return _item_response(request, plan, item, framework)
            messages.success(request, _("บันทึกรายการแล้ว"))
            return redirect(reverse("plans:items", args=[organisation_code, cycle_code]) + f"#item-{item.pk}")
    refused = bool(form.errors or conflict)
    return _item_response(
        request, plan, item, framework, form=form, status=422 if refused else 200, state=state, conflict=conflict
    )


@login_required_keeping_input
@require_POST
def item_action(request, organisation_code, cycle_code, pk, action):
    plan = _editable_plan(request, organisation_code, cycle_code)
    item = _item_of(plan, pk)
    try:
        if action == "delete":
            services.item_delete(actor=request.user, item=item)
        elif action in ("up", "down"):
            services.item_move(actor=request.user, item=item, direction=-1 if action == "up" else 1)
        else:
            raise Http404
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [_("คุณไม่มีสิทธิ์ดำเนินการนี้")])))
    if is_htmx(request):
        return _item_response(request, plan, None, framework_of(plan.cycle))
    return redirect("plans:items", organisation_code, cycle_code)


@login_required_keeping_input
def self_assessment(request, organisation_code, cycle_code):
    plan = selectors.plan_for_user_or_404(request.user, organisation_code, cycle_code)
    framework = framework_of(plan.cycle)
    errors, conflict = {}, None
    data = kept_input(request) or (request.POST if request.method == "POST" else None)
    # The state the form was opened from travels with it (also through a lost session).
    state = data.get(STATE_FIELD, "") if data is not None else edit_state.self_assessment_state(plan)
    if request.method == "POST":
        if not (plan.is_editable and scope.has_capability(request.user, Capability.EDIT_PLAN, plan.organisation)):
            raise Http404
        entries = []
        for criterion in framework.criteria:
            raw = (data.get(f"score_{criterion.pk}") or "").strip()
            try:
                score = services.parse_score(raw)
            except ValueError as error:
                errors[criterion.pk] = str(error)
                continue
            entries.append(
                (criterion, score, data.get(f"evidence_{criterion.pk}", ""), data.get(f"url_{criterion.pk}", ""))
            )
        if not errors:
            try:
                services.self_assessment_save(actor=request.user, plan=plan, entries=entries, seen=state)
            except StaleEdit as stale:
                typed = edit_state.typed_self_assessment_values(entries)
                found = conflicts.self_assessment_rows(stale.current, typed, framework.criteria)
                conflict = conflicts.refusal(stale, found)
                state = state_token(stale.current)
            except ValidationError as error:
                if not hasattr(error, "error_dict"):  # the plan is no longer editable
                    conflict = {"message": " ".join(error.messages), "rows": []}
                else:
                    errors = {int(key): " ".join(value) for key, value in error.message_dict.items()}
            else:
                messages.success(request, _("บันทึกการประเมินตนเองแล้ว"))
                return redirect("plans:sar", organisation_code, cycle_code)
    context = _workspace(
        request,
        plan,
        framework=framework,
        sar_errors=errors,
        restored=data is not None,
        wide=True,
        state=state,
        conflict=conflict,
    )
    for row in context["check"]["criteria"]:
        # Show what was typed when the form comes back (error, or input kept over a login).
        key = row["id"]
        if data is not None:
            row["typed_score"] = data.get(f"score_{key}")
        elif row["self_score"] is None and row["automatic"]:
            # Pre-filled from the automatic check until the LAO scores it itself.
            row["typed_score"], row["prefilled"] = row["expected"], True
        else:
            row["typed_score"] = row["self_score"]
        row["typed_evidence"] = data.get(f"evidence_{key}", "") if data is not None else row["evidence"]
        row["typed_url"] = data.get(f"url_{key}", "") if data is not None else row["evidence_url"]
    return render(request, "plans/sar.html", context, status=422 if errors or conflict else 200)


@login_required_keeping_input
@require_POST
def submit(request, organisation_code, cycle_code):
    plan = selectors.plan_for_user_or_404(request.user, organisation_code, cycle_code, Capability.SUBMIT_PLAN)
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("กรุณาทำเครื่องหมายยืนยันก่อนส่งแผน"))
        return redirect("plans:overview", organisation_code, cycle_code)
    try:
        version = services.plan_submit(actor=request.user, plan=plan)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("plans:overview", organisation_code, cycle_code)
    messages.success(request, _("ส่งแผนแล้ว เลขที่รับ %(receipt)s") % {"receipt": version.receipt_number})
    return redirect("plans:version", organisation_code, cycle_code, version.number)
