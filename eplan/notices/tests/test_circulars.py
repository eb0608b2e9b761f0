"""Circulars as the issue specifies them: who a circular reaches, the chain, who sees what,
acknowledgement, and what bad input gets."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from eplan.core.models import AuditEvent
from eplan.notices import selectors, services
from eplan.notices.models import Circular, CircularState, Recipient
from eplan.notices.tests.conftest import letter, pdf_upload
from eplan.testing import client_for

pytestmark = pytest.mark.django_db


def published(actor, **fields):
    circular = services.circular_create(actor=actor, **letter(**fields))
    return services.circular_publish(actor=actor, circular=circular)


def reached(circular):
    return set(Recipient.objects.filter(circular=circular).values_list("organisation__code", flat=True))


def test_a_circular_to_one_province_reaches_exactly_its_organisations(world):
    circular = published(world.provincial_dla, audience_kind="province", audience_province="80")
    assert reached(circular) == {world.klai.code, world.tha_sala.code, world.other_district.code}
    assert circular.state == CircularState.PUBLISHED
    assert AuditEvent.objects.filter(action="notices.circular_publish", object_id=str(circular.pk)).exists()


def test_central_narrows_nothing_and_a_region_narrows_to_its_provinces(world):
    circular = published(world.nacc_regional, audience_kind="all", audience_province="")
    assert reached(circular) == {world.klai.code, world.tha_sala.code, world.other_district.code, world.krabi.code}


def test_forwarding_by_a_district_keeps_the_chain_and_reaches_only_its_organisations(world):
    top = published(
        world.central,
        number="ที่ มท ๐๘๑๐.๓/ว ๑๓๐๐",
        issuing_office="กรมส่งเสริมการปกครองท้องถิ่น",
        audience_kind="province",
        audience_province="80",
        addressed_to="offices",
    )
    assert top in selectors.received_for_user(world.provincial_dla)
    province = services.circular_create(actor=world.provincial_dla, parent=top, **letter())
    province = services.circular_publish(actor=world.provincial_dla, circular=province)
    assert province in selectors.received_for_user(world.district_office)
    district = services.circular_create(
        actor=world.district_office,
        parent=province,
        **letter(
            number="ที่ นศ ๐๐๒๓.๑๒/ว ๑๒๓", audience_kind="all", audience_province="", issuing_office="ที่ว่าการอำเภอท่าศาลา"
        ),
    )
    district = services.circular_publish(actor=world.district_office, circular=district)
    assert reached(district) == {world.klai.code, world.tha_sala.code}
    chain = selectors.chain_of(district)
    assert [c.number for c in chain] == ["ที่ มท ๐๘๑๐.๓/ว ๑๓๐๐", "ที่ นศ ๐๐๒๓.๔/ว ๕๗๕๕", "ที่ นศ ๐๐๒๓.๑๒/ว ๑๒๓"]
    page = client_for(world.officer).get(reverse("notices:detail", args=[district.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "ที่ มท ๐๘๑๐.๓/ว ๑๓๐๐" in text and "ที่ นศ ๐๐๒๓.๔/ว ๕๗๕๕" in text


def test_forwarding_what_never_reached_the_office_is_refused(world):
    elsewhere = published(world.central, audience_kind="province", audience_province="50")
    with pytest.raises(PermissionDenied):
        services.circular_create(actor=world.district_office, parent=elsewhere, **letter(audience_kind="all"))


def test_acknowledgement_counts_per_district_are_right(world):
    circular = published(world.provincial_dla)
    services.circular_acknowledge(actor=world.officer, circular=circular, organisation=world.klai, reply_text="รับทราบ")
    services.circular_acknowledge(actor=world.colleague, circular=circular, organisation=world.klai)
    rows = {row["district"]: row for row in selectors.acknowledgement_by_district(circular)}
    assert rows["8008"]["total"] == 2 and rows["8008"]["acknowledged"] == 1
    assert rows["8001"]["total"] == 1 and rows["8001"]["acknowledged"] == 0
    recipient = Recipient.objects.get(circular=circular, organisation=world.klai)
    assert recipient.acknowledged_by == world.officer and recipient.reply_text == "รับทราบ"


def test_an_organisation_outside_the_audience_gets_404_on_the_page_and_the_api(world):
    circular = published(world.provincial_dla)
    outsider = client_for(world.outsider_officer)
    assert outsider.get(reverse("notices:detail", args=[circular.pk])).status_code == 404
    assert outsider.get(f"/api/v1/circulars/{circular.pk}").status_code == 404
    assert (
        outsider.post(f"/api/v1/circulars/{circular.pk}/acknowledge", {}, content_type="application/json").status_code
        == 404
    )
    assert client_for(world.nacc_provincial_krabi).get(reverse("notices:detail", args=[circular.pk])).status_code == 404
    inside = client_for(world.officer)
    assert inside.get(f"/api/v1/circulars/{circular.pk}").status_code == 200
    answer = inside.post(
        f"/api/v1/circulars/{circular.pk}/acknowledge", {"reply": "ทราบ"}, content_type="application/json"
    )
    assert answer.status_code == 200 and answer.json()["acknowledged"] is True


def test_a_district_office_cannot_address_another_district(world):
    with pytest.raises(ValidationError):
        services.circular_create(
            actor=world.district_office, **letter(audience_kind="district", audience_district="8001")
        )
    with pytest.raises(ValidationError):
        services.circular_create(
            actor=world.district_office, **letter(audience_kind="province", audience_province="80")
        )


def test_publication_by_a_role_without_the_capability_is_refused(world):
    with pytest.raises(PermissionDenied):
        services.circular_create(actor=world.officer, **letter())
    page = client_for(world.officer).post(reverse("notices:new"), letter(issued_on="2018-05-31"))
    assert page.status_code == 404
    assert not Circular.objects.exists()


def test_a_non_pdf_attachment_is_refused_by_its_content(world):
    with pytest.raises(ValidationError) as error:
        services.circular_create(
            actor=world.provincial_dla, attachments=[pdf_upload("letter.pdf", b"MZ\x90\x00 not a pdf")], **letter()
        )
    assert "PDF" in str(error.value)
    assert not Circular.objects.exists()


def test_bad_input_gets_thai_messages_not_500(world):
    client = client_for(world.provincial_dla)
    answer = client.post(
        reverse("notices:new"),
        {
            "number": "\x00",
            "subject": "x" * 3000,
            "issued_on": "31/13/2561",
            "audience_kind": "codes",
            "audience_codes": "99999999999999999999",
        },
    )
    assert answer.status_code == 200
    text = answer.content.decode()
    assert "กรุณา" in text or "ไม่ถูกต้อง" in text
    assert not Circular.objects.exists()
    ok = client.post(
        reverse("notices:new"), {**letter(issued_on="31/5/2561"), "action": "publish", "attachments": pdf_upload()}
    )
    assert ok.status_code == 302
    circular = Circular.objects.get()
    assert circular.issued_on == datetime.date(2018, 5, 31) and circular.attachments.count() == 1


def test_the_public_sees_only_public_circulars(world, client):
    public = published(world.provincial_dla, is_public=True, subject="หนังสือเปิดเผย")
    private = published(world.provincial_dla, subject="หนังสือภายใน")
    listing = client.get(reverse("notices:public_list")).content.decode()
    assert "หนังสือเปิดเผย" in listing and "หนังสือภายใน" not in listing
    assert client.get(reverse("notices:public_detail", args=[public.pk])).status_code == 200
    assert client.get(reverse("notices:public_detail", args=[private.pk])).status_code == 404


def test_acknowledging_twice_keeps_the_first_and_a_reminder_is_sent_once_a_day(world):
    circular = published(world.provincial_dla)
    first = services.circular_acknowledge(actor=world.officer, circular=circular, organisation=world.klai)
    again = services.circular_acknowledge(actor=world.executive, circular=circular, organisation=world.klai)
    assert first.acknowledged_at == again.acknowledged_at and again.acknowledged_by == world.officer
    client = client_for(world.provincial_dla)
    assert client.post(reverse("notices:remind", args=[circular.pk])).status_code == 302
    assert client.post(reverse("notices:remind", args=[circular.pk])).status_code == 302
    assert AuditEvent.objects.filter(action="notices.circular_remind").count() == 2


def test_the_sender_exports_acknowledgements_as_xlsx(world):
    circular = published(world.provincial_dla)
    answer = client_for(world.provincial_dla).get(reverse("notices:acknowledgements_xlsx", args=[circular.pk]))
    assert answer.status_code == 200 and answer["Content-Type"].startswith("application/vnd.openxmlformats")
    assert client_for(world.officer).get(reverse("notices:acknowledgements", args=[circular.pk])).status_code == 404


def test_the_demo_chain_is_made_once_however_often_it_runs(world):
    from eplan.accounts.roles import Role
    from eplan.notices.demo import seed_circulars
    from eplan.registry.models import Province
    from eplan.testing import make_user

    make_user("central.demo", Role.NACC_CENTRAL)
    make_user("sthj.demo", Role.PROVINCIAL_DLA, province=Province.objects.get(code="80"))
    make_user("amphoe.demo", Role.DISTRICT_OFFICE, district=world.other_district.district)
    first = seed_circulars(keep_unacknowledged=[world.klai.code])
    counts = (Circular.objects.count(), Recipient.objects.filter(acknowledged_at__isnull=False).count())
    again = seed_circulars(keep_unacknowledged=[world.klai.code])
    assert (Circular.objects.count(), Recipient.objects.filter(acknowledged_at__isnull=False).count()) == counts
    assert first["district"].pk == again["district"].pk
    assert [c.pk for c in selectors.chain_of(first["district"])] == [
        first["central"].pk,
        first["province"].pk,
        first["district"].pk,
    ]
    assert reached(first["district"]) == {world.other_district.code}
    assert not Recipient.objects.filter(organisation=world.klai, acknowledged_at__isnull=False).exists()
    assert first["public"] in selectors.public_circulars()


def test_the_api_lists_my_circulars_and_refuses_bad_input_in_thai(world):
    circular = published(world.provincial_dla)
    elsewhere = published(world.central, audience_kind="province", audience_province="50")
    officer = client_for(world.officer)
    listed = officer.get("/api/v1/circulars").json()["items"]
    assert [row["id"] for row in listed] == [circular.pk] and listed[0]["acknowledged"] is False
    sent = client_for(world.provincial_dla).get("/api/v1/circulars?box=sent").json()["items"]
    assert [row["id"] for row in sent] == [circular.pk] and sent[0]["sent_by_me"] is True
    assert [
        row["id"] for row in client_for(world.district_office).get("/api/v1/circulars?box=received").json()["items"]
    ] == [circular.pk]
    assert officer.get(f"/api/v1/circulars/{elsewhere.pk}").status_code == 404
    assert officer.get("/api/v1/circulars/99999999999999999999999").status_code in (404, 422)
    bad = officer.post(
        f"/api/v1/circulars/{circular.pk}/acknowledge",
        {"reply": "x" * 6000, "other": 1},
        content_type="application/json",
    )
    assert bad.status_code == 422 and "reply" in bad.json()["errors"]
    assert not Recipient.objects.filter(acknowledged_at__isnull=False).exists()
    report = client_for(world.provincial_dla).get(f"/api/v1/circulars/{circular.pk}/acknowledgements").json()
    assert report["total"] == 3 and {row["district"] for row in report["districts"]} == {"8008", "8001"}
    assert officer.get(f"/api/v1/circulars/{circular.pk}/acknowledgements").status_code == 404
