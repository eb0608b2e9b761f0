"""The kinds of automatic check a criterion may carry: named here, apart from the models
(which store them) and from checks.py (which evaluates them), so neither imports the other."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CheckKind(models.TextChoices):
    """Automatic checks the system can evaluate on a plan."""

    NONE = "", _("ไม่มี (ประเมินโดยผู้ประเมิน)")
    MIN_ITEMS_IN_MISSION = "min_items_in_mission", _("มีโครงการ/กิจกรรม/มาตรการในภารกิจอย่างน้อย N รายการ")
    BUDGET_STATED = "budget_stated", _("ทุกรายการในมิติระบุงบประมาณหรือ ไม่ใช้งบประมาณ ครบทุกปีที่ดำเนินการ")
    PART1_SECTION_FILLED = "part1_section_filled", _("ส่วนที่ 1 หัวข้อที่กำหนดมีเนื้อหา")
    EVERY_YEAR_HAS_ITEM = "every_year_has_item", _("ทุกปีงบประมาณของรอบแผนมีรายการดำเนินการ")
