"""Implementation reporting through the REST API: an organisation's officer opens, answers
and submits the report with the same rules as the pages; others are refused (404 outside
their scope, 403 in scope but not theirs to write, 409 once submitted); offices count
completeness for their own area only."""

import pytest
from django.test import Client

from eplan.accounts.roles import Role
from eplan.core.models import AuditEvent
from eplan.plans.tests.test_api import API, Caller, with_token
from eplan.reporting import services
from eplan.reporting.models import LineStatus, Report, ReportLine, ReportState
from eplan.reporting.planned import planned_items
from eplan.reporting.tests.conftest import assessed, open_round
from eplan.testing import complete_profile, make_user

pytestmark = pytest.mark.django_db

CYCLE = "2562-2565"


@pytest.fixture
def six_month(world, cycle):
    """กลาย's plan passed; the cycle's first 6-month round is open and due in 10 days."""
    assessed(world, world.klai, cycle)
    return open_round(cycle)


def report_path(organisation, round):
    return f"/reporting/reports/{organisation.code}/{round.cycle.code}/{round.code}"


def opened(world, round) -> dict:
    response = with_token(world.officer).post(report_path(world.klai, round))
    assert response.status_code == 201, response.content
    return response.json()


def save(world, round, payload):
    """กลาย's officer saves answers to กลาย's report."""
    return with_token(world.officer).put(report_path(world.klai, round), payload)


def officer_of(organisation):
    if not hasattr(organisation, "profile"):
        complete_profile(organisation, email=f"saraban@{organisation.code}.example.org")
    return make_user(f"officer.{organisation.code}", Role.LAO_OFFICER, organisation=organisation)


def errors(response) -> dict:
    assert response.status_code == 422, response.content
    return response.json()["errors"]


# --- rounds -------------------------------------------------------------------------------


def test_anyone_signed_in_lists_the_rounds_of_a_cycle_year_by_year(world, cycle):
    round = open_round(cycle)

    response = with_token(world.officer).get("/reporting/rounds", {"cycle": CYCLE})

    assert response.status_code == 200, response.content
    rows = response.json()
    assert [row["code"] for row in rows] == [f"{year}-{kind}" for year in cycle.fiscal_years for kind in ("6", "12")]
    first = rows[0]
    assert (first["code"], first["kind"], first["window"]) == (round.code, "6", "open")
    assert first["due_on"] == round.due_on.isoformat() and first["expected_rule"] == "passed"
    assert with_token(world.nacc_provincial_krabi).get("/reporting/rounds", {"cycle": CYCLE}).status_code == 200
    assert "2599-2602" in errors(with_token(world.officer).get("/reporting/rounds", {"cycle": "2599-2602"}))["cycle"][0]


def test_without_credentials_every_reporting_endpoint_is_401(world, six_month):
    path = report_path(world.klai, six_month)
    anonymous = Caller()

    assert anonymous.get("/reporting/rounds", {"cycle": CYCLE}).status_code == 401
    assert anonymous.get(path).status_code == 401
    assert anonymous.post(path).status_code == 401
    assert anonymous.put(path, {"summary": "ไม่มีสิทธิ์"}).status_code == 401
    assert anonymous.post(path + "/submit").status_code == 401
    assert anonymous.get("/reporting/completeness", {"cycle": CYCLE, "round": six_month.code}).status_code == 401
    assert not Report.objects.exists()


# --- opening and reading ------------------------------------------------------------------


def test_the_officer_opens_the_report_once_with_a_line_for_every_item_planned_that_year(world, six_month):
    path = report_path(world.klai, six_month)
    assert with_token(world.officer).get(path).status_code == 404  # not started yet

    body = opened(world, six_month)

    version = Report.objects.get().version
    planned = planned_items(version, six_month.fiscal_year)
    assert [line["item_id"] for line in body["lines"]] == [item["id"] for item in planned]
    assert (body["state"], body["editable"], body["round"], body["plan_version"]) == ("draft", True, "2562-6", 1)
    total = body["totals"]["total"]
    assert (total["items"], total["awaiting"], total["score"], total["band"]) == (
        len(planned),
        len(planned),
        "0.00",
        "red",
    )
    again = with_token(world.colleague).post(path)
    assert again.status_code == 200 and again.json()["id"] == body["id"]
    assert Report.objects.count() == 1
    assert with_token(world.officer).get(path).json()["lines"] == body["lines"]


