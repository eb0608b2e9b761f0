"""Two people editing the same plan never overwrite each other unseen: a form (or an API
client) carries the state it was opened from, and a save over a newer one is refused with
both values shown and what the second person typed kept. Edits never land after the plan
is submitted, whatever the timing."""

import re
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client

from eplan.core.models import AuditEvent
from eplan.frameworks.models import Mission
from eplan.plans import document, services
from eplan.plans.models import Plan, PlanItem, PlanStatus, PlanVersion, SelfScore
from eplan.plans.tests.test_api import plan_path, with_token
from eplan.plans.tests.test_authoring import item_data

pytestmark = pytest.mark.django_db


def as_user(user):
    client = Client()
    client.force_login(user)
    return client


def base(world):
    return f"/plans/{world.klai.code}/2562-2565/"


def state_in(response) -> str:
    """The state a form was opened from, as the browser sends it back ('' if it has none)."""
    found = re.search(r'name="_state" value="([0-9a-f]+)"', response.content.decode())
    return found.group(1) if found else ""


def first_item(plan):
    return PlanItem.objects.filter(plan=plan, mission__code="1.1.1").order_by("position").first()


# --- items on the page --------------------------------------------------------------------


def test_a_stale_item_form_is_refused_showing_both_titles_and_keeping_what_was_typed(world, plan):
    item = first_item(plan)
    url = f"{base(world)}items/{item.pk}/edit/"
    officer, colleague = as_user(world.officer), as_user(world.colleague)
    seen_by_officer = state_in(officer.get(url))
    seen_by_colleague = state_in(colleague.get(url))

    saved = colleague.post(
        url, item_data(item.mission, title="ชื่อที่เพื่อนร่วมงานแก้", _state=seen_by_colleague), HTTP_HX_REQUEST="true"
    )
    assert saved.status_code == 200
    refused = officer.post(
        url,
        item_data(item.mission, title="ชื่อที่ฉันพิมพ์", outputs="ผลผลิตที่ฉันพิมพ์ไว้", _state=seen_by_officer),
        HTTP_HX_REQUEST="true",
    )

    assert refused.status_code == 422
    body = refused.content.decode()
    assert "มีผู้อื่นบันทึกรายการนี้" in body
    assert "ชื่อที่เพื่อนร่วมงานแก้" in body and "ชื่อที่ฉันพิมพ์" in body  # both values shown
    assert "ผลผลิตที่ฉันพิมพ์ไว้" in body  # the rest of what was typed is kept
    assert refused["HX-Retarget"] == f"#item-{item.pk}"
    item.refresh_from_db()
    assert item.title == "ชื่อที่เพื่อนร่วมงานแก้"
    assert AuditEvent.objects.filter(action="plans.item_update", object_id=str(item.pk)).count() == 1

    # Having seen the newer values, saving again is a choice, and goes through.
    again = officer.post(
        url, item_data(item.mission, title="ชื่อที่ฉันพิมพ์", _state=state_in(refused)), HTTP_HX_REQUEST="true"
    )
    assert again.status_code == 200
    item.refresh_from_db()
    assert item.title == "ชื่อที่ฉันพิมพ์"


def test_a_stale_item_budget_is_shown_as_stored_and_as_typed(world, plan):
    item = first_item(plan)
    url = f"{base(world)}items/{item.pk}/edit/"
    officer = as_user(world.officer)
    seen = state_in(officer.get(url))
    services.item_save(
        actor=world.colleague,
        plan=plan,
        item=item,
        mission=item.mission,
        fields={name: getattr(item, name) for name in PlanItem.PART2_FIELDS + PlanItem.PART3_FIELDS},
        budgets={2562: (45000, False), 2563: None, 2564: None, 2565: None},
    )

    refused = officer.post(url, item_data(item.mission, title=item.title, budget_2562="20,000", _state=seen))

    assert refused.status_code == 422
    body = refused.content.decode()
    assert "45,000.00" in body and "20,000.00" in body


def test_a_new_item_needs_no_state(world, plan):
    mission = Mission.objects.get(cycle=plan.cycle, code="3.2.1")
    response = as_user(world.officer).post(f"{base(world)}items/new/?mission={mission.pk}", item_data(mission))
    assert response.status_code == 302


# --- items through the API ------------------------------------------------------------------


