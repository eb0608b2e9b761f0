from django.urls import path
from django.views.decorators.http import require_safe

from eplan.plans import views, views_excel, views_missing, views_pdf, views_projects, views_versions

app_name = "plans"

PLAN = "<str:organisation_code>/<str:cycle_code>/"

urlpatterns = [
    path("", require_safe(views.plans_home), name="home"),
    # Before the plan's pages, whose first part (an organisation code) "missing" would match.
    path("missing/", require_safe(views_missing.missing_home), name="missing_home"),
    path("missing/<str:cycle_code>/", require_safe(views_missing.missing), name="missing"),
    path("missing/<str:cycle_code>/missing.xlsx", require_safe(views_missing.missing_xlsx), name="missing_xlsx"),
    path("projects/", require_safe(views_projects.projects), name="projects"),
    path(PLAN + "start/", views.plan_start, name="start"),
    path(PLAN, require_safe(views.overview), name="overview"),
    path(PLAN + "part1/", views.part1, name="part1"),
    path(PLAN + "part1/join-lines/", views.part1_join, name="part1_join"),
    path(PLAN + "items/", require_safe(views.items), name="items"),
    path(PLAN + "items/new/", views.item_new, name="item_new"),
    path(PLAN + "items/<int:pk>/edit/", views.item_edit, name="item_edit"),
    path(PLAN + "items/<int:pk>/<slug:action>/", views.item_action, name="item_action"),
    path(PLAN + "details/", require_safe(views.details), name="details"),
    path(PLAN + "self-assessment/", views.self_assessment, name="sar"),
    path(PLAN + "submit/", views.submit, name="submit"),
    path(PLAN + "versions/<int:number>/", require_safe(views_versions.version), name="version"),
    path(PLAN + "versions/<int:number>/return/", views_versions.version_return, name="version_return"),
    path(
        PLAN + "versions/<int:number>/diff/<int:other>/", require_safe(views_versions.version_diff), name="version_diff"
    ),
    path(PLAN + "plan.pdf", require_safe(views_pdf.draft_pdf), name="pdf"),
    path(PLAN + "versions/<int:number>/plan.pdf", require_safe(views_pdf.version_pdf), name="version_pdf"),
    path(PLAN + "versions/<int:number>/receipt.pdf", require_safe(views_pdf.receipt_pdf), name="receipt_pdf"),
    path(PLAN + "excel/template.xlsx", require_safe(views_excel.template), name="excel_template"),
    path(PLAN + "excel/export.xlsx", require_safe(views_excel.export), name="excel_export"),
    path(PLAN + "excel/import/", views_excel.import_upload, name="excel_import"),
    path(PLAN + "excel/import/preview/", views_excel.import_apply, name="excel_import_apply"),
]
