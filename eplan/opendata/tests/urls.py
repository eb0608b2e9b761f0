"""The site with the open-data router mounted at /api/v1/ as eplan/api/api.py mounts it
(public, the same error answers), so its tests do not wait for that line."""

from django.urls import path
from ninja import NinjaAPI

from eplan.core import api_errors
from eplan.opendata.api import router
from eplan.urls import urlpatterns as site

api = NinjaAPI(urls_namespace="opendata_test_api")
api_errors.install(api)
api.add_router("/", router, auth=None)

urlpatterns = [path("api/v1/", api.urls), *site]
