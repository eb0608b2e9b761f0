"""Files of circulars: attachments (to those who may read the circular, or anyone when it
is public), the acknowledgement workbook and reply files (to the sender, and the replying
organisation's own staff). Served as the type their first bytes show."""

from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from openpyxl import Workbook

from eplan.accounts import scope
from eplan.accounts.roles import Capability
from eplan.core.audit import audit_record
from eplan.core.spreadsheets import cells, xlsx_response
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


@login_required
@require_safe
def acknowledgements_xlsx(request, circular_id):
    circular = selectors.circular_for_user_or_404(request.user, circular_id, capability=Capability.PUBLISH_CIRCULAR)
    workbook = Workbook()
    summary = workbook.active
    summary.title = _("รายอำเภอ")
    summary.append(cells(summary, [circular.number, circular.subject]))
    summary.append(
        cells(summary, [_("จังหวัด"), _("อำเภอ"), _("ส่งถึง (แห่ง)"), _("รับทราบแล้ว"), _("ตอบกลับแล้ว"), _("ร้อยละที่รับทราบ")])
    )
    for row in selectors.acknowledgement_by_district(circular):
        summary.append(
            cells(
                summary,
                [
                    row["province_name"],
                    row["district_name"],
                    row["total"],
                    row["acknowledged"],
                    row["replied"],
                    row["rate"],
                ],
            )
        )
    sheet = workbook.create_sheet(_("รายแห่ง"))
    sheet.append(
        cells(
            sheet,
            [
                _("รหัส อปท."),
                _("อปท."),
                _("อำเภอ"),
                _("จังหวัด"),
                _("รับทราบเมื่อ"),
                _("ผู้รับทราบ"),
                _("ข้อความตอบกลับ"),
                _("ไฟล์ตอบกลับ"),
            ],
        )
    )
    for recipient in selectors.acknowledgement_rows(circular):
        organisation = recipient.organisation
        by = recipient.acknowledged_by
        sheet.append(
            cells(
                sheet,
                [
                    organisation.code,
                    organisation.display_name,
                    organisation.district.name_th,
                    organisation.province.name_th,
                    thai_datetime(recipient.acknowledged_at) if recipient.acknowledged_at else _("ยังไม่รับทราบ"),
                    (by.get_full_name() or by.username) if by else "",
                    recipient.reply_text,
                    recipient.reply_file_name,
                ],
            )
        )
    _record(request.user, circular, "acknowledgements_xlsx")
    return xlsx_response(
        workbook, f"การรับทราบหนังสือเวียน-{circular.pk}.xlsx", fallback=f"circular-{circular.pk}-acknowledgements.xlsx"
    )
