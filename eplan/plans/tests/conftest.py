import pytest

from eplan.demo.plans import build_demo_plan, ensure_cycles


@pytest.fixture
def cycles(db):
    return ensure_cycles()


@pytest.fixture
def plan(world, cycles):
    """อบต.กลาย's complete draft for 2562-2565 (40 items, every criterion met)."""
    return build_demo_plan(organisation=world.klai, cycle=cycles["2562-2565"])
