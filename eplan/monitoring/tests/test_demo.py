"""seed_supervision makes both seasons once, through the services."""

import datetime

import pytest

from eplan.accounts.roles import Role
from eplan.core.models import AuditEvent
from eplan.monitoring.demo import seed_supervision
from eplan.monitoring.models import Recommendation, Visit
from eplan.monitoring.selectors import overdue
from eplan.registry.models import Province
from eplan.testing import make_organisation, make_user

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 12, 2)


def test_seed_supervision_twice_makes_one_of_everything(world):
    make_user("nacc80.demo", Role.NACC_PROVINCIAL, province=Province.objects.get(code="80"))
    make_user("central.demo", Role.NACC_CENTRAL)
    for n in range(4):
        make_organisation(f"680081{n}", f"ทดสอบ{n}", "8008")
    own = world.klai
    make_user("officer.demo", Role.LAO_OFFICER, organisation=own)
    first = seed_supervision(today=TODAY)
    assert first["visits"] == 5 and first["recommendations"] >= 5
    assert seed_supervision(today=TODAY) == {"visits": 0, "recommendations": 0}
    assert Visit.objects.count() == 5
    assert set(Visit.objects.values_list("fiscal_year", "state").distinct()) == {(2569, "recorded"), (2570, "planned")}
    assert all(v.date.month in (5, 6) for v in Visit.objects.all())
    states = set(Recommendation.objects.values_list("state", flat=True))
    assert {"open", "answered", "reopened", "closed"} <= states
    assert overdue(Recommendation.objects.all(), TODAY).count() == 1
    assert Visit.objects.filter(covered__organisation=own).count() == 4
    assert AuditEvent.objects.filter(action="monitoring.visit_plan").count() == 5
