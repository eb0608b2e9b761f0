from django.urls import path

from eplan.public import views, views_status

app_name = "public"

urlpatterns = [
    path("", views.home, name="home"),
    path("organisations/", views.organisations, name="organisations"),
    path("organisations/districts/", views.districts, name="districts"),
    path("organisations/<str:code>/", views.organisation, name="organisation"),
]

urlpatterns += [
    path("status/", views_status.cycles, name="status_cycles"),
    path("status/<str:cycle_code>/", views_status.live, name="status"),
    path("status/<str:cycle_code>/status.xlsx", views_status.live_xlsx, name="status_xlsx"),
    path("status/<str:cycle_code>/announcements/", views_status.announcements, name="announcements"),
    path("status/<str:cycle_code>/announcements/<int:number>/", views_status.announcement, name="announcement"),
    path(
        "status/<str:cycle_code>/announcements/<int:number>/compare/<int:other>/",
        views_status.announcement_compare,
        name="announcement_compare",
    ),
    path(
        "status/<str:cycle_code>/announcements/<int:number>.xlsx",
        views_status.announcement_xlsx,
        name="announcement_xlsx",
    ),
    path(
        "status/<str:cycle_code>/announcements/<int:number>.pdf",
        views_status.announcement_pdf,
        name="announcement_pdf",
    ),
    path(
        "organisations/<str:code>/plans/<str:cycle_code>/<int:number>.pdf",
        views_status.organisation_plan_pdf,
        name="organisation_plan_pdf",
    ),
    path(
        "organisations/<str:code>/reports/<str:cycle_code>/<str:round_code>.pdf",
        views.organisation_report_pdf,
        name="organisation_report_pdf",
    ),
]
