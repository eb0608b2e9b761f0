import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from eplan.assessment import services as assessment_services
from eplan.demo.plans import build_demo_plan, ensure_cycles
from eplan.reporting import services
from eplan.reporting.models import Round, RoundKind


@pytest.fixture
def cycle(db):
    cycle = ensure_cycles()["2562-2565"]
    cycle.score_release_date = timezone.localdate() - datetime.timedelta(days=30)
    cycle.save(update_fields=["score_release_date"])
    return cycle


def assessed(world, organisation, cycle, *, passed=True, misfits=()):
    """A submitted plan with a final provincial assessment (released: the cycle fixture
    puts the release date in the past)."""
    plan = build_demo_plan(organisation=organisation, cycle=cycle, submitted_by=world.officer)
    version = plan.versions.get()
    assessor = world.nacc_provincial_krabi if organisation.province_id == "81" else world.nacc_provincial
    assessment = assessment_services.assessment_open(actor=assessor, version=version)
    scores = {
        row["id"]: (Decimal(row["max_points"]) if passed else Decimal(0), "" if passed else "ไม่ผ่าน (ทดสอบ)")
        for row in version.snapshot["criteria"]
    }
    judgements = {item_id: (False, "ไม่สอดคล้องกับมิติ (ทดสอบ)") for item_id in misfits}
    assessment_services.assessment_save(
        actor=assessor, assessment=assessment, scores=scores, judgements=judgements, finalise=True
    )
    return version


def open_round(cycle, *, kind=RoundKind.SIX_MONTH, due_in_days=10, freeze=True):
    """The cycle's first-year round, open today and due in due_in_days, with its list of
    who must report fixed as the morning's run fixes it (unless freeze=False)."""
    services.rounds_ensure(actor=None, cycle=cycle)
    round = Round.objects.get(cycle=cycle, fiscal_year=cycle.fiscal_years[0], kind=kind)
    today = timezone.localdate()
    round.opens_on = today - datetime.timedelta(days=20)
    round.due_on = today + datetime.timedelta(days=due_in_days)
    round.closes_on = round.due_on + datetime.timedelta(days=30)
    round.save()
    if freeze:
        services.round_freeze(actor=None, round=round)
        round.refresh_from_db()
    return round
