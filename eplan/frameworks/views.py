"""Cycles and frameworks: public reading; central administrators edit until the first
plan of a cycle is submitted."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from eplan.accounts import scope
from eplan.accounts.roles import Capability
from eplan.core.forms import errors_into
from eplan.frameworks import services
from eplan.frameworks.forms import CriterionForm, CycleForm, MissionForm
from eplan.frameworks.models import Criterion, Cycle, Dimension, Mission
from eplan.frameworks.selectors import cycle_window_state, framework_of


def _is_admin(user):
    return scope.is_national(user, Capability.EDIT_FRAMEWORKS)


def _require_admin(request):
    if not _is_admin(request.user):
        raise Http404


def cycles(request):
    rows = [{"cycle": cycle, "window": cycle_window_state(cycle)} for cycle in Cycle.objects.all()]
    return render(request, "frameworks/cycles.html", {"rows": rows, "is_admin": _is_admin(request.user)})


def cycle_detail(request, code):
    cycle = get_object_or_404(Cycle, code=code)
    framework = framework_of(cycle)
    admin = _is_admin(request.user)
    return render(
        request,
        "frameworks/cycle.html",
        {
            "cycle": cycle,
            "framework": framework,
            "is_admin": admin,
            "can_edit_framework": admin and not cycle.is_framework_locked,
            "window": cycle_window_state(cycle),
            "criterion_form": CriterionForm(cycle=cycle) if admin else None,
        },
    )


@login_required
def cycle_new(request):
    _require_admin(request)
    choices = [(cycle.code, f"{cycle.code} {cycle.title}") for cycle in Cycle.objects.all()]
    form = CycleForm(request.POST or None, copy_choices=choices)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in CycleForm.Meta.fields}
        data["target_groups"] = form.cleaned_data["target_groups_text"]
        try:
            cycle = services.cycle_create(actor=request.user, **data)
            if form.cleaned_data.get("copy_from"):
                source = Cycle.objects.get(code=form.cleaned_data["copy_from"])
                services.framework_copy(actor=request.user, source=source, target=cycle)
        except ValidationError as error:
            errors_into(form, error)
        else:
            messages.success(request, _("สร้างรอบแผน %(code)s แล้ว") % {"code": cycle.code})
            return redirect("frameworks:cycle", cycle.code)
    return render(request, "frameworks/cycle_form.html", {"form": form, "cycle": None})


@login_required
def cycle_edit(request, code):
    _require_admin(request)
    cycle = get_object_or_404(Cycle, code=code)
    form = CycleForm(request.POST or None, instance=Cycle.objects.get(pk=cycle.pk))
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in CycleForm.Meta.fields if name in form.changed_data}
        data["target_groups"] = form.cleaned_data["target_groups_text"]
        try:
            cycle = services.cycle_update(actor=request.user, cycle=cycle, **data)
        except ValidationError as error:
            errors_into(form, error)
        else:
            messages.success(request, _("บันทึกรอบแผนแล้ว"))
            return redirect("frameworks:cycle", cycle.code)
    return render(request, "frameworks/cycle_form.html", {"form": form, "cycle": cycle})


@login_required
@require_POST
def dimension_edit(request, code, number):
    _require_admin(request)
    dimension = get_object_or_404(Dimension, cycle__code=code, number=number)
    try:
        services.dimension_update(actor=request.user, dimension=dimension, title=request.POST.get("title", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(reverse("frameworks:cycle", args=[code]) + f"#d{number}")


@login_required
@require_POST
def mission_edit(request, code, mission_code):
    _require_admin(request)
    mission = get_object_or_404(Mission, cycle__code=code, code=mission_code)
    action = request.POST.get("action", "save")
    try:
        if action == "delete":
            services.mission_delete(actor=request.user, mission=mission)
        elif action == "add_child":
            form = MissionForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("กรอกรหัสและชื่อภารกิจย่อย"))
            services.mission_create(
                actor=request.user,
                cycle=mission.cycle,
                dimension=mission.dimension,
                parent=mission,
                code=form.cleaned_data["code"],
                title=form.cleaned_data["title"],
            )
        else:
            services.mission_update(actor=request.user, mission=mission, title=request.POST.get("title", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(reverse("frameworks:cycle", args=[code]) + f"#m{mission_code}")


@login_required
@require_POST
def mission_add(request, code, number):
    """A new mission directly under a dimension."""
    _require_admin(request)
    dimension = get_object_or_404(Dimension, cycle__code=code, number=number)
    form = MissionForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("กรอกรหัสและชื่อภารกิจ"))
        services.mission_create(
            actor=request.user,
            cycle=dimension.cycle,
            dimension=dimension,
            parent=None,
            code=form.cleaned_data["code"],
            title=form.cleaned_data["title"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(reverse("frameworks:cycle", args=[code]) + f"#d{number}")


@login_required
def criterion_edit(request, code, pk=None):
    _require_admin(request)
    cycle = get_object_or_404(Cycle, code=code)
    criterion = get_object_or_404(Criterion, pk=pk, cycle=cycle) if pk else None
    if request.method == "POST" and request.POST.get("action") == "delete" and criterion:
        try:
            services.criterion_delete(actor=request.user, criterion=criterion)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(reverse("frameworks:cycle", args=[code]) + "#criteria")
    initial = CriterionForm.initial_for(criterion) if criterion else None
    form = CriterionForm(request.POST or None, cycle=cycle, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        dimension = cycle.dimensions.filter(number=data["dimension"]).first() if data["dimension"] else None
        try:
            services.criterion_save(
                actor=request.user,
                cycle=cycle,
                criterion=criterion,
                text=data["text"],
                text_en=data["text_en"],
                max_points=data["max_points"],
                dimension=dimension,
                mission=data["mission"],
                check_kind=data["check_kind"] or "",
                check_params=data["check_params"],
            )
        except ValidationError as error:
            errors_into(form, error)
        else:
            messages.success(request, _("บันทึกเกณฑ์แล้ว"))
            return redirect(reverse("frameworks:cycle", args=[code]) + "#criteria")
    return render(request, "frameworks/criterion_form.html", {"form": form, "cycle": cycle, "criterion": criterion})
