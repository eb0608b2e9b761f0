"""The dashboards' router on an API of its own, so its tests run before the lead mounts it
in eplan/api/api.py (ninja lets one router be mounted on several APIs)."""

from django.urls import path
from ninja import NinjaAPI

from eplan.accounts.api_auth import api_auth
from eplan.core import api_errors
from eplan.dashboards.api import router

api = NinjaAPI(urls_namespace="dashboards-api-test", auth=api_auth)
api_errors.install(api)
api.add_router("/", router, auth=None, url_name_prefix="dashboards-test")

urlpatterns = [path("api/v1/", api.urls)]
