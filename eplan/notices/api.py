"""Circulars through the API (หนังสือเวียน): the circulars that concern the caller, one
circular with its chain, acknowledging it (LAO staff), and for the sending office the
acknowledgement per district and per organisation. Scoped as the pages: a circular the
caller may not read is 404; bad input is 422 with each field named."""

import datetime

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from eplan.accounts import scope
from eplan.accounts.roles import Capability
from eplan.core.api_errors import AUTH_ERRORS, INPUT_ERRORS, PARAM_ERRORS
from eplan.core.api_schemas import InputSchema, PageOf, Pages, described
from eplan.notices import audience as audiences
from eplan.notices import selectors, services

router = Router(tags=["notices"])

MAX_ID = 2**62


class ChainLinkOut(Schema):
    id: int
    number: str = Field(description="เลขที่หนังสือตามที่พิมพ์ เช่น ที่ นศ ๐๐๒๓.๔/ว ๕๗๕๕")
    issued_on: datetime.date
    issuing_office: str
    subject: str


class CircularOut(Schema):
    id: int
    number: str = Field(description="เลขที่หนังสือตามที่พิมพ์ (ตัวเลขไทยหรืออารบิกตามที่กรอก)")
    issued_on: datetime.date = Field(description="ลงวันที่ (ค.ศ.)")
    issuing_office: str
    subject: str = Field(description="เรื่อง")
    addressees: str = Field(description="เรียน")
    reply_by: datetime.date | None = Field(description="ขอให้ตอบภายในวันที่ (ค.ศ.); null = ไม่กำหนด")
    state: str = Field(description="draft | published | withdrawn")
    is_public: bool
    parent_id: int | None = Field(description="หนังสือที่ฉบับนี้ส่งต่อ")
    audience: str = Field(description="ผู้รับเป็นข้อความ")
    acknowledged: bool | None = Field(description="อปท. ของผู้เรียกรับทราบแล้วหรือไม่ (null = ไม่ได้ส่งถึง อปท. ของผู้เรียก)")
    sent_by_me: bool = Field(description="หน่วยงานของผู้เรียกเป็นผู้ออก")


class AttachmentOut(Schema):
    id: int
    name: str
    size: int
    url: str


class CircularDetailOut(CircularOut):
    enclosures: str
    body: str
    signatory: str
    signatory_position: str
    contact: str
    chain: list[ChainLinkOut] = Field(description="ลำดับการส่ง จากหนังสือฉบับแรกถึงฉบับนี้")
    attachments: list[AttachmentOut]


class AcknowledgeIn(InputSchema):
    organisation: str | None = Field(None, max_length=7, description="รหัส อปท. เมื่อผู้เรียกทำงานให้หลายแห่ง")
    reply: str = Field("", max_length=5000, description="ข้อความตอบกลับ (ถ้ามี)")


class AcknowledgementOut(Schema):
    organisation: str
    organisation_name: str
    acknowledged: bool
    acknowledged_at: datetime.datetime | None
    acknowledged_by: str | None
    reply: str


class DistrictOut(Schema):
    district: str
    district_name: str
    province_name: str
    total: int
    acknowledged: int
    replied: int
    rate: int = Field(description="ร้อยละที่รับทราบ")


class AcknowledgementsOut(Schema):
    total: int
    acknowledged: int
    replied: int
    rate: int
    districts: list[DistrictOut]
    organisations: list[AcknowledgementOut]


class ListFilter(Schema):
    box: str = Field(
        "all",
        pattern="^(all|addressed|sent|received)$",
        description=(
            "all | addressed (ถึง อปท. ของฉัน) | sent (หน่วยงานของฉันออก) | received (ถึงพื้นที่ของฉันจากหน่วยงานระดับสูงกว่า)"
        ),
    )


