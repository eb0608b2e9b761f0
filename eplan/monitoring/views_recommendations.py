"""Recommendations: the list of one's scope (filter open / overdue / answered / closed),
one recommendation with its answers, and the four operations — made by staff, answered by
the อปท., accepted (closed) or reopened by staff."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from eplan.accounts import scope
from eplan.accounts.decorators import login_required_keeping_input
from eplan.accounts.roles import Capability
from eplan.core.ratelimit import rate_limit
from eplan.monitoring import selectors, services
from eplan.monitoring.forms import AnswerForm, ReasonForm, RecommendationForm
from eplan.monitoring.models import AWAITING_ANSWER, RecommendationState
from eplan.monitoring.views import messages_of

PAGE_SIZE = 50
FILTERS = {
    "": gettext_lazy("ทั้งหมด"),
    "open": gettext_lazy("รอ อปท. ดำเนินการ"),
    "overdue": gettext_lazy("เลยกำหนด"),
    "answered": gettext_lazy("รอพิจารณา"),
    "closed": gettext_lazy("ปิดแล้ว"),
}


def filtered(recommendations, state: str, today):
    """The recommendations of one filter of the list (page and API alike)."""
    if state == "open":
        return recommendations.filter(state__in=AWAITING_ANSWER)
    if state == "overdue":
        return selectors.overdue(recommendations, today)
    if state in ("answered", "closed"):
        return recommendations.filter(state=state)
    return recommendations


@login_required
def recommendations(request):
    today = timezone.localdate()
    state = request.GET.get("state", "")
    state = state if state in FILTERS else ""
    found = filtered(selectors.recommendations_for_user(request.user), state, today)
    found = found.select_related("organisation", "organisation__district", "covered__visit").order_by("due_on", "pk")
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    for recommendation in page.object_list:
        recommendation.is_overdue = selectors.is_overdue(recommendation, today)
    return render(
        request,
        "monitoring/recommendations.html",
        {"page": page, "state": state, "filters": FILTERS.items()},
    )


def _page(request, recommendation, *, answer_form=None, reason_form=None, status=200):
    today = timezone.localdate()
    recommendation.is_overdue = selectors.is_overdue(recommendation, today)
    user = request.user
    may_answer = recommendation.state in AWAITING_ANSWER and scope.has_capability(
        user, Capability.ANSWER_RECOMMENDATION, recommendation.organisation
    )
    may_decide = recommendation.state == RecommendationState.ANSWERED and scope.has_capability(
        user, Capability.MANAGE_SUPERVISION, recommendation.organisation
    )
    return render(
        request,
        "monitoring/recommendation.html",
        {
            "recommendation": recommendation,
            "visit": recommendation.covered.visit,
            "answers": recommendation.answers.select_related("answered_by", "decided_by"),
            "may_answer": may_answer,
            "may_decide": may_decide,
            "answer_form": answer_form or AnswerForm(),
            "reason_form": reason_form or ReasonForm(),
        },
        status=status,
    )


@login_required
def recommendation(request, recommendation_id):
    return _page(request, selectors.recommendation_for_user_or_404(request.user, recommendation_id))


@login_required_keeping_input
@require_POST
def recommendation_add(request, covered_id):
    covered = selectors.covered_for_user_or_404(request.user, covered_id, capability=Capability.MANAGE_SUPERVISION)
    form = RecommendationForm(request.POST)
    form.is_valid()
    try:
        services.recommendation_add(
            actor=request.user,
            covered=covered,
            text=form.cleaned_data.get("text", ""),
            due_on=form.cleaned_data.get("due_on"),
        )
        messages.success(request, _("บันทึกข้อเสนอแนะแล้ว และแจ้ง อปท. แล้ว"))
    except ValidationError as error:
        for message in messages_of(error):
            messages.error(request, message)
    return redirect(f"{_visit_url(covered.visit_id)}#covered-{covered.pk}")


def _visit_url(visit_id):
    from django.urls import reverse

    return reverse("monitoring:visit", args=[visit_id])


@login_required_keeping_input
@require_POST
@rate_limit("upload")
def recommendation_answer(request, recommendation_id):
    found = selectors.recommendation_for_user_or_404(
        request.user, recommendation_id, capability=Capability.ANSWER_RECOMMENDATION
    )
    form = AnswerForm(request.POST, request.FILES)
    form.is_valid()
    try:
        services.recommendation_answer(
            actor=request.user,
            recommendation=found,
            action_taken=form.cleaned_data.get("action_taken", ""),
            upload=form.cleaned_data.get("file"),
        )
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        for message in messages_of(error):
            form.add_error(None, message)
        found.refresh_from_db()
        return _page(request, found, answer_form=form, status=422)
    messages.success(request, _("ส่งการดำเนินการตามข้อเสนอแนะแล้ว"))
    return redirect("monitoring:recommendation", found.pk)


@login_required
@require_POST
def recommendation_accept(request, recommendation_id):
    found = selectors.recommendation_for_user_or_404(
        request.user, recommendation_id, capability=Capability.MANAGE_SUPERVISION
    )
    try:
        services.recommendation_accept(actor=request.user, recommendation=found)
        messages.success(request, _("รับทราบการดำเนินการ ปิดข้อเสนอแนะแล้ว"))
    except ValidationError as error:
        for message in messages_of(error):
            messages.error(request, message)
    return redirect("monitoring:recommendation", found.pk)


@login_required
@require_POST
def recommendation_reopen(request, recommendation_id):
    found = selectors.recommendation_for_user_or_404(
        request.user, recommendation_id, capability=Capability.MANAGE_SUPERVISION
    )
    form = ReasonForm(request.POST)
    form.is_valid()
    try:
        services.recommendation_reopen(
            actor=request.user, recommendation=found, reason=form.cleaned_data.get("reason", "")
        )
        messages.success(request, _("ส่งกลับให้ อปท. ดำเนินการเพิ่มเติมแล้ว"))
    except ValidationError as error:
        for message in messages_of(error):
            form.add_error(None, message)
        found.refresh_from_db()
        return _page(request, found, reason_form=form, status=422)
    return redirect("monitoring:recommendation", found.pk)


recommendations = require_safe(recommendations)
recommendation = require_safe(recommendation)
