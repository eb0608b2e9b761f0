"""The public status of plans and the announcements: what a visitor sees per organisation,
what an announcement freezes, what the downloads hold, and who may publish."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from eplan.assessment import services
from eplan.assessment.models import Announcement, PublicStatus
from eplan.demo.plans import build_demo_plan, ensure_cycles
from eplan.testing import make_organisation

pytestmark = pytest.mark.django_db


def as_user(user):
    client = Client()
    client.force_login(user)
    return client


def release(cycle, *, released=True):
    """Move the cycle's score release date to today (or to next month)."""
    today = timezone.localdate()
    cycle.score_release_date = today if released else today + datetime.timedelta(days=30)
    cycle.save(update_fields=["score_release_date"])


def finalise(version, actor, *, passed=True):
    assessment = services.assessment_open(actor=actor, version=version)
    scores = {
        row["id"]: (Decimal(row["max_points"]) if passed else Decimal("0"), "ตรวจแล้ว (ทดสอบ)")
        for row in version.snapshot["criteria"]
    }
    return services.assessment_save(actor=actor, assessment=assessment, scores=scores, judgements={}, finalise=True)


def publish(world, cycle, **fields):
    return services.announcement_publish(actor=world.central, cycle=cycle, **fields)


@pytest.fixture
def cycle(db):
    cycle = ensure_cycles()["2562-2565"]
    release(cycle, released=False)
    return cycle


@pytest.fixture
def version(world, cycle):
    """อบต.กลาย's plan, submitted (version 1)."""
    return build_demo_plan(organisation=world.klai, cycle=cycle, submitted_by=world.officer).versions.get()


def status_url(cycle, suffix=""):
    return f"/status/{cycle.code}/{suffix}"


def test_the_country_is_summed_up_by_province_with_counts_and_shares(world, cycle, version):
    response = Client().get(status_url(cycle))
    tally = response.context["tally"]
    assert tally.total == 5
    assert tally.counts[PublicStatus.IN_ASSESSMENT] == 1
    assert tally.counts[PublicStatus.NOT_SUBMITTED] == 4
    provinces = {group.code: group.tally for group in response.context["provinces"]}
    assert set(provinces) == {"80", "81", "50"}
    assert provinces["80"].total == 3
    assert provinces["80"].counts[PublicStatus.IN_ASSESSMENT] == 1
    page = response.content.decode()
    assert "นครศรีธรรมราช" in page
    assert "33.3%" in page  # one of the three in นครศรีธรรมราช has sent its plan
    assert "?province=80&amp;status=in_assessment" in page


def test_a_province_lists_its_organisations_by_district_with_subtotals(world, cycle, version):
    response = Client().get(status_url(cycle), {"province": "80"})
    [block] = response.context["page"].blocks
    assert block["name"] == "นครศรีธรรมราช"
    districts = {district["code"]: district for district in block["districts"]}
    assert [line.code for line in districts["8008"]["lines"]] == ["5800801", "6800808"]
    assert districts["8008"]["tally"].counts[PublicStatus.IN_ASSESSMENT] == 1
    assert districts["8008"]["tally"].share(1) == 50.0
    assert [line.status for line in districts["8001"]["lines"]] == [PublicStatus.NOT_SUBMITTED]
    assert {group.code for group in response.context["districts"]} == {"8001", "8008"}
    page = response.content.decode()
    assert "รวมอำเภอท่าศาลา 2 แห่ง" in page
    assert world.krabi.display_name not in page


def test_visitors_search_by_name_or_code_and_filter_by_type_district_and_status(world, cycle, version):
    client = Client()

    def codes(**query):
        page = client.get(status_url(cycle), query).context["page"]
        return [line.code for block in page.blocks for district in block["districts"] for line in district["lines"]]

    assert codes(q="อบต.กลาย") == ["6800808"]
    assert codes(q="68101") == ["6810101"]
    assert codes(province="80", org_type="subdistrict_municipality") == ["5800801"]
    assert codes(province="80", district="8001") == ["6800101"]
    assert codes(status=PublicStatus.IN_ASSESSMENT) == ["6800808"]
    assert codes(status=PublicStatus.NOT_SUBMITTED) == ["6500101", "6800101", "5800801", "6810101"]
    refused = client.get(status_url(cycle), {"province": "99"})
    assert refused.context["form"].errors["province"]
    assert "page" not in refused.context


