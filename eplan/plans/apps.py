from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "eplan.plans"
    label = "plans"
    verbose_name = _("แผนปฏิบัติการป้องกันการทุจริต")

    def ready(self):
        from eplan.core.audit import register_actions

        register_actions(
            {
                "plans.plan_start": _("เริ่มจัดทำแผน"),
                "plans.plan_copy_forward": _("เริ่มแผนจากแผนรอบก่อน"),
                "plans.part1_update": _("แก้ไขส่วนที่ 1"),
                "plans.item_create": _("เพิ่มโครงการ/กิจกรรม/มาตรการ"),
                "plans.item_update": _("แก้ไขโครงการ/กิจกรรม/มาตรการ"),
                "plans.item_delete": _("ลบโครงการ/กิจกรรม/มาตรการ"),
                "plans.item_move": _("เลื่อนลำดับรายการ"),
                "plans.items_import": _("นำเข้ารายการจาก Excel"),
                "plans.self_score_save": _("บันทึกการประเมินตนเอง"),
                "plans.plan_submit": _("ส่งแผน"),
                "plans.plan_return": _("ส่งแผนกลับให้แก้ไข"),
                "plans.plan_reopen": _("เปิดแผนแก้ไขตามผลการประเมิน"),
                "plans.download": _("ดาวน์โหลดรายชื่อ อปท. ที่ยังไม่ส่งแผน"),
            }
        )
