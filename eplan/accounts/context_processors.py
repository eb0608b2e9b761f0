from django.urls import reverse
from django.utils.translation import gettext as _

from eplan.accounts import scope
from eplan.accounts.roles import Capability


def navigation(request):
    """The menu, by role: each entry only for those who may use the page behind it."""
    user = getattr(request, "user", None)
    items = [(_("หน้าแรก"), reverse("public:home"))]
    if user is None or not user.is_authenticated:
        items += [
            (_("ค้นหา อปท."), reverse("public:organisations")),
            (_("สถานะการจัดทำแผน"), reverse("public:status_cycles")),
            (_("แดชบอร์ด"), reverse("dashboards:overview")),
            (_("ข้อมูลเปิด"), reverse("opendata:index")),
            (_("ค้นหาชื่อผู้ใช้"), reverse("accounts:find_username")),
            (_("หนังสือเวียน"), reverse("notices:public_list")),
            (_("รอบแผนและเกณฑ์"), reverse("frameworks:cycles")),
        ]
        return {"nav_items": _mark_active(request, items)}
    organisations = list(scope.lao_organisations_of(user)[:2])
    for organisation in organisations:
        items.append(
            (
                _("ข้อมูล %(name)s") % {"name": organisation.display_name},
                reverse("public:organisation", args=[organisation.code]),
            )
        )
    if organisations or scope.has_capability(user, Capability.VIEW):
        items.append((_("แผนปฏิบัติการฯ"), reverse("plans:home")))
    if organisations or scope.has_capability(user, Capability.VIEW):
        items.append((_("รายงานผล"), reverse("reporting:home")))
    if scope.has_capability(user, Capability.ASSESS_PLAN):
        items.append((_("ประเมินแผน"), reverse("assessment:queue")))
    if organisations or scope.has_capability(user, Capability.VIEW):
        items.append((_("หนังสือเวียน"), reverse("notices:index")))
        items.append((_("นิเทศติดตาม"), reverse("monitoring:index")))
    if scope.has_capability(user, Capability.VIEW) and not organisations:
        items.append((_("อปท. ในความรับผิดชอบ"), reverse("public:organisations") + "?scope=mine"))
        items.append((_("ผลการประเมิน ITA"), reverse("ita:index")))
    else:
        items.append((_("ค้นหา อปท."), reverse("public:organisations")))
    items.append((_("สถานะการจัดทำแผน"), reverse("public:status_cycles")))
    items.append((_("แดชบอร์ด"), reverse("dashboards:overview")))
    if scope.has_capability(user, Capability.MANAGE_ACCOUNTS):
        items.append((_("บัญชีผู้ใช้"), reverse("accounts:users")))
    if scope.has_capability(user, Capability.UNLOCK_LOGIN):
        items.append((_("ปลดล็อกการเข้าสู่ระบบ"), reverse("accounts:lockouts")))
    if scope.is_national(user, Capability.EDIT_FRAMEWORKS):
        items.append((_("รอบแผนและเกณฑ์"), reverse("frameworks:cycles")))
    if scope.is_national(user, Capability.EDIT_REGIONS):
        items.append((_("สำนักงาน ป.ป.ช. ภาค"), reverse("accounts:regions")))
    if scope.is_national(user, Capability.VIEW_AUDIT):
        items.append((_("บันทึกการตรวจสอบ"), reverse("accounts:audit")))
    return {"nav_items": _mark_active(request, items)}


def _mark_active(request, items):
    """Mark the one entry whose address matches the current page most closely."""
    path = request.get_full_path()

    def match(url):
        bare = url.split("?")[0]
        if url == path:
            return len(url) + 1000
        if bare == "/":
            return 1 if request.path == "/" else 0
        return len(bare) if request.path.startswith(bare) else 0

    best = max((match(url) for _label, url in items), default=0)
    return [{"label": label, "url": url, "active": best > 0 and match(url) == best} for label, url in items]
