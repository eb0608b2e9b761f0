"""The --today option of the reporting commands: act as if today were another day."""

import datetime

from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

TODAY_HELP = "ถือว่าวันนี้เป็นวันที่นี้ (ค.ศ. YYYY-MM-DD) ค่าเริ่มต้นคือวันนี้"


def parse_today(value) -> datetime.date:
    if not value:
        return timezone.localdate()
    try:
        day = datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(_("--today ต้องเป็นวันที่แบบ YYYY-MM-DD เช่น 2025-04-23")) from None
    if day.year > 2400:
        raise CommandError(_("--today ใช้ปี ค.ศ. (เช่น 2025-04-23) ไม่ใช่ปี พ.ศ."))
    return day
