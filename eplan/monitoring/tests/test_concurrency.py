"""Two people editing the same visit plan, the same record of an อปท. or the same checklist
never overwrite each other: each form carries the state token of what it showed (`_state`,
eplan.core.concurrency); a save made from an older copy is refused (409) with a Thai
message and what is stored now beside what was typed, and what was typed stays in the form.
Saving again from the refused page is a knowing choice and goes through."""

import re

import pytest
from django.urls import reverse

from eplan.accounts.roles import Role
from eplan.core.concurrency import STATE_FIELD
from eplan.core.models import AuditEvent
from eplan.monitoring import services
from eplan.monitoring.tests.conftest import ITEMS
from eplan.testing import client_for, make_user

pytestmark = pytest.mark.django_db

SOMEONE_SAVED_FIRST = "มีผู้อื่นบันทึกรายการนี้หลังจากที่คุณเปิดหน้านี้"


def token_in(html: str) -> str:
    found = re.search(rf'name="{STATE_FIELD}" value="([^"]*)"', html)
    assert found, "the form carries no state token"
    return found.group(1)


def opened(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return token_in(response.content.decode())


# A planned visit ----------------------------------------------------------------------------


def plan_data(world, visit, **values):
    return {
        "province": visit.province_id,
        "date": "2026-05-20",
        "team": visit.team,
        "organisations": [world.klai.pk],
        **values,
    }


def test_a_stale_visit_plan_is_refused_keeping_what_the_second_planner_typed(world, visit):
    provincial, regional = client_for(world.nacc_provincial), client_for(world.nacc_regional)
    url = reverse("monitoring:visit_edit", args=[visit.pk])
    seen_by_provincial, seen_by_regional = opened(provincial, url), opened(regional, url)

    first = provincial.post(
        url, plan_data(world, visit, place="ห้องประชุม อบต.กลาย", **{STATE_FIELD: seen_by_provincial})
    )
    assert first.status_code == 302

    second = regional.post(url, plan_data(world, visit, place="ศาลาประชาคมหมู่ 3", **{STATE_FIELD: seen_by_regional}))
    assert second.status_code == 409
    page = second.content.decode()
    assert SOMEONE_SAVED_FIRST in page
    assert 'value="ศาลาประชาคมหมู่ 3"' in page  # still in the form
    assert "ห้องประชุม อบต.กลาย" in page  # what is stored now, beside it
    visit.refresh_from_db()
    assert visit.place == "ห้องประชุม อบต.กลาย"
    assert AuditEvent.objects.filter(action="monitoring.visit_update").count() == 1

    # Having seen the newer plan, the second planner may still save theirs.
    again = regional.post(url, plan_data(world, visit, place="ศาลาประชาคมหมู่ 3", **{STATE_FIELD: token_in(page)}))
    assert again.status_code == 302
    visit.refresh_from_db()
    assert visit.place == "ศาลาประชาคมหมู่ 3"


def test_a_change_of_the_organisations_covered_makes_an_open_plan_stale(world, visit):
    provincial = client_for(world.nacc_provincial)
    url = reverse("monitoring:visit_edit", args=[visit.pk])
    seen = opened(provincial, url)
    services.visit_update(
        actor=world.nacc_regional,
        visit=visit,
        date=visit.date,
        place=visit.place,
        team=visit.team,
        organisations=[world.klai, world.tha_sala],
    )
    refused = provincial.post(url, plan_data(world, visit, place=visit.place, **{STATE_FIELD: seen}))
    assert refused.status_code == 409
    assert visit.covered.count() == 2


# The record of one อปท. -----------------------------------------------------------------------


def record_data(items, *, result, note, attendees):
    data = {"attended": "yes", "attendees": attendees, "absentees": "", "note": note}
    data.update({f"result_{item.pk}": result for item in items})
    return data


def test_a_stale_record_is_refused_keeping_what_the_second_recorder_typed(world, visit):
    covered = visit.covered.get()
    items = services.checklist_of(visit.fiscal_year)
    provincial, regional = client_for(world.nacc_provincial), client_for(world.nacc_regional)
    url = reverse("monitoring:record", args=[covered.pk])
    seen_by_provincial, seen_by_regional = opened(provincial, url), opened(regional, url)

    first = provincial.post(
        url,
        {
            **record_data(items, result="met", note="พบเอกสารครบทุกรายการ", attendees="นายก อบต. ปลัด อบต."),
            STATE_FIELD: seen_by_provincial,
        },
    )
    assert first.status_code == 302

    typed = record_data(items, result="not_met", note="ยังไม่เผยแพร่แผนบนเว็บไซต์", attendees="รองนายก อบต.")
    second = regional.post(url, {**typed, STATE_FIELD: seen_by_regional})
    assert second.status_code == 409
    page = second.content.decode()
    assert SOMEONE_SAVED_FIRST in page
    assert ">ยังไม่เผยแพร่แผนบนเว็บไซต์</textarea>" in page and ">รองนายก อบต.</textarea>" in page
    assert f'name="result_{items[0].pk}" value="not_met" checked' in page
    assert "พบเอกสารครบทุกรายการ" in page  # what is stored now, beside it
    covered.refresh_from_db()
    assert covered.note == "พบเอกสารครบทุกรายการ" and covered.attendees == "นายก อบต. ปลัด อบต."
    assert set(covered.findings.values_list("result", flat=True)) == {"met"}
    assert AuditEvent.objects.filter(action="monitoring.visit_record").count() == 1

    again = regional.post(url, {**typed, STATE_FIELD: token_in(page)})
    assert again.status_code == 302
    covered.refresh_from_db()
    assert covered.note == "ยังไม่เผยแพร่แผนบนเว็บไซต์"
    assert set(covered.findings.values_list("result", flat=True)) == {"not_met"}


def test_a_record_refused_for_bad_input_keeps_the_token_it_was_opened_with(world, visit):
    """A form sent back for a missing answer must still catch a save made meanwhile."""
    covered = visit.covered.get()
    items = services.checklist_of(visit.fiscal_year)
    provincial, regional = client_for(world.nacc_provincial), client_for(world.nacc_regional)
    url = reverse("monitoring:record", args=[covered.pk])
    seen = opened(regional, url)
    incomplete = record_data(items[:1], result="met", note="ยังกรอกไม่ครบ", attendees="ปลัด อบต.")
    refused = regional.post(url, {**incomplete, STATE_FIELD: seen})
    assert refused.status_code == 422 and token_in(refused.content.decode()) == seen
    provincial.post(
        url, {**record_data(items, result="met", note="ครบ", attendees="นายก"), STATE_FIELD: opened(provincial, url)}
    )
    stale = regional.post(
        url, {**record_data(items, result="na", note="ยังกรอกไม่ครบ", attendees="ปลัด อบต."), STATE_FIELD: seen}
    )
    assert stale.status_code == 409
    covered.refresh_from_db()
    assert covered.note == "ครบ"


# The checklist of a fiscal year ------------------------------------------------------------


def test_a_stale_checklist_is_refused_keeping_what_the_second_editor_typed(world, checklist):
    other_central = make_user("nacc.central.2", Role.NACC_CENTRAL)
    first_editor, second_editor = client_for(world.central), client_for(other_central)
    url = reverse("monitoring:checklist", args=[2569])
    seen_by_first, seen_by_second = opened(first_editor, url), opened(second_editor, url)

    first = first_editor.post(url, {"items": "\n".join([*ITEMS, "มีช่องทางร้องเรียน"]), STATE_FIELD: seen_by_first})
    assert first.status_code == 302

    typed = "\n".join([*ITEMS[:2], "จัดอบรมคุณธรรมแก่พนักงาน"])
    second = second_editor.post(url, {"items": typed, STATE_FIELD: seen_by_second})
    assert second.status_code == 409
    page = second.content.decode()
    assert SOMEONE_SAVED_FIRST in page
    assert "จัดอบรมคุณธรรมแก่พนักงาน</textarea>" in page  # still in the form
    assert "มีช่องทางร้องเรียน" in page  # what is stored now, beside it
    assert [item.text for item in services.checklist_of(2569)] == [*ITEMS, "มีช่องทางร้องเรียน"]

    again = second_editor.post(url, {"items": typed, STATE_FIELD: token_in(page)})
    assert again.status_code == 302
    assert [item.text for item in services.checklist_of(2569)] == [*ITEMS[:2], "จัดอบรมคุณธรรมแก่พนักงาน"]


def test_two_editors_starting_a_new_years_checklist_do_not_overwrite_each_other(world):
    other_central = make_user("nacc.central.2", Role.NACC_CENTRAL)
    first_editor, second_editor = client_for(world.central), client_for(other_central)
    url = reverse("monitoring:checklist", args=[2571])
    seen_by_first, seen_by_second = opened(first_editor, url), opened(second_editor, url)
    assert first_editor.post(url, {"items": "ข้อแรก", STATE_FIELD: seen_by_first}).status_code == 302
    assert second_editor.post(url, {"items": "ข้ออื่น", STATE_FIELD: seen_by_second}).status_code == 409
    assert [item.text for item in services.checklist_of(2571)] == ["ข้อแรก"]


def test_copying_last_years_checklist_over_a_newer_save_is_refused(world, checklist):
    other_central = make_user("nacc.central.2", Role.NACC_CENTRAL)
    url = reverse("monitoring:checklist", args=[2570])
    seen = opened(client_for(world.central), url)
    client_for(other_central).post(url, {"items": "ข้อของปี 2570", STATE_FIELD: opened(client_for(other_central), url)})
    refused = client_for(world.central).post(
        reverse("monitoring:checklist_copy", args=[2570]), {STATE_FIELD: seen}, follow=True
    )
    assert SOMEONE_SAVED_FIRST in refused.content.decode()
    assert [item.text for item in services.checklist_of(2570)] == ["ข้อของปี 2570"]


def test_callers_that_send_no_token_still_save(world, visit):
    """Commands, the demo and tests call the services without a token."""
    covered = visit.covered.get()
    services.visit_record(actor=world.nacc_provincial, covered=covered, attended=False)
    services.checklist_save(actor=world.central, fiscal_year=2569, items=["ข้อเดียว"])
    assert [item.text for item in services.checklist_of(2569)] == ["ข้อเดียว"]