def _out(circular, *, acknowledged=None, sent=False) -> dict:
    return {
        "id": circular.pk,
        "number": circular.number,
        "issued_on": circular.issued_on,
        "issuing_office": circular.issuing_office,
        "subject": circular.subject,
        "addressees": circular.addressees,
        "reply_by": circular.reply_by,
        "state": circular.state,
        "is_public": circular.is_public,
        "parent_id": circular.parent_id,
        "audience": audiences.audience_label(circular),
        "acknowledged": acknowledged,
        "sent_by_me": sent,
    }


def _circular(user, circular_id, **options):
    if not 0 < circular_id < MAX_ID:
        raise HttpError(404, _("ไม่พบหนังสือเวียน"))
    return selectors.circular_for_user_or_404(user, circular_id, **options)


def _own_states(user, ids) -> dict:
    from eplan.notices.models import Recipient

    rows = Recipient.objects.filter(
        circular_id__in=ids, addressed=True, organisation__in=scope.lao_organisations_of(user).values("pk")
    ).values_list("circular_id", "acknowledged_at")
    found: dict = {}
    for circular_id, acknowledged_at in rows:
        found[circular_id] = found.get(circular_id, True) and acknowledged_at is not None
    return found


@router.get(
    "/circulars",
    response={200: list[CircularOut], **AUTH_ERRORS, **PARAM_ERRORS},
    summary="หนังสือเวียนของฉัน",
    description=described(
        "อปท.: หนังสือเวียนที่ส่งถึง อปท. ของผู้เรียก; หน่วยงาน: หนังสือที่หน่วยงานออก (รวมร่าง) "
        "และหนังสือที่ส่งถึงพื้นที่จากหน่วยงานระดับสูงกว่า เรียงจากใหม่ไปเก่า แบ่งหน้า",
        "Circulars: for an organisation's staff those addressed to it; for an office those it issued "
        "(drafts included) and those that reached its area from above; newest first, paginated. "
        "box: all | addressed | sent | received.",
    ),
)
@paginate(Pages)
def circular_list(request, filters: Query[ListFilter]):
    user = request.auth
    box = filters.box
    if box == "addressed":
        found = selectors.addressed_for_user(user)
    elif box == "sent":
        found = selectors.sent_for_user(user)
    elif box == "received":
        found = selectors.received_for_user(user)
    else:
        found = selectors.circulars_for_user(user)
    return PageOf(found.order_by("-issued_on", "-pk"), lambda rows: _page_out(user, rows))


def _page_out(user, rows) -> list[dict]:
    """A page of circulars, with what the caller sent and acknowledged read for the page at once."""
    sent = set(selectors.sent_for_user(user).filter(pk__in=[c.pk for c in rows]).values_list("pk", flat=True))
    states = _own_states(user, [c.pk for c in rows])
    return [_out(c, acknowledged=states.get(c.pk), sent=c.pk in sent) for c in rows]


@router.get(
    "/circulars/{circular_id}",
    response={200: CircularDetailOut, **AUTH_ERRORS, **PARAM_ERRORS},
    summary="หนังสือเวียนหนึ่งฉบับ พร้อมลำดับการส่งและไฟล์แนบ",
    description=described(
        "หนังสือที่ผู้เรียกไม่มีสิทธิ์อ่าน (ไม่ได้ส่งถึง อปท. หรือพื้นที่ของผู้เรียก) ตอบ 404",
        "One circular with its chain (each level's letter, the first one first) and its attachments; "
        "404 when it was not addressed to your organisation or area.",
    ),
)
def circular_detail(request, circular_id: int):
    from django.urls import reverse

    user = request.auth
    circular = _circular(user, circular_id)
    sent = selectors.sent_for_user(user).filter(pk=circular.pk).exists()
    body = _out(circular, acknowledged=_own_states(user, [circular.pk]).get(circular.pk), sent=sent)
    body.update(
        {
            "enclosures": circular.enclosures,
            "body": circular.body,
            "signatory": circular.signatory,
            "signatory_position": circular.signatory_position,
            "contact": circular.contact,
            "chain": [
                {
                    "id": c.pk,
                    "number": c.number,
                    "issued_on": c.issued_on,
                    "issuing_office": c.issuing_office,
                    "subject": c.subject,
                }
                for c in selectors.chain_of(circular)
            ],
            "attachments": [
                {
                    "id": a.pk,
                    "name": a.original_name,
                    "size": a.size,
                    "url": reverse("notices:attachment", args=[circular.pk, a.pk]),
                }
                for a in circular.attachments.all()
            ],
        }
    )
    return body


