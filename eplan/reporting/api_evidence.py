"""Evidence of a report line through the API (หลักฐานประกอบผลการดำเนินงาน): attach a file
or a link, and take it off, with the same service as the report page
(eplan.reporting.evidence) and so the same checks — the file's size and its type read from
its first bytes, the caller's scope and capability, the report still a draft — and the
page's upload rate limit (settings.RATE_LIMITS["upload"]).

Mounted under the reporting router, at the report's own address:
REPORT/lines/{line_id}/evidence (POST, multipart/form-data) and REPORT/evidence/{id} (DELETE).
A report outside the caller's scope is 404; in scope but not the caller's to write, 403; a
submitted report, 409; a bad file, 422 naming `file`; a body over the request limit, 413.
"""

import datetime
from typing import Annotated

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from ninja import Field, File, Form, Router, Schema, Status, UploadedFile
from ninja.errors import HttpError

from eplan.core import ratelimit
from eplan.core.api_errors import AUTH_ERRORS, INPUT_ERRORS, STATE_ERRORS, ErrorOut
from eplan.core.api_schemas import described
from eplan.frameworks.models import Cycle
from eplan.reporting import evidence as evidence_services
from eplan.reporting import selectors
from eplan.reporting.models import Evidence, Report, ReportLine

router = Router(tags=["reporting"])

REPORT = "/reporting/reports/{organisation_code}/{cycle}/{round_code}"
# Ids are database keys: a number beyond them names nothing (404), not a 500.
RowId = Annotated[int, Field(ge=1, le=2**63 - 1)]
LIMIT_ERRORS = {413: ErrorOut, 429: ErrorOut}


class EvidenceOut(Schema):
    id: int
    name: str
    size: int = Field(description="ขนาดไฟล์ (ไบต์); 0 สำหรับลิงก์ (bytes; 0 for a link)")
    is_file: bool
    link: str = Field(description="ลิงก์ที่แนบ (ว่างเมื่อเป็นไฟล์) (the link; empty for a file)")
    uploaded_at: datetime.datetime


def evidence_out(evidence: Evidence) -> dict:
    return {
        "id": evidence.pk,
        "name": evidence.name,
        "size": evidence.size,
        "is_file": bool(evidence.file),
        "link": evidence.link,
        "uploaded_at": evidence.uploaded_at,
    }


def _report(request, organisation_code, cycle, round_code) -> Report:
    round = selectors.round_or_404(get_object_or_404(Cycle, code=cycle), round_code)
    return selectors.report_for_user_or_404(request.auth, round, organisation_code)


def _state_is_409(error: ValidationError):
    """The service says a submitted report is not editable without naming a field: 409."""
    if not hasattr(error, "error_dict"):
        raise HttpError(409, " ".join(error.messages)) from None
    raise error


@router.post(
    REPORT + "/lines/{line_id}/evidence",
    response={201: EvidenceOut, **AUTH_ERRORS, **STATE_ERRORS, **INPUT_ERRORS, **LIMIT_ERRORS},
    summary="แนบหลักฐานของรายการในรายงาน: ไฟล์หรือลิงก์",
    description=described(
        "ส่งแบบ multipart/form-data: file (PDF รูปภาพ JPG/PNG หรือเอกสารสำนักงาน ตรวจประเภทจากเนื้อไฟล์ "
        "ไม่เกิน EVIDENCE_MAX_BYTES) หรือ link (http:// หรือ https://) และ name (ชื่อที่แสดง ไม่ระบุ = ชื่อไฟล์) "
        "422 ระบุ file หรือ link เมื่อไฟล์ไม่ถูกประเภท ใหญ่เกิน หรือลิงก์ไม่ถูกต้อง; 409 เมื่อรายงานส่งแล้ว; "
        "403 เมื่อบทบาทของคุณแก้ไขรายงานไม่ได้; 413 เมื่อคำขอใหญ่เกินที่ระบบรับได้; "
        "429 เมื่อแนบบ่อยเกิน (ส่วนหัว Retry-After บอกวินาทีที่ต้องรอ)",
        "Attaches evidence to a line of the report, as multipart/form-data: a file (PDF, JPG/PNG image or "
        "office document, its type checked from its content, at most EVIDENCE_MAX_BYTES) or a link "
        "(http:// or https://), and a display name. 422 names file or link; 409 when the report is "
        "submitted; 403 when your role may not write it; 413 when the request is larger than accepted; "
        "429 when uploading too often (Retry-After gives the seconds to wait).",
    ),
)
def evidence_add(
    request,
    organisation_code: str,
    cycle: str,
    round_code: str,
    line_id: RowId,
    file: Annotated[UploadedFile, File(description="ไฟล์หลักฐาน (the evidence file)")] = None,
    link: str = Form("", max_length=2000, description="ลิงก์ เมื่อไม่แนบไฟล์ (a link, instead of a file)"),
    name: str = Form("", max_length=255, description="ชื่อที่แสดง ไม่ระบุ = ชื่อไฟล์หรือลิงก์ (display name)"),
):
    refusal = ratelimit.check(request, "upload")
    if refusal is not None:
        return ratelimit.too_many_requests(request, refusal)
    report = _report(request, organisation_code, cycle, round_code)
    line = get_object_or_404(ReportLine, report=report, pk=line_id)
    try:
        added = evidence_services.evidence_add(actor=request.auth, line=line, upload=file, link=link, name=name)
    except ValidationError as error:
        _state_is_409(error)
    return Status(201, evidence_out(added))


@router.delete(
    REPORT + "/evidence/{evidence_id}",
    response={204: None, **AUTH_ERRORS, **STATE_ERRORS, **INPUT_ERRORS},
    summary="ลบหลักฐานออกจากรายการในรายงาน",
    description=described(
        "ลบไฟล์หรือลิงก์ที่แนบไว้ของรายงานที่ยังไม่ได้ส่ง; 409 เมื่อรายงานส่งแล้ว, "
        "403 เมื่อบทบาทของคุณแก้ไขรายงานไม่ได้, 404 เมื่อไม่พบหรืออยู่นอกขอบเขต",
        "Takes a file or link off a report not yet submitted; 409 when it is submitted, 403 when your role "
        "may not write it, 404 when not found or outside your scope.",
    ),
)
def evidence_remove(request, organisation_code: str, cycle: str, round_code: str, evidence_id: RowId):
    report = _report(request, organisation_code, cycle, round_code)
    found = get_object_or_404(Evidence, line__report=report, pk=evidence_id)
    try:
        evidence_services.evidence_remove(actor=request.auth, evidence=found)
    except ValidationError as error:
        _state_is_409(error)
    return Status(204, None)
