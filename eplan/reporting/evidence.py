"""Evidence of a report line: files (PDF, images, office documents — checked by extension
and by their first bytes, up to EVIDENCE_MAX_BYTES) and links. Each write is one
transaction with its audit event, as in services, with the report row locked, so that
nothing is attached to or taken from a report being submitted at the same moment.

A file is stored under a random name (models.evidence_path); the name it came with is kept
for display and download. What the browser is told a file is comes from its first bytes,
never from the Content-Type the uploader's browser claimed: `served_type` reads the
stored file again when serving, so a file stored before this check is served safely too.
"""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext as _

from eplan.accounts import scope
from eplan.accounts.roles import Capability
from eplan.core.audit import audit_record
from eplan.core.permissions import require as _require
from eplan.reporting.models import Evidence, Report, ReportLine
from eplan.reporting.services import _codes, _editable

OOXML = b"PK\x03\x04"
OLE = b"\xd0\xcf\x11\xe0"
# What may be attached as evidence: suffix → (first bytes it must start with, its type).
EVIDENCE_TYPES = {
    ".pdf": ((b"%PDF",), "application/pdf"),
    ".jpg": ((b"\xff\xd8\xff",), "image/jpeg"),
    ".jpeg": ((b"\xff\xd8\xff",), "image/jpeg"),
    ".png": ((b"\x89PNG",), "image/png"),
    ".docx": ((OOXML,), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ".xlsx": ((OOXML,), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ".pptx": ((OOXML,), "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
    ".odt": ((OOXML,), "application/vnd.oasis.opendocument.text"),
    ".ods": ((OOXML,), "application/vnd.oasis.opendocument.spreadsheet"),
    ".doc": ((OLE,), "application/msword"),
    ".xls": ((OLE,), "application/vnd.ms-excel"),
    ".ppt": ((OLE,), "application/vnd.ms-powerpoint"),
}
# Shown in the browser; anything else is downloaded (Content-Disposition: attachment).
INLINE_TYPES = {"application/pdf", "image/jpeg", "image/png"}
UNKNOWN_TYPE = "application/octet-stream"


def verified_type(suffix: str, head: bytes) -> str:
    """The type of a file whose name ends in `suffix` and whose content begins with `head`;
    UNKNOWN_TYPE when the two do not agree (or the suffix is not one accepted)."""
    magics, content_type = EVIDENCE_TYPES.get(suffix.lower(), ((), UNKNOWN_TYPE))
    return content_type if any(head.startswith(magic) for magic in magics) else UNKNOWN_TYPE


def served_type(evidence: Evidence) -> str:
    """What a stored evidence file is, read again from its first bytes."""
    suffix = Path(evidence.original_name or evidence.file.name).suffix
    with evidence.file.open("rb") as stored:
        head = stored.read(8)
    return verified_type(suffix, head)


def download_name(evidence: Evidence) -> str:
    """The name the file was uploaded with (older rows: their stored name)."""
    return evidence.original_name or Path(evidence.file.name).name


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
    content_type = verified_type(suffix, head)
    if content_type == UNKNOWN_TYPE:
        raise ValidationError({"file": _("เนื้อไฟล์ไม่ใช่ %(suffix)s ตามนามสกุล") % {"suffix": suffix}})
    return suffix, content_type


def _locked(report_id) -> Report:
    """The report, its row locked until the end of the transaction (see services.report_save)."""
    return (
        Report.objects.select_for_update(of=("self",)).select_related("organisation", "round__cycle").get(pk=report_id)
    )


@transaction.atomic
def evidence_add(*, actor, line: ReportLine, upload=None, link: str = "", name: str = "") -> Evidence:
    line = ReportLine.objects.get(pk=line.pk)
    report = line.report = _locked(line.report_id)
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
        evidence.content_type = content_type
        evidence.original_name = Path(upload.name).name[:255]
        evidence.name = (name or "").strip()[:255] or evidence.original_name
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
        detail={
            "line": line.pk,
            "name": evidence.name,
            "size": evidence.size,
            "link": evidence.link,
            "stored_as": evidence.file.name if evidence.file else "",
            "content_type": evidence.content_type,
        },
        **_codes(report.organisation),
    )
    return evidence


@transaction.atomic
def evidence_remove(*, actor, evidence: Evidence):
    evidence = Evidence.objects.select_related("line").get(pk=evidence.pk)
    report = evidence.line.report = _locked(evidence.line.report_id)
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
