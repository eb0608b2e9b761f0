"""The REST API (/api/v1/, OpenAPI at /api/v1/openapi.json): one NinjaAPI, routers beside
each app, calling the same services and selectors as the pages."""

from ninja import NinjaAPI

from eplan.registry.api import router as registry_router

api = NinjaAPI(
    title="E-Plan API",
    version="1",
    description="ระบบแผนปฏิบัติการป้องกันการทุจริตขององค์กรปกครองส่วนท้องถิ่น — REST API",
    urls_namespace="api",
)
api.add_router("/", registry_router)