def test_another_organisations_officer_gets_404_and_changes_nothing(world, six_month):
    path = report_path(world.klai, six_month)
    outsider = with_token(world.outsider_officer)

    assert outsider.post(path).status_code == 404  # may not open it either
    assert not Report.objects.exists()
    body = opened(world, six_month)
    line = body["lines"][0]["id"]

    assert outsider.get(path).status_code == 404
    assert outsider.put(path, {"lines": {str(line): {"status": "done"}}, "summary": "ไม่ใช่ของฉัน"}).status_code == 404
    assert outsider.post(path + "/submit").status_code == 404
    report = Report.objects.get()
    assert (report.summary, report.state, ReportLine.objects.get(pk=line).status) == ("", ReportState.DRAFT, "")


def test_the_district_office_reads_the_report_but_may_not_write_it(world, six_month):
    path = report_path(world.klai, six_month)
    body = opened(world, six_month)
    district = with_token(world.district_office)

    assert district.get(path).status_code == 200
    assert district.post(path).status_code == 403
    refused = district.put(path, {"lines": {str(body["lines"][0]["id"]): {"status": "done"}}})
    assert refused.status_code == 403
    assert district.post(path + "/submit").status_code == 403
    assert ReportLine.objects.get(pk=body["lines"][0]["id"]).status == ""


def test_an_organisation_not_expected_to_report_is_refused_with_the_reason(world, six_month):
    officer = officer_of(world.tha_sala)  # ท่าศาลา has no plan that passed

    response = with_token(officer).post(report_path(world.tha_sala, six_month))

    assert response.status_code == 422
    assert "ไม่อยู่ในรายชื่อ" in response.json()["detail"]
    assert not Report.objects.filter(organisation=world.tha_sala).exists()


def test_an_unknown_round_is_404(world, six_month):
    caller = with_token(world.officer)
    assert caller.post(f"/reporting/reports/{world.klai.code}/{CYCLE}/2599-6").status_code == 404
    assert caller.post(f"/reporting/reports/{world.klai.code}/2599-2602/2562-6").status_code == 404


# --- answering ----------------------------------------------------------------------------


def test_not_possible_without_a_reason_is_422_naming_the_line_and_nothing_is_saved(world, six_month):
    first, second = (line["id"] for line in opened(world, six_month)["lines"][:2])

    response = save(
        world,
        six_month,
        {
            "lines": {str(first): {"status": "done", "disbursed": "12,000"}, str(second): {"status": "not_possible"}},
            "summary": "ดำเนินการตามแผน",
        },
    )

    assert errors(response) == {f"lines.{second}.reason": ["กรุณาเลือกเหตุผลที่ดำเนินการไม่ได้"]}
    kept = ReportLine.objects.get(pk=first)
    assert (kept.status, kept.disbursed, Report.objects.get().summary) == ("", None, "")


def test_a_save_changes_only_the_fields_sent_and_rescores_the_report(world, six_month):
    lines = opened(world, six_month)["lines"]
    first = str(lines[0]["id"])
    response = save(
        world,
        six_month,
        {
            "lines": {
                first: {"status": "done", "ordinance_budget": 20000, "disbursed": "15,000", "outputs": "อบรม 1 ครั้ง"}
            },
            "summary": "ดำเนินการตามแผน",
        },
    )
    assert response.status_code == 200, response.content

    body = save(world, six_month, {"lines": {first: {"note": "เบิกจ่ายครบ"}}}).json()

    line = next(line for line in body["lines"] if str(line["id"]) == first)
    assert (line["status"], line["disbursed"], line["outputs"], line["note"]) == (
        "done",
        "15000.00",
        "อบรม 1 ครั้ง",
        "เบิกจ่ายครบ",
    )
    assert body["summary"] == "ดำเนินการตามแผน"  # not sent the second time: kept
    total = body["totals"]["total"]
    assert (total["done"], total["awaiting"], total["disbursed"]) == (1, len(lines) - 1, "15000.00")
    assert total["score"] == f"{100 / len(lines):.2f}"
    event = AuditEvent.objects.filter(action="reporting.report_save").latest("at")
    assert (event.actor, event.channel) == (world.officer, "api")


