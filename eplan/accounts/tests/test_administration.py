"""Pages of the central bureau: NACC regions and the audit trail."""

import pytest
from django.test import Client

from eplan.core.models import AuditEvent
from eplan.registry.models import Province

pytestmark = pytest.mark.django_db


def as_user(user):
    client = Client()
    client.force_login(user)
    return client


def test_central_administrators_move_a_province_to_another_region(world):
    response = as_user(world.central).post("/accounts/regions/", {"province": "81", "region": "5"})
    assert response.status_code == 302
    assert Province.objects.get(code="81").region_id == 5
    event = AuditEvent.objects.get(action="registry.province_set_region")
    assert event.changes == {"region_id": [8, 5]} and event.actor == world.central


@pytest.mark.parametrize("role", ["nacc_regional", "nacc_provincial", "officer", "district_office"])
def test_only_central_administrators_edit_regions(world, role):
    client = as_user(getattr(world, role))
    assert client.get("/accounts/regions/").status_code == 404
    assert client.post("/accounts/regions/", {"province": "81", "region": "5"}).status_code == 404
    assert Province.objects.get(code="81").region_id == 8


def test_the_audit_trail_is_filterable_and_central_only(world):
    as_user(world.central).post("/accounts/regions/", {"province": "81", "region": "5"})
    as_user(world.officer).post("/accounts/me/", {"first_name": "สมศรี"})
    client = as_user(world.central)
    page = client.get("/accounts/audit/", {"action": "registry.province_set_region"})
    events = list(page.context["page"])
    assert [event.action for event in events] == ["registry.province_set_region"]
    assert "กำหนดภาคของจังหวัด" in page.content.decode()
    by_actor = list(client.get("/accounts/audit/", {"actor": "officer.klai"}).context["page"])
    assert by_actor and all(event.actor_username == "officer.klai" for event in by_actor)
    bad_date = client.get("/accounts/audit/", {"since": "25/11/2569"})
    assert bad_date.status_code == 200 and bad_date.context["errors"]
    for role in ("nacc_regional", "nacc_provincial", "officer"):
        assert as_user(getattr(world, role)).get("/accounts/audit/").status_code == 404
    assert Client().get("/accounts/audit/").status_code == 302
    assert AuditEvent.objects.count() >= 2
