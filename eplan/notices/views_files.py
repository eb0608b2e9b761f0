"""Files of circulars: attachments (to those who may read the circular, or anyone when it
is public), the acknowledgement workbook and reply files (to the sender, and the replying
organisation's own staff). Served as the type their first bytes show."""

from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from eplan.accounts import scope
from eplan.accounts.roles import Capability
from eplan.core import tables
from eplan.core.audit import audit_record
from eplan.core.thai import thai_datetime
from eplan.notices import selectors
from eplan.notices.models import Attachment, Recipient
from eplan.reporting.evidence import verified_type


def _serve(field, name):
    if not field or not field.storage.exists(field.name):
        raise Http404
    with field.open("rb") as stored:
        head = stored.read(8)
    content_type = verified_type(".pdf", head)
    response = FileResponse(
        field.open("rb"), as_attachment=content_type != "application/pdf", filename=name, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    return response


def _record(actor, circular, what, **detail):
    with transaction.atomic():
        audit_record(actor=actor, action="notices.download", obj=circular, detail={"what": what, **detail})


@login_required
@require_safe
def attachment(request, circular_id, attachment_id):
    circular = selectors.circular_for_user_or_404(request.user, circular_id)
    found = get_object_or_404(Attachment, circular=circular, pk=attachment_id)
    if not circular.is_public:
        _record(request.user, circular, "attachment", name=found.original_name)
    response = _serve(found.file, found.original_name)
    response["Cache-Control"] = "private, no-store"
    return response


@require_safe
def public_attachment(request, circular_id, attachment_id):
    circular = selectors.public_circular_or_404(circular_id)
    found = get_object_or_404(Attachment, circular=circular, pk=attachment_id)
    return _serve(found.file, found.original_name)


@login_required
@require_safe
def reply_file(request, circular_id, recipient_id):
    circular = selectors.circular_for_user_or_404(request.user, circular_id)
    recipient = get_object_or_404(Recipient.objects.select_related("organisation"), circular=circular, pk=recipient_id)
    is_sender = selectors.sent_for_user(request.user).filter(pk=circular.pk).exists()
    own = scope.lao_organisations_of(request.user).filter(pk=recipient.organisation_id).exists()
    if not (is_sender or own) or not recipient.reply_file:
        raise Http404
    _record(request.user, circular, "reply", organisation=recipient.organisation.code)
    response = _serve(recipient.reply_file, recipient.reply_file_name or Path(recipient.reply_file.name).name)
    response["Cache-Control"] = "private, no-store"
    return response


def _acknowledgements_by_organisation(circular) -> tuple[list, list]:
    columns = [
        tables.Column(_("รหัส อปท."), "code"),
        tables.Column(_("อปท."), width=26),
        tables.Column(_("อำเภอ"), width=16),
        tables.Column(_("จังหวัด"), width=16),
        tables.Column(_("รับทราบเมื่อ"), width=20),
        tables.Column(_("ผู้รับทราบ")),
        tables.Column(_("ข้อความตอบกลับ"), width=40),
        tables.Column(_("ไฟล์ตอบกลับ")),
    ]
    rows = []
    for recipient in selectors.acknowledgement_rows(circular):
        organisation, by = recipient.organisation, recipient.acknowledged_by
        rows.append(
            [
                organisation.code,
                organisation.display_name,
                organisation.district.name_th,
                organisation.province.name_th,
                thai_datetime(recipient.acknowledged_at) if recipient.acknowledged_at else _("ยังไม่รับทราบ"),
                (by.get_full_name() or by.username) if by else "",
                recipient.reply_text,
                recipient.reply_file_name,
            ]
        )
    return columns, rows


def _acknowledgements_by_district(circular) -> tuple[list, list]:
    columns = [
        tables.Column(_("จังหวัด"), width=16),
        tables.Column(_("อำเภอ"), width=16),
        tables.Column(_("ส่งถึง (แห่ง)"), "int"),
        tables.Column(_("รับทราบแล้ว"), "int"),
        tables.Column(_("ตอบกลับแล้ว"), "int"),
        tables.Column(_("ร้อยละที่รับทราบ"), "percent"),
    ]
    rows = [
        [
            row["province_name"],
            row["district_name"],
            row["total"],
            row["acknowledged"],
            row["replied"],
            row["acknowledged"] / row["total"] if row["total"] else None,
        ]
        for row in selectors.acknowledgement_by_district(circular)
    ]
    return columns, rows


# ?table= → (what the table lists, its rows)
ACKNOWLEDGEMENT_TABLES = {
    "organisations": (gettext_lazy("ราย อปท."), _acknowledgements_by_organisation),
    "districts": (gettext_lazy("รายอำเภอ"), _acknowledgements_by_district),
}


@login_required
@require_safe
def acknowledgements_xlsx(request, circular_id):
    """Who acknowledged the circular, per organisation (or ?table=districts: per district),
    as XLSX or CSV (?format=); the download is audited."""
    circular = selectors.circular_for_user_or_404(request.user, circular_id, capability=Capability.PUBLISH_CIRCULAR)
    fmt = tables.format_of(request)
    chosen = request.GET.get("table", "organisations")
    if fmt is None or chosen not in ACKNOWLEDGEMENT_TABLES:
        raise Http404
    label, make = ACKNOWLEDGEMENT_TABLES[chosen]
    columns, rows = make(circular)
    table = tables.Table(
        title=_("การรับทราบหนังสือเวียน %(number)s เรื่อง %(subject)s")
        % {"number": circular.number, "subject": circular.subject},
        columns=columns,
        rows=rows,
        filters=[(_("หนังสือ"), circular.number), (_("ตาราง"), str(label))],
        sheet_name=str(label),
    )
    _record(request.user, circular, f"acknowledgements_{fmt}", table=chosen)
    suffix = "" if chosen == "organisations" else "-districts"
    return tables.download(
        table,
        fmt,
        f"การรับทราบหนังสือเวียน-{circular.pk}{suffix}",
        fallback=f"circular-{circular.pk}-acknowledgements{suffix}",
    )
