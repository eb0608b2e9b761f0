from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "eplan.reporting"
    label = "reporting"
    verbose_name = _("การรายงานผลการดำเนินงาน")

    def ready(self):
        from eplan.core.audit import register_actions

        register_actions(
            {
                "reporting.rounds_ensure": _("สร้างรอบรายงานผล"),
                "reporting.round_update": _("แก้ไขรอบรายงานผล"),
                "reporting.round_freeze": _("กำหนดรายชื่อ อปท. ที่ต้องรายงานผล"),
                "reporting.round_unfreeze": _("ยกเลิกรายชื่อที่กำหนดหลังปิดรับรายงาน"),
                "reporting.expected_change": _("แก้ไขรายชื่อ อปท. ที่ต้องรายงานผล"),
                "reporting.report_save": _("บันทึกรายงานผล"),
                "reporting.report_submit": _("ส่งรายงานผล"),
                "reporting.report_reopen": _("เปิดรายงานผลให้แก้ไข"),
                "reporting.extension_grant": _("ขยายเวลารายงานผล"),
                "reporting.evidence_add": _("แนบหลักฐาน"),
                "reporting.evidence_remove": _("ลบหลักฐาน"),
                "reporting.download": _("ดาวน์โหลดข้อมูลการรายงานผลที่ไม่เปิดเผยต่อสาธารณะ"),
            }
        )
