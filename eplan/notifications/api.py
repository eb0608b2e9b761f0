"""One's notifications through the API (issue 11, part 7): the bell's list, and marking read."""

import datetime

from ninja import Router, Schema

from eplan.core.api_errors import AUTH_ERRORS, PARAM_ERRORS
from eplan.core.api_schemas import described
from eplan.notifications import selectors, services
from eplan.notifications.models import Kind

router = Router(tags=["notifications"])

# At most this many per answer (newest first); `before` pages further back.
LIMIT = 100


class NotificationOut(Schema):
    id: int
    kind: str
    kind_label: str
    title: str
    body: str
    url: str
    created_at: datetime.datetime
    read_at: datetime.datetime | None


class NotificationsOut(Schema):
    unread: int
    notifications: list[NotificationOut]


class ReadOut(Schema):
    marked: int


def _out(notification) -> dict:
    return {
        "id": notification.pk,
        "kind": notification.kind,
        "kind_label": str(Kind(notification.kind).label),
        "title": notification.title,
        "body": notification.body,
        "url": notification.url,
        "created_at": notification.created_at,
        "read_at": notification.read_at,
    }


@router.get(
    "/me/notifications",
    response={200: NotificationsOut, **AUTH_ERRORS, **PARAM_ERRORS},
    summary="การแจ้งเตือนของฉัน ล่าสุดก่อน (ครั้งละไม่เกิน 100 รายการ)",
    description=described(
        "unread=true: เฉพาะที่ยังไม่ได้อ่าน; before: รหัสการแจ้งเตือน เพื่อดูรายการที่เก่ากว่านั้น; "
        "kind: plan_returned, result_released, round_opened, report_reopened, extension_granted, "
        "circular_new, recommendation_new, recommendation_answered; url: หน้าที่เกี่ยวข้อง "
        "(รายการนี้ไม่แบ่งหน้าด้วย page: ใช้ before แทน)",
        "Your notifications, newest first, at most 100 an answer, with the number unread. unread=true: "
        "only unread ones; before: a notification id, to page further back (this list pages by before, "
        "not page); url: the page it is about.",
    ),
)
def notifications(request, unread: bool = False, before: int | None = None):
    found = selectors.notifications_for_user(request.auth)
    if unread:
        found = found.filter(read_at__isnull=True)
    if before is not None:
        found = found.filter(pk__lt=before)
    return {
        "unread": selectors.notifications_for_user(request.auth).filter(read_at__isnull=True).count(),
        "notifications": [_out(notification) for notification in found.order_by("-pk")[:LIMIT]],
    }


@router.post(
    "/me/notifications/{notification_id}/read",
    response={200: NotificationOut, **AUTH_ERRORS, **PARAM_ERRORS},
    summary="ทำเครื่องหมายว่าอ่านแล้ว (ทำซ้ำได้ผลเดิม)",
    description=described(
        "ทำเครื่องหมายการแจ้งเตือนหนึ่งรายการว่าอ่านแล้ว ทำซ้ำได้ผลเดิม; ของผู้อื่น = 404",
        "Marks one of your notifications read (again: the same answer); anyone else's is a 404.",
    ),
)
def notification_read(request, notification_id: int):
    found = selectors.notification_for_user_or_404(request.auth, notification_id)
    return _out(services.notification_read(user=request.auth, notification=found))


@router.post(
    "/me/notifications/read-all",
    response={200: ReadOut, **AUTH_ERRORS},
    summary="ทำเครื่องหมายว่าอ่านแล้วทั้งหมด",
    description=described(
        "ทำเครื่องหมายการแจ้งเตือนทั้งหมดของผู้เรียกว่าอ่านแล้ว ตอบจำนวนที่เปลี่ยน",
        "Marks all your notifications read; answers how many were marked.",
    ),
)
def notifications_read_all(request):
    return {"marked": services.notifications_read_all(user=request.auth)}
