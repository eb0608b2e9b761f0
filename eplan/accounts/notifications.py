"""Mail about an account's security, to the account's own address: a changed e-mail
address (to the old one), a changed or reset password, a one-time password issued by a
manager, a second factor set up, removed or reset, recovery codes made or used.

Sent once the change is committed (never for a change that was rolled back). A notice is
news, not trust: an organisation's primary account with no address of its own is told at
the organisation's registered address, which never receives a reset link.
"""

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template import loader
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eplan.core import request_context
from eplan.core.mail import site_link

NOTICES = {
    "email_changed": _("อีเมลของบัญชีถูกเปลี่ยนเป็น %(new)s"),
    "email_removed": _("อีเมลของบัญชีถูกลบออก"),
    "password_changed": _("รหัสผ่านของบัญชีถูกเปลี่ยน"),
    "password_reset": _("รหัสผ่านของบัญชีถูกตั้งใหม่ผ่านลิงก์ทางอีเมล"),
    "one_time_password": _("ผู้ดูแลบัญชี (%(actor)s) ออกรหัสผ่านชั่วคราวให้บัญชีของคุณ รหัสผ่านเดิมใช้ไม่ได้แล้ว"),
    "second_factor_enrolled": _("ตั้งค่าการยืนยันตัวตนสองขั้นตอน (แอปยืนยันตัวตน) ให้บัญชีของคุณแล้ว"),
    "second_factor_removed": _("ยกเลิกการยืนยันตัวตนสองขั้นตอนของบัญชีของคุณแล้ว"),
    "second_factor_reset": _("ผู้ดูแลบัญชี (%(actor)s) ล้างการยืนยันตัวตนสองขั้นตอนของบัญชีของคุณ ต้องตั้งค่าใหม่เมื่อเข้าสู่ระบบครั้งถัดไป"),
    "recovery_codes_generated": _("สร้างรหัสกู้คืนชุดใหม่แล้ว รหัสกู้คืนชุดเดิมใช้ไม่ได้อีก"),
    "recovery_code_used": _("มีการใช้รหัสกู้คืนเข้าสู่ระบบ (เหลือ %(left)s รหัส)"),
}


def addresses_of(user) -> list[str]:
    if user.email:
        return [user.email]
    organisation = getattr(user, "primary_organisation", None)
    profile = getattr(organisation, "profile", None) if organisation is not None else None
    return [profile.email] if profile is not None and profile.email else []


def _send(subject, body, to):
    EmailMultiAlternatives(subject, body, to=to).send()


def send_after_commit(subject, body, to):
    if to:
        transaction.on_commit(lambda: _send(str(subject), body, list(to)))


def notify(*, user, notice: str, to=None, **params):
    """Tell an account's owner what just happened to it (after commit)."""
    context = request_context.current()
    message = NOTICES[notice] % params if params else str(NOTICES[notice])
    body = loader.render_to_string(
        "accounts/email/notice.txt",
        {
            "user": user,
            "message": message,
            "when": timezone.now(),
            "client_ip": context.client_ip,
            "me_url": site_link("accounts:me"),
        },
    )
    subject = _("แจ้งเตือนความปลอดภัยของบัญชี %(username)s ระบบแผนปฏิบัติการป้องกันการทุจริต") % {"username": user.get_username()}
    send_after_commit(subject, body, addresses_of(user) if to is None else to)