def test_an_assessed_plan_is_in_assessment_publicly_until_the_release_date(world, cycle, version):
    finalise(version, world.nacc_provincial, passed=True)
    client = Client()

    def shown():
        page = client.get(status_url(cycle), {"province": "80", "district": "8008"}).context["page"]
        return {line.code: line.status for line in page.blocks[0]["districts"][0]["lines"]}

    assert shown()["6800808"] == PublicStatus.IN_ASSESSMENT
    [row] = [row for row in client.get("/organisations/6800808/").context["plan_statuses"] if row["cycle"] == cycle]
    assert row["info"].status == PublicStatus.IN_ASSESSMENT
    assert row["pdf_number"] is None

    release(cycle)
    assert shown()["6800808"] == PublicStatus.PASSED
    page = client.get("/organisations/6800808/")
    assert "ผ่านเกณฑ์มาตรฐาน" in page.content.decode()
    assert f"/organisations/6800808/plans/{cycle.code}/1.pdf" in page.content.decode()


def test_an_announcement_made_yesterday_keeps_yesterdays_statuses_and_the_next_one_shows_what_changed(
    world, cycle, version
):
    first = publish(world, cycle, title="ผลการจัดทำแผน (ทดสอบ)")
    Announcement.objects.filter(pk=first.pk).update(as_of=timezone.now() - datetime.timedelta(days=1))
    assert first.counts[PublicStatus.IN_ASSESSMENT] == 1

    # Today: the result is released, a new organisation appears and one is merged away.
    finalise(version, world.nacc_provincial, passed=False)
    release(cycle)
    make_organisation("6800899", "ใหม่", "8008")
    world.other_district.active = False
    world.other_district.save()

    client = Client()
    frozen = client.get(status_url(cycle, f"announcements/{first.number}/"), {"province": "80"})
    lines = {line.code: line.status for line in _lines(frozen.context["page"])}
    assert lines == {
        "6800808": PublicStatus.IN_ASSESSMENT,
        "5800801": PublicStatus.NOT_SUBMITTED,
        "6800101": PublicStatus.NOT_SUBMITTED,
    }
    live = client.get(status_url(cycle), {"province": "80"})
    assert {line.code: line.status for line in _lines(live.context["page"])}["6800808"] == PublicStatus.INCOMPLETE

    second = publish(world, cycle)
    assert second.number == first.number + 1
    compare = client.get(status_url(cycle, f"announcements/{second.number}/compare/{first.number}/"))
    changes = {change.line.code: (change.kind, change.before, change.after) for change in compare.context["page"]}
    assert changes == {
        "6800808": ("changed", PublicStatus.IN_ASSESSMENT, PublicStatus.INCOMPLETE),
        "6800899": ("added", "", PublicStatus.NOT_SUBMITTED),
        "6800101": ("removed", PublicStatus.NOT_SUBMITTED, ""),
    }
    assert "แผนไม่สมบูรณ์ตามเกณฑ์" in compare.content.decode()
    detail = client.get(status_url(cycle, f"announcements/{second.number}/"))
    assert detail.context["changes_count"] == 3
    assert detail.context["previous"] == first


def test_an_announcement_keeps_the_names_it_was_published_with(world, cycle):
    announcement = publish(world, cycle)
    world.klai.name = "กลายใหม่"
    world.klai.save()
    client = Client()
    url = status_url(cycle, f"announcements/{announcement.number}/")
    by_old_name = client.get(url, {"q": "อบต.กลาย"}).context["page"]
    assert [line.display_name for line in _lines(by_old_name)] == ["อบต.กลาย"]
    by_new_name = client.get(url, {"q": "กลายใหม่"}).context["page"]
    assert [line.code for line in _lines(by_new_name)] == ["6800808"]
    assert client.get(status_url(cycle, "announcements/")).status_code == 200
    assert client.get(status_url(cycle, "announcements/9/")).status_code == 404


