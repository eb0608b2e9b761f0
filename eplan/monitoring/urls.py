from django.urls import path

from eplan.monitoring import views, views_checklist, views_files, views_recommendations

app_name = "monitoring"

urlpatterns = [
    path("", views.index, name="index"),
    path("summary/", views.summary, name="summary"),
    path("visits/new/", views.visit_new, name="visit_new"),
    path("visits/<int:visit_id>/", views.visit, name="visit"),
    path("visits/<int:visit_id>/edit/", views.visit_edit, name="visit_edit"),
    path("visits/<int:visit_id>/cancel/", views.visit_cancel, name="visit_cancel"),
    path("visits/<int:visit_id>/complete/", views.visit_complete, name="visit_complete"),
    path("visits/<int:visit_id>/report.pdf", views_files.visit_pdf, name="visit_pdf"),
    path("covered/<int:covered_id>/record/", views.record, name="record"),
    path("covered/<int:covered_id>/files/", views_files.file_add, name="file_add"),
    path(
        "covered/<int:covered_id>/recommendations/", views_recommendations.recommendation_add, name="recommendation_add"
    ),
    path("files/<int:file_id>/", views_files.visit_file, name="file"),
    path("recommendations/", views_recommendations.recommendations, name="recommendations"),
    path("recommendations/<int:recommendation_id>/", views_recommendations.recommendation, name="recommendation"),
    path(
        "recommendations/<int:recommendation_id>/answer/",
        views_recommendations.recommendation_answer,
        name="recommendation_answer",
    ),
    path(
        "recommendations/<int:recommendation_id>/accept/",
        views_recommendations.recommendation_accept,
        name="recommendation_accept",
    ),
    path(
        "recommendations/<int:recommendation_id>/reopen/",
        views_recommendations.recommendation_reopen,
        name="recommendation_reopen",
    ),
    path("answers/<int:answer_id>/file/", views_files.answer_file, name="answer_file"),
    path("checklists/<int:fiscal_year>/", views_checklist.checklist, name="checklist"),
    path("checklists/<int:fiscal_year>/copy/", views_checklist.checklist_copy, name="checklist_copy"),
]