def test_bad_answers_name_their_field(world, six_month):
    line = str(opened(world, six_month)["lines"][0]["id"])

    def refused(values):
        return errors(save(world, six_month, {"lines": {line: values}}))

    assert "ไม่ใช่จำนวนเงิน" in refused({"disbursed": "สองพัน"})[f"lines.{line}.disbursed"][0]
    assert "หมายเหตุ" in refused({"ordinance_budget": "1000", "disbursed": "1500"})[f"lines.{line}.note"][0]
    assert refused({"disbursment": "5"}) == {f"lines.{line}.disbursment": ["ไม่รู้จักช่องนี้"]}  # a typo loses nothing
    assert "lines.999999999" in errors(save(world, six_month, {"lines": {"999999999": {"status": "done"}}}))


def test_extra_items_are_added_named_by_their_place_and_removed(world, six_month):
    body = opened(world, six_month)
    plan_line = body["lines"][0]["id"]

    refused = save(world, six_month, {"extras": [{"title": "", "dimension": 3}, {"title": "ตลาดนัด"}]})
    assert set(errors(refused)) == {"extras.0.title", "extras.1.dimension"}
    assert set(errors(save(world, six_month, {"extras": [{"title": "ตลาดนัด", "dimension": 9}]}))) == {
        "extras.0.dimension"
    }

    added = save(
        world,
        six_month,
        {"extras": [{"title": "ตลาดนัดคุณธรรม", "dimension": 2, "status": "done", "outputs": "จัด 2 ครั้ง"}]},
    ).json()
    extra = next(line for line in added["lines"] if line["extra"])
    assert (extra["title"], extra["dimension"], extra["item_id"], extra["status"]) == ("ตลาดนัดคุณธรรม", 2, None, "done")
    assert added["totals"]["extras"] == 1
    assert added["totals"]["total"]["items"] == body["totals"]["total"]["items"]  # extras are not scored

    assert f"lines.{plan_line}" in errors(save(world, six_month, {"removed_extras": [plan_line]}))
    removed = save(world, six_month, {"removed_extras": [extra["id"]]}).json()
    assert not any(line["extra"] for line in removed["lines"])
    assert ReportLine.objects.filter(pk=plan_line).exists()


# --- submitting ---------------------------------------------------------------------------


def test_submitting_needs_every_line_answered_then_gives_a_receipt_and_locks_the_report(world, six_month):
    path = report_path(world.klai, six_month)
    lines = [line["id"] for line in opened(world, six_month)["lines"]]
    caller = with_token(world.officer)

    unanswered = errors(caller.post(path + "/submit"))
    assert set(unanswered) == {f"lines.{line}.status" for line in lines}
    answers = {str(line): {"status": LineStatus.IN_PROGRESS} for line in lines}
    assert save(world, six_month, {"lines": answers, "summary": "ตามแผน"}).status_code == 200

    receipt = caller.post(path + "/submit")

    assert receipt.status_code == 200, receipt.content
    body = receipt.json()
    assert body["receipt_number"] == f"{CYCLE}-{six_month.code}-{world.klai.code}"
    assert (body["is_late"], body["state"]) == (False, "submitted")
    assert caller.post(path + "/submit").json()["receipt_number"] == body["receipt_number"]  # a second click

    locked = caller.put(path, {"summary": "แก้ภายหลัง", "lines": {str(lines[0]): {"status": "done"}}})
    assert locked.status_code == 409
    assert "ส่งแล้ว" in locked.json()["detail"]
    report = caller.get(path).json()
    assert (report["summary"], report["editable"], report["lines"][0]["status"]) == ("ตามแผน", False, "in_progress")


def test_after_the_due_date_the_report_is_counted_late(world, cycle):
    assessed(world, world.klai, cycle)
    round = open_round(cycle, due_in_days=-1)
    lines = [line["id"] for line in opened(world, round)["lines"]]
    save(world, round, {"lines": {str(line): {"status": "done"} for line in lines}})

    assert with_token(world.officer).post(report_path(world.klai, round) + "/submit").json()["is_late"] is True


def test_the_browser_session_works_but_a_save_needs_the_csrf_token(world, six_month):
    path = API + report_path(world.klai, six_month)
    opened(world, six_month)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world.officer)

    assert browser.get(path).status_code == 200
    refused = browser.put(path, {"summary": "จากเบราว์เซอร์"}, content_type="application/json")
    assert refused.status_code == 403 and "CSRF" in refused.json()["detail"]
    browser.get("/accounts/me/")  # a page sets the CSRF cookie
    csrf = browser.cookies["csrftoken"].value
    accepted = browser.put(
        path, {"summary": "จากเบราว์เซอร์"}, content_type="application/json", headers={"X-CSRFToken": csrf}
    )
    assert accepted.status_code == 200 and accepted.json()["summary"] == "จากเบราว์เซอร์"