def test_the_national_xlsx_of_an_announcement_holds_every_organisation(world, cycle, version):
    announcement = publish(world, cycle)
    response = Client().get(status_url(cycle, f"announcements/{announcement.number}.xlsx"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["รายชื่อ อปท."]
    rows = list(workbook["รายชื่อ อปท."].iter_rows(values_only=True))
    assert rows[0][0].startswith("ประกาศสำนักงาน ป.ป.ช. เรื่อง") and rows[1][0].startswith("เงื่อนไข: ")
    assert rows[4][:3] == ("ลำดับ", "รหัสจังหวัด", "จังหวัด")
    assert sorted(row[5] for row in rows[5:]) == ["5800801", "6500101", "6800101", "6800808", "6810101"]
    assert ("6800808", "อบต.กลาย", "องค์การบริหารส่วนตำบล", "อยู่ระหว่างการประเมิน") in [row[5:] for row in rows]
    by_province = Client().get(status_url(cycle, f"announcements/{announcement.number}.xlsx"), {"table": "provinces"})
    summary_sheet = openpyxl.load_workbook(io.BytesIO(by_province.content))["สรุปรายจังหวัด"]
    summary = list(summary_sheet.iter_rows(values_only=True))
    assert summary[-1][:2] == ("รวม", 5)
    assert any(row[0] == "นครศรีธรรมราช" and row[1] == 3 for row in summary)


def test_the_live_status_downloads_as_xlsx_for_one_province(world, cycle, version):
    response = Client().get(status_url(cycle, "status.xlsx"), {"province": "80"})
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content))["รายชื่อ อปท."].iter_rows(values_only=True))
    assert sorted(row[5] for row in rows[5:]) == ["5800801", "6800101", "6800808"]
    assert Client().get(status_url(cycle, "status.xlsx"), {"province": "99"}).status_code == 404


def test_the_official_pdf_of_one_province_is_a_pdf(world, cycle, version):
    announcement = publish(world, cycle)
    url = status_url(cycle, f"announcements/{announcement.number}.pdf")
    response = Client().get(url, {"province": "80"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert Client().get(url, {"province": "99"}).status_code == 404


@pytest.mark.parametrize("who", ["officer", "executive", "nacc_provincial", "nacc_regional", "provincial_dla"])
def test_only_central_administrators_may_publish(world, cycle, who):
    url = f"/assessment/announcements/{cycle.code}/publish/"
    client = as_user(getattr(world, who))
    assert client.get(url).status_code == 404
    assert client.post(url, {"title": "x", "confirm": "on"}).status_code == 404
    assert not Announcement.objects.exists()


def test_a_central_administrator_sees_the_counts_then_confirms_to_publish(world, cycle, version):
    url = f"/assessment/announcements/{cycle.code}/publish/"
    assert Client().get(url).status_code == 302  # to the login page
    client = as_user(world.central)
    page = client.get(url)
    assert page.status_code == 200
    assert [row["count"] for row in page.context["rows"]] == [4, 1, 0, 0, 0]
    unconfirmed = client.post(url, {"title": "ผลการจัดทำแผน", "note": ""})
    assert unconfirmed.context["form"].errors["confirm"]
    assert not Announcement.objects.exists()
    done = client.post(url, {"title": "ผลการจัดทำแผน", "note": "ทดสอบ", "confirm": "on"})
    announcement = Announcement.objects.get()
    assert done.url == f"/status/{cycle.code}/announcements/{announcement.number}/"
    assert announcement.entries.count() == 5
    assert announcement.published_by == world.central


def test_the_submitted_plan_is_public_only_once_its_result_is_released(world, cycle, version):
    url = f"/organisations/6800808/plans/{cycle.code}/1.pdf"
    client = Client()
    assert client.get(url).status_code == 404  # submitted, not assessed
    finalise(version, world.nacc_provincial, passed=True)
    assert client.get(url).status_code == 404  # assessed, before the release date
    release(cycle)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert client.get(url).content == response.content  # printed once, then kept
    assert client.get(f"/organisations/6800808/plans/{cycle.code}/2.pdf").status_code == 404
    assert client.get(f"/organisations/6800101/plans/{cycle.code}/1.pdf").status_code == 404


def test_a_province_page_reads_in_the_same_number_of_queries_however_many_organisations(
    world, cycle, version, django_assert_num_queries
):
    client = Client()
    client.get(status_url(cycle), {"province": "80"})  # caches what every page reads once
    with CaptureQueriesContext(connection) as few:
        assert client.get(status_url(cycle), {"province": "80"}).status_code == 200
    more = [make_organisation(f"68008{n:02d}", f"ทดสอบ{n}", "8008") for n in range(10, 40)]
    for organisation in more[:3]:
        build_demo_plan(organisation=organisation, cycle=cycle, submitted_by=world.officer)
    finalise(version, world.nacc_provincial)
    release(cycle)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(status_url(cycle), {"province": "80"})
    assert response.context["tally"].total == 33


def _lines(page):
    return [line for block in page.blocks for district in block["districts"] for line in district["lines"]]


def test_every_visitor_finds_the_status_pages_from_the_menu(world):
    """The status of plans is public: the menu leads to it before and after logging in."""
    for client in (Client(), as_user(world.officer), as_user(world.central)):
        menu = client.get("/").context["nav_items"]
        assert "/status/" in [entry["url"] for entry in menu]
    assert Client().get("/status/").status_code == 200
