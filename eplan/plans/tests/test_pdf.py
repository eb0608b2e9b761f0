"""The plan as an official PDF: the draft (watermarked ร่าง) from the live plan, a submitted
version from its frozen snapshot, the receipt of a submission; Thai digits on request;
only for those whose scope covers the organisation.

Content is checked in the HTML the PDF is made from (quicker than rendering); that the PDF's
own text layer gives back the same Thai is eplan/core/tests/test_pdf_text_layer.py."""

import datetime
import re
import zlib
from decimal import Decimal
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import reverse

from eplan.core import pdf
from eplan.demo.plans import build_demo_plan, ensure_cycles
from eplan.frameworks.selectors import framework_of
from eplan.plans import services
from eplan.plans.models import ItemBudget, PlanItem

pytestmark = pytest.mark.django_db

CYCLE = "2561-2564"
SUBMITTED_AT = datetime.datetime(2018, 3, 23, 3, 30, tzinfo=datetime.UTC)  # 10:30 in Bangkok
FIRST_TITLE = "โครงการอบรมคุณธรรม จริยธรรม แก่ผู้บริหาร สมาชิกสภา และพนักงาน"


def as_user(user):
    client = Client()
    client.force_login(user)
    return client


def urls(organisation):
    args = [organisation.code, CYCLE]
    return {
        "draft": reverse("plans:pdf", args=args),
        "version": reverse("plans:version_pdf", args=[*args, 1]),
        "receipt": reverse("plans:receipt_pdf", args=[*args, 1]),
    }


def pdf_objects(content: bytes) -> bytes:
    """A PDF with its compressed streams (where its objects may sit) inflated."""
    parts = [content]
    for stream in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", content, re.DOTALL):
        try:
            parts.append(zlib.decompress(stream.group(1)))
        except zlib.error:
            continue
    return b"\n".join(parts)


