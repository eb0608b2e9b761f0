"""The assessment queue (แผนที่รอการประเมิน): what waits for the provincial office first,
the longest waiting first, with a count per state and a search by code or name."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from eplan.assessment.models import Assessment, AssessmentState, Level, Result
from eplan.plans.models import Plan, PlanVersion, VersionStatus
from eplan.testing import make_organisation

pytestmark = pytest.mark.django_db

QUEUE = "/assessment/"


def as_user(client, user):
    client.force_login(user)
    return client


def submitted(organisation, cycle, user, *, days_ago, state=None, returned=False):
    """A latest version sent `days_ago` days ago; `state` gives it a provincial score set.
    Only what the queue reads is filled in."""
    plan = Plan.objects.create(organisation=organisation, cycle=cycle, status="returned" if returned else "submitted")
    version = PlanVersion.objects.create(
        plan=plan,
        number=1,
        receipt_number=f"{cycle.code}-{organisation.code}-1",
        submitted_at=timezone.now() - datetime.timedelta(days=days_ago),
        submitted_by=user,
        snapshot={"preassessment": {"total": "88.00"}},
        status=VersionStatus.RETURNED if returned else VersionStatus.SUBMITTED,
        returned_at=timezone.now() if returned else None,
    )
    if state == AssessmentState.DRAFT:
        Assessment.objects.create(version=version, level=Level.PROVINCIAL, assessor=user)
    elif state == AssessmentState.FINAL:
        Assessment.objects.create(
            version=version,
            level=Level.PROVINCIAL,
            assessor=user,
            state=AssessmentState.FINAL,
            total="90.00",
            pass_mark="60.00",
            result=Result.PASSED,
            finalised_at=timezone.now(),
            finalised_by=user,
        )
    return version


@pytest.fixture
def province(world, cycles):
    """Province 80 with one plan in every state: two waiting to be started (the older one
    sent 9 days ago), a draft sent longest ago, one final and one returned."""
    cycle = cycles["2562-2565"]
    officer = world.nacc_provincial
    extra = [make_organisation(f"68008{n:02d}", f"ทดสอบ{n}", "8008") for n in range(10, 13)]
    return {
        "todo_new": submitted(world.klai, cycle, officer, days_ago=2),
        "todo_old": submitted(world.tha_sala, cycle, officer, days_ago=9),
        "draft": submitted(world.other_district, cycle, officer, days_ago=20, state=AssessmentState.DRAFT),
        "final": submitted(extra[0], cycle, officer, days_ago=30, state=AssessmentState.FINAL),
        "returned": submitted(extra[1], cycle, officer, days_ago=15, returned=True),
        "spare": extra[2],
        "cycle": cycle,
    }


def listed(response):
    assert response.status_code == 200
    return [version.pk for version in response.context["page"]]


def test_the_queue_opens_on_what_waits_not_started_first_then_drafts_the_longest_waiting_first(client, world, province):
    response = as_user(client, world.nacc_provincial).get(QUEUE)

    assert listed(response) == [province["todo_old"].pk, province["todo_new"].pk, province["draft"].pk]
    assert response.context["tab"] == "waiting"
    body = response.content.decode()
    assert "แผนที่รอการประเมิน" in body
    assert 'aria-current="page">รอการประเมิน <span class="count">3</span>' in body


def test_each_state_has_its_count_and_its_tab(client, world, province):
    client = as_user(client, world.nacc_provincial)

    tabs = {tab["key"]: tab["count"] for tab in client.get(QUEUE).context["tabs"]}

    assert tabs == {"waiting": 3, "draft": 1, "final": 1, "returned": 1, "all": 5}
    assert listed(client.get(QUEUE, {"state": "draft"})) == [province["draft"].pk]
    assert listed(client.get(QUEUE, {"state": "final"})) == [province["final"].pk]
    assert listed(client.get(QUEUE, {"state": "returned"})) == [province["returned"].pk]
    everything = listed(client.get(QUEUE, {"state": "all"}))
    assert everything == [
        province["todo_old"].pk,
        province["todo_new"].pk,
        province["draft"].pk,
        province["final"].pk,
        province["returned"].pk,
    ]
    assert listed(client.get(QUEUE, {"state": "nonsense"})) == listed(client.get(QUEUE))


def test_the_tabs_keep_the_other_filters_and_the_counts_follow_them(client, world, province):
    response = as_user(client, world.nacc_provincial).get(QUEUE, {"district": "8001", "state": "all"})

    assert listed(response) == [province["draft"].pk]
    assert {tab["key"]: tab["count"] for tab in response.context["tabs"]}["all"] == 1
    assert "?district=8001&amp;state=final" in response.content.decode()


@pytest.mark.parametrize("typed", ["6800808", "68008", "กลาย", "อบต.กลาย", "อบต. กลาย"])
def test_the_assessor_finds_a_plan_by_code_or_name(client, world, province, typed):
    response = as_user(client, world.nacc_provincial).get(QUEUE, {"q": typed})

    assert province["todo_new"].pk in listed(response)
    if typed in ("6800808", "กลาย", "อบต.กลาย", "อบต. กลาย"):
        assert listed(response) == [province["todo_new"].pk]
        assert {tab["key"]: tab["count"] for tab in response.context["tabs"]}["all"] == 1


def test_a_version_replaced_by_a_newer_one_is_not_in_the_queue(client, world, province):
    old = province["returned"]
    newer = PlanVersion.objects.create(
        plan=old.plan,
        number=2,
        receipt_number=f"{old.receipt_number}-2",
        submitted_at=timezone.now(),
        submitted_by=world.nacc_provincial,
        snapshot={"preassessment": {"total": "95.00"}},
    )

    response = as_user(client, world.nacc_provincial).get(QUEUE, {"state": "all"})

    assert newer.pk in listed(response) and old.pk not in listed(response)


def test_the_queue_counts_cost_the_same_queries_for_more_plans(client, world, province, django_assert_max_num_queries):
    client = as_user(client, world.nacc_provincial)
    client.get(QUEUE)  # warm the per-process caches
    with CaptureQueriesContext(connection) as small:
        assert client.get(QUEUE, {"state": "all"}).status_code == 200
    for number in range(20, 32):
        organisation = make_organisation(f"68008{number}", f"เพิ่ม{number}", "8008")
        submitted(
            organisation,
            province["cycle"],
            world.nacc_provincial,
            days_ago=number,
            state=[None, AssessmentState.DRAFT, AssessmentState.FINAL][number % 3],
            returned=number == 31,
        )

    with django_assert_max_num_queries(len(small)):
        response = client.get(QUEUE, {"state": "all"})

    assert {tab["key"]: tab["count"] for tab in response.context["tabs"]}["all"] == 17
    with django_assert_max_num_queries(len(small)):
        assert client.get(QUEUE).status_code == 200


def test_only_nacc_offices_have_a_queue_and_only_of_their_scope(client, world, province):
    assert as_user(client, world.officer).get(QUEUE).status_code == 404
    assert as_user(client, world.district_office).get(QUEUE).status_code == 404
    assert as_user(client, world.provincial_dla).get(QUEUE).status_code == 404
    krabi = as_user(client, world.nacc_provincial_krabi).get(QUEUE, {"state": "all"})
    assert listed(krabi) == []
    assert {tab["key"]: tab["count"] for tab in krabi.context["tabs"]}["all"] == 0
    regional = as_user(client, world.nacc_regional).get(QUEUE, {"state": "all"})
    assert len(listed(regional)) == 5


def test_the_api_queue_takes_the_same_states(world, province):
    from eplan.assessment.tests.test_api import with_token

    caller = with_token(world.nacc_provincial)

    waiting = caller.get("/assessment/queue", {"state": "waiting"}).json()["items"]
    returned = caller.get("/assessment/queue", {"state": "returned"}).json()["items"]
    default = caller.get("/assessment/queue").json()["items"]

    assert [(row["version"], row["state"]) for row in waiting] == [
        (province["todo_old"].pk, "todo"),
        (province["todo_new"].pk, "todo"),
        (province["draft"].pk, "draft"),
    ]
    assert [row["version"] for row in returned] == [province["returned"].pk]
    assert province["returned"].pk not in [row["version"] for row in default] and len(default) == 4
    found = caller.get("/assessment/queue", {"q": "อบต.กลาย"}).json()["items"]
    assert [row["organisation"] for row in found] == [world.klai.code]
