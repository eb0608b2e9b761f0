"""Circulars' business operations: create (or forward), publish, withdraw, acknowledge,
remind. Each checks who may, validates, writes and records its audit event in one
transaction; pages, the API, the demo and tests call these and nothing else."""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from eplan.accounts import scope
from eplan.accounts.models import RoleAssignment
from eplan.accounts.roles import Capability, Role
from eplan.core.audit import audit_record
from eplan.core.text import join_hard_wraps
from eplan.core.thai import thai_date
from eplan.notices import audience as audiences
from eplan.notices.models import TRANSITIONS, AddressedTo, Attachment, Circular, CircularState, Recipient
from eplan.reporting.evidence import verified_type

TEXT_LIMITS = {
    "number": 100,
    "issuing_office": 300,
    "subject": 500,
    "addressees": 500,
    "signatory": 300,
    "signatory_position": 500,
    "contact": 500,
}
BODY_LIMIT = 50_000
REPLY_LIMIT = 5_000
MAX_ATTACHMENTS = 10
# The offices that pass a circular on to their own อปท. (and are told when one reaches them).
RELAY_ROLES = (Role.PROVINCIAL_DLA, Role.NACC_PROVINCIAL, Role.DISTRICT_OFFICE)


def attachment_max_bytes() -> int:
    return getattr(settings, "CIRCULAR_ATTACHMENT_MAX_BYTES", getattr(settings, "EVIDENCE_MAX_BYTES", 10 * 1024 * 1024))


def _clean_text(value, field, limit, *, required=True, multiline=False) -> str:
    text = str(value or "")
    if "\x00" in text:
        raise ValidationError({field: _("ข้อความมีอักขระที่ใช้ไม่ได้")})
    text = join_hard_wraps(text) if multiline else " ".join(text.split())
    if required and not text:
        raise ValidationError({field: _("กรุณากรอกช่องนี้")})
    if len(text) > limit:
        raise ValidationError({field: _("ยาวได้ไม่เกิน %(n)s ตัวอักษร (ที่กรอก %(m)s)") % {"n": limit, "m": len(text)}})
    return text


