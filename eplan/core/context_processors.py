from django.conf import settings
from django.core.cache import cache

from eplan.core.models import SiteFlag


def site_flags() -> set:
    flags = cache.get("eplan:site_flags")
    if flags is None:
        flags = set(SiteFlag.objects.values_list("key", flat=True))
        cache.set("eplan:site_flags", flags, 300)
    return flags


def site(request):
    return {
        "site_name": settings.SITE_NAME,
        "site_short_name": settings.SITE_SHORT_NAME,
        "demo_mode": SiteFlag.DEMO in site_flags(),
    }