def page_count(content: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page\b", pdf_objects(content)))


def fonts_of(content: bytes) -> set[bytes]:
    return {name.split(b"+")[-1] for name in re.findall(rb"/FontName\s*/([\w+-]+)", pdf_objects(content))}


@pytest.fixture
def submitted(world):
    """อบต.กลาย's 40-item plan for 2561-2564, submitted as version 1 by its officer."""
    cycle = ensure_cycles()[CYCLE]
    return build_demo_plan(organisation=world.klai, cycle=cycle, submitted_by=world.officer, submitted_at=SUBMITTED_AT)


@pytest.fixture
def rendered(monkeypatch):
    """The HTML of every PDF the views make (in order), without the slow rendering."""
    pages = []

    def fake_html_to_pdf(html):
        pages.append(html)
        return b"%PDF-1.7 (not rendered in this test)"

    monkeypatch.setattr(pdf, "html_to_pdf", fake_html_to_pdf)
    return pages


def html_of(client, url, rendered):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return rendered[-1]


def add_items(plan, count):
    leaves = framework_of(plan.cycle).leaves
    items = PlanItem.objects.bulk_create(
        PlanItem(
            plan=plan,
            mission=leaves[index % len(leaves)],
            position=1000 + index,
            kind="activity",
            title=f"กิจกรรมเพิ่มเติมที่ {index + 1} ส่งเสริมความโปร่งใสและการมีส่วนร่วมของประชาชน",
            rationale="การทุจริตบั่นทอนการพัฒนาท้องถิ่น ผู้บริหารและพนักงานจึงต้องปฏิบัติหน้าที่ด้วยความซื่อสัตย์สุจริต",
            method="1. วางแผน\n2. ดำเนินการ\n3. ติดตามและรายงานผล",
            responsible_unit="สำนักปลัด",
        )
        for index in range(count)
    )
    ItemBudget.objects.bulk_create(
        ItemBudget(item=item, fiscal_year=year, amount=Decimal(12345 + index), no_budget=False)
        for index, item in enumerate(items)
        for year in plan.cycle.fiscal_years
    )


def test_a_plan_of_a_hundred_items_prints_as_a_pdf_of_many_pages(world, submitted):
    add_items(submitted, 65)

    response = as_user(world.officer).get(urls(world.klai)["draft"])

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert page_count(response.content) >= 30
    assert fonts_of(response.content) <= {b"Sarabun", b"Sarabun-Semi-Bold", b"Sarabun-Bold", b"Sarabun-Italic"}
    assert "filename*=UTF-8''" in response["Content-Disposition"]


def test_the_draft_shows_every_part_of_the_document(world, submitted, rendered):
    html = html_of(as_user(world.officer), urls(world.klai)["draft"], rendered)

    for heading in ("สารบัญ", "ส่วนที่ 1", "ส่วนที่ 2", "บัญชีสรุป", "ส่วนที่ 3", "รวม 4 มิติ (40 รายการ)"):
        assert heading in html
    assert "องค์การบริหารส่วนตำบลกลาย" in html
    assert "counter(page, decimal)" in html  # page numbers
    assert "30,000.00" in html  # a budget, and the grand total of 2561 below
    assert "295,000.00" in html


def test_a_plan_just_started_prints_with_empty_tables(world, rendered):
    cycle = ensure_cycles()["2562-2565"]
    services.plan_start(actor=world.officer, organisation=world.klai, cycle=cycle)

    html = html_of(as_user(world.officer), reverse("plans:pdf", args=[world.klai.code, cycle.code]), rendered)

    assert "รวม 4 มิติ (0 รายการ)" in html
    assert "(ไม่มีรายการในมิตินี้)" in html
    assert "(ยังไม่ได้กรอก)" in html


def test_an_item_not_yet_placed_under_a_mission_prints_apart_from_the_totals(world, submitted, rendered):
    PlanItem.objects.create(plan=submitted, mission=None, previous_mission_code="9.9", title="มาตรการจากแผนรอบก่อน")

    html = html_of(as_user(world.officer), urls(world.klai)["draft"], rendered)

    assert "รายการที่ยังไม่ได้เลือกภารกิจ (ไม่รวมในยอดรวมข้างต้น)" in html
    assert "มาตรการจากแผนรอบก่อน" in html
    assert "โครงการมาตรการ" not in html  # the kind is never glued onto a title
    assert "9.9" in html  # where it was in the previous cycle
    assert "รวม 4 มิติ (40 รายการ)" in html


def test_a_submitted_version_prints_from_its_snapshot_not_the_live_plan(world, submitted, rendered):
    version = submitted.versions.get(number=1)
    services.plan_return(actor=world.nacc_provincial, version=version, reason="กรุณาปรับชื่อโครงการให้ชัดเจนขึ้น")
    submitted.refresh_from_db()
    item = submitted.items.get(title=FIRST_TITLE)
    services.item_save(
        actor=world.officer,
        plan=submitted,
        item=item,
        mission=item.mission,
        fields={"kind": item.kind, "title": "โครงการอบรมคุณธรรมฉบับปรับปรุง"},
        budgets={budget.fiscal_year: (budget.amount, budget.no_budget) for budget in item.budgets.all()},
    )
    officer = as_user(world.officer)

    version_html = html_of(officer, urls(world.klai)["version"], rendered)
    draft_html = html_of(officer, urls(world.klai)["draft"], rendered)

    assert FIRST_TITLE in version_html
    assert "โครงการอบรมคุณธรรมฉบับปรับปรุง" not in version_html
    assert "โครงการอบรมคุณธรรมฉบับปรับปรุง" in draft_html
    assert FIRST_TITLE not in draft_html
    assert "ฉบับที่ 1 · เลขที่รับ 2561-2564-6800808-1" in version_html


def test_the_draft_is_watermarked_and_a_submitted_version_is_not(world, submitted, rendered):
    officer = as_user(world.officer)

    draft_html = html_of(officer, urls(world.klai)["draft"], rendered)
    version_html = html_of(officer, urls(world.klai)["version"], rendered)

    assert re.search(r'<div class="watermark"[^>]*>ร่าง</div>', draft_html)
    assert 'class="watermark"' not in version_html
    assert "ส่งเมื่อ 23 มี.ค. 2561 เวลา 10:30 น." in version_html  # Buddhist era, Bangkok time


def test_digits_thai_sets_every_number_of_the_text_in_thai_digits(world, submitted, rendered):
    officer = as_user(world.officer)

    html = html_of(officer, urls(world.klai)["draft"] + "?digits=thai", rendered)

    assert "๓๐,๐๐๐.๐๐" in html
    assert "30,000.00" not in html
    assert "ปี ๒๕๖๑" in html
    assert "counter(page, thai)" in html  # page numbers too; the markup and CSS keep their digits
    assert 'colspan="7"' in html  # markup keeps its digits


def test_the_receipt_states_the_submission_and_its_hash(world, submitted, rendered):
    version = submitted.versions.get(number=1)
    world.officer.first_name, world.officer.last_name = "สมศรี", "ใจดี"
    world.officer.save()

    html = html_of(as_user(world.officer), urls(world.klai)["receipt"], rendered)

    for fact in (
        "ใบรับแผน",
        "2561-2564-6800808-1",
        "องค์การบริหารส่วนตำบลกลาย",
        "แผนปฏิบัติการป้องกันการทุจริต 4 ปี (พ.ศ. 2561 - 2564)",
        "<td>1</td>",
        "23 มี.ค. 2561 เวลา 10:30 น.",
        "สมศรี ใจดี",
        "officer.klai",
        "ส่งภายในกำหนด",
        "40 รายการ",
        "1,090,000.00 บาท",
        version.snapshot_sha256,
        "พิมพ์ใบรับเมื่อ",
    ):
        assert fact in html


def test_the_hash_and_username_keep_their_digits_when_thai_digits_are_asked_for(world, submitted, rendered):
    version = submitted.versions.get(number=1)

    html = html_of(as_user(world.primary), urls(world.klai)["receipt"] + "?digits=thai", rendered)

    assert version.snapshot_sha256 in html
    assert 'ชื่อผู้ใช้ <span data-digits="arabic">officer.klai</span>' in html
    assert "๒๕๖๑-๒๕๖๔-๖๘๐๐๘๐๘-๑" in html


def test_the_receipt_renders_as_a_one_page_pdf(world, submitted):
    response = as_user(world.officer).get(urls(world.klai)["receipt"])

    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert page_count(response.content) == 1
    assert 'filename="receipt-2561-2564-6800808-1.pdf"' in response["Content-Disposition"]


def test_staff_whose_scope_covers_the_organisation_may_print_its_plan(world, submitted, rendered):
    response = as_user(world.nacc_provincial).get(urls(world.klai)["version"])

    assert response.status_code == 200


@pytest.mark.parametrize("document", ["draft", "version", "receipt"])
def test_an_officer_of_another_organisation_gets_404(world, submitted, rendered, document):
    response = as_user(world.outsider_officer).get(urls(world.klai)[document])

    assert response.status_code == 404
    assert rendered == []


def test_a_version_that_does_not_exist_is_404(world, submitted, rendered):
    url = reverse("plans:version_pdf", args=[world.klai.code, CYCLE, 2])

    assert as_user(world.officer).get(url).status_code == 404


@pytest.mark.parametrize("document", ["draft", "version", "receipt"])
def test_anonymous_visitors_are_sent_to_log_in(world, submitted, rendered, document):
    url = urls(world.klai)[document]

    response = Client().get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={quote(url, safe='')}"


def test_thai_digits_change_text_only():
    html = (
        "<html><head><style>td { width: 12pt }</style></head><body>"
        '<td colspan="2">ปี 2562 &amp; 5 &#8211; 7</td><br>'
        '<span data-digits="arabic">ab12<span>34</span>56</span> 8'
        "</body></html>"
    )

    assert pdf.with_thai_digits(html) == (
        "<html><head><style>td { width: 12pt }</style></head><body>"
        '<td colspan="2">ปี ๒๕๖๒ &amp; ๕ &#8211; ๗</td><br>'
        '<span data-digits="arabic">ab12<span>34</span>56</span> ๘'
        "</body></html>"
    )


def test_a_thai_file_name_is_sent_with_an_ascii_fallback():
    header = pdf.content_disposition("แผน อบต.กลาย 2561/2564.pdf", fallback="plan-6800808.pdf")

    assert header == (
        "inline; filename=\"plan-6800808.pdf\"; filename*=UTF-8''" + quote("แผน อบต.กลาย 2561-2564.pdf", safe="")
    )


def test_rendering_fetches_nothing_but_the_bundled_fonts():
    fetcher = pdf._fonts_only_fetcher_class()()

    with pytest.raises(ValueError, match="only the bundled fonts"):
        fetcher.fetch("file:///etc/passwd")
    with pytest.raises(ValueError, match="only the bundled fonts"):
        fetcher.fetch("http://169.254.169.254/latest/meta-data/")
    font = fetcher.fetch((pdf.FONT_DIR / pdf.FONT_FACES[0][0]).as_uri())
    assert font.read(4) == b"\x00\x01\x00\x00"  # a TrueType font
    font.close()