def check_pdf(upload, field="attachments"):
    """A PDF by its first bytes, within the size limit."""
    limit = attachment_max_bytes()
    if upload.size > limit:
        raise ValidationError(
            {field: _("ไฟล์ %(name)s ใหญ่เกิน %(limit)s MB") % {"name": upload.name, "limit": limit // (1024 * 1024)}}
        )
    head = upload.read(8)
    upload.seek(0)
    if verified_type(".pdf", head) != "application/pdf" or Path(upload.name or "").suffix.lower() != ".pdf":
        raise ValidationError(
            {field: _("ไฟล์ %(name)s ไม่ใช่ PDF แนบได้เฉพาะไฟล์ PDF") % {"name": Path(upload.name or "?").name}}
        )


def _require_transition(circular, target):
    if target not in TRANSITIONS[CircularState(circular.state)]:
        raise ValidationError(
            _("หนังสือเวียนที่%(state)sแล้ว เปลี่ยนเป็น%(target)sไม่ได้")
            % {"state": CircularState(circular.state).label, "target": CircularState(target).label}
        )


def _codes(circular) -> dict:
    return {
        "province_code": circular.sender_province_id
        or (circular.sender_district.province_id if circular.sender_district_id else "")
    }


def _letter_fields(data) -> dict:
    found = {
        field: _clean_text(
            data.get(field), field, limit, required=field in ("number", "issuing_office", "subject", "addressees")
        )
        for field, limit in TEXT_LIMITS.items()
    }
    found["body"] = _clean_text(data.get("body"), "body", BODY_LIMIT, multiline=True)
    found["enclosures"] = _clean_text(data.get("enclosures"), "enclosures", 2000, required=False, multiline=True)
    issued_on = data.get("issued_on")
    if not issued_on:
        raise ValidationError({"issued_on": _("กรุณาระบุวันที่ของหนังสือ")})
    found["issued_on"] = issued_on
    reply_by = data.get("reply_by") or None
    if reply_by is not None and reply_by < issued_on:
        raise ValidationError({"reply_by": _("วันที่ขอให้ตอบต้องไม่ก่อนวันที่ของหนังสือ")})
    found["reply_by"] = reply_by
    found["is_public"] = bool(data.get("is_public"))
    addressed_to = data.get("addressed_to") or AddressedTo.LAO
    if addressed_to not in AddressedTo.values:
        raise ValidationError({"addressed_to": _("เลือกผู้รับจากรายการ")})
    found["addressed_to"] = addressed_to
    return found


@transaction.atomic
def circular_create(*, actor, parent=None, attachments=(), **data) -> Circular:
    """A draft circular of the actor's office; with `parent`, a forward of a circular that
    reached the office's area (its own cover letter, number and date)."""
    from eplan.notices import selectors

    office = audiences.sender_office(actor)
    if office is None:
        raise PermissionDenied(_("ท่านไม่มีสิทธิ์ออกหนังสือเวียน"))
    if parent is not None and not selectors.received_for_user(actor).filter(pk=parent.pk).exists():
        raise PermissionDenied(_("ส่งต่อได้เฉพาะหนังสือเวียนที่ส่งถึงพื้นที่ของท่าน"))
    fields = _letter_fields(data)
    fields.update(audiences.clean_audience(office, data))
    attachments = list(attachments or [])
    if len(attachments) > MAX_ATTACHMENTS:
        raise ValidationError({"attachments": _("แนบได้ไม่เกิน %(n)s ไฟล์") % {"n": MAX_ATTACHMENTS}})
    for upload in attachments:
        check_pdf(upload)
    circular = Circular(
        parent=parent,
        sender_role=office.role,
        sender_region_id=office.region_id,
        sender_province_id=office.province_id,
        sender_district_id=office.district_id,
        created_by=actor,
        **fields,
    )
    circular.full_clean(exclude=["audience_codes"])
    circular.save()
    for upload in attachments:
        Attachment.objects.create(
            circular=circular,
            file=upload,
            original_name=Path(upload.name).name[:255],
            size=upload.size,
            uploaded_by=actor,
        )
    audit_record(
        actor=actor,
        action="notices.circular_forward" if parent else "notices.circular_create",
        obj=circular,
        detail={"number": circular.number, "parent": parent.pk if parent else None, "attachments": len(attachments)},
        **_codes(circular),
    )
    return circular


def _locked(circular) -> Circular:
    return Circular.objects.select_for_update().get(pk=circular.pk)


def _require_sender(actor, circular):
    if (
        circular.pk is None
        or not Circular.objects.filter(audiences.sent_by(audiences.offices_of(actor)), pk=circular.pk).exists()
    ):
        raise PermissionDenied(_("เฉพาะหน่วยงานที่ออกหนังสือเวียนนี้"))


def _sender_office_of(circular) -> audiences.Office:
    return audiences.Office(
        role=circular.sender_role,
        region_id=circular.sender_region_id,
        province_id=circular.sender_province_id,
        district_id=circular.sender_district_id,
    )


@transaction.atomic
def circular_publish(*, actor, circular) -> Circular:
    """Draft → published: the audience becomes one Recipient per organisation, the LAO staff
    of those addressed and the relaying offices of the area are told."""
    _require_sender(actor, circular)
    circular = _locked(circular)
    _require_transition(circular, CircularState.PUBLISHED)
    organisations = list(
        audiences.audience_organisations(circular, _sender_office_of(circular)).values_list(
            "pk", "province_id", "district_id"
        )
    )
    if not organisations:
        raise ValidationError({"audience_kind": _("ผู้รับที่เลือกไม่มี อปท. ในพื้นที่ของท่าน")})
    addressed = circular.addressed_to == AddressedTo.LAO
    Recipient.objects.bulk_create(
        [Recipient(circular=circular, organisation_id=pk, addressed=addressed) for pk, _p, _d in organisations],
        batch_size=500,
    )
    circular.state = CircularState.PUBLISHED
    circular.published_at = timezone.now()
    circular.published_by = actor
    circular.save(update_fields=["state", "published_at", "published_by"])
    _notify_new(circular, organisations, addressed)
    audit_record(
        actor=actor,
        action="notices.circular_publish",
        obj=circular,
        detail={"number": circular.number, "recipients": len(organisations), "addressed": addressed},
        **_codes(circular),
    )
    return circular


def _relaying_offices(circular, provinces, districts):
    """Accounts of the province and district offices of the area (not the sender's own)."""
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    sender = _sender_office_of(circular)
    assignments = RoleAssignment.objects.filter(role__in=RELAY_ROLES).filter(
        Q(province_id__in=provinces, district__isnull=True) | Q(district_id__in=districts)
    )
    assignments = assignments.exclude(
        role=sender.role, region_id=sender.region_id, province_id=sender.province_id, district_id=sender.district_id
    )
    # A district office forwarding does not tell the province above it again.
    if sender.district_id:
        assignments = assignments.filter(district__isnull=False)
    return get_user_model().objects.filter(is_active=True, pk__in=assignments.values("user_id"))


def _notify_new(circular, organisations, addressed):
    from eplan.notifications.services import lao_users, notify

    url = reverse("notices:detail", args=[circular.pk])
    title = _("หนังสือเวียนใหม่ %(number)s เรื่อง %(subject)s") % {"number": circular.number, "subject": circular.subject}
    body = _("ขอให้ตอบภายใน %(date)s") % {"date": thai_date(circular.reply_by)} if circular.reply_by else ""
    if addressed:
        notify(
            kind="circular_new",
            recipients=lao_users([pk for pk, _p, _d in organisations]),
            title=title,
            url=url,
            key=f"circular:{circular.pk}",
            body=body,
        )
    provinces = {province for _pk, province, _d in organisations}
    districts = {district for _pk, _p, district in organisations}
    notify(
        kind="circular_new",
        recipients=_relaying_offices(circular, provinces, districts),
        title=title,
        url=url,
        key=f"circular:{circular.pk}:office",
        body=_("หนังสือเวียนถึงพื้นที่ของท่าน ส่งต่อถึง อปท. ได้จากหน้าหนังสือ"),
    )


@transaction.atomic
def circular_withdraw(*, actor, circular, reason="") -> Circular:
    _require_sender(actor, circular)
    circular = _locked(circular)
    _require_transition(circular, CircularState.WITHDRAWN)
    reason = _clean_text(reason, "reason", 1000, required=False)
    circular.state = CircularState.WITHDRAWN
    circular.withdrawn_at = timezone.now()
    circular.save(update_fields=["state", "withdrawn_at"])
    audit_record(
        actor=actor, action="notices.circular_withdraw", obj=circular, detail={"reason": reason}, **_codes(circular)
    )
    return circular


@transaction.atomic
def circular_acknowledge(*, actor, circular, organisation, reply_text="", reply_file=None) -> Recipient:
    """รับทราบ for the organisation: the first acknowledger is kept; a second call changes
    nothing but may add the reply when none was given. Row locked against a colleague
    acknowledging at the same moment."""
    if not scope.has_capability(actor, Capability.ACKNOWLEDGE_CIRCULAR, organisation):
        raise PermissionDenied(_("ท่านไม่มีสิทธิ์รับทราบหนังสือเวียนแทน อปท. นี้"))
    try:
        recipient = (
            Recipient.objects.select_for_update()
            .select_related("circular")
            .get(
                circular_id=circular.pk,
                organisation=organisation,
                addressed=True,
                circular__state=CircularState.PUBLISHED,
            )
        )
    except Recipient.DoesNotExist:
        raise PermissionDenied(_("หนังสือเวียนนี้ไม่ได้ส่งถึง อปท. นี้")) from None
    reply_text = _clean_text(reply_text, "reply_text", REPLY_LIMIT, required=False, multiline=True)
    if reply_file is not None:
        check_pdf(reply_file, "reply_file")
    now = timezone.now()
    changed = []
    if recipient.acknowledged_at is None:
        recipient.acknowledged_at, recipient.acknowledged_by = now, actor
        changed += ["acknowledged_at", "acknowledged_by"]
    if (reply_text or reply_file) and not recipient.replied_at:
        recipient.reply_text = reply_text
        if reply_file is not None:
            recipient.reply_file = reply_file
            recipient.reply_file_name = Path(reply_file.name).name[:255]
        recipient.replied_at = now
        changed += ["reply_text", "reply_file", "reply_file_name", "replied_at"]
    if not changed:
        return recipient
    try:
        with transaction.atomic():
            recipient.save(update_fields=changed)
    except IntegrityError:  # pragma: no cover - the row lock makes this unreachable
        raise ValidationError(_("บันทึกการรับทราบไม่สำเร็จ กรุณาลองอีกครั้ง")) from None
    audit_record(
        actor=actor,
        action="notices.circular_acknowledge",
        obj=recipient.circular,
        organisation_code=organisation.code,
        province_code=organisation.province_id,
        detail={"reply": bool(recipient.replied_at), "first": "acknowledged_at" in changed},
    )
    return recipient


@transaction.atomic
def circular_remind(*, actor, circular, today=None) -> int:
    """Tell the staff of the addressed organisations that have not acknowledged; once per
    recipient per day however often it is asked. Returns how many organisations."""
    from eplan.notifications.services import lao_users, notify

    _require_sender(actor, circular)
    circular = Circular.objects.get(pk=circular.pk)
    if circular.state != CircularState.PUBLISHED:
        raise ValidationError(_("เตือนได้เฉพาะหนังสือเวียนที่ออกแล้ว"))
    today = today or timezone.localdate()
    waiting = list(
        Recipient.objects.filter(circular=circular, addressed=True, acknowledged_at__isnull=True).values_list(
            "organisation_id", flat=True
        )
    )
    if waiting:
        notify(
            kind="circular_new",
            recipients=lao_users(waiting),
            title=_("เตือน: ขอให้รับทราบหนังสือเวียน %(number)s เรื่อง %(subject)s")
            % {"number": circular.number, "subject": circular.subject},
            url=reverse("notices:detail", args=[circular.pk]),
            key=f"circular:{circular.pk}:reminder:{today.isoformat()}",
            body=_("ขอให้ตอบภายใน %(date)s") % {"date": thai_date(circular.reply_by)} if circular.reply_by else "",
        )
    audit_record(
        actor=actor,
        action="notices.circular_remind",
        obj=circular,
        detail={"organisations": len(waiting), "day": today},
        **_codes(circular),
    )
    return len(waiting)
