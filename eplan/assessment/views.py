"""NACC offices: the assessment queue and the scoring page. LAOs: the released result on
their plan overview, and reopening an incomplete plan for revision."""

from collections import defaultdict
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from eplan.accounts import scope
from eplan.accounts.decorators import kept_input, login_required_keeping_input
from eplan.accounts.roles import Capability
from eplan.assessment import conflicts as score_conflicts
from eplan.assessment import selectors, services
from eplan.assessment import status as status_module
from eplan.assessment.models import Level, PublicStatus
from eplan.core.concurrency import STATE_FIELD, StaleEdit, state_token
from eplan.core.http import refused_is_not_found
from eplan.frameworks.models import Cycle
from eplan.plans import conflicts
from eplan.plans import selectors as plan_selectors
from eplan.plans import services as plan_services
from eplan.plans.models import PlanItem
from eplan.registry.models import District, OrganisationType

# Part 3 of an item (รายละเอียดโครงการ), named as on the plan.
PART3_LABELS = {name: PlanItem._meta.get_field(name).verbose_name for name in PlanItem.PART3_FIELDS}


# The queue's filters as tabs, in the order the office works through them.
QUEUE_TABS = (
    ("waiting", _lazy("รอการประเมิน")),
    ("draft", _lazy("กำลังประเมิน")),
    ("final", _lazy("ประเมินแล้ว")),
    ("returned", _lazy("ส่งกลับแก้ไข")),
    ("all", _lazy("ทั้งหมด")),
)


