"""Who is calling the API: a personal token (`Authorization: Bearer <token>`, for scripts
and other systems) or the browser's login session (for the site's own pages and the
interactive docs).

A request carrying an Authorization header is decided by it alone: a wrong, expired or
revoked token is refused (401) even if a session cookie comes along. A session is only
trusted for unsafe methods with Django's CSRF token, since the browser sends the cookie by
itself; a browser never adds an Authorization header on its own, so tokens need none.

Either way, an account that must change its password (a one-time password was issued) is
refused with 403 until it has, as the pages send it to the change form; and a read-only
token only reads (GET, HEAD): anything else is 403. A token found is counted for its holder
too (core.ratelimit.check_holder): a person's tokens share one budget with their session.
"""

from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError
from ninja.security import HttpBearer, SessionAuth
from ninja.utils import check_csrf

from eplan.accounts import api_tokens
from eplan.core import ratelimit


def _refuse_until_password_changed(user):
    if user.must_change_password:
        raise HttpError(
            403,
            _(
                "บัญชีนี้ต้องเปลี่ยนรหัสผ่านก่อนใช้งาน (เข้าสู่ระบบด้วยรหัสผ่านชั่วคราว) "
                "กรุณาเปลี่ยนรหัสผ่านที่หน้า /accounts/password/change/ แล้วจึงเรียกใช้ API"
            ),
        )


class ApiTokenAuth(HttpBearer):
    """A personal API token made on the "บัญชีของฉัน" page."""

    def authenticate(self, request, token):
        found = api_tokens.api_token_authenticate(key=token.strip())
        if found is None:
            raise AuthenticationError(message=_("โทเคนไม่ถูกต้อง หมดอายุ ถูกยกเลิกแล้ว หรือบัญชีถูกระงับ"))
        refusal = ratelimit.check_holder(request, found.user)
        if refusal is not None:
            raise ratelimit.RateLimited(refusal)
        _refuse_until_password_changed(found.user)
        if found.read_only and request.method not in api_tokens.READ_METHODS:
            raise HttpError(403, _("โทเคนนี้ใช้อ่านข้อมูลได้อย่างเดียว บันทึกหรือแก้ไขข้อมูลไม่ได้ กรุณาใช้โทเคนที่ไม่ได้จำกัดให้อ่านอย่างเดียว"))
        request.user = found.user
        request.api_token = found
        return found.user


class SessionCsrfAuth(SessionAuth):
    """ninja's django_auth, with the CSRF check made only for a logged-in session: a
    request with no credentials at all is answered 401, not 403."""

    def _get_key(self, request):
        if request.headers.get("Authorization"):
            return None  # ApiTokenAuth decides (see module docstring)
        if not request.user.is_authenticated:
            return None
        _refuse_until_password_changed(request.user)
        if check_csrf(request):
            raise HttpError(403, _("ตรวจสอบ CSRF ไม่ผ่าน: ส่งคำขอที่เปลี่ยนแปลงข้อมูลพร้อมส่วนหัว X-CSRFToken"))
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request, key):
        return request.user if request.user.is_authenticated else None


# Order matters: a Bearer header is looked at first.
api_auth = [ApiTokenAuth(), SessionCsrfAuth()]
