from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "eplan.monitoring"
    label = "monitoring"
    verbose_name = _("การนิเทศติดตาม")

    def ready(self):
        from eplan.core.audit import register_actions
        from eplan.monitoring.worklist import supervision
        from eplan.public.worklist import register_provider

        register_actions(
            {
                "monitoring.checklist_save": _("บันทึกรายการตรวจการนิเทศติดตาม"),
                "monitoring.visit_plan": _("วางแผนการนิเทศติดตาม"),
                "monitoring.visit_update": _("แก้ไขแผนการนิเทศติดตาม"),
                "monitoring.visit_cancel": _("ยกเลิกการนิเทศติดตาม"),
                "monitoring.visit_record": _("บันทึกผลการนิเทศติดตาม อปท."),
                "monitoring.visit_complete": _("ยืนยันว่านิเทศติดตามแล้ว"),
                "monitoring.file_add": _("แนบภาพหรือเอกสารการนิเทศติดตาม"),
                "monitoring.recommendation_add": _("ให้ข้อเสนอแนะจากการนิเทศติดตาม"),
                "monitoring.recommendation_answer": _("ตอบข้อเสนอแนะจากการนิเทศติดตาม"),
                "monitoring.recommendation_accept": _("รับทราบการดำเนินการตามข้อเสนอแนะ (ปิด)"),
                "monitoring.recommendation_reopen": _("ให้ดำเนินการตามข้อเสนอแนะเพิ่มเติม"),
                "monitoring.download": _("ดาวน์โหลดไฟล์การนิเทศติดตาม"),
            }
        )
        register_provider(supervision)
