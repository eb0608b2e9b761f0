"""Roles, the scope each one carries, and what each may do: the one table of permissions."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    LAO_OFFICER = "lao_officer", _("เจ้าหน้าที่ อปท.")
    LAO_EXECUTIVE = "lao_executive", _("ผู้บริหาร อปท.")
    DISTRICT_OFFICE = "district_office", _("อำเภอ (ท้องถิ่นอำเภอ)")
    PROVINCIAL_DLA = "provincial_dla", _("สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัด (สถ.จ.)")
    NACC_PROVINCIAL = "nacc_provincial", _("สำนักงาน ป.ป.ช. ประจำจังหวัด (สปจ.)")
    NACC_REGIONAL = "nacc_regional", _("สำนักงาน ป.ป.ช. ภาค")
    NACC_CENTRAL = "nacc_central", _("ผู้ดูแลระบบส่วนกลาง สำนักงาน ป.ป.ช.")


class ScopeKind(models.TextChoices):
    ORGANISATION = "organisation", _("อปท.")
    DISTRICT = "district", _("อำเภอ")
    PROVINCE = "province", _("จังหวัด")
    REGION = "region", _("ภาค")
    NATIONAL = "national", _("ทั้งประเทศ")


SCOPE_OF_ROLE = {
    Role.LAO_OFFICER: ScopeKind.ORGANISATION,
    Role.LAO_EXECUTIVE: ScopeKind.ORGANISATION,
    Role.DISTRICT_OFFICE: ScopeKind.DISTRICT,
    Role.PROVINCIAL_DLA: ScopeKind.PROVINCE,
    Role.NACC_PROVINCIAL: ScopeKind.PROVINCE,
    Role.NACC_REGIONAL: ScopeKind.REGION,
    Role.NACC_CENTRAL: ScopeKind.NATIONAL,
}

LAO_ROLES = frozenset({Role.LAO_OFFICER, Role.LAO_EXECUTIVE})
STAFF_ROLES = frozenset(set(Role) - LAO_ROLES)


class Capability(models.TextChoices):
    """What a role assignment allows within its scope."""

    VIEW = "view", _("ดูข้อมูล อปท. ในความรับผิดชอบ")
    EDIT_ORGANISATION_PROFILE = "edit_organisation_profile", _("แก้ไขข้อมูลพื้นฐาน อปท.")
    MANAGE_ACCOUNTS = "manage_accounts", _("จัดการบัญชีผู้ใช้")
    UNLOCK_LOGIN = "unlock_login", _("ปลดล็อกการเข้าสู่ระบบ")
    EDIT_REGIONS = "edit_regions", _("กำหนดจังหวัดในสำนักงาน ป.ป.ช. ภาค")
    VIEW_AUDIT = "view_audit", _("ดูบันทึกการตรวจสอบ")
    EDIT_FRAMEWORKS = "edit_frameworks", _("กำหนดรอบแผน กรอบ และเกณฑ์")
    EDIT_PLAN = "edit_plan", _("จัดทำแผนของ อปท.")
    SUBMIT_PLAN = "submit_plan", _("ส่งแผนของ อปท.")
    RETURN_PLAN = "return_plan", _("ส่งแผนกลับให้ อปท. แก้ไข")
    ASSESS_PLAN = "assess_plan", _("ประเมินแผน (ระดับจังหวัด)")
    REVIEW_ASSESSMENT = "review_assessment", _("ทบทวนผลการประเมิน (ส่วนกลาง)")
    PUBLISH_ANNOUNCEMENT = "publish_announcement", _("ประกาศผลการจัดทำแผน")
    REPORT_PROGRESS = "report_progress", _("รายงานผลการดำเนินงานของ อปท.")
    MANAGE_REPORTS = "manage_reports", _("เปิดรายงานผลให้แก้ไข ขยายเวลา และแก้ไขรายชื่อผู้ต้องรายงาน")
    PUBLISH_CIRCULAR = "publish_circular", _("ออกและส่งต่อหนังสือเวียน")
    ACKNOWLEDGE_CIRCULAR = "acknowledge_circular", _("รับทราบและตอบหนังสือเวียนของ อปท.")
    MANAGE_SUPERVISION = "manage_supervision", _("วางแผนและบันทึกการนิเทศติดตาม")
    EDIT_CHECKLIST = "edit_checklist", _("กำหนดรายการตรวจของการนิเทศติดตาม")
    IMPORT_ITA = "import_ita", _("นำเข้าผลการประเมิน ITA")
    ANSWER_RECOMMENDATION = "answer_recommendation", _("ตอบข้อเสนอแนะจากการนิเทศติดตามของ อปท.")


CAPABILITIES = {
    Capability.VIEW: set(Role),
    Capability.EDIT_ORGANISATION_PROFILE: {Role.LAO_OFFICER, Role.LAO_EXECUTIVE, Role.NACC_CENTRAL},
    Capability.MANAGE_ACCOUNTS: {
        Role.LAO_EXECUTIVE,
        Role.PROVINCIAL_DLA,
        Role.NACC_PROVINCIAL,
        Role.NACC_REGIONAL,
        Role.NACC_CENTRAL,
    },
    Capability.UNLOCK_LOGIN: {
        Role.PROVINCIAL_DLA,
        Role.NACC_PROVINCIAL,
        Role.NACC_REGIONAL,
        Role.NACC_CENTRAL,
    },
    Capability.EDIT_REGIONS: {Role.NACC_CENTRAL},
    Capability.VIEW_AUDIT: {Role.NACC_CENTRAL},
    Capability.EDIT_FRAMEWORKS: {Role.NACC_CENTRAL},
    Capability.EDIT_PLAN: {Role.LAO_OFFICER, Role.LAO_EXECUTIVE},
    Capability.SUBMIT_PLAN: {Role.LAO_OFFICER, Role.LAO_EXECUTIVE},
    Capability.RETURN_PLAN: {Role.NACC_PROVINCIAL, Role.NACC_REGIONAL, Role.NACC_CENTRAL},
    Capability.ASSESS_PLAN: {Role.NACC_PROVINCIAL, Role.NACC_REGIONAL, Role.NACC_CENTRAL},
    Capability.REVIEW_ASSESSMENT: {Role.NACC_CENTRAL},
    Capability.PUBLISH_ANNOUNCEMENT: {Role.NACC_CENTRAL},
    Capability.REPORT_PROGRESS: {Role.LAO_OFFICER, Role.LAO_EXECUTIVE},
    Capability.MANAGE_REPORTS: {Role.NACC_PROVINCIAL, Role.NACC_REGIONAL, Role.NACC_CENTRAL},
    # Circulars travel down the chain: central → province (สถ.จ. or the NACC office) → district.
    Capability.PUBLISH_CIRCULAR: {
        Role.DISTRICT_OFFICE,
        Role.PROVINCIAL_DLA,
        Role.NACC_PROVINCIAL,
        Role.NACC_REGIONAL,
        Role.NACC_CENTRAL,
    },
    Capability.ACKNOWLEDGE_CIRCULAR: {Role.LAO_OFFICER, Role.LAO_EXECUTIVE},
    Capability.MANAGE_SUPERVISION: {Role.NACC_PROVINCIAL, Role.NACC_REGIONAL, Role.NACC_CENTRAL},
    Capability.EDIT_CHECKLIST: {Role.NACC_CENTRAL},
    Capability.IMPORT_ITA: {Role.NACC_CENTRAL},
    Capability.ANSWER_RECOMMENDATION: {Role.LAO_OFFICER, Role.LAO_EXECUTIVE},
}

# Which roles an account manager may grant, within the manager's own scope.
GRANTABLE_ROLES = {
    Role.LAO_EXECUTIVE: {Role.LAO_OFFICER, Role.LAO_EXECUTIVE},
    Role.PROVINCIAL_DLA: {Role.LAO_OFFICER, Role.LAO_EXECUTIVE, Role.DISTRICT_OFFICE},
    Role.NACC_PROVINCIAL: {Role.LAO_OFFICER, Role.LAO_EXECUTIVE, Role.DISTRICT_OFFICE},
    Role.NACC_REGIONAL: {Role.LAO_OFFICER, Role.LAO_EXECUTIVE, Role.DISTRICT_OFFICE, Role.NACC_PROVINCIAL},
    Role.NACC_CENTRAL: set(Role),
}


def roles_with(capability) -> set:
    return CAPABILITIES[Capability(capability)]


# Roles that must log in with a second factor unless central administrators decide
# otherwise (accounts.SecondFactorPolicy): those that see and decide for the whole country
# or a region.
SECOND_FACTOR_REQUIRED_BY_DEFAULT = frozenset({Role.NACC_CENTRAL, Role.NACC_REGIONAL})