def test_a_put_from_an_older_read_is_412_with_the_stored_values_and_changes_nothing(world, plan):
    item = first_item(plan)
    path = f"{plan_path(world)}/items/{item.pk}"
    script, colleague = with_token(world.officer), with_token(world.colleague)
    read = script.get(path)
    etag = read["ETag"]
    assert read.json()["etag"] == etag.strip('"')
    payload = {**read.json(), "title": "ชื่อจากสคริปต์"}
    payload = {key: payload[key] for key in ("mission", "kind", "title", "budgets", "quarters", "outputs")}

    newer = colleague.client.put(
        "/api/v1" + path,
        {**payload, "title": "ชื่อที่เพื่อนร่วมงานแก้"},
        content_type="application/json",
        headers={**colleague.headers, "If-Match": etag},
    )
    assert newer.status_code == 200, newer.content
    assert newer["ETag"] != etag
    stale = script.client.put(
        "/api/v1" + path, payload, content_type="application/json", headers={**script.headers, "If-Match": etag}
    )

    assert stale.status_code == 412, stale.content
    assert "มีผู้อื่นบันทึก" in stale.json()["detail"]
    assert stale.json()["current"]["title"] == "ชื่อที่เพื่อนร่วมงานแก้"
    item.refresh_from_db()
    assert item.title == "ชื่อที่เพื่อนร่วมงานแก้"


def test_a_delete_from_an_older_read_is_412(world, plan):
    item = first_item(plan)
    path = f"{plan_path(world)}/items/{item.pk}"
    caller = with_token(world.officer)
    etag = caller.get(path)["ETag"]
    services.item_save(
        actor=world.colleague,
        plan=plan,
        item=item,
        mission=item.mission,
        fields={
            **{name: getattr(item, name) for name in PlanItem.PART2_FIELDS + PlanItem.PART3_FIELDS},
            "title": "ใหม่",
        },
        budgets={2562: (1000, False)},
    )

    stale = caller.client.delete("/api/v1" + path, headers={**caller.headers, "If-Match": etag})

    assert stale.status_code == 412
    assert PlanItem.objects.filter(pk=item.pk).exists()


# --- Part 1 -----------------------------------------------------------------------------------


def test_a_stale_part1_form_is_refused_showing_both_texts(world, plan):
    url = f"{base(world)}part1/"
    officer, colleague = as_user(world.officer), as_user(world.colleague)
    seen_by_officer = state_in(officer.get(url))
    fields = {name: getattr(plan, name) or "" for name in services.WRITTEN_SECTIONS}
    fields["adoption_date"] = plan.adoption_date.isoformat() if plan.adoption_date else ""
    colleague.post(url, {**fields, "rationale": "เหตุผลของเพื่อนร่วมงาน", "_state": state_in(colleague.get(url))})

    refused = officer.post(url, {**fields, "rationale": "เหตุผลที่ฉันพิมพ์", "_state": seen_by_officer})

    assert refused.status_code == 422
    body = refused.content.decode()
    assert "เหตุผลของเพื่อนร่วมงาน" in body and "เหตุผลที่ฉันพิมพ์" in body
    plan.refresh_from_db()
    assert plan.rationale == "เหตุผลของเพื่อนร่วมงาน"


def test_part1_through_the_api_takes_if_match(world, plan):
    path = f"{plan_path(world)}/part1"
    caller = with_token(world.officer)
    read = caller.get(path)
    assert read.status_code == 200 and read.json()["rationale"] == plan.rationale
    etag = read["ETag"]
    services.part1_update(actor=world.colleague, plan=plan, data={"targets": "เป้าหมายใหม่"})

    stale = caller.client.patch(
        "/api/v1" + path,
        {"rationale": "ของฉัน"},
        content_type="application/json",
        headers={**caller.headers, "If-Match": etag},
    )

    assert stale.status_code == 412
    assert stale.json()["current"]["targets"] == "เป้าหมายใหม่"
    fresh = caller.client.patch(
        "/api/v1" + path,
        {"rationale": "ของฉัน"},
        content_type="application/json",
        headers={**caller.headers, "If-Match": caller.get(path)["ETag"]},
    )
    assert fresh.status_code == 200 and fresh["ETag"]


# --- self-assessment --------------------------------------------------------------------------


def test_a_stale_self_assessment_is_refused_showing_both_scores(world, plan):
    url = f"{base(world)}self-assessment/"
    criterion = plan.cycle.criteria.order_by("position").first()
    officer = as_user(world.officer)
    seen = state_in(officer.get(url))
    services.self_assessment_save(actor=world.colleague, plan=plan, entries=[(criterion, 1, "ของเพื่อน", "")])

    refused = officer.post(
        url, {f"score_{criterion.pk}": "3", f"evidence_{criterion.pk}": "หลักฐานของฉัน", "_state": seen}
    )

    assert refused.status_code == 422
    body = refused.content.decode()
    assert "มีผู้อื่นบันทึก" in body and "ของเพื่อน" in body and "หลักฐานของฉัน" in body
    assert SelfScore.objects.get(plan=plan, criterion=criterion).score == 1


