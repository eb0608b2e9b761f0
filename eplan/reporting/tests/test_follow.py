"""The offices' pages of reporting: following who has sent, the implementation scores, and
the rounds of a cycle. Who sees which area, who is refused, and what bad input gets."""

import datetime
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from eplan.accounts.models import User
from eplan.accounts.roles import Role
from eplan.reporting import services
from eplan.reporting.models import ExpectedOrganisation, LineStatus, Report, ReportState, Round, RoundKind
from eplan.reporting.tests.conftest import assessed, open_round
from eplan.testing import complete_profile, make_organisation, make_user

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _officer_of(world, organisation):
    if organisation == world.klai:
        return world.officer
    if not hasattr(organisation, "profile"):
        complete_profile(organisation, email=f"saraban@{organisation.code}.example.org")
    return make_user(f"officer.{organisation.code}", Role.LAO_OFFICER, organisation=organisation)


def _report(world, organisation, round, *, submit=True):
    """Open the organisation's report, answer every line done, and send it unless told not to."""
    officer = _officer_of(world, organisation)
    report = services.report_open(actor=officer, round=round, organisation=organisation)
    lines = {line.pk: {"status": LineStatus.DONE} for line in report.lines.all()}
    services.report_save(actor=officer, report=report, lines=lines)
    if submit:
        services.report_submit(actor=officer, report=report)
    return report


def _url(name, round, query=""):
    base = {"follow_up": "follow-up", "scores": "scores"}[name]
    return f"/reporting/{base}/{round.cycle.code}/{round.code}/" + (f"?{query}" if query else "")


@pytest.fixture
def province_round(world, cycle):
    """Nakhon Si Thammarat: กลาย sent on time, ท่าศาลา has a draft, ท่าซัก (district 8001)
    has not begun. Krabi's ไสไทย sent (another province, same region)."""
    for organisation in (world.klai, world.tha_sala, world.other_district, world.krabi):
        assessed(world, organisation, cycle)
    round = open_round(cycle)
    _report(world, world.klai, round)
    _report(world, world.tha_sala, round, submit=False)
    _report(world, world.krabi, round)
    return round


# Who sees which area --------------------------------------------------------------------


def test_the_provincial_office_of_krabi_is_refused_another_province(world, province_round):
    client = _client(world.nacc_provincial_krabi)
    assert client.get(_url("follow_up", province_round, "province=80")).status_code == 404
    assert client.get(_url("follow_up", province_round, "district=8008")).status_code == 404
    assert client.get(_url("scores", province_round, "province=80")).status_code == 404
    assert client.get(_url("follow_up", province_round, "organisation=6800808")).status_code == 404
    assert client.get(_url("follow_up", province_round, "province=99")).status_code == 404
    own = client.get(_url("follow_up", province_round, "province=81"))
    assert own.status_code == 200
    assert own.context["total"].expected == 1
    assert world.klai.display_name not in own.content.decode()


def test_an_organisations_officer_does_not_see_the_offices_pages(world, province_round):
    client = _client(world.officer)
    assert client.get(_url("follow_up", province_round)).status_code == 404
    assert client.get(_url("scores", province_round)).status_code == 404
    workbook = f"/reporting/follow-up/{province_round.cycle.code}/{province_round.code}/missing.xlsx"
    assert client.get(workbook).status_code == 404


