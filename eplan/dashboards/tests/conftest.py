import datetime

import pytest
from django.utils import timezone

from eplan.demo.plans import build_demo_plan, ensure_cycles
from eplan.reporting.tests.conftest import assessed

# The 12-month round of reporting's figure tests (its hand count is in its docstring).
from eplan.reporting.tests.test_figures import reported, rounds, version  # noqa: F401


@pytest.fixture
def cycle(db):
    """2562-2565 (the newest cycle: the dashboards' default), its results released."""
    cycle = ensure_cycles()["2562-2565"]
    cycle.score_release_date = timezone.localdate() - datetime.timedelta(days=30)
    cycle.save(update_fields=["score_release_date"])
    return cycle


@pytest.fixture
def planned(world, cycle):
    """Statuses for 2562-2565: กลาย passed, ท่าศาลา incomplete (both district 8008),
    ท่าซัก (8001) in assessment, ไสไทย (Krabi) passed, ช้างเผือก (Chiang Mai) not submitted."""
    assessed(world, world.klai, cycle, passed=True)
    assessed(world, world.tha_sala, cycle, passed=False)
    build_demo_plan(organisation=world.other_district, cycle=cycle, submitted_by=world.officer)
    assessed(world, world.krabi, cycle, passed=True)
    return cycle
