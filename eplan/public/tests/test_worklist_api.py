"""The work list through the API: the same lines as the home page, for the caller only."""

import datetime

import pytest

from eplan.demo.plans import build_demo_plan, ensure_cycles
from eplan.plans.tests.test_api import with_token
from eplan.public import worklist
from eplan.public.tests.test_worklist import TODAY, open_round
from eplan.registry.models import OrganisationProfile

pytestmark = pytest.mark.django_db


def test_an_organisation_reads_its_open_round_with_the_due_date_in_the_buddhist_era(world, monkeypatch):
    cycle = ensure_cycles()["2562-2565"]
    build_demo_plan(organisation=world.klai, cycle=cycle, submitted_by=world.officer)
    open_round(cycle, due=datetime.date(2026, 4, 30), today=TODAY)
    monkeypatch.setattr(worklist.timezone, "localdate", lambda *args: TODAY)

    response = with_token(world.officer).get("/me/worklist")

    assert response.status_code == 200
    reports = [line for line in response.json() if line["kind"] == "report"]
    assert len(reports) == 1
    assert reports[0]["due"] == "2026-04-30"
    assert reports[0]["due_text"] == "30 เมษายน 2569"
    assert reports[0]["when"] == "เหลือ 12 วัน"
    assert reports[0]["url"].startswith("/reporting/6800808/")


def test_the_list_is_the_callers_own(world):
    OrganisationProfile.objects.filter(organisation=world.klai).update(phone="")  # a line naming Klai

    mine = with_token(world.officer).get("/me/worklist").json()
    theirs = with_token(world.outsider_officer).get("/me/worklist").json()

    assert f"/accounts/organisation/{world.klai.code}/profile/" in [line["url"] for line in mine]
    assert not [line for line in theirs if world.klai.code in line["url"]]


def test_anonymous_callers_are_refused(world):
    from django.test import Client

    assert Client().get("/api/v1/me/worklist").status_code == 401