def test_the_district_office_sees_whom_to_phone_in_its_district_only(world, province_round):
    profile = world.tha_sala.profile  # ท่าศาลา began its report and never sent it
    profile.coordinator_name, profile.phone = "นางสาวผู้ประสาน ท่าศาลา", "075-123456"
    profile.save()
    response = _client(world.district_office).get(_url("follow_up", province_round))
    assert response.status_code == 200
    page = response.content.decode()
    assert [row.organisation for row in response.context["page"]] == [world.tha_sala]
    assert "นางสาวผู้ประสาน ท่าศาลา" in page and 'href="tel:075-123456"' in page
    assert world.other_district.display_name not in page  # missing too, but in another district
    workbook = _client(world.district_office).get(
        f"/reporting/follow-up/{province_round.cycle.code}/{province_round.code}/missing.xlsx"
    )
    assert workbook.status_code == 200 and workbook["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(workbook.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=6)]  # title, filters, date, blank, header
    assert [(row[3], row[9]) for row in rows] == [(world.tha_sala.code, "075-123456")]


def test_completeness_on_the_page_matches_a_hand_count(world, province_round):
    # Province 80: กลาย on time, ท่าศาลา draft, ท่าซัก nothing → 3 expected, 1 sent, 2 missing.
    response = _client(world.nacc_provincial).get(_url("follow_up", province_round))
    total = response.context["total"]
    assert (total.expected, total.submitted, total.on_time) == (3, 1, 1)
    assert (total.late, total.drafts, total.missing) == (0, 1, 2)
    assert total.submitted_rate == Decimal("33.3")
    by_district = {group.code: group.figures for group in response.context["groups"]}
    assert (by_district["8008"].expected, by_district["8008"].submitted, by_district["8008"].drafts) == (2, 1, 1)
    assert (by_district["8001"].expected, by_district["8001"].missing) == (1, 1)
    assert "33.3%" in response.content.decode()
    # The central office sees the country by region: region 8 holds both provinces' figures.
    national = _client(world.central).get(_url("follow_up", province_round))
    region8 = next(block for block in national.context["blocks"] if block.region and block.region.number == 8)
    assert (region8.total.expected, region8.total.submitted) == (4, 2)
    assert national.context["total"].expected == 4


# What the NACC offices change -----------------------------------------------------------


def test_an_extension_without_a_reason_is_refused_keeping_the_date_typed(world, province_round):
    client = _client(world.nacc_provincial)
    until = province_round.closes_on + datetime.timedelta(days=14)
    url = _url("follow_up", province_round, "organisation=6800101")
    data = {
        "action": "extension",
        "organisation": "6800101",
        "extension-until": until.isoformat(),
        "extension-reason": "",
    }
    response = client.post(url, data)
    assert response.status_code == 422
    page = response.content.decode()
    assert "กรุณาระบุเหตุผล" in page
    assert f'value="{until.isoformat()}"' in page  # what was typed is still there
    row = ExpectedOrganisation.objects.get(round=province_round, organisation=world.other_district)
    assert row.extended_until is None
    # With a reason it is granted, and said so.
    data["extension-reason"] = "น้ำท่วมสำนักงาน ระบบไฟฟ้าขัดข้อง"
    response = client.post(url, data, follow=True)
    assert response.redirect_chain[-1][0] == url
    assert "ขยายเวลาให้ อบต.ท่าซัก" in response.content.decode()
    row.refresh_from_db()
    assert row.extended_until == until
    # An extension ending before the round closes names the date field.
    data["extension-until"] = province_round.closes_on.isoformat()
    refused = client.post(url, data)
    assert refused.status_code == 422
    assert "วันที่ขยายเวลาต้องหลังวันปิดรับรายงาน" in str(refused.context["panel"]["forms"]["extension"].errors["until"])


def test_offices_without_the_right_cannot_change_the_list_or_reopen(world, province_round):
    data = {"action": "expected_remove", "organisation": "6800101", "expected-reason": "ยุบรวมกับ อปท. อื่น"}
    url = _url("follow_up", province_round)
    assert _client(world.district_office).post(url, data).status_code == 404  # views only
    assert _client(world.nacc_provincial_krabi).post(url, data).status_code == 404  # another province
    assert _client(world.nacc_provincial).post(url, {**data, "action": "delete"}).status_code == 404
    assert ExpectedOrganisation.objects.get(round=province_round, organisation=world.other_district).removed_at is None
    page = _client(world.district_office).get(_url("follow_up", province_round, "organisation=6800808"))
    assert page.status_code == 200 and 'name="action"' not in page.content.decode()


def test_the_provincial_office_takes_an_organisation_off_the_list_and_reopens_a_report(world, province_round):
    client = _client(world.nacc_provincial)
    url = _url("follow_up", province_round)
    removed = client.post(
        url, {"action": "expected_remove", "organisation": "6800101", "expected-reason": "ยุบรวมกับ อปท. อื่น"}
    )
    assert removed.status_code == 302
    row = ExpectedOrganisation.objects.get(round=province_round, organisation=world.other_district)
    assert row.removed_reason == "ยุบรวมกับ อปท. อื่น" and row.changed_by == world.nacc_provincial
    assert client.get(url).context["total"].expected == 2
    short = client.post(url, {"action": "reopen", "organisation": "6800808", "reopen-reason": ""})
    assert short.status_code == 422 and "กรุณาระบุเหตุผลและสิ่งที่ต้องแก้ไข" in short.content.decode()
    reopened = client.post(url, {"action": "reopen", "organisation": "6800808", "reopen-reason": "ยอดเบิกจ่ายไม่ตรงกับฎีกา"})
    assert reopened.status_code == 302
    assert Report.objects.get(organisation=world.klai).state == ReportState.DRAFT
    assert client.get(url).context["total"].submitted == 1  # reopened still counts as sent


# Scores ---------------------------------------------------------------------------------


def test_scores_add_up_per_district_and_link_each_organisation_to_its_report(world, province_round):
    client = _client(world.nacc_provincial)
    # กลาย: every item done (100%); ท่าศาลา's draft: every item in progress (50%); ท่าซัก: nothing.
    draft = Report.objects.get(organisation=world.tha_sala)
    services.report_save(
        actor=User.objects.get(username=f"officer.{world.tha_sala.code}"),
        report=draft,
        lines={line.pk: {"status": LineStatus.IN_PROGRESS} for line in draft.lines.all()},
    )
    response = client.get(_url("scores", province_round, "district=8008"))
    assert response.status_code == 200
    rows = {group.code: group.figures for group in response.context["groups"]}
    assert rows[world.klai.code].tally.score == Decimal("100.00") and rows[world.klai.code].band == "green"
    assert rows[world.tha_sala.code].tally.score == Decimal("50.00")
    total = response.context["total"].tally
    assert total.items == rows[world.klai.code].tally.items + rows[world.tha_sala.code].tally.items
    assert (
        f"/reporting/{world.klai.code}/{province_round.cycle.code}/{province_round.code}/" in response.content.decode()
    )
    # The province: ท่าซัก's items all await a report, so district 8001 is red.
    province = client.get(_url("scores", province_round))
    districts = {group.code: group.figures for group in province.context["groups"]}
    assert districts["8001"].tally.awaiting == districts["8001"].tally.items > 0
    assert districts["8001"].band == "red"
    assert "สีส้ม 20–49%" in province.content.decode()


def test_the_twelve_month_legend_has_its_own_thresholds(world, cycle):
    assessed(world, world.klai, cycle)
    round = open_round(cycle, kind=RoundKind.TWELVE_MONTH)
    page = _client(world.central).get(_url("scores", round)).content.decode()
    assert "สีเขียว ≥ 80%" in page and "สีส้ม 50–79%" in page and "สีแดง &lt; 50%" in page


# Rounds ---------------------------------------------------------------------------------


def test_the_rounds_are_made_only_when_a_central_administrator_asks_for_them(world, cycle):
    url = f"/reporting/rounds/{cycle.code}/"
    listing = _client(world.nacc_provincial).get(url)
    assert listing.status_code == 200 and not Round.objects.filter(cycle=cycle).exists()
    assert 'value="make_rounds"' not in listing.content.decode()
    assert _client(world.nacc_provincial).post(url, {"action": "make_rounds"}).status_code == 404
    central = _client(world.central)
    page = central.get(url)
    assert page.status_code == 200 and not Round.objects.filter(cycle=cycle).exists()  # looking makes nothing
    assert 'value="make_rounds"' in page.content.decode()
    made = central.post(url, {"action": "make_rounds"}, follow=True)
    assert "สร้างรอบรายงานผลแล้ว 8 รอบ" in made.content.decode()
    assert Round.objects.filter(cycle=cycle).count() == 2 * len(cycle.fiscal_years)
    page = _client(world.nacc_provincial).get(f"/reporting/rounds/{cycle.code}/").content.decode()
    assert f"/reporting/follow-up/{cycle.code}/{cycle.fiscal_years[0]}-6/" in page
    assert "?edit=" not in page


def test_the_central_administrator_moves_a_due_date_and_a_wrong_order_is_refused(world, cycle):
    services.rounds_ensure(actor=None, cycle=cycle)
    round = Round.objects.get(cycle=cycle, fiscal_year=cycle.fiscal_years[0], kind=RoundKind.SIX_MONTH)
    client = _client(world.central)
    url = f"/reporting/rounds/{cycle.code}/"
    assert client.get(f"{url}?edit={round.code}").context["form"].initial["due_on"] == round.due_on
    new_due = round.due_on + datetime.timedelta(days=7)
    dates = {
        "opens_on": round.opens_on.isoformat(),
        "closes_on": round.closes_on.isoformat(),
        "expected_rule": "passed",
    }
    saved = client.post(url, {"round": round.code, "due_on": new_due.isoformat(), **dates}, follow=True)
    assert saved.redirect_chain[-1][0] == url
    round.refresh_from_db()
    assert round.due_on == new_due
    late = round.closes_on + datetime.timedelta(days=1)
    refused = client.post(url, {"round": round.code, "due_on": late.isoformat(), **dates})
    assert refused.status_code == 422
    assert "กำหนดส่งต้องไม่หลังวันปิดรับ" in refused.context["form"].errors["due_on"][0]
    assert f'value="{late.isoformat()}"' in refused.content.decode()
    round.refresh_from_db()
    assert round.due_on == new_due
    not_a_date = client.post(url, {"round": round.code, "due_on": "31/02/2564", **dates})
    assert not_a_date.status_code == 422 and "due_on" in not_a_date.context["form"].errors
    # Nobody else may change a round.
    assert _client(world.nacc_provincial).post(url, {"round": round.code, **dates}).status_code == 404
    assert _client(world.nacc_provincial).get(f"{url}?edit={round.code}").status_code == 404


# Queries --------------------------------------------------------------------------------


def test_the_follow_up_page_costs_the_same_queries_for_three_organisations_or_more(
    world, province_round, django_assert_max_num_queries
):
    client = _client(world.nacc_provincial)
    pages = {
        _url("follow_up", province_round): 3,
        _url("follow_up", province_round, "district=8001"): 1,
        _url("scores", province_round): 3,
    }
    costs = {}
    for page in pages:
        client.get(page)  # warm the per-process caches (site flags)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(page).status_code == 200
        costs[page] = len(queries)
    for number in range(2, 6):  # four more in district 8001, the last with a draft
        organisation = make_organisation(f"680010{number}", f"ทดสอบ{number}", "8001")
        complete_profile(organisation, email=f"saraban@{organisation.code}.example.org")
        assessed(world, organisation, province_round.cycle)
        services.expected_change(
            actor=world.nacc_provincial,
            round=province_round,
            organisation=organisation,
            expected=True,
            reason="แผนผ่านเกณฑ์หลังเปิดรอบ",
        )
    _report(world, organisation, province_round, submit=False)
    for page, expected in pages.items():
        with django_assert_max_num_queries(costs[page]):
            response = client.get(page)
        figure = response.context["total"]
        assert (figure.expected if "follow-up" in page else figure.organisations) == expected + 4
