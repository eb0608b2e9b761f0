from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FrameworksConfig(AppConfig):
    name = "eplan.frameworks"
    label = "frameworks"
    verbose_name = _("รอบแผนและกรอบการประเมิน")

    def ready(self):
        from eplan.core.audit import register_actions

        register_actions(
            {
                "frameworks.cycle_create": _("สร้างรอบแผน"),
                "frameworks.cycle_update": _("แก้ไขรอบแผน"),
                "frameworks.framework_load": _("นำเข้ากรอบมิติ/ภารกิจ"),
                "frameworks.framework_copy": _("คัดลอกกรอบไปยังรอบใหม่"),
                "frameworks.framework_lock": _("ล็อกกรอบ (มีแผนส่งแล้ว)"),
                "frameworks.dimension_update": _("แก้ไขมิติ"),
                "frameworks.mission_create": _("เพิ่มภารกิจ"),
                "frameworks.mission_update": _("แก้ไขภารกิจ"),
                "frameworks.mission_delete": _("ลบภารกิจ"),
                "frameworks.criterion_create": _("เพิ่มเกณฑ์"),
                "frameworks.criterion_update": _("แก้ไขเกณฑ์"),
                "frameworks.criterion_delete": _("ลบเกณฑ์"),
                "frameworks.criteria_load": _("นำเข้าชุดเกณฑ์"),
            }
        )