# --- completeness -------------------------------------------------------------------------


@pytest.fixture
def reported(world, cycle):
    """District 8008: กลาย submitted on time, ท่าศาลา has a draft. District 8001: ท่าซัก
    expected, nothing yet. Krabi (province 81): expected and submitted."""
    for organisation in (world.klai, world.tha_sala, world.other_district, world.krabi):
        assessed(world, organisation, cycle)
    round = open_round(cycle)
    for organisation, submit in ((world.klai, True), (world.tha_sala, False), (world.krabi, True)):
        officer = world.officer if organisation == world.klai else officer_of(organisation)
        report = services.report_open(actor=officer, round=round, organisation=organisation)
        if submit:
            answers = {line.pk: {"status": "done"} for line in report.lines.all()}
            services.report_save(actor=officer, report=report, lines=answers)
            services.report_submit(actor=officer, report=report)
    return round


def completeness(user, round, **area):
    response = with_token(user).get("/reporting/completeness", {"cycle": CYCLE, "round": round.code, **area})
    assert response.status_code == 200, response.content
    return response.json()


def counts(body) -> tuple:
    return tuple(body[key] for key in ("expected", "submitted", "on_time", "late", "missing", "drafts"))


def test_completeness_of_a_district_for_its_provincial_office_matches_a_hand_count(world, reported):
    district = completeness(world.nacc_provincial, reported, district="8008")

    assert counts(district) == (2, 1, 1, 0, 1, 1)
    assert (district["submitted_rate"], district["missing_rate"], district["late_rate"]) == ("50.0", "50.0", "0.0")
    assert [(group["code"], counts(group)) for group in district["groups"]] == [("8008", (2, 1, 1, 0, 1, 1))]

    province = completeness(world.nacc_provincial, reported, province="80")
    assert counts(province) == (3, 1, 1, 0, 2, 1)
    assert {group["code"]: group["missing"] for group in province["groups"]} == {"8001": 1, "8008": 1}
    assert next(group["name"] for group in province["groups"] if group["code"] == "8008") == "ท่าศาลา"

    everywhere = completeness(world.nacc_provincial, reported)  # Krabi is not theirs
    assert counts(everywhere) == (3, 1, 1, 0, 2, 1)
    assert [group["code"] for group in everywhere["groups"]] == ["80"]


def test_another_provinces_office_does_not_see_province_80(world, reported):
    assert counts(completeness(world.nacc_provincial_krabi, reported, province="80")) == (0, 0, 0, 0, 0, 0)
    assert completeness(world.nacc_provincial_krabi, reported, province="80")["groups"] == []
    own = completeness(world.nacc_provincial_krabi, reported)
    assert counts(own) == (1, 1, 1, 0, 0, 0)
    assert [group["code"] for group in own["groups"]] == ["81"]
    missing = with_token(world.nacc_provincial_krabi).get(
        "/reporting/missing", {"cycle": CYCLE, "round": reported.code, "province": "80"}
    )
    assert missing.json() == {"items": [], "count": 0, "page": 1, "page_size": 100}


def test_an_organisations_officer_counts_only_its_own_organisation(world, reported):
    assert counts(completeness(world.officer, reported, province="80")) == (1, 1, 1, 0, 0, 0)


def test_the_missing_organisations_come_with_their_coordinator(world, reported):
    response = with_token(world.nacc_provincial).get(
        "/reporting/missing", {"cycle": CYCLE, "round": reported.code, "province": "80"}
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["count"] == 2
    assert [row["code"] for row in body["items"]] == [world.other_district.code, world.tha_sala.code]
    row = body["items"][0]
    assert (row["coordinator_name"], row["phone"], row["email"], row["district_name"]) == (
        "ผู้ประสาน ทดสอบ",
        "075-000000",
        "saraban@thasak.example.org",
        world.other_district.district.name_th,
    )


def test_bad_completeness_filters_are_named(world, reported):
    def refused(**params):
        query = {"cycle": CYCLE, "round": reported.code, **params}
        return errors(with_token(world.nacc_provincial).get("/reporting/completeness", query))

    assert "province" in refused(province="99")
    assert "district" in refused(district="9999")
    assert "district" in refused(province="80", district="8101")  # Krabi's district
    assert "round" in refused(round="2599-6")
    assert "cycle" in refused(cycle="2599-2602")
    assert "round" in refused(round="")
