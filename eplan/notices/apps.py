from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    name = "eplan.notices"
    label = "notices"
    verbose_name = _("หนังสือเวียน")

    def ready(self):
        from eplan.core.audit import register_actions
        from eplan.notices.worklist import circulars_work
        from eplan.public.worklist import register_provider

        register_actions(
            {
                "notices.circular_create": _("จัดทำร่างหนังสือเวียน"),
                "notices.circular_forward": _("จัดทำหนังสือเวียนส่งต่อ"),
                "notices.circular_publish": _("ออกหนังสือเวียน"),
                "notices.circular_withdraw": _("ยกเลิกหนังสือเวียน"),
                "notices.circular_acknowledge": _("รับทราบหนังสือเวียน"),
                "notices.circular_remind": _("เตือน อปท. ที่ยังไม่รับทราบหนังสือเวียน"),
                "notices.download": _("ดาวน์โหลดไฟล์หรือรายงานการรับทราบหนังสือเวียน"),
            }
        )
        register_provider(circulars_work)
