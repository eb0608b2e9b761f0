"""The scoring page opens straight from the queue: the plan's items (Part 2, by dimension
and mission, with budgets) beside the criteria, each item with its fit judgement. Opening
it writes nothing; the first save creates the score set."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from eplan.assessment import services
from eplan.assessment.models import Assessment, Level
from eplan.core.models import AuditEvent
from eplan.plans import services as plan_services

pytestmark = pytest.mark.django_db


def as_user(client, user):
    client.force_login(user)
    return client


def page_of(version):
    return f"/assessment/versions/{version.pk}/"


def form_data(version, **extra):
    """What the page sends when the assessor keeps every pre-filled score."""
    data = {"_state": services.score_set_state(None), "action": "save"}
    for row in version.snapshot["preassessment"]["criteria"]:
        data[f"score_{row['id']}"] = row["expected"] if row["automatic"] else row["max_points"]
    data.update(extra)
    return data


def writes(queries):
    return [q["sql"] for q in queries if q["sql"].lstrip().split(" ", 1)[0].upper() in {"INSERT", "UPDATE", "DELETE"}]


def test_opening_a_plan_not_started_shows_the_form_filled_in_and_writes_nothing(client, world, version):
    client = as_user(client, world.nacc_provincial)
    client.get("/")  # the session exists before we count
    events = AuditEvent.objects.count()

    with CaptureQueriesContext(connection) as queries:
        response = client.get(page_of(version))

    assert response.status_code == 200
    assert writes(queries.captured_queries) == []
    assert not Assessment.objects.filter(version=version).exists()
    assert AuditEvent.objects.count() == events
    body = response.content.decode()
    assert "เริ่มประเมิน" not in body
    criterion = next(row for row in version.snapshot["preassessment"]["criteria"] if row["automatic"])
    assert f'name="score_{criterion["id"]}" value="{Decimal(criterion["expected"]):.2f}"' in body
    assert f'name="_state" value="{services.score_set_state(None)}"' in body


def test_the_page_shows_the_items_by_dimension_and_mission_with_budgets_and_a_fit_judgement_each(
    client, world, version
):
    body = as_user(client, world.nacc_provincial).get(page_of(version)).content.decode()

    dimension = version.snapshot["dimensions"][0]
    mission = next(m for m in dimension["missions"] if m["items"])
    item = mission["items"][0]
    assert f"มิติที่ {dimension['number']} {dimension['title']}" in body
    assert f'<span class="mission-code">{mission["code"]}</span> {mission["title"]}' in body
    assert item["title"] in body and "30,000.00" in body
    for entry in services.snapshot_items(version):
        assert f'name="fits_{entry}"' in body and f'name="reason_{entry}"' in body
    # the criteria of a dimension come right after its items
    first_criterion = next(row for row in version.snapshot["criteria"] if row["dimension"] == 1)
    second_dimension = version.snapshot["dimensions"][1]["title"]
    assert body.index(item["title"]) < body.index(first_criterion["text"]) < body.index(second_dimension)


def test_the_first_save_creates_the_score_set_with_what_was_typed(client, world, version):
    item_id = next(iter(services.snapshot_items(version)))
    data = form_data(
        version, **{f"fits_{item_id}": "no", f"reason_{item_id}": "เป็นงานประจำ", "general_comment": "ดีมาก"}
    )

    response = as_user(client, world.nacc_provincial).post(page_of(version), data)

    assert response.status_code == 302
    assessment = Assessment.objects.get(version=version, level=Level.PROVINCIAL)
    assert not assessment.is_final and assessment.general_comment == "ดีมาก"
    assert assessment.scores.count() == len(version.snapshot["criteria"])
    assert assessment.judgements.get(item_id=item_id).reason == "เป็นงานประจำ"
    again = client.get(response.url).content.decode()
    assert f'name="_state" value="{services.score_set_state(assessment)}"' in again
    assert f'name="fits_{item_id}" value="no" data-misfit="reason_{item_id}" checked' in again


def test_a_refused_first_save_leaves_no_score_set_and_keeps_the_input(client, world, version):
    criterion = next(row for row in version.snapshot["preassessment"]["criteria"] if row["automatic"])
    data = form_data(version, **{f"score_{criterion['id']}": "0", "general_comment": "พิมพ์ไว้แล้ว"})

    response = as_user(client, world.nacc_provincial).post(page_of(version), data)

    assert response.status_code == 422
    assert "ต้องระบุความเห็น" in response.content.decode() and "พิมพ์ไว้แล้ว" in response.content.decode()
    assert not Assessment.objects.filter(version=version).exists()


def test_finalising_from_the_page_in_one_step(client, world, version):
    response = as_user(client, world.nacc_provincial).post(page_of(version), form_data(version, action="finalise"))

    assert response.status_code == 302
    assessment = Assessment.objects.get(version=version)
    assert assessment.is_final and assessment.total == Decimal("100.00")


def test_a_save_over_a_colleagues_newer_one_is_refused_and_the_input_kept(client, world, version):
    colleague = world.nacc_regional  # region 8 covers the province: both may assess
    as_user(client, colleague).post(page_of(version), form_data(version, general_comment="ของเพื่อนร่วมงาน"))

    response = as_user(client, world.nacc_provincial).post(
        page_of(version), form_data(version, general_comment="ของฉัน", _state=services.score_set_state(None))
    )

    assert response.status_code == 422
    body = response.content.decode()
    assert "มีผู้อื่นบันทึกการประเมินฉบับนี้" in body and "ของฉัน" in body
    assessment = Assessment.objects.get(version=version)
    assert assessment.general_comment == "ของเพื่อนร่วมงาน"
    assert f'name="_state" value="{services.score_set_state(assessment)}"' in body
    # saving again from that page, knowing, overwrites
    again = client.post(
        page_of(version), form_data(version, general_comment="ของฉัน", _state=services.score_set_state(assessment))
    )
    assert again.status_code == 302
    assessment.refresh_from_db()
    assert assessment.general_comment == "ของฉัน"


def test_a_returned_version_is_shown_without_a_form_and_cannot_be_started(client, world, version):
    plan_services.plan_return(actor=world.nacc_provincial, version=version, reason="เอกสารไม่ครบถ้วน โปรดแนบ SAR")
    client = as_user(client, world.nacc_provincial)

    body = client.get(page_of(version)).content.decode()
    response = client.post(page_of(version), form_data(version))

    assert "ถูกส่งกลับให้แก้ไขแล้ว" in body and 'name="_state"' not in body
    assert response.status_code == 422
    assert not Assessment.objects.filter(version=version).exists()


def test_outsiders_get_404_and_write_nothing(client, world, version):
    for outsider in (world.nacc_provincial_krabi, world.officer, world.district_office, world.nacc_regional_north):
        client = as_user(client, outsider)
        assert client.get(page_of(version)).status_code == 404
        assert client.post(page_of(version), form_data(version)).status_code == 404
    # a regional office scores at the provincial level, never the central review
    regional = as_user(client, world.nacc_regional)
    assert regional.post(f"{page_of(version)}?level=central", form_data(version)).status_code == 404
    assert 'name="_state"' not in regional.get(f"{page_of(version)}?level=central").content.decode()
    assert not Assessment.objects.filter(version=version).exists()


def test_the_central_review_opens_filled_in_from_the_provincial_scores(client, world, version):
    item_id = next(iter(services.snapshot_items(version)))
    as_user(client, world.nacc_provincial).post(
        page_of(version), form_data(version, **{f"fits_{item_id}": "no", f"reason_{item_id}": "งานประจำ"})
    )

    body = as_user(client, world.central).get(f"{page_of(version)}?level=central").content.decode()

    assert f'name="fits_{item_id}" value="no" data-misfit="reason_{item_id}" checked' in body
    assert "จังหวัด: ไม่สอดคล้อง" in body
    assert not Assessment.objects.filter(version=version, level=Level.CENTRAL).exists()
