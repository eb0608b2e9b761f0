"""NACC offices: the assessment queue and the scoring page. LAOs: the released result on
their plan overview, and reopening an incomplete plan for revision."""

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from eplan.accounts import scope
from eplan.accounts.decorators import kept_input, login_required_keeping_input
from eplan.accounts.roles import Capability
from eplan.assessment import selectors, services
from eplan.assessment import status as status_module
from eplan.assessment.models import Level, PublicStatus
from eplan.frameworks.models import Cycle
from eplan.plans import selectors as plan_selectors
from eplan.registry.models import District, OrganisationType


@login_required
def queue(request):
    if not scope.has_capability(request.user, Capability.ASSESS_PLAN):
        raise Http404
    cycles = list(Cycle.objects.all())
    # The newest cycle unless another (or "all") is chosen.
    chosen = request.GET.get("cycle", cycles[0].code if cycles else "all")
    cycle = next((c for c in cycles if c.code == chosen), None)
    district = District.objects.filter(code=request.GET.get("district", "")).first()
    late = {"yes": True, "no": False}.get(request.GET.get("late", ""))
    state = request.GET.get("state", "")
    versions, counts = selectors.queue_for_user(
        request.user,
        cycle=cycle,
        district=district,
        org_type=request.GET.get("org_type", ""),
        state=state,
        late=late,
    )
    page = Paginator(versions, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    districts = scope.districts_for_user(request.user, Capability.ASSESS_PLAN).select_related("province")
    return render(
        request,
        "assessment/queue.html",
        {
            "page": page,
            "counts": counts,
            "cycles": cycles,
            "districts": districts.order_by("province_id", "code")[:400],
            "types": OrganisationType.choices,
            "filters": {**request.GET.dict(), "cycle": chosen},
            "query": query.urlencode(),
        },
    )


def _decimal(text):
    text = (text or "").strip()
    if text == "":
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(_("'%(value)s' ไม่ใช่ตัวเลข") % {"value": text}) from None
    if not value.is_finite() or value != value.quantize(Decimal("0.01")):
        raise ValueError(_("ใช้ตัวเลขทศนิยมไม่เกิน 2 ตำแหน่ง"))
    return value


@login_required_keeping_input
def assess(request, pk):
    version = selectors.version_for_assessor_or_404(request.user, pk)
    level = request.GET.get("level", Level.PROVINCIAL)
    if level not in Level.values:
        raise Http404
    sets = selectors.score_sets(version)
    assessment = sets.get(level)
    data = kept_input(request) or (request.POST if request.method == "POST" else None)
    errors = {}
    if request.method == "POST":
        try:
            assessment = services.assessment_open(actor=request.user, version=version, level=level)
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("assessment:queue")
        if data.get("action") == "start":
            return redirect(f"{request.path}?level={level}")
        criteria_ids = [row["id"] for row in version.snapshot["criteria"]]
        scores, judgements = {}, {}
        for criterion_id in criteria_ids:
            try:
                scores[criterion_id] = (
                    _decimal(data.get(f"score_{criterion_id}")),
                    data.get(f"comment_{criterion_id}", ""),
                )
            except ValueError as error:
                errors[f"score_{criterion_id}"] = str(error)
        for item_id in services.snapshot_items(version):
            fits = data.get(f"fits_{item_id}", "yes") != "no"
            judgements[item_id] = (fits, data.get(f"reason_{item_id}", ""))
        if not errors:
            try:
                services.assessment_save(
                    actor=request.user,
                    assessment=assessment,
                    scores=scores,
                    judgements=judgements,
                    general_comment=data.get("general_comment", ""),
                    finalise=data.get("action") == "finalise",
                    change_reason=data.get("change_reason", ""),
                )
            except PermissionDenied:
                raise Http404 from None
            except ValidationError as error:
                errors = dict(error.message_dict) if hasattr(error, "error_dict") else {"__all__": error.messages}
                errors = {key: " ".join(value) for key, value in errors.items()}
            else:
                messages.success(
                    request,
                    _("ยืนยันผลการประเมินแล้ว") if data.get("action") == "finalise" else _("บันทึกการประเมินแล้ว"),
                )
                return redirect(f"{request.path}?level={level}")
        sets = selectors.score_sets(version)
    context = _assess_context(request, version, level, sets, data, errors)
    return render(request, "assessment/assess.html", context, status=422 if errors else 200)


def _assess_context(request, version, level, sets, data, errors):
    assessment = sets.get(level)
    provincial = sets.get(Level.PROVINCIAL)
    central = sets.get(Level.CENTRAL)

    def scores_of(score_set):
        return {s.criterion_id: s for s in score_set.scores.all()} if score_set else {}

    mine, prov_scores, central_scores = scores_of(assessment), scores_of(provincial), scores_of(central)
    automatic = {row["id"]: row for row in version.snapshot["preassessment"]["criteria"]}
    rows = []
    for entry in version.snapshot["criteria"]:
        key = entry["id"]
        current = mine.get(key)
        rows.append(
            {
                **entry,
                "automatic": automatic[key],
                "provincial": prov_scores.get(key),
                "central": central_scores.get(key),
                "value": data.get(f"score_{key}") if data is not None else (current.score if current else ""),
                "comment": data.get(f"comment_{key}") if data is not None else (current.comment if current else ""),
                "error": errors.get(f"score_{key}"),
            }
        )
    judgements = {j.item_id: j for j in assessment.judgements.all()} if assessment else {}
    items = []
    for item_id, entry in services.snapshot_items(version).items():
        judgement = judgements.get(item_id)
        fits = (
            (data.get(f"fits_{item_id}", "yes") != "no")
            if data is not None
            else (judgement.fits if judgement else True)
        )
        reason = data.get(f"reason_{item_id}", "") if data is not None else (judgement.reason if judgement else "")
        items.append({**entry, "fits": fits, "reason": reason, "error": errors.get(f"item_{item_id}")})
    counting = status_module.counting_assessments([version.pk]).get(version.pk)
    return {
        "version": version,
        "plan": version.plan,
        "doc": version.snapshot,
        "level": level,
        "level_label": Level(level).label,
        "assessment": assessment,
        "provincial": provincial,
        "central": central,
        "counting": counting,
        "rows": rows,
        "items": items,
        "errors": errors,
        "general_error": errors.get("__all__", ""),
        "general_comment": data.get("general_comment")
        if data is not None
        else (assessment.general_comment if assessment else ""),
        "released": status_module.is_released(version.plan.cycle),
        "may_assess": services.may_assess(request.user, version, level),
        "may_review": scope.is_national(request.user, Capability.REVIEW_ASSESSMENT),
    }


@login_required_keeping_input
@require_POST
def revise(request, organisation_code, cycle_code):
    plan = plan_selectors.plan_for_user_or_404(request.user, organisation_code, cycle_code, Capability.EDIT_PLAN)
    try:
        services.plan_revise_after_result(actor=request.user, plan=plan)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [_("คุณไม่มีสิทธิ์ดำเนินการนี้")])))
    else:
        messages.success(request, _("เปิดแผนให้แก้ไขแล้ว แก้ไขแล้วส่งใหม่ได้ภายในช่วงรับแผน"))
    return redirect("plans:overview", organisation_code, cycle_code)


def overview_panel(request, plan):
    """The assessment part of a plan's overview (registered with plans.extensions)."""
    latest = plan.versions.order_by("-number").first()
    if latest is None:
        return ""
    info = status_module.status_of(plan.organisation, plan.cycle)
    released = status_module.is_released(plan.cycle)
    result = selectors.result_of(latest) if released else None
    context = {
        "plan": plan,
        "version": latest,
        "info": info,
        "statuses": PublicStatus,
        "released": released,
        "result": result,
        "can_revise": info.status == PublicStatus.INCOMPLETE
        and plan.status == "submitted"
        and scope.has_capability(request.user, Capability.EDIT_PLAN, plan.organisation),
        "can_assess": scope.has_capability(request.user, Capability.ASSESS_PLAN, plan.organisation),
    }
    return render_to_string("assessment/_overview_panel.html", context, request=request)
