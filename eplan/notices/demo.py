"""Demo circulars: the seed's chain (central → province 80 → a district → its อปท.) with
acknowledgements in every state, and a public circular. Made with the services, so the
audit trail and notifications exist as they would. Idempotent: a letter already issued by
its office under its number is reused, acknowledgements are once-only anyway."""

import datetime

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from eplan.notices import audience as audiences
from eplan.notices import services
from eplan.notices.models import AddressedTo, Circular, CircularState, Recipient

# A valid one-page PDF, small enough to keep in code (the signed letter of the demo).
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)

CENTRAL = {
    "number": "ที่ มท ๐๘๑๐.๓/ว ๑๓๐๐",
    "issuing_office": "กรมส่งเสริมการปกครองท้องถิ่น ถนนนครราชสีมา เขตดุสิต กทม. ๑๐๓๐๐",
    "subject": (
        "ขอความร่วมมือแจ้งให้องค์กรปกครองส่วนท้องถิ่นจัดทำแผนปฏิบัติการป้องกันการทุจริตและรายงานผลการดำเนินการ"
        "ตามแผนฯ ไปปฏิบัติ ตามโครงการส่งเสริมท้องถิ่นปลอดทุจริต"
    ),
    "addressees": "ผู้ว่าราชการจังหวัดทุกจังหวัด",
    "enclosures": "สำเนาหนังสือสำนักงาน ป.ป.ช. ที่ ปช ๐๐๐๔/๐๐๕๒ ลงวันที่ ๒๑ มีนาคม ๒๕๖๑ จำนวน ๑ ชุด",
    "body": (
        "สำนักงานคณะกรรมการป้องกันและปราบปรามการทุจริตแห่งชาติ ได้ขอความร่วมมือให้องค์กรปกครองส่วนท้องถิ่น"
        "ดำเนินการส่งเสริมท้องถิ่นปลอดทุจริต โดยแจ้งให้องค์กรปกครองส่วนท้องถิ่นจัดทำแผนปฏิบัติการป้องกันการทุจริต "
        "พร้อมรายงานการประเมินตนเอง (Self Assessment Report : SAR) นั้น\n\n"
        "๑. กรณีองค์กรปกครองส่วนท้องถิ่นมีสถานะยังไม่จัดส่งแผนฯ หรือแผนไม่สมบูรณ์ตามเกณฑ์ ขอให้เร่งดำเนินการจัดส่ง"
        "แผนปฏิบัติการป้องกันการทุจริต\n"
        "๒. กรณีผ่านเกณฑ์มาตรฐานแล้ว ขอให้รายงานผลการดำเนินงานตามแผนฯ รอบ ๖ เดือน และรอบ ๑๒ เดือน "
        "และเตรียมรับการนิเทศติดตามในเดือนพฤษภาคม - มิถุนายน\n\n"
        "ทั้งนี้ รหัสองค์กรปกครองส่วนท้องถิ่นเป็นรหัสผู้ใช้งาน (Username) ในการเข้าระบบ\n\n"
        "จึงเรียนมาเพื่อโปรดพิจารณาดำเนินการต่อไป"
    ),
    "signatory": "นายธนา ยันทรโกวิท",
    "signatory_position": "รองอธิบดี ปฏิบัติราชการแทน อธิบดีกรมส่งเสริมการปกครองท้องถิ่น",
    "contact": "กองพัฒนาและส่งเสริมการบริหารงานท้องถิ่น ส่วนแผนพัฒนาท้องถิ่น โทร. ๐-๒๒๔๑-๕๐๐๐ ต่อ ๒๑๒๒-๔",
}

