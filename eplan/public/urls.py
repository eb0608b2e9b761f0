from django.urls import path

from eplan.public import views

app_name = "public"

urlpatterns = [
    path("", views.home, name="home"),
    path("organisations/", views.organisations, name="organisations"),
    path("organisations/districts/", views.districts, name="districts"),
    path("organisations/<str:code>/", views.organisation, name="organisation"),
]