@login_required
def queue(request):
    if not scope.has_capability(request.user, Capability.ASSESS_PLAN):
        raise Http404
    cycles = list(Cycle.objects.all())
    # The newest cycle unless another (or "all") is chosen.
    chosen = request.GET.get("cycle", cycles[0].code if cycles else "all")
    cycle = next((c for c in cycles if c.code == chosen), None)
    district_code = request.GET.get("district", "")
    district = District.objects.filter(code=district_code).first() if district_code else None
    late = {"yes": True, "no": False}.get(request.GET.get("late", ""))
    # What waits for the office unless another tab is chosen; an unknown one is the same.
    tab = request.GET.get("state", "waiting")
    if tab not in selectors.QUEUE_FILTERS:
        tab = "waiting"
    versions, counts = selectors.queue_for_user(
        request.user,
        cycle=cycle,
        district=district,
        org_type=request.GET.get("org_type", ""),
        late=late,
        text=request.GET.get("q", ""),
        states=selectors.QUEUE_FILTERS[tab],
    )
    page = Paginator(versions, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    others = query.copy()
    others.pop("state", None)
    tabs = [
        {
            "key": key,
            "label": label,
            "count": sum(counts[state] for state in selectors.QUEUE_FILTERS[key]),
            "current": key == tab,
        }
        for key, label in QUEUE_TABS
    ]
    districts = scope.districts_for_user(request.user, Capability.ASSESS_PLAN).select_related("province")
    return render(
        request,
        "assessment/queue.html",
        {
            "page": page,
            "counts": counts,
            "tab": tab,
            "tabs": tabs,
            "cycles": cycles,
            "districts": districts.order_by("province_id", "code")[:400],
            "types": OrganisationType.choices,
            "filters": {**request.GET.dict(), "cycle": chosen},
            "query": query.urlencode(),
            "tab_query": others.urlencode(),
        },
    )


def _scoring_input(version, data):
    """The scores and item judgements a scoring form sent, and the fields that are not
    numbers: (scores, judgements, errors)."""
    scores, judgements, errors = {}, {}, {}
    for row in version.snapshot["criteria"]:
        criterion_id = row["id"]
        try:
            score = plan_services.parse_score(data.get(f"score_{criterion_id}"))
            scores[criterion_id] = (score, data.get(f"comment_{criterion_id}", ""))
        except ValueError as error:
            errors[f"score_{criterion_id}"] = str(error)
    for item_id in services.snapshot_items(version):
        # Every item fits its dimension unless the assessor says it does not.
        fits = data.get(f"fits_{item_id}", "yes") != "no"
        judgements[item_id] = (fits, data.get(f"reason_{item_id}", ""))
    return scores, judgements, errors


@login_required_keeping_input
@refused_is_not_found
def assess(request, pk):
    """The scoring page: the plan's items beside the criteria, open for scoring at once.
    A GET only reads (a score set not started yet is shown filled in as it would start);
    the first save creates the score set."""
    version = selectors.version_for_assessor_or_404(request.user, pk)
    level = request.GET.get("level", Level.PROVINCIAL)
    if level not in Level.values:
        raise Http404
    data = kept_input(request) or (request.POST if request.method == "POST" else None)
    errors, conflict = {}, None
    # The state the form was opened from travels with it (also through a lost session).
    state = data.get(STATE_FIELD, "") if data is not None else None
    if request.method == "POST":
        scores, judgements, errors = _scoring_input(version, data)
        finalise = data.get("action") == "finalise"
        if not errors:
            try:
                services.assessment_record(
                    actor=request.user,
                    version=version,
                    level=level,
                    scores=scores,
                    judgements=judgements,
                    general_comment=data.get("general_comment", ""),
                    finalise=finalise,
                    change_reason=data.get("change_reason", ""),
                    seen=state,
                )
            except StaleEdit as stale:
                typed = score_conflicts.typed_values(scores, judgements, data.get("general_comment", ""))
                found = score_conflicts.rows(stale.current, typed, version)
                conflict = conflicts.refusal(stale, found)
                errors = {"__all__": " ".join(stale.messages)}
                state = state_token(stale.current)
            except ValidationError as error:
                errors = dict(error.message_dict) if hasattr(error, "error_dict") else {"__all__": error.messages}
                errors = {key: " ".join(value) for key, value in errors.items()}
            else:
                messages.success(request, _("ยืนยันผลการประเมินแล้ว") if finalise else _("บันทึกการประเมินแล้ว"))
                return redirect(f"{request.path}?level={level}")
    context = _assess_context(request, version, level, selectors.score_sets(version), data, errors)
    if state is not None:
        context["state"] = state
    context["stale"] = conflict is not None
    context["conflict"] = conflict
    return render(request, "assessment/assess.html", context, status=422 if errors else 200)


def _assess_context(request, version, level, sets, data, errors):
    assessment = sets.get(level)
    provincial = sets.get(Level.PROVINCIAL)
    central = sets.get(Level.CENTRAL)
    may_assess = services.may_assess(request.user, version, level)
    refusal = services.assessment_refusal(version, started=assessment is not None)
    editable = may_assess and not refusal
    if assessment is not None:
        saved_scores = {s.criterion_id: (s.score, s.comment) for s in assessment.scores.all()}
        saved_judgements = {j.item_id: (j.fits, j.reason) for j in assessment.judgements.all()}
    elif editable:
        saved_scores, saved_judgements = services.assessment_prefill(version, level)
    else:
        saved_scores, saved_judgements = {}, {}
    prov_scores = {s.criterion_id: s for s in provincial.scores.all()} if provincial else {}
    prov_judgements = {j.item_id: j for j in provincial.judgements.all()} if provincial else {}
    automatic = {row["id"]: row for row in version.snapshot["preassessment"]["criteria"]}

    criteria = defaultdict(list)
    for entry in version.snapshot["criteria"]:
        key = entry["id"]
        score, comment = saved_scores.get(key, (None, ""))
        value = data.get(f"score_{key}") if data is not None else score
        criteria[entry["dimension"]].append(
            {
                **entry,
                "automatic": automatic[key],
                "provincial": prov_scores.get(key),
                "value": value,
                "comment": data.get(f"comment_{key}") if data is not None else comment,
                "error": errors.get(f"score_{key}"),
            }
        )

    def item_row(entry):
        item_id = entry["id"]
        fits, reason = saved_judgements.get(item_id, (True, ""))
        if data is not None:
            fits, reason = data.get(f"fits_{item_id}", "yes") != "no", data.get(f"reason_{item_id}", "")
        details = [(PART3_LABELS[name], text) for name, text in entry.get("details", {}).items() if text]
        return {
            **entry,
            "fits": fits,
            "reason": reason,
            "details": details,
            "provincial": prov_judgements.get(item_id) if level == Level.CENTRAL else None,
            "error": errors.get(f"item_{item_id}"),
        }

    doc = version.snapshot
    sections = [
        {
            **dimension,
            "missions": [
                {**mission, "items": [item_row(e) for e in mission["items"]]} for mission in dimension["missions"]
            ],
            "criteria": criteria.get(dimension["number"], []),
        }
        for dimension in doc["dimensions"]
    ]
    counting = status_module.counting_assessments([version.pk]).get(version.pk)
    return {
        "version": version,
        "plan": version.plan,
        "doc": doc,
        "years": [str(year) for year in doc["cycle"]["fiscal_years"]],
        "level": level,
        "level_label": Level(level).label,
        "assessment": assessment,
        "provincial": provincial,
        "central": central,
        "counting": counting,
        "overall": criteria.get(None, []),
        "sections": sections,
        # What the score set holds now (or starts from): the total it would be finalised with.
        "total": sum((score for score, _comment in saved_scores.values() if score is not None), Decimal(0)),
        "max_total": sum((Decimal(row["max_points"]) for row in doc["criteria"]), Decimal(0)),
        "errors": errors,
        "general_error": errors.get("__all__", ""),
        "general_comment": data.get("general_comment")
        if data is not None
        else (assessment.general_comment if assessment else ""),
        "released": status_module.is_released(version.plan.cycle),
        "may_assess": may_assess,
        "editable": editable,
        "refusal": refusal,
        "state": services.score_set_state(assessment),
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