def test_the_self_assessment_through_the_api_takes_if_match(world, plan):
    path = f"{plan_path(world)}/self-assessment"
    caller = with_token(world.officer)
    read = caller.get(path)
    criterion = read.json()["criteria"][0]["criterion"]
    services.self_assessment_save(
        actor=world.colleague, plan=plan, entries=[(plan.cycle.criteria.get(pk=criterion), 1, "", "")]
    )

    stale = caller.client.patch(
        "/api/v1" + path,
        {"entries": [{"criterion": criterion, "score": "2"}]},
        content_type="application/json",
        headers={**caller.headers, "If-Match": read["ETag"]},
    )

    assert stale.status_code == 412
    assert SelfScore.objects.get(plan=plan, criterion_id=criterion).score == 1


# --- nothing lands after submission -----------------------------------------------------------


def submit_behind(plan, user):
    """Someone else submits while this page's copy of the plan still says draft."""
    services.plan_submit(actor=user, plan=Plan.objects.get(pk=plan.pk))
    assert plan.status == PlanStatus.DRAFT  # the caller's copy, read before


@pytest.mark.parametrize(
    "write",
    [
        lambda world, plan, item: services.item_save(
            actor=world.officer,
            plan=plan,
            item=item,
            mission=item.mission,
            fields={"kind": "project", "title": "หลังส่ง"},
            budgets={2562: (1, False)},
        ),
        lambda world, plan, item: services.item_save(
            actor=world.officer,
            plan=plan,
            mission=item.mission,
            fields={"kind": "project", "title": "หลังส่ง"},
            budgets={2562: (1, False)},
        ),
        lambda world, plan, item: services.item_delete(actor=world.officer, item=item),
        lambda world, plan, item: services.item_move(actor=world.officer, item=item, direction=1),
        lambda world, plan, item: services.part1_update(actor=world.officer, plan=plan, data={"rationale": "หลังส่ง"}),
        lambda world, plan, item: services.self_assessment_save(
            actor=world.officer, plan=plan, entries=[(plan.cycle.criteria.first(), 0, "หลังส่ง", "")]
        ),
    ],
    ids=["item update", "item create", "item delete", "item move", "part 1", "self-assessment"],
)
def test_a_write_from_a_copy_read_before_submission_is_refused(world, plan, write):
    item = first_item(plan)
    item.plan = plan  # the same (stale) plan object the page holds
    submit_behind(plan, world.executive)
    version = PlanVersion.objects.get(plan=plan)

    with pytest.raises(ValidationError, match="ส่งแล้ว"):
        write(world, plan, item)

    assert document.build(Plan.objects.get(pk=plan.pk))["item_count"] == version.snapshot["item_count"]
    submitted = AuditEvent.objects.get(action="plans.plan_submit")
    assert not AuditEvent.objects.filter(action__startswith="plans.", pk__gt=submitted.pk).exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite takes the database's write lock at BEGIN (transaction_mode IMMEDIATE), so writers never "
    "overlap there; row locks and real concurrency are PostgreSQL's, which CI runs.",
)
def test_parallel_item_puts_while_the_plan_is_submitted_leave_the_live_plan_as_frozen(world, cycles):
    from eplan.demo.plans import build_demo_plan

    plan = build_demo_plan(organisation=world.klai, cycle=cycles["2562-2565"])
    items = list(PlanItem.objects.filter(plan=plan).order_by("position")[:12])
    path = plan_path(world)
    callers = [with_token(world.officer) for _ in range(4)]
    start, first_saved = threading.Barrier(len(callers)), threading.Event()
    answers = []

    def put_items(caller, mine):
        try:
            start.wait()
            for round_ in range(8):
                for item in mine:
                    payload = {
                        "mission": item.mission.code,
                        "kind": "project",
                        "title": f"แก้ครั้งที่ {round_} {item.pk}",
                        "budgets": {"2562": "1000"},
                    }
                    response = caller.put(f"{path}/items/{item.pk}", payload)
                    answers.append(response.status_code)
                    if response.status_code == 200:
                        first_saved.set()
        finally:
            connection.close()  # this thread's own connection

    def submit():
        try:
            first_saved.wait(timeout=30)  # submit while the PUTs are under way
            services.plan_submit(actor=world.executive, plan=Plan.objects.get(pk=plan.pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=put_items, args=(caller, items[n::4])) for n, caller in enumerate(callers)]
    threads.append(threading.Thread(target=submit))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert set(answers) <= {200, 409}, answers
    version = PlanVersion.objects.get(plan=plan)
    live = document.build(Plan.objects.get(pk=plan.pk))
    frozen = version.snapshot
    assert [d["missions"] for d in live["dimensions"]] == [d["missions"] for d in frozen["dimensions"]]
    submitted = AuditEvent.objects.get(action="plans.plan_submit")
    assert not AuditEvent.objects.filter(action__startswith="plans.item_", pk__gt=submitted.pk).exists()
