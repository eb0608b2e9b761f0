"""The events of plans, assessment and reporting that people are told of (the services of
those apps call these inside their transaction), and the dated ones — a result released on
its release date, a round opened on its opening day — that the daily command tells
(send_reminders), once each however often it runs."""

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from eplan.core.thai import thai_date
from eplan.notifications.models import Kind
from eplan.notifications.services import lao_users, lao_users_by_organisation, notify

# A dated event is told if it happened within this many days (a missed daily run is caught
# up; a system installed long after a release does not tell old news).
CATCH_UP_DAYS = 7


def plan_returned(version) -> int:
    plan = version.plan
    organisation = plan.organisation
    return notify(
        kind=Kind.PLAN_RETURNED,
        recipients=lao_users([organisation.pk]),
        title=_("แผน %(cycle)s ฉบับที่ %(number)s ของ %(name)s ถูกส่งกลับให้แก้ไข")
        % {"cycle": plan.cycle.code, "number": version.number, "name": organisation.display_name},
        body=_("เหตุผลและสิ่งที่ต้องแก้ไข: %(reason)s") % {"reason": version.return_reason},
        url=reverse("plans:overview", args=[organisation.code, plan.cycle.code]),
        key=f"plan_version:{version.pk}:returned",
    )


def report_reopened(report, reason: str) -> int:
    organisation, round = report.organisation, report.round
    return notify(
        kind=Kind.REPORT_REOPENED,
        recipients=lao_users([organisation.pk]),
        title=_("รายงานผล %(round)s ของ %(name)s ถูกเปิดให้แก้ไข")
        % {"round": round.get_kind_display(), "name": organisation.display_name},
        body=_("เหตุผล: %(reason)s") % {"reason": reason},
        url=reverse("reporting:report", args=[organisation.code, round.cycle.code, round.code]),
        # Each reopening is news of its own (the report's time of change names it).
        key=f"report:{report.pk}:reopened:{report.updated_at.isoformat()}",
    )


def extension_granted(round, organisation, until: datetime.date, reason: str) -> int:
    return notify(
        kind=Kind.EXTENSION_GRANTED,
        recipients=lao_users([organisation.pk]),
        title=_("%(name)s ได้รับการขยายเวลารายงานผล %(round)s ถึง %(date)s")
        % {"name": organisation.display_name, "round": round.get_kind_display(), "date": thai_date(until)},
        body=_("เหตุผล: %(reason)s") % {"reason": reason},
        url=reverse("reporting:report", args=[organisation.code, round.cycle.code, round.code]),
        key=f"round:{round.pk}:extension:{until.isoformat()}",
    )


def dated(today: datetime.date) -> dict:
    """Tell what happened on its date within CATCH_UP_DAYS: {"results": n, "rounds": n}."""
    from django.db import transaction

    told = {"results": 0, "rounds": 0}
    since = today - datetime.timedelta(days=CATCH_UP_DAYS)
    with transaction.atomic():
        told["results"] = _results_released(since, today)
        told["rounds"] = _rounds_opened(since, today)
    return told


def _results_released(since, today) -> int:
    from eplan.assessment import status as status_module
    from eplan.assessment.models import PublicStatus
    from eplan.frameworks.models import Cycle
    from eplan.registry.models import Organisation

    told = 0
    for cycle in Cycle.objects.filter(score_release_date__gte=since, score_release_date__lte=today):
        statuses = status_module.statuses_for(cycle, today=today)
        released = {
            organisation_id: info
            for organisation_id, info in statuses.items()
            if info.status in (PublicStatus.PASSED, PublicStatus.INCOMPLETE)
        }
        organisations = Organisation.objects.in_bulk(list(released))
        staff = lao_users_by_organisation(released)
        for organisation_id, info in released.items():
            organisation = organisations[organisation_id]
            told += notify(
                kind=Kind.RESULT_RELEASED,
                recipients=staff.get(organisation_id, []),
                title=_("ประกาศผลการประเมินแผน %(cycle)s ของ %(name)s: %(status)s")
                % {"cycle": cycle.code, "name": organisation.display_name, "status": info.label},
                body=_("คะแนนรวม %(total)s") % {"total": info.total} if info.total is not None else "",
                url=reverse("plans:overview", args=[organisation.code, cycle.code]),
                key=f"cycle:{cycle.pk}:released",
            )
    return told


def _rounds_opened(since, today) -> int:
    from eplan.reporting.models import ExpectedOrganisation, Round

    told = 0
    rounds = Round.objects.filter(opens_on__gte=since, opens_on__lte=today, expected_frozen_at__isnull=False)
    for round in rounds.select_related("cycle"):
        rows = list(
            ExpectedOrganisation.objects.filter(round=round, removed_at__isnull=True).select_related("organisation")
        )
        staff = lao_users_by_organisation(row.organisation_id for row in rows)
        for row in rows:
            organisation = row.organisation
            told += notify(
                kind=Kind.ROUND_OPENED,
                recipients=staff.get(organisation.pk, []),
                title=_("เปิดรับรายงานผลการดำเนินงาน %(round)s ปีงบประมาณ %(year)s แล้ว กำหนดส่ง %(due)s")
                % {"round": round.get_kind_display(), "year": round.fiscal_year, "due": thai_date(round.due_on)},
                body=organisation.display_name,
                url=reverse("reporting:report", args=[organisation.code, round.cycle.code, round.code]),
                key=f"round:{round.pk}:opened",
            )
    return told
