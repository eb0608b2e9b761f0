from django.urls import include, path

from eplan.api.api import api
from eplan.core import views as core_views

urlpatterns = [
    path("", include("eplan.public.urls")),
    path("accounts/", include("eplan.accounts.urls")),
    path("frameworks/", include("eplan.frameworks.urls")),
    path("plans/", include("eplan.plans.urls")),
    path("assessment/", include("eplan.assessment.urls")),
    path("reporting/", include("eplan.reporting.urls")),
    path("circulars/", include("eplan.notices.urls")),
    path("supervision/", include("eplan.monitoring.urls")),
    path("notifications/", include("eplan.notifications.urls")),
    path("dashboards/", include("eplan.dashboards.urls")),
    path("ita/", include("eplan.ita.urls")),
    path("open-data/", include("eplan.opendata.urls")),
    path("api/v1/", api.urls),
    path("healthz", core_views.healthz, name="healthz"),
    path("favicon.ico", core_views.favicon, name="favicon"),
    path("i18n/", include("django.conf.urls.i18n")),
]

# No route for MEDIA_URL, not even under DEBUG: uploaded files are served only by views that
# check scope (reporting's evidence_file), never by path.
