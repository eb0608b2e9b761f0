from django.urls import path
from django.views.decorators.http import require_POST, require_safe

from eplan.ita import views

app_name = "ita"

urlpatterns = [
    path("", require_safe(views.index), name="index"),
    path("import/", require_POST(views.upload), name="upload"),
    path("<int:year>/", require_safe(views.year), name="year"),
    path("<int:year>/download/", require_safe(views.year_download), name="year_download"),
]
