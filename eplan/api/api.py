"""The REST API (/api/v1/, OpenAPI at /api/v1/openapi.json): one NinjaAPI, routers beside
each app, calling the same services and selectors as the pages.

Public reads (registry, frameworks, status and announcements) need no credentials; plans
and the assessment need a personal API token or the browser's session (eplan.accounts.api_auth).
Errors are answered as in eplan.core.api_errors.
"""

from ninja import NinjaAPI

from eplan.accounts.api_auth import api_auth
from eplan.assessment.api import router as assessment_router
from eplan.assessment.api_public import router as status_router
from eplan.core import api_errors as errors
from eplan.core.api_parser import CleaningParser
from eplan.dashboards.api import router as dashboards_router
from eplan.frameworks.api import router as frameworks_router
from eplan.monitoring.api import router as monitoring_router
from eplan.notices.api import router as notices_router
from eplan.notifications.api import router as notifications_router
from eplan.opendata.api import router as opendata_router
from eplan.plans.api import router as plans_router
from eplan.public.api import router as worklist_router
from eplan.registry.api import router as registry_router
from eplan.reporting.api import router as reporting_router

api = NinjaAPI(
    title="E-Plan API ระบบแผนปฏิบัติการป้องกันการทุจริต",
    version="1",
    description=(
        "ระบบแผนปฏิบัติการป้องกันการทุจริตขององค์กรปกครองส่วนท้องถิ่น — REST API\n\n"
        "ข้อมูลทะเบียน อปท. รอบแผน กรอบของรอบแผน สถานะการจัดทำแผน และประกาศผล อ่านได้โดยไม่ต้องเข้าสู่ระบบ "
        "ส่วนแผนและการประเมินต้องยืนยันตัวตนด้วยโทเคนส่วนตัว (สร้างที่หน้า บัญชีของฉัน) ในส่วนหัว "
        "`Authorization: Bearer <โทเคน>` หรือด้วยการเข้าสู่ระบบในเบราว์เซอร์ "
        "(คำขอที่เปลี่ยนแปลงข้อมูลต้องส่ง `X-CSRFToken`)\n\n"
        "ข้อผิดพลาดตอบเป็น JSON: 401 ไม่ได้ยืนยันตัวตน, 403 ไม่มีสิทธิ์ดำเนินการ, "
        "404 ไม่พบหรืออยู่นอกขอบเขต, 409 สถานะไม่อนุญาต (แผนส่งแล้วแก้ไขไม่ได้ หรือฉบับถูกส่งกลับแก้ไขแล้ว), "
        '422 ข้อมูลไม่ถูกต้อง `{"detail": ..., "errors": {"ช่อง": ["ข้อความ"]}}`, '
        "413 เนื้อหาของคำขอใหญ่เกินที่รับได้ (DATA_UPLOAD_MAX_MEMORY_SIZE, ค่าเริ่มต้น 5 MB)\n\n"
        "อักขระควบคุมที่มองไม่เห็น (เช่น NUL, U+0000–U+001F ยกเว้นแท็บและขึ้นบรรทัด) "
        "ในพารามิเตอร์และข้อความทุกช่องจะถูกตัดออกก่อนบันทึก"
    ),
    urls_namespace="api",
    # Authenticated unless a router is mounted as public; this also lets the interactive
    # docs send the CSRF token for a logged-in browser.
    auth=api_auth,
    parser=CleaningParser(),
)
errors.install(api)
api.add_router("/", registry_router, auth=None)
api.add_router("/", frameworks_router, auth=None)
api.add_router("/", plans_router)
api.add_router("/", status_router, auth=None)
api.add_router("/", assessment_router)
api.add_router("/", reporting_router)
api.add_router("/", worklist_router)
api.add_router("/", notices_router)
api.add_router("/", monitoring_router)
api.add_router("/", notifications_router)
api.add_router("/", opendata_router, auth=None)
api.add_router("/", dashboards_router, auth=None)