@router.post(
    "/circulars/{circular_id}/acknowledge",
    response={200: AcknowledgementOut, **AUTH_ERRORS, **INPUT_ERRORS},
    summary="รับทราบหนังสือเวียน (อปท.) พร้อมข้อความตอบกลับถ้ามี",
    description=described(
        "บันทึกการรับทราบของ อปท. หนึ่งแห่งต่อหนังสือหนึ่งฉบับ ผู้รับทราบคนแรกเป็นผู้ที่บันทึกไว้ "
        "เรียกซ้ำได้โดยไม่เปลี่ยนผล (เพิ่มข้อความตอบกลับได้เมื่อยังไม่เคยตอบ) "
        "organisation: รหัส อปท. เมื่อผู้เรียกทำงานให้หลาย อปท.",
        "Acknowledges a circular for an organisation, with an optional reply: once per organisation (the "
        "first acknowledger is kept; calling again changes nothing, a reply may be added once). "
        "organisation: the LAO code when you work for several.",
    ),
)
def circular_acknowledge(request, circular_id: int, payload: AcknowledgeIn):
    user = request.auth
    circular = _circular(user, circular_id)
    own = selectors.own_recipients(user, circular)
    if not own:
        raise HttpError(404, _("หนังสือเวียนนี้ไม่ได้ส่งถึง อปท. ของท่าน"))
    if payload.organisation:
        recipient = next((row for row in own if row.organisation.code == payload.organisation), None)
        if recipient is None:
            raise HttpError(404, _("หนังสือเวียนนี้ไม่ได้ส่งถึง อปท. รหัสนี้"))
    elif len(own) == 1:
        recipient = own[0]
    else:
        from django.core.exceptions import ValidationError

        raise ValidationError({"organisation": [_("ท่านทำงานให้หลาย อปท. กรุณาระบุรหัส อปท.")]})
    if not scope.has_capability(user, Capability.ACKNOWLEDGE_CIRCULAR, recipient.organisation):
        raise HttpError(403, _("ท่านไม่มีสิทธิ์รับทราบหนังสือเวียนแทน อปท. นี้"))
    found = services.circular_acknowledge(
        actor=user, circular=circular, organisation=recipient.organisation, reply_text=payload.reply
    )
    return _acknowledgement(found)


def _acknowledgement(recipient) -> dict:
    by = recipient.acknowledged_by
    return {
        "organisation": recipient.organisation.code,
        "organisation_name": recipient.organisation.display_name,
        "acknowledged": recipient.acknowledged_at is not None,
        "acknowledged_at": recipient.acknowledged_at,
        "acknowledged_by": (by.get_full_name() or by.username) if by else None,
        "reply": recipient.reply_text,
    }


@router.get(
    "/circulars/{circular_id}/acknowledgements",
    response={200: AcknowledgementsOut, **AUTH_ERRORS, **PARAM_ERRORS},
    summary="การรับทราบหนังสือเวียน รายอำเภอและราย อปท. (หน่วยงานผู้ออก)",
    description=described(
        "เฉพาะหน่วยงานที่ออกหนังสือฉบับนี้ ผู้อื่นได้ 404",
        "Acknowledgements of a circular per district and per organisation, for the issuing office only (others 404).",
    ),
)
def circular_acknowledgements(request, circular_id: int):
    circular = _circular(request.auth, circular_id, capability=Capability.PUBLISH_CIRCULAR)
    totals = selectors.acknowledgement_totals(circular)
    return {
        **totals,
        "districts": selectors.acknowledgement_by_district(circular),
        "organisations": [_acknowledgement(row) for row in selectors.acknowledgement_rows(circular)],
    }
