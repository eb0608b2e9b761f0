from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "eplan.notifications"
    label = "notifications"
    verbose_name = _("การแจ้งเตือน")

    def ready(self):
        from eplan.core.audit import register_actions

        register_actions({"notifications.email_preferences_update": _("เปลี่ยนการรับอีเมลแจ้งเตือน")})
