from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "eplan.registry"
    label = "registry"
    verbose_name = _("ทะเบียน อปท.")

    def ready(self):
        from eplan.core.audit import register_actions

        register_actions(
            {
                "registry.geography_sync": _("ปรับปรุงข้อมูลจังหวัด/อำเภอ"),
                "registry.organisations_import": _("นำเข้าทะเบียน อปท."),
                "registry.organisation_update": _("แก้ไขข้อมูลทะเบียน อปท."),
                "registry.province_set_region": _("กำหนดภาคของจังหวัด"),
                "registry.organisation_profile_update": _("แก้ไขข้อมูลพื้นฐาน อปท."),
            }
        )
