"""Evidence of a report line: files (PDF, images, office documents — checked by extension
and by their first bytes, up to EVIDENCE_MAX_BYTES) and links. Each write is one
transaction with its audit event, as in services."""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext as _

from eplan.accounts import scope
from eplan.accounts.roles import Capability
from eplan.core.audit import audit_record
from eplan.reporting.models import Evidence, ReportLine
from eplan.reporting.services import _codes, _editable, _require

# What may be attached as evidence: documents, images and office files.
EVIDENCE_TYPES = {
    ".pdf": (b"%PDF",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
    ".pptx": (b"PK\x03\x04",),
    ".odt": (b"PK\x03\x04",),
    ".ods": (b"PK\x03\x04",),
    ".doc": (b"\xd0\xcf\x11\xe0",),
    ".xls": (b"\xd0\xcf\x11\xe0",),
    ".ppt": (b"\xd0\xcf\x11\xe0",),
}


def evidence_max_bytes() -> int:
    return getattr(settings, "EVIDENCE_MAX_BYTES", 10 * 1024 * 1024)


def _check_upload(upload) -> tuple[str, str]:
    suffix = Path(upload.name or "").suffix.lower()
    if suffix not in EVIDENCE_TYPES:
        raise ValidationError(
            {
                "file": _("ไฟล์ประเภท %(suffix)s แนบไม่ได้ แนบได้เฉพาะ PDF รูปภาพ (JPG, PNG) และเอกสารสำนักงาน")
                % {"suffix": suffix or "?"}
            }
        )
    limit = evidence_max_bytes()
    if upload.size > limit:
        raise ValidationError(
            {
                "file": _("ไฟล์ใหญ่เกิน %(limit)s MB (ไฟล์นี้ %(size).1f MB)")
                % {"limit": limit // (1024 * 1024), "size": upload.size / (1024 * 1024)}
            }
        )
    head = upload.read(8)
    upload.seek(0)
    if not any(head.startswith(magic) for magic in EVIDENCE_TYPES[suffix]):
        raise ValidationError({"file": _("เนื้อไฟล์ไม่ใช่ %(suffix)s ตามนามสกุล") % {"suffix": suffix}})
    return suffix, getattr(upload, "content_type", "") or ""


@transaction.atomic
def evidence_add(*, actor, line: ReportLine, upload=None, link: str = "", name: str = "") -> Evidence:
    line = ReportLine.objects.select_related("report__organisation", "report__round__cycle").get(pk=line.pk)
    report = line.report
    _require(scope.has_capability(actor, Capability.REPORT_PROGRESS, report.organisation))
    _editable(report)
    link = (link or "").strip()
    if upload is None and not link:
        raise ValidationError({"file": _("กรุณาเลือกไฟล์หรือใส่ลิงก์")})
    evidence = Evidence(line=line, uploaded_by=actor)
    if upload is not None:
        _suffix, content_type = _check_upload(upload)
        evidence.file = upload
        evidence.size = upload.size
        evidence.content_type = content_type[:100]
        evidence.name = (name or "").strip()[:255] or Path(upload.name).name[:255]
    else:
        try:
            URLValidator(schemes=["http", "https"])(link)
        except ValidationError:
            raise ValidationError({"link": _("ลิงก์ต้องขึ้นต้นด้วย http:// หรือ https://")}) from None
        evidence.link = link
        evidence.name = (name or "").strip()[:255] or link[:255]
    evidence.save()
    audit_record(
        actor=actor,
        action="reporting.evidence_add",
        obj=report,
        detail={"line": line.pk, "name": evidence.name, "size": evidence.size, "link": evidence.link},
        **_codes(report.organisation),
    )
    return evidence


@transaction.atomic
def evidence_remove(*, actor, evidence: Evidence):
    evidence = Evidence.objects.select_related("line__report__organisation").get(pk=evidence.pk)
    report = evidence.line.report
    _require(scope.has_capability(actor, Capability.REPORT_PROGRESS, report.organisation))
    _editable(report)
    name = evidence.name
    stored = evidence.file.name if evidence.file else ""
    evidence.delete()
    if stored:
        transaction.on_commit(lambda: evidence.file.storage.delete(stored))
    audit_record(
        actor=actor,
        action="reporting.evidence_remove",
        obj=report,
        detail={"name": name},
        **_codes(report.organisation),
    )
