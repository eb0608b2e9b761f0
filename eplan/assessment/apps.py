from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "eplan.assessment"
    label = "assessment"
    verbose_name = _("การประเมินแผนและประกาศผล")

    def ready(self):
        from eplan.assessment.views import overview_panel
        from eplan.core.audit import register_actions
        from eplan.plans.extensions import register_overview_panel

        register_overview_panel(overview_panel)

        register_actions(
            {
                "assessment.save": _("บันทึกคะแนนการประเมิน"),
                "assessment.finalise": _("ยืนยันผลการประเมิน"),
                "assessment.change_after_release": _("แก้ไขคะแนนหลังประกาศผล"),
                "assessment.announcement_publish": _("ประกาศผลการจัดทำแผน"),
            }
        )
