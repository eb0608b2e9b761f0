"""What `seed_demo` makes: one real province with an account for every role, plans in every
state, and nothing more when it is run again."""

import io

import pytest
from django.core.management import call_command
from django.test import Client

from eplan.accounts.models import RoleAssignment, User
from eplan.accounts.roles import Role
from eplan.assessment.models import Assessment
from eplan.assessment.selectors import status_counts
from eplan.core.models import AuditEvent, SiteFlag
from eplan.demo.management.commands.seed_demo import COPIED_FORWARD, DEMO_PASSWORD, demo_lao_code
from eplan.frameworks.models import Cycle
from eplan.plans.models import Plan, PlanStatus, PlanVersion
from eplan.registry.models import Organisation, OrganisationType
from eplan.reporting.models import Report

pytestmark = pytest.mark.django_db


def test_the_demo_has_one_real_province_and_an_account_for_every_role(settings, capsys):
    if (settings.SHARED_DATA_DIR / "local-authorities.json").exists():
        assert Organisation.objects.filter(province_id="80").count() == 185
    assert Organisation.objects.filter(org_type=OrganisationType.BANGKOK).count() == 1
    roles = set(RoleAssignment.objects.values_list("role", flat=True))
    assert roles == set(Role.values)
    assert SiteFlag.is_set(SiteFlag.DEMO)
    assert "ระบบสาธิต" in Client().get("/").content.decode()
    call_command("demo_logins")
    printed = capsys.readouterr().out
    assert "central.demo" in printed and DEMO_PASSWORD in printed
    lines = {line.split()[0]: line for line in printed.splitlines() if line.startswith("  ")}
    assert "แอปยืนยันตัวตน" in lines["central.demo"] and "แอปยืนยันตัวตน" not in lines["officer.demo"]
    for username in ("central.demo", "nacc80.demo", "officer.demo"):
        assert Client().login(username=username, password=DEMO_PASSWORD)


def test_seeding_twice_changes_nothing():
    def counts():
        return [
            model.objects.count()
            for model in (Organisation, User, RoleAssignment, Plan, PlanVersion, Assessment, Report, AuditEvent)
        ]

    before = counts()
    call_command("seed_demo", "--if-empty", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())
    assert counts() == before


def test_the_demo_province_has_plans_in_every_state():
    province = Organisation.objects.filter(province_id="80")
    past = status_counts(Cycle.objects.get(code="2561-2564"), province).total
    assert past["passed"] > 0 and past["incomplete"] > 0 and past["not_submitted"] > 0
    current = status_counts(Cycle.objects.get(code="2562-2565"), province).total
    assert current["in_assessment"] > 0 and current["not_submitted"] > 0


def test_a_few_organisations_started_their_new_plan_from_the_previous_one_and_some_sent_it():
    copied = Plan.objects.filter(cycle__code="2562-2565", copied_from__cycle__code="2561-2564")
    assert copied.count() == COPIED_FORWARD
    assert {plan.status for plan in copied} == {PlanStatus.DRAFT, PlanStatus.SUBMITTED}
    assert all(plan.organisation_id == plan.copied_from.organisation_id for plan in copied)
    assert all(plan.items.count() == plan.copied_from.items.count() for plan in copied)
    assert AuditEvent.objects.filter(action="plans.plan_copy_forward").count() == COPIED_FORWARD
    # The demo LAO's own officer is left to try it.
    assert not Plan.objects.filter(organisation__code=demo_lao_code(), cycle__code="2562-2565").exists()
