"""The window in which something is accepted: a cycle's plans (ช่วงรับแผน) and a round's
reports (ช่วงรับรายงาน) follow the same calendar — opening date, due date, closing date
(accepted but counted late in between), and for a report an extension granted to one
organisation after closing."""

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _


class WindowState(models.TextChoices):
    NOT_OPEN = "not_open", _("ยังไม่เปิดรับ")
    OPEN = "open", _("เปิดรับ")
    LATE = "late", _("เลยกำหนดส่ง (ส่งได้ นับว่าส่งช้า)")
    EXTENDED = "extended", _("ได้รับการขยายเวลา (นับว่าส่งช้า)")
    CLOSED = "closed", _("ปิดรับแล้ว")


# The states in which a submission is still taken (late ones are counted late).
RECEIVING = frozenset({WindowState.OPEN, WindowState.LATE, WindowState.EXTENDED})


def window_state_on(
    today: datetime.date,
    *,
    opens: datetime.date,
    due: datetime.date,
    closes: datetime.date | None,
    extended_until: datetime.date | None = None,
) -> WindowState:
    """Where `today` falls: before opening, up to the due date, after it until closing
    (none: never closes), then within an extension or closed."""
    if today < opens:
        return WindowState.NOT_OPEN
    if closes is not None and today > closes:
        if extended_until is not None and today <= extended_until:
            return WindowState.EXTENDED
        return WindowState.CLOSED
    if today > due:
        return WindowState.LATE
    return WindowState.OPEN
