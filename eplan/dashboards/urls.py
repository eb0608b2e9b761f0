from django.urls import path

from eplan.dashboards import views

app_name = "dashboards"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("status/", views.status, name="status"),
    path("assessment/", views.assessment, name="assessment"),
    path("plans/", views.plans, name="plans"),
    path("implementation/", views.implementation, name="implementation"),
    path("reporting/", views.reporting, name="reporting"),
    path("ita/", views.ita, name="ita"),
    path("organisations/", views.organisations, name="organisations"),
]
