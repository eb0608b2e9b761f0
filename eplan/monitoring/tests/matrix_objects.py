"""Supervision in the permission matrix: a visit of อบต.กลาย (inside the province-80 roles'
scope) and one of ช้างเผือก (Chiang Mai, outside), each with the อปท. recorded, a photo, an
open recommendation (for answer, accept and reopen) and an answered one with its evidence."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from eplan.core.thai import fiscal_year_of
from eplan.monitoring import services

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _side(world, organisation, planner, answerer, today):
    visit = services.visit_plan(
        actor=planner,
        date=today - datetime.timedelta(days=7),
        place="ที่ทำการ (matrix)",
        team="คณะนิเทศ (matrix)",
        organisations=[organisation],
    )
    covered = visit.covered.get()
    services.visit_record(actor=planner, covered=covered, attended=True, attendees="นายก ปลัด", today=today)
    photo = services.visit_file_add(actor=planner, covered=covered, upload=SimpleUploadedFile("ภาพ.png", PNG))
    open_one = services.recommendation_add(
        actor=planner,
        covered=covered,
        text="ข้อเสนอแนะ (matrix)",
        due_on=today + datetime.timedelta(days=30),
        today=today,
    )
    answered = services.recommendation_add(
        actor=planner, covered=covered, text="ข้อเสนอแนะที่ตอบแล้ว", due_on=today + datetime.timedelta(days=30), today=today
    )
    answer = services.recommendation_answer(
        actor=answerer,
        recommendation=answered,
        action_taken="ดำเนินการแล้ว",
        upload=SimpleUploadedFile("หลักฐาน.pdf", PDF),
    )
    return {
        "visit_id": visit.pk,
        "covered_id": covered.pk,
        "file_id": photo.pk,
        "recommendation_id": open_one.pk,
        "answer_id": answer.pk,
        "fiscal_year": visit.fiscal_year,
    }


def build(world):
    today = timezone.localdate()
    year = fiscal_year_of(today - datetime.timedelta(days=7))
    services.checklist_save(actor=world.central, fiscal_year=year - 1, items=["เผยแพร่แผนต่อสาธารณะ"])
    inside = _side(world, world.klai, world.nacc_provincial, world.officer, today)
    outside = _side(world, world.chiang_mai, world.central, world.outsider_north, today)
    return inside, outside


API_BODIES = {
    ("POST", "/recommendations/{recommendation_id}/answer"): lambda side: {"action_taken": "ดำเนินการแล้ว (matrix)"},
}

#        officer executive primary district  sthj   nacc-prov nacc-reg central  visitor
