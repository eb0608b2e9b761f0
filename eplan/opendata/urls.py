from django.urls import path, register_converter
from django.views.decorators.http import require_safe

from eplan.opendata import views


class FormatConverter:
    regex = "csv|json"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


class RoundKindConverter(FormatConverter):
    regex = "6|12"


register_converter(FormatConverter, "opendata_format")
register_converter(RoundKindConverter, "opendata_round")

app_name = "opendata"

urlpatterns = [
    path("", require_safe(views.index), name="index"),
    path("<str:cycle_code>/", require_safe(views.cycle), name="cycle"),
    path("<str:cycle_code>/plan-status.<opendata_format:fmt>", require_safe(views.plan_status), name="plan_status"),
    path(
        "<str:cycle_code>/<int:fiscal_year>/planned-budget.<opendata_format:fmt>",
        require_safe(views.planned_budget),
        name="planned_budget",
    ),
    path(
        "<str:cycle_code>/<int:fiscal_year>/<opendata_round:round_kind>/implementation.<opendata_format:fmt>",
        require_safe(views.implementation),
        name="implementation",
    ),
]
