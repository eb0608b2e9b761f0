"""The circulars the permission matrix asks for (eplan/tests/matrix.py): inside, a public
circular of the provincial DLA of province 80 to its อปท. (อบต.กลาย has acknowledged it with
a reply file) and a draft of that office; outside, central's circular to Chiang Mai (not
public, ช้างเผือก replied) and a draft of central's. Made with the services the pages use."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from eplan.notices import services
from eplan.notices.models import Recipient

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

#        officer executive primary district  sthj   nacc-prov nacc-reg central  visitor

API_BODIES = {("POST", "/circulars/{circular_id}/acknowledge"): lambda side: {"reply": "รับทราบ (matrix)"}}


def _pdf(name):
    return SimpleUploadedFile(name, PDF, "application/pdf")


def _letter(actor, *, province, public, draft=False, **extra):
    circular = services.circular_create(
        actor=actor,
        number="ที่ นศ ๐๐๒๓.๔/ว ๕๗๕๕",
        issued_on=datetime.date(2018, 5, 31),
        issuing_office="ศาลากลางจังหวัด",
        subject="ขอความร่วมมือจัดทำแผนปฏิบัติการป้องกันการทุจริต (matrix)",
        addressees="นายกองค์กรปกครองส่วนท้องถิ่น ทุกแห่ง",
        body="ขอให้ดำเนินการ",
        audience_kind="province",
        audience_province=province,
        is_public=public,
        attachments=[_pdf("หนังสือ.pdf")],
        **extra,
    )
    if draft:
        return circular
    return services.circular_publish(actor=actor, circular=circular)


def _replied(circular, organisation, officer) -> Recipient:
    return services.circular_acknowledge(
        actor=officer, circular=circular, organisation=organisation, reply_text="ตอบ", reply_file=_pdf("ตอบ.pdf")
    )


def build(world):
    inside = _letter(world.provincial_dla, province="80", public=True)
    outside = _letter(world.central, province="50", public=False)
    inside_draft = _letter(world.provincial_dla, province="80", public=False, draft=True)
    outside_draft = _letter(world.central, province="50", public=False, draft=True)
    inside_reply = _replied(inside, world.klai, world.officer)
    outside_reply = _replied(outside, world.chiang_mai, world.outsider_north)
    return (
        {
            "circular_id": inside.pk,
            "draft_id": inside_draft.pk,
            "attachment_id": inside.attachments.get().pk,
            "recipient_id": inside_reply.pk,
        },
        {
            "circular_id": outside.pk,
            "draft_id": outside_draft.pk,
            "attachment_id": outside.attachments.get().pk,
            "recipient_id": outside_reply.pk,
        },
    )
