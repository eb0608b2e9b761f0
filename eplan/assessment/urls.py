from django.urls import path
from django.views.decorators.http import require_safe

from eplan.assessment import views, views_announcements

app_name = "assessment"

urlpatterns = [
    path("", require_safe(views.queue), name="queue"),
    path("versions/<int:pk>/", views.assess, name="assess"),
    path("plans/<str:organisation_code>/<str:cycle_code>/revise/", views.revise, name="revise"),
]

urlpatterns += [
    path(
        "announcements/<str:cycle_code>/publish/",
        views_announcements.announcement_publish,
        name="announcement_publish",
    ),
]
