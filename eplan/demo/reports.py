"""Demo implementation reports (demo only): the last fiscal year of the 2561-2564 cycle has
its 6-month round open today, so every page of reporting has something to show."""

import datetime

from django.utils import timezone

from eplan.accounts.models import User
from eplan.reporting import services
from eplan.reporting.models import ExpectedOrganisation, LineStatus, NotPossibleReason, Report, Round, RoundKind

DEMO_FISCAL_YEAR = 2564
OPEN_FOR = datetime.timedelta(days=25)  # the demo round opened this long ago
FROZEN_AT = datetime.time(6, 0)  # the morning job lists who must report on the opening day


def populate_reports(*, cycle, actor, keep_for=()) -> dict:
    """Rounds for the cycle; the demo round open today; a mix of submitted, draft and
    missing reports. actor: the central administrator who moves the demo year's rounds.
    keep_for: organisations left without a report (the demo LAO, so its officer can start
    one). Returns counts."""
    services.rounds_ensure(actor=None, cycle=cycle)
    round = rounds_move_to_today(cycle=cycle, actor=actor)
    opened = timezone.make_aware(datetime.datetime.combine(round.opens_on, FROZEN_AT))
    services.round_freeze(actor=None, round=round, now=opened)
    expected = list(
        ExpectedOrganisation.objects.filter(round=round, removed_at__isnull=True)
        .exclude(organisation__in=keep_for)
        .select_related("organisation")
        .order_by("organisation__code")
    )
    accounts = User.objects.in_bulk([row.organisation.code for row in expected], field_name="username")
    counts = {"submitted": 0, "draft": 0}
    for index, row in enumerate(expected):
        position = (index * 41) % 100 / 100
        officer = accounts.get(row.organisation.code)
        if (
            officer is None
            or position >= 0.75
            or Report.objects.filter(round=round, organisation=row.organisation).exists()
        ):
            continue
        report = services.report_open(actor=officer, round=round, organisation=row.organisation)
        answers = {}
        for number, line in enumerate(report.lines.all()):
            kind = (number + index) % 7
            status = LineStatus.DONE if kind < 3 else LineStatus.IN_PROGRESS if kind < 6 else LineStatus.NOT_POSSIBLE
            planned = line.planned_budget or 0
            answers[line.pk] = {
                "status": status,
                "reason": NotPossibleReason.NO_BUDGET if status == LineStatus.NOT_POSSIBLE else "",
                "ordinance_budget": planned or "",
                "disbursed": (planned * (kind + 1) // 8) if planned and status != LineStatus.NOT_POSSIBLE else "",
                "in_ordinance": bool(planned),
                "outputs": "ดำเนินการตามแผน (ข้อมูลสาธิต)" if status != LineStatus.NOT_POSSIBLE else "",
            }
        if position >= 0.6:  # a draft half filled in
            answers = dict(list(answers.items())[: len(answers) // 2])
        services.report_save(actor=officer, report=report, lines=answers, summary="ดำเนินการตามแผน (ข้อมูลสาธิต)")
        if position < 0.6:
            # Early ones on time; the round is not yet due, so lateness shows only in tests.
            services.report_submit(actor=officer, report=report)
            counts["submitted"] += 1
        else:
            counts["draft"] += 1
    counts["expected"] = len(expected) + len(keep_for)
    return counts


def rounds_move_to_today(*, cycle, actor) -> Round:
    """Move both rounds of the demo fiscal year by the same number of days, so that the
    6-month round opened OPEN_FOR ago and the 12-month round still follows it as in the
    circulars' calendar (the earlier years' rounds stay in the past). A round whose list
    of who must report is fixed keeps its dates. Returns the 6-month round."""
    rounds = {r.kind: r for r in Round.objects.filter(cycle=cycle, fiscal_year=DEMO_FISCAL_YEAR)}
    six = rounds[RoundKind.SIX_MONTH]
    default_opening = services.default_dates(DEMO_FISCAL_YEAR, RoundKind.SIX_MONTH)[0]
    shift = (six.opens_on if six.expected_frozen_at else timezone.localdate() - OPEN_FOR) - default_opening
    for kind, round in rounds.items():
        dates = [day + shift for day in services.default_dates(DEMO_FISCAL_YEAR, kind)]
        if round.expected_frozen_at is None and [round.opens_on, round.due_on, round.closes_on] != dates:
            opens_on, due_on, closes_on = dates
            rounds[kind] = services.round_update(
                actor=actor, round=round, opens_on=opens_on, due_on=due_on, closes_on=closes_on
            )
    return rounds[RoundKind.SIX_MONTH]
