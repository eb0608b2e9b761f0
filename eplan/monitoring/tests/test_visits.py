"""Visits: planned by NACC offices inside their scope, seen by those whose scope holds an
อปท. covered (404 to others, page and API), recorded against the year's checklist, done or
cancelled as the table of transitions allows."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from eplan.core.models import AuditEvent
from eplan.monitoring import services
from eplan.monitoring.models import Finding, VisitKind, VisitState
from eplan.monitoring.tests.conftest import ITEMS, TODAY, VISIT_DAY, record
from eplan.testing import client_for

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def test_another_provinces_nacc_office_cannot_see_this_provinces_visits(world, visit):
    krabi = client_for(world.nacc_provincial_krabi)
    assert krabi.get(reverse("monitoring:visit", args=[visit.pk])).status_code == 404
    assert krabi.get(f"/api/v1/visits/{visit.pk}").status_code == 404
    listed = krabi.get("/api/v1/visits").json()
    assert visit.pk not in [row["id"] for row in listed["items"]]
    assert str(visit.place) not in krabi.get(reverse("monitoring:index") + "?year=2569").content.decode()
    # Those whose area holds อบต.กลาย see it.
    for user in (world.nacc_provincial, world.nacc_regional, world.central, world.district_office, world.officer):
        assert client_for(user).get(reverse("monitoring:visit", args=[visit.pk])).status_code == 200, user
        assert client_for(user).get(f"/api/v1/visits/{visit.pk}").status_code == 200, user
    assert client_for(world.outsider_officer).get(reverse("monitoring:visit", args=[visit.pk])).status_code == 404


def test_a_planner_cannot_cover_an_organisation_outside_its_scope(world, checklist):
    with pytest.raises(ValidationError) as refused:
        services.visit_plan(
            actor=world.nacc_provincial,
            date=VISIT_DAY,
            place="ศาลากลางจังหวัด",
            team="คณะทำงาน",
            organisations=[world.klai, world.krabi],
        )
    assert "นอกพื้นที่ความรับผิดชอบ" in str(refused.value)
    with pytest.raises(PermissionDenied):
        services.visit_plan(
            actor=world.district_office, date=VISIT_DAY, place="x", team="x", organisations=[world.klai]
        )
    response = client_for(world.nacc_provincial).post(
        reverse("monitoring:visit_new"),
        {"date": "2026-05-20", "place": "ศาลากลาง", "team": "คณะ", "organisations": [world.krabi.pk]},
    )
    assert response.status_code == 200  # the form again, with the reason
    assert not AuditEvent.objects.filter(action="monitoring.visit_plan").exists()


def test_a_provincial_meeting_covers_many_and_its_fiscal_year_follows_its_date(world, checklist):
    response = client_for(world.nacc_provincial).post(
        reverse("monitoring:visit_new"),
        {
            "date": "2026-06-10",
            "place": "ห้องประชุมศาลากลางจังหวัดนครศรีธรรมราช",
            "team": "คณะอนุกรรมการ",
            "organisations": [world.klai.pk, world.tha_sala.pk, world.other_district.pk],
        },
    )
    assert response.status_code == 302
    visit = AuditEvent.objects.get(action="monitoring.visit_plan")
    from eplan.monitoring.models import Visit

    meeting = Visit.objects.get(pk=visit.object_id)
    assert meeting.kind == VisitKind.MEETING and meeting.fiscal_year == 2569 and meeting.covered.count() == 3
    # The district office of ท่าศาลา sees the meeting, and only its own อปท. in it.
    page = client_for(world.district_office).get(reverse("monitoring:visit", args=[meeting.pk])).content.decode()
    assert "กลาย" in page and "ท่าซัก" not in page


def test_bad_input_to_the_plan_form_gets_thai_messages(world, checklist):
    nacc = client_for(world.nacc_provincial)
    for data in (
        {"date": "", "place": "", "team": ""},
        {"date": "99999-01-01", "place": "x\x00", "team": "y", "organisations": ["abc"]},
        {"date": "2026-05-20", "place": "ก" * 400, "team": "y", "organisations": [world.klai.pk]},
    ):
        response = nacc.post(reverse("monitoring:visit_new"), data)
        assert response.status_code == 200
        assert "errorlist" in response.content.decode()
    assert not AuditEvent.objects.filter(action="monitoring.visit_plan").exists()


def test_recording_keeps_the_checklist_wording_it_was_recorded_with(world, visit):
    record(world, visit, result="not_met")
    services.checklist_save(actor=world.central, fiscal_year=2569, items=["ข้อความใหม่", *ITEMS[1:]])
    assert Finding.objects.order_by("position").first().item_text == ITEMS[0]
    page = client_for(world.nacc_provincial).get(reverse("monitoring:visit", args=[visit.pk])).content.decode()
    assert ITEMS[0] in page


def test_visit_states_follow_the_table(world, visit):
    with pytest.raises(ValidationError):  # not every อปท. recorded yet
        services.visit_complete(actor=world.nacc_provincial, visit=visit, today=TODAY)
    with pytest.raises(ValidationError):  # before the day of the visit
        services.visit_record(
            actor=world.nacc_provincial,
            covered=visit.covered.get(),
            attended=True,
            attendees="x",
            today=VISIT_DAY - datetime.timedelta(days=1),
        )
    record(world, visit)
    services.visit_complete(actor=world.nacc_provincial, visit=visit, today=TODAY)
    visit.refresh_from_db()
    assert visit.state == VisitState.RECORDED
    with pytest.raises(ValidationError):  # recorded → cancelled
        services.visit_cancel(actor=world.nacc_provincial, visit=visit, reason="ฝนตก")
    with pytest.raises(PermissionDenied):
        services.visit_cancel(actor=world.nacc_provincial_krabi, visit=visit, reason="ฝนตก")


def test_files_are_checked_by_content_and_served_only_in_scope(world, visit):
    covered = visit.covered.get()
    nacc = client_for(world.nacc_provincial)
    url = reverse("monitoring:file_add", args=[covered.pk])
    bad = nacc.post(url, {"file": SimpleUploadedFile("ภาพ.jpg", b"<html>not an image</html>")})
    assert bad.status_code == 302 and not covered.files.exists()
    wrong_kind = nacc.post(url, {"file": SimpleUploadedFile("x.exe", b"MZ")})
    assert wrong_kind.status_code == 302 and not covered.files.exists()
    nacc.post(url, {"file": SimpleUploadedFile("ภาพ.png", PNG)})
    stored = covered.files.get()
    assert stored.kind == "photo" and stored.file.name.endswith(".png") and "ภาพ" not in stored.file.name
    assert nacc.get(reverse("monitoring:file", args=[stored.pk]))["Content-Type"] == "image/png"
    assert client_for(world.officer).get(reverse("monitoring:file", args=[stored.pk])).status_code == 200
    assert client_for(world.nacc_provincial_krabi).get(reverse("monitoring:file", args=[stored.pk])).status_code == 404
    assert client_for(world.officer).post(url, {"file": SimpleUploadedFile("ภาพ.png", PNG)}).status_code == 404


def test_the_checklist_is_edited_by_central_staff_and_copied_from_the_year_before(world, checklist):
    central = client_for(world.central)
    response = central.post(reverse("monitoring:checklist_copy", args=[2570]))
    assert response.status_code == 302
    assert [i.text for i in services.checklist_of(2570)] == ITEMS
    saved = central.post(reverse("monitoring:checklist", args=[2570]), {"items": "ข้อหนึ่ง\nข้อสอง\n"})
    assert saved.status_code == 302
    assert [i.text for i in services.checklist_of(2570)] == ["ข้อหนึ่ง", "ข้อสอง"]
    refused = client_for(world.nacc_provincial).post(reverse("monitoring:checklist", args=[2570]), {"items": "x"})
    assert refused.status_code in (403, 404)
    assert [i.text for i in services.checklist_of(2570)] == ["ข้อหนึ่ง", "ข้อสอง"]
    assert AuditEvent.objects.filter(action="monitoring.checklist_save").count() == 3


def test_every_operation_is_in_the_audit_trail_with_its_label(world, recommendation):
    from eplan.core.audit import ACTION_LABELS

    actions = set(AuditEvent.objects.filter(action__startswith="monitoring.").values_list("action", flat=True))
    assert {"monitoring.visit_plan", "monitoring.visit_record", "monitoring.recommendation_add"} <= actions
    assert all(action in ACTION_LABELS for action in actions)
