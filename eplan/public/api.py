"""The work list through the API (issue 11): what the signed-in user should do next, the
same lines as the home page, most urgent first."""

import datetime

from ninja import Router, Schema

from eplan.core.api_errors import AUTH_ERRORS
from eplan.core.api_schemas import described
from eplan.public.worklist import work_list_for_user

router = Router(tags=["worklist"])


class WorkItemOut(Schema):
    kind: str
    text: str
    url: str
    due: datetime.date | None
    due_text: str
    when: str
    overdue: bool
    done: bool
    status: str
    details: list[str]


@router.get(
    "/me/worklist",
    response={200: list[WorkItemOut], **AUTH_ERRORS},
    summary="งานที่ต้องทำของฉัน: รายการเดียวกับหน้าแรก เรียงจากเร่งด่วนที่สุด",
    description=described(
        "kind: plan, report, profile, plans_missing, assessment_queue, reports_missing, own_draft, "
        "circular (หนังสือเวียนที่ยังไม่รับทราบ), circular_sent (หนังสือที่ส่งและอัตราการรับทราบ), "
        "circular_forward (หนังสือจากหน่วยงานระดับบนที่ยังไม่ส่งต่อ), recommendation (ข้อเสนอแนะที่ต้องดำเนินการ), "
        "recommendations_overdue, recommendations_answered, visit (การนิเทศติดตามที่วางแผนไว้); "
        "url: หน้าที่ทำงานนั้น; due: วันกำหนด (ค.ศ.), due_text: วันกำหนดเป็น พ.ศ., when: เหลือกี่วันหรือเลยกำหนดกี่วัน; "
        "overdue: เลยกำหนดแล้วและยังไม่ได้ทำ; done: บอกสถานะเท่านั้น ไม่มีสิ่งที่ต้องทำ (ไม่แบ่งหน้า)",
        "What you should do next, the same lines as the home page, most urgent first (not paginated). "
        "kind names the work (plan, report, profile, circular, recommendation, visit …); url is the page "
        "where it is done; due is the date (CE), due_text the Buddhist-era date, when the days left or "
        "overdue; done: the line only tells where things stand.",
    ),
)
def worklist(request):
    return [
        {
            "kind": item.kind,
            "text": item.text,
            "url": item.url,
            "due": item.due,
            "due_text": item.due_text,
            "when": item.when,
            "overdue": item.overdue,
            "done": item.done,
            "status": item.status,
            "details": list(item.details),
        }
        for item in work_list_for_user(request.auth)
    ]
