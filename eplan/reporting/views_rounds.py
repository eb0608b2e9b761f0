"""The rounds of a cycle (รอบรายงานผล): every round with its dates and, for offices, how
many have reported; central administrators make the missing rounds, set a round's dates
(from the copy they were shown: a newer save in between is refused with both values) and
fix who must report in an open round."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from eplan.accounts import scope
from eplan.accounts.decorators import kept_input, login_required_keeping_input
from eplan.accounts.roles import Capability
from eplan.core.concurrency import STATE_FIELD, StaleEdit, state_token
from eplan.core.http import refused_is_not_found
from eplan.core.windows import WindowState
from eplan.frameworks.models import Cycle
from eplan.reporting import edits, selectors, services
from eplan.reporting.forms import RoundForm
from eplan.reporting.models import Round
from eplan.reporting.views_follow import WINDOW_LABELS, _refused
from eplan.reporting.windows import window_state


@login_required_keeping_input
@refused_is_not_found
def rounds(request, cycle_code):
    """Every round of the cycle with its dates; central administrators set the dates."""
    cycle = get_object_or_404(Cycle, code=cycle_code)
    user = request.user
    if not scope.has_capability(user, Capability.VIEW):
        raise Http404
    administrator = scope.is_national(user, Capability.EDIT_FRAMEWORKS)
    if request.method == "POST" and request.POST.get("action") in ROUND_ACTIONS:
        if not administrator:
            raise Http404
        return _round_action(request, cycle, request.POST["action"])
    # Year by year, the 6-month round before the 12-month one (kinds are text: "12" < "6").
    found = sorted(selectors.rounds_of(cycle).select_related("cycle"), key=lambda r: (r.fiscal_year, int(r.kind)))
    data = request.POST if request.method == "POST" else kept_input(request)
    code = (data or {}).get("round") or request.GET.get("edit", "")
    edited, form = None, None
    if code or request.method == "POST":
        if not administrator:
            raise Http404
        edited = next((r for r in found if r.code == code), None)
        if edited is None:
            raise Http404
        form = RoundForm(data, round=edited)
    # A form refused comes back with the token it was sent with, so a newer save made
    # meanwhile is still caught; refused for exactly that, with the token of what is
    # stored now (the editor has seen both).
    round_token = edits.round_token(edited) if edited is not None else ""
    conflict, conflict_message = None, ""
    if request.method == "POST":
        round_token = request.POST.get(STATE_FIELD, "")
    if request.method == "POST" and form.is_valid():
        try:
            services.round_update(actor=user, round=edited, seen=round_token, **form.cleaned_data)
        except StaleEdit as stale:
            conflict, conflict_message = edits.conflicts(stale.current, form.cleaned_data, model=Round), stale
            round_token = state_token(stale.current)
        except ValidationError as error:
            _refused(form, error)
        else:
            messages.success(request, _("บันทึก%(round)sแล้ว") % {"round": selectors.round_title(edited)})
            return redirect(request.path)
    staff = not scope.lao_organisations_of(user).exists()
    organisations = scope.organisations_for_user(user, Capability.VIEW)
    for round in found:  # a handful of rounds, one count each
        frozen = staff and round.expected_frozen_at
        round.figures = selectors.completeness(round, organisations) if frozen else None
        round.window = window_state(round)
        round.window_label = WINDOW_LABELS[round.window]
        round.list_pending = round.expected_frozen_at is None and round.window in (WindowState.OPEN, WindowState.LATE)
        round.title = selectors.round_title(round)
    context = {
        "cycle": cycle,
        "rounds": found,
        "staff": staff,
        "administrator": administrator,
        "edited": edited,
        "form": form,
        "round_token": round_token,
        "conflict": conflict,
        "conflict_message": " ".join(conflict_message.messages) if conflict_message else "",
        "rounds_missing": 2 * len(cycle.fiscal_years) - len(found),
    }
    failed = request.method == "POST" and form is not None and form.errors
    return render(request, "reporting/follow_rounds.html", context, status=409 if conflict else 422 if failed else 200)


ROUND_ACTIONS = ("make_rounds", "freeze")


@refused_is_not_found
def _round_action(request, cycle, action):
    """A central administrator makes the cycle's missing rounds with the circulars' dates,
    or fixes now who must report in an open round (what the morning's run would do)."""
    try:
        if action == "make_rounds":
            made = services.rounds_ensure(actor=request.user, cycle=cycle)
            messages.success(request, _("สร้างรอบรายงานผลแล้ว %(count)s รอบ") % {"count": len(made)})
        else:
            round = selectors.round_or_404(cycle, request.POST.get("round", ""))
            count = services.round_freeze(actor=request.user, round=round)
            messages.success(
                request,
                _("กำหนดรายชื่อ อปท. ที่ต้องรายงาน%(round)sแล้ว %(count)s แห่ง")
                % {"round": selectors.round_title(round), "count": f"{count:,}"},
            )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect(request.path)


urlpatterns = [
    path("rounds/<str:cycle_code>/", rounds, name="rounds"),
]