PROVINCE = {
    "number": "ที่ นศ ๐๐๒๓.๔/ว ๕๗๕๕",
    "issuing_office": "ศาลากลางจังหวัดนครศรีธรรมราช ถนนราชดำเนิน นศ ๘๐๐๐๐",
    "subject": CENTRAL["subject"],
    "addressees": "นายอำเภอ ทุกอำเภอ และนายกองค์กรปกครองส่วนท้องถิ่น ทุกแห่ง",
    "body": (
        "ด้วยกรมส่งเสริมการปกครองท้องถิ่นแจ้งว่าสำนักงานคณะกรรมการป้องกันและปราบปรามการทุจริตแห่งชาติได้ขอความร่วมมือ"
        "ให้องค์กรปกครองส่วนท้องถิ่นดำเนินการโครงการส่งเสริมท้องถิ่นปลอดทุจริต รายละเอียดปรากฏตามสิ่งที่ส่งมาด้วย\n\n"
        "จังหวัดนครศรีธรรมราชจึงขอให้องค์กรปกครองส่วนท้องถิ่นทุกแห่งดำเนินการจัดทำแผนปฏิบัติการป้องกันการทุจริต "
        "และดำเนินการตามที่สำนักงานคณะกรรมการป้องกันและปราบปรามการทุจริตแห่งชาติกำหนด "
        "สำหรับอำเภอให้ดำเนินการในส่วนที่เกี่ยวข้องด้วย\n\n"
        "จึงเรียนมาเพื่อทราบและดำเนินการต่อไป"
    ),
    "signatory": "นายขจรเกียรติ รักพานิชมณี",
    "signatory_position": "รองผู้ว่าราชการจังหวัด ปฏิบัติราชการแทน ผู้ว่าราชการจังหวัดนครศรีธรรมราช",
    "contact": "สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัด กลุ่มงานกฎหมายระเบียบและเรื่องร้องทุกข์ โทร/โทรสาร ๐ ๗๕๓๕ ๖๓๗๕",
}

DISTRICT = {
    "number": "ที่ นศ ๐๕๑๘/ว ๒๑๔",
    "issuing_office": "ที่ว่าการอำเภอเมืองนครศรีธรรมราช",
    "subject": "ติดตามการจัดทำแผนปฏิบัติการป้องกันการทุจริตขององค์กรปกครองส่วนท้องถิ่น",
    "addressees": "นายกองค์กรปกครองส่วนท้องถิ่น ในเขตอำเภอเมืองนครศรีธรรมราช ทุกแห่ง",
    "body": (
        "ตามที่จังหวัดนครศรีธรรมราชแจ้งให้องค์กรปกครองส่วนท้องถิ่นจัดทำแผนปฏิบัติการป้องกันการทุจริต "
        "รายละเอียดปรากฏตามสิ่งที่ส่งมาด้วย นั้น\n\n"
        "อำเภอจึงขอให้องค์กรปกครองส่วนท้องถิ่นตรวจสอบสถานะการจัดส่งแผนในระบบ และรายงานผลให้อำเภอทราบ "
        "ภายในวันที่กำหนด\n\nจึงเรียนมาเพื่อทราบและดำเนินการ"
    ),
    "signatory": "ท้องถิ่นอำเภอเมืองนครศรีธรรมราช",
    "signatory_position": "ปฏิบัติราชการแทน นายอำเภอเมืองนครศรีธรรมราช",
    "contact": "สำนักงานท้องถิ่นอำเภอ โทร. ๐ ๗๕๓๔ ๖๐๐๐",
}

PUBLIC = {
    "number": "ที่ นศ ๐๐๒๓.๔/ว ๖๐๑๒",
    "issuing_office": "ศาลากลางจังหวัดนครศรีธรรมราช ถนนราชดำเนิน นศ ๘๐๐๐๐",
    "subject": "ประชาสัมพันธ์การเผยแพร่แผนปฏิบัติการป้องกันการทุจริตขององค์กรปกครองส่วนท้องถิ่นต่อสาธารณะ",
    "addressees": "นายกองค์กรปกครองส่วนท้องถิ่น ทุกแห่ง",
    "body": (
        "จังหวัดขอให้องค์กรปกครองส่วนท้องถิ่นเผยแพร่แผนปฏิบัติการป้องกันการทุจริตและรายงานผลการดำเนินงาน"
        "ทางเว็บไซต์ขององค์กร เพื่อให้ประชาชนตรวจสอบได้\n\nจึงเรียนมาเพื่อทราบและดำเนินการ"
    ),
    "signatory": "นายขจรเกียรติ รักพานิชมณี",
    "signatory_position": "รองผู้ว่าราชการจังหวัด ปฏิบัติราชการแทน ผู้ว่าราชการจังหวัดนครศรีธรรมราช",
}


