"""Supervision's lines on the home page's work list (eplan.public.worklist).

An อปท.: each recommendation waiting for it (open or sent back), overdue first, and the
visits planned to it. An office: the recommendations of its area past their due date, the
answers waiting for it to accept or reopen, and the visits of the next 30 days. A fixed
number of queries whatever the size of the area.
"""

import datetime

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from eplan.accounts import scope
from eplan.accounts.roles import Capability
from eplan.core.thai import number, thai_date
from eplan.monitoring.models import AWAITING_ANSWER, Recommendation, RecommendationState, Visit, VisitState
from eplan.monitoring.selectors import overdue_condition
from eplan.public.worklist import WorkItem, days_left

UPCOMING_DAYS = 30
VISITS_SHOWN = 5
RECOMMENDATIONS_SHOWN = 10


# A visit is not a deadline of the user's: its line carries the date in its text, not `due`.


def _prefixed(organisation, text, own) -> str:
    return f"{organisation.display_name}: {text}" if len(own) > 1 else text


def _list_url(**query) -> str:
    return reverse("monitoring:recommendations") + ("?" + urlencode(query) if query else "")


def own_supervision(context):
    own = context.own
    if not own:
        return
    today = context.today
    waiting = list(
        Recommendation.objects.filter(organisation__in=own, state__in=AWAITING_ANSWER)
        .select_related("organisation")
        .order_by("due_on", "pk")[: RECOMMENDATIONS_SHOWN + 1]
    )
    for recommendation in waiting[:RECOMMENDATIONS_SHOWN]:
        text = (
            _("ดำเนินการตามข้อเสนอแนะที่ให้ดำเนินการเพิ่มเติม: %(text)s")
            if recommendation.state == RecommendationState.REOPENED
            else _("ดำเนินการตามข้อเสนอแนะจากการนิเทศติดตาม: %(text)s")
        ) % {"text": recommendation.text[:120]}
        yield WorkItem(
            kind="recommendation",
            text=_prefixed(recommendation.organisation, text, own),
            url=reverse("monitoring:recommendation", args=[recommendation.pk]),
            due=recommendation.due_on,
            overdue=recommendation.due_on < today,
            when=days_left(recommendation.due_on, today),
            status=str(RecommendationState(recommendation.state).label),
        )
    if len(waiting) > RECOMMENDATIONS_SHOWN:
        yield WorkItem(kind="recommendation", text=_("ข้อเสนอแนะอื่น ๆ ที่รอดำเนินการ"), url=_list_url(state="open"))
    visits = Visit.objects.filter(covered__organisation__in=own, state=VisitState.PLANNED, date__gte=today)
    for visit in visits.distinct().order_by("date")[:VISITS_SHOWN]:
        yield WorkItem(
            kind="visit",
            text=_("การนิเทศติดตาม %(date)s ที่ %(place)s") % {"date": thai_date(visit.date), "place": visit.place},
            url=reverse("monitoring:visit", args=[visit.pk]),
            details=(_("อีก %(n)s วัน") % {"n": number((visit.date - today).days)},) if visit.date > today else (),
            status=str(VisitState.PLANNED.label),
        )


def area_supervision(context):
    if not context.is_office:
        return
    today, user = context.today, context.user
    manages = scope.has_capability(user, Capability.MANAGE_SUPERVISION)
    counts = Recommendation.objects.filter(organisation__in=context.area).aggregate(
        overdue=Count("pk", filter=overdue_condition(today)),
        answered=Count("pk", filter=Q(state=RecommendationState.ANSWERED)),
    )
    if counts["overdue"]:
        yield WorkItem(
            kind="recommendations_overdue",
            text=ngettext(
                "ข้อเสนอแนะจากการนิเทศติดตามที่เลยกำหนดแล้ว: %(n)s เรื่อง",
                "ข้อเสนอแนะจากการนิเทศติดตามที่เลยกำหนดแล้ว: %(n)s เรื่อง",
                counts["overdue"],
            )
            % {"n": number(counts["overdue"])},
            url=_list_url(state="overdue"),
            overdue=True,
        )
    if manages and counts["answered"]:
        yield WorkItem(
            kind="recommendations_answered",
            text=_("อปท. ตอบข้อเสนอแนะแล้ว รอพิจารณารับทราบหรือให้ดำเนินการเพิ่มเติม: %(n)s เรื่อง")
            % {"n": number(counts["answered"])},
            url=_list_url(state="answered"),
        )
    ahead = today + datetime.timedelta(days=UPCOMING_DAYS)
    visits = list(
        Visit.objects.filter(
            covered__organisation__in=context.area, state=VisitState.PLANNED, date__gte=today, date__lte=ahead
        )
        .distinct()
        .order_by("date", "pk")[: VISITS_SHOWN + 1]
    )
    for visit in visits[:VISITS_SHOWN]:
        yield WorkItem(
            kind="visit",
            text=_("การนิเทศติดตาม %(date)s ที่ %(place)s") % {"date": thai_date(visit.date), "place": visit.place},
            url=reverse("monitoring:visit", args=[visit.pk]),
            details=(_("อีก %(n)s วัน") % {"n": number((visit.date - today).days)},) if visit.date > today else (),
            status=str(VisitState.PLANNED.label),
        )
    if len(visits) > VISITS_SHOWN:
        yield WorkItem(kind="visit", text=_("การนิเทศติดตามอื่น ๆ ใน 30 วันข้างหน้า"), url=reverse("monitoring:index"))


def supervision(context):
    """The provider registered with the work list."""
    yield from own_supervision(context)
    yield from area_supervision(context)
