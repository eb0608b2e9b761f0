from django.urls import path
from django.views.decorators.http import require_safe

from eplan.public import views, views_status

app_name = "public"

urlpatterns = [
    path("", require_safe(views.home), name="home"),
    path("organisations/", require_safe(views.organisations), name="organisations"),
    path("organisations/districts/", require_safe(views.districts), name="districts"),
    path("organisations/<str:code>/", require_safe(views.organisation), name="organisation"),
]

urlpatterns += [
    path("status/", require_safe(views_status.cycles), name="status_cycles"),
    path("status/<str:cycle_code>/", require_safe(views_status.live), name="status"),
    path("status/<str:cycle_code>/status.xlsx", require_safe(views_status.live_xlsx), name="status_xlsx"),
    path("status/<str:cycle_code>/announcements/", require_safe(views_status.announcements), name="announcements"),
    path(
        "status/<str:cycle_code>/announcements/<int:number>/",
        require_safe(views_status.announcement),
        name="announcement",
    ),
    path(
        "status/<str:cycle_code>/announcements/<int:number>/compare/<int:other>/",
        require_safe(views_status.announcement_compare),
        name="announcement_compare",
    ),
    path(
        "status/<str:cycle_code>/announcements/<int:number>.xlsx",
        require_safe(views_status.announcement_xlsx),
        name="announcement_xlsx",
    ),
    path(
        "status/<str:cycle_code>/announcements/<int:number>.pdf",
        require_safe(views_status.announcement_pdf),
        name="announcement_pdf",
    ),
    path(
        "organisations/<str:code>/plans/<str:cycle_code>/<int:number>.pdf",
        require_safe(views_status.organisation_plan_pdf),
        name="organisation_plan_pdf",
    ),
    path(
        "organisations/<str:code>/reports/<str:cycle_code>/<str:round_code>.pdf",
        require_safe(views.organisation_report_pdf),
        name="organisation_report_pdf",
    ),
]