def _pdf(name):
    return SimpleUploadedFile(name, PDF, "application/pdf")


def _issued(actor, letter, *, parent=None, **fields) -> Circular:
    """The office's published letter under this number, issuing it if needed."""
    office = audiences.sender_office(actor)
    found = (
        Circular.objects.filter(office.sent(), number=letter["number"]).exclude(state=CircularState.WITHDRAWN).first()
    )
    if found is None:
        found = services.circular_create(
            actor=actor, parent=parent, attachments=[_pdf("หนังสือ.pdf")], **{**letter, **fields}
        )
    if found.state == CircularState.DRAFT:
        found = services.circular_publish(actor=actor, circular=found)
    return found


def _acknowledge_some(circular, kept, *, with_reply: int, without: int):
    """The first organisations acknowledge (some with a reply); the rest, and those kept,
    have not yet."""
    from eplan.notifications.services import lao_users_by_organisation

    recipients = list(
        Recipient.objects.filter(circular=circular, addressed=True)
        .exclude(organisation__code__in=kept)
        .select_related("organisation")
    )
    staff = lao_users_by_organisation([recipient.organisation_id for recipient in recipients])
    acting = [recipient for recipient in recipients if staff.get(recipient.organisation_id)]
    for index, recipient in enumerate(acting[: with_reply + without]):
        services.circular_acknowledge(
            actor=staff[recipient.organisation_id][0],
            circular=circular,
            organisation=recipient.organisation,
            reply_text=("รับทราบ อปท. ตรวจสอบสถานะแผนแล้ว จะส่งแผนที่ปรับปรุงภายในกำหนด" if index < with_reply else ""),
            reply_file=_pdf("หนังสือตอบ.pdf") if index == 0 else None,
        )


def seed_circulars(*, today=None, keep_unacknowledged=()) -> dict:
    """The demo chain; `keep_unacknowledged`: organisation codes left to acknowledge
    themselves (the demo officer's). Returns the circulars made or found, by level."""
    users = get_user_model().objects
    central, province, district = (users.get(username=name) for name in ("central.demo", "sthj.demo", "amphoe.demo"))
    today = today or timezone.localdate()
    day = datetime.timedelta(days=1)
    top = _issued(
        central,
        CENTRAL,
        issued_on=today - 30 * day,
        audience_kind="province",
        audience_province="80",
        addressed_to=AddressedTo.OFFICES,
        is_public=True,
    )
    middle = _issued(
        province,
        PROVINCE,
        parent=top,
        issued_on=today - 25 * day,
        reply_by=today + 20 * day,
        audience_kind="province",
        audience_province="80",
        enclosures="สำเนาหนังสือกรมส่งเสริมการปกครองท้องถิ่น ที่ มท ๐๘๑๐.๓/ว ๑๓๐๐ จำนวน ๑ ชุด",
    )
    bottom = _issued(
        district,
        DISTRICT,
        parent=middle,
        issued_on=today - 20 * day,
        reply_by=today - 3 * day,
        audience_kind="all",
        enclosures="สำเนาหนังสือจังหวัดนครศรีธรรมราช ที่ นศ ๐๐๒๓.๔/ว ๕๗๕๕ จำนวน ๑ ชุด",
    )
    public = _issued(
        province, PUBLIC, issued_on=today - 10 * day, audience_kind="province", audience_province="80", is_public=True
    )
    kept = set(keep_unacknowledged)
    for circular, with_reply, without in ((middle, 8, 30), (bottom, 2, 3), (public, 0, 5)):
        _acknowledge_some(circular, kept, with_reply=with_reply, without=without)
    return {"central": top, "province": middle, "district": bottom, "public": public}
