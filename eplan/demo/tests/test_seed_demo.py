import pytest
from django.core.management import call_command
from django.test import Client

from eplan.accounts.models import RoleAssignment, User
from eplan.accounts.roles import Role
from eplan.core.models import SiteFlag
from eplan.demo.management.commands.seed_demo import DEMO_PASSWORD
from eplan.registry.models import Organisation, OrganisationType

pytestmark = pytest.mark.django_db


def test_the_demo_has_one_real_province_and_an_account_for_every_role(settings, capsys):
    call_command("seed_demo")
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
    for username in ("central.demo", "nacc80.demo", "officer.demo"):
        assert Client().login(username=username, password=DEMO_PASSWORD)


def test_seeding_twice_changes_nothing():
    call_command("seed_demo")
    counts = (Organisation.objects.count(), User.objects.count(), RoleAssignment.objects.count())
    call_command("seed_demo", "--if-empty")
    call_command("seed_demo")
    assert (Organisation.objects.count(), User.objects.count(), RoleAssignment.objects.count()) == counts


def test_without_the_shared_data_a_national_set_with_the_real_type_mix_is_generated(settings, tmp_path):
    settings.SHARED_DATA_DIR = tmp_path
    call_command("seed_demo", "--scale", "national")
    counts = {org_type: Organisation.objects.filter(org_type=org_type).count() for org_type in OrganisationType.values}
    assert counts == {
        "provincial_admin_org": 76,
        "city_municipality": 30,
        "town_municipality": 195,
        "subdistrict_municipality": 2247,
        "subdistrict_admin_org": 5300,
        "bangkok": 1,
        "pattaya": 1,
    }
    assert Organisation.objects.count() == 7850
    assert Organisation.objects.filter(province_id="80", district_id="8001").exists()


def test_the_demo_province_has_plans_in_every_state():
    from eplan.assessment import status
    from eplan.frameworks.models import Cycle

    call_command("seed_demo")
    province = list(Organisation.objects.filter(province_id="80").values_list("pk", flat=True))
    past = status.counts(Cycle.objects.get(code="2561-2564"), province)
    assert past["passed"] > 0 and past["incomplete"] > 0 and past["not_submitted"] > 0
    current = status.counts(Cycle.objects.get(code="2562-2565"), province)
    assert current["in_assessment"] > 0 and current["not_submitted"] > 0
