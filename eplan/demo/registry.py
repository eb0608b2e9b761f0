"""The demo's registry: the real DLA registry from the shared data (one province, or the whole
country), or, on a machine without it, a generated set with the national type mix."""

from django.conf import settings

from eplan.demo import generate
from eplan.registry import services as registry_services

DEMO_PROVINCE = "80"  # นครศรีธรรมราช, the province of the seed circular


def registry_load(*, scale: str) -> tuple[str, bool]:
    """Load the organisations of the demo (scale "province" or "national") and Bangkok.
    Returns a line saying where they came from, and whether that was the real registry."""
    registry_services.geography_sync()
    source = settings.SHARED_DATA_DIR / "local-authorities.json"
    if source.exists():
        province = None if scale == "national" else DEMO_PROVINCE
        result = registry_services.organisations_import_file(path=source, province_code=province)
        message = f"ทะเบียน อปท. จาก {source}: สร้าง {result.created:,} แก้ไข {result.updated:,}"
        real = True
    else:
        records = generate.national_records() if scale == "national" else generate.province_records(DEMO_PROVINCE)
        result = registry_services.organisations_import(records=records, source_name="generated demo registry")
        message = f"ไม่พบ {source}: สร้างทะเบียนสมมติ {result.created:,} แห่ง (สัดส่วนประเภทเท่าของจริง)"
        real = False
    registry_services.bangkok_ensure()
    return message, real
