from django.urls import path
from django.views.decorators.http import require_safe

from eplan.frameworks import views

app_name = "frameworks"

urlpatterns = [
    path("", require_safe(views.cycles), name="cycles"),
    path("new/", views.cycle_new, name="cycle_new"),
    path("<str:code>/", require_safe(views.cycle_detail), name="cycle"),
    path("<str:code>/edit/", views.cycle_edit, name="cycle_edit"),
    path("<str:code>/dimensions/<int:number>/", views.dimension_edit, name="dimension_edit"),
    path("<str:code>/dimensions/<int:number>/missions/", views.mission_add, name="mission_add"),
    path("<str:code>/missions/<str:mission_code>/", views.mission_edit, name="mission_edit"),
    path("<str:code>/criteria/new/", views.criterion_edit, name="criterion_new"),
    path("<str:code>/criteria/<int:pk>/", views.criterion_edit, name="criterion_edit"),
]
