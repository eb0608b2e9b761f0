import datetime

import pytest
from django.utils import timezone

from eplan.demo.plans import build_demo_plan, ensure_cycles


@pytest.fixture
def cycles(db):
    return ensure_cycles()


@pytest.fixture
def version(world, cycles):
    """อบต.กลาย's 2562-2565 plan, submitted (version 1), results not yet released."""
    plan = build_demo_plan(organisation=world.klai, cycle=cycles["2562-2565"], submitted_by=world.officer)
    return plan.versions.get()


def release(cycle, *, days_ago=0):
    cycle.score_release_date = timezone.localdate() - datetime.timedelta(days=days_ago)
    cycle.save(update_fields=["score_release_date"])
