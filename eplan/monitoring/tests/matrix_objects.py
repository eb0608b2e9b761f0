# ruff: noqa: E501 (the rows keep the table's columns)
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
ROWS = """\
GET monitoring:index                                                            200/200     200/200     200/200     200/200     200/200     200/200     200/200     200/200     login/login
POST monitoring:index                                                           405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405
GET monitoring:summary                                                          404/404     404/404     404/404     200/200     200/200     200/200     200/200     200/200     login/login
POST monitoring:summary                                                         405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405
GET monitoring:visit_new                                                        404/404     404/404     404/404     404/404     404/404     200/200     200/200     200/200     login/login
POST monitoring:visit_new                                                       404/404     404/404     404/404     404/404     404/404     200/200     200/200     200/200     login/login
GET monitoring:visit                                                            200/404     200/404     200/404     200/404     200/404     200/404     200/404     200/200     login/login
POST monitoring:visit                                                           405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405
GET monitoring:visit_edit                                                       404/404     404/404     404/404     404/404     404/404     200/404     200/404     200/200     login/login
POST monitoring:visit_edit                                                      404/404     404/404     404/404     404/404     404/404     200/404     200/404     200/200     login/login
GET monitoring:visit_cancel                                                     405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405     login/login
POST monitoring:visit_cancel                                                    404/404     404/404     404/404     404/404     404/404     302/404     302/404     302/302     login/login
GET monitoring:visit_complete                                                   405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405     login/login
POST monitoring:visit_complete                                                  404/404     404/404     404/404     404/404     404/404     302/404     302/404     302/302     login/login
GET monitoring:visit_pdf                                                        200/404     200/404     200/404     200/404     200/404     200/404     200/404     200/200     login/login
POST monitoring:visit_pdf                                                       405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405
GET monitoring:record                                                           404/404     404/404     404/404     404/404     404/404     200/404     200/404     200/200     login/login
POST monitoring:record                                                          404/404     404/404     404/404     404/404     404/404     422/404     422/404     422/422     login/login
GET monitoring:file_add                                                         405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405     login/login
POST monitoring:file_add                                                        404/404     404/404     404/404     404/404     404/404     302/404     302/404     302/302     login/login
GET monitoring:recommendation_add                                               405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405     login/login
POST monitoring:recommendation_add                                              404/404     404/404     404/404     404/404     404/404     302/404     302/404     302/302     login/login
GET monitoring:file                                                             200/404     200/404     200/404     200/404     200/404     200/404     200/404     200/200     login/login
POST monitoring:file                                                            405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405
GET monitoring:recommendations                                                  200/200     200/200     200/200     200/200     200/200     200/200     200/200     200/200     login/login
POST monitoring:recommendations                                                 405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405
GET monitoring:recommendation                                                   200/404     200/404     200/404     200/404     200/404     200/404     200/404     200/200     login/login
POST monitoring:recommendation                                                  405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405
GET monitoring:recommendation_answer                                            405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405     login/login
POST monitoring:recommendation_answer                                           422/404     422/404     422/404     404/404     404/404     404/404     404/404     404/404     login/login
GET monitoring:recommendation_accept                                            405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405     login/login
POST monitoring:recommendation_accept                                           404/404     404/404     404/404     404/404     404/404     302/404     302/404     302/302     login/login
GET monitoring:recommendation_reopen                                            405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405     login/login
POST monitoring:recommendation_reopen                                           404/404     404/404     404/404     404/404     404/404     422/404     422/404     422/422     login/login
GET monitoring:answer_file                                                      200/404     200/404     200/404     200/404     200/404     200/404     200/404     200/200     login/login
POST monitoring:answer_file                                                     405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405
GET monitoring:checklist                                                        404/404     404/404     404/404     404/404     404/404     200/200     200/200     200/200     login/login
POST monitoring:checklist                                                       404/404     404/404     404/404     404/404     404/404     403/403     403/403     422/422     login/login
GET monitoring:checklist_copy                                                   405/405     405/405     405/405     405/405     405/405     405/405     405/405     405/405     login/login
POST monitoring:checklist_copy                                                  404/404     404/404     404/404     404/404     404/404     403/403     403/403     302/302     login/login
GET /api/v1/visits                                                              200/200     200/200     200/200     200/200     200/200     200/200     200/200     200/200     401/401
GET /api/v1/visits/{visit_id}                                                   200/404     200/404     200/404     200/404     200/404     200/404     200/404     200/200     401/401
GET /api/v1/recommendations                                                     200/200     200/200     200/200     200/200     200/200     200/200     200/200     200/200     401/401
POST /api/v1/recommendations/{recommendation_id}/answer                         200/404     200/404     200/404     403/404     403/404     403/404     403/404     403/403     401/401
"""
