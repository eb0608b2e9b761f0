from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "eplan.accounts"
    label = "accounts"
    verbose_name = _("บัญชีผู้ใช้และสิทธิ์")

    def ready(self):
        from eplan.accounts import checks, signals  # noqa: F401
        from eplan.core.audit import register_actions

        register_actions(
            {
                "accounts.login": _("เข้าสู่ระบบ"),
                "accounts.user_create": _("สร้างบัญชีผู้ใช้"),
                "accounts.user_update": _("แก้ไขข้อมูลบัญชี"),
                "accounts.user_activate": _("เปิดใช้บัญชี"),
                "accounts.user_deactivate": _("ระงับบัญชี"),
                "accounts.role_grant": _("ให้บทบาท"),
                "accounts.role_revoke": _("ยกเลิกบทบาท"),
                "accounts.one_time_password_issue": _("ออกรหัสผ่านชั่วคราว"),
                "accounts.password_change": _("เปลี่ยนรหัสผ่าน"),
                "accounts.password_reset": _("ตั้งรหัสผ่านใหม่ผ่านอีเมล"),
                "accounts.primary_accounts_provision": _("สร้างบัญชีหลักของ อปท."),
                "accounts.login_unlock": _("ปลดล็อกการเข้าสู่ระบบ"),
                "accounts.api_token_create": _("สร้างโทเคนสำหรับเรียกใช้ API"),
                "accounts.api_token_revoke": _("ยกเลิกโทเคนสำหรับเรียกใช้ API"),
                "accounts.api_tokens_revoke_all": _("ยกเลิกโทเคนสำหรับเรียกใช้ API ทั้งหมดของบัญชี"),
                "accounts.login_failure": _("เข้าสู่ระบบไม่สำเร็จ"),
                "accounts.logout": _("ออกจากระบบ"),
                "accounts.email_verify": _("ยืนยันอีเมล"),
                "accounts.second_factor_enrol": _("ตั้งค่าการยืนยันตัวตนสองขั้นตอน"),
                "accounts.second_factor_remove": _("ยกเลิกการยืนยันตัวตนสองขั้นตอน"),
                "accounts.second_factor_reset": _("ล้างการยืนยันตัวตนสองขั้นตอนของบัญชี"),
                "accounts.second_factor_policy": _("กำหนดบทบาทที่ต้องยืนยันตัวตนสองขั้นตอน"),
                "accounts.recovery_codes_generate": _("สร้างรหัสกู้คืน"),
                "accounts.recovery_code_use": _("ใช้รหัสกู้คืน"),
            }
        )
