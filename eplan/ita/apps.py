from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ItaConfig(AppConfig):
    name = "eplan.ita"
    label = "ita"
    verbose_name = _("ผลการประเมิน ITA")

    def ready(self):
        from eplan.core.audit import register_actions

        register_actions({"ita.import": _("นำเข้าผลการประเมิน ITA")})
