"""Every number and date reporting takes is bounded by its real range and refused with a
Thai message, never a 500, and what was typed comes back (issue 10, hole 9): amounts,
dimensions, ids, page numbers, round dates and extensions (an extension until 9999-12-31
was accepted)."""

import datetime

import pytest
from django.test import Client

from eplan.plans.tests.test_api import API, with_token
from eplan.reporting import services
from eplan.reporting.models import ExpectedOrganisation, Round
from eplan.reporting.tests.conftest import assessed, open_round

pytestmark = pytest.mark.django_db

HUGE = "9" * 30


def as_user(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def report(world, cycle):
    assessed(world, world.klai, cycle)
    return services.report_open(actor=world.officer, round=open_round(cycle), organisation=world.klai)


def page(report, tail=""):
    round = report.round
    return f"/reporting/{report.organisation.code}/{round.cycle.code}/{round.code}/{tail}"


def api(report):
    round = report.round
    return f"/reporting/reports/{report.organisation.code}/{round.cycle.code}/{round.code}"


# Dates -------------------------------------------------------------------------------------


def test_an_extension_until_the_year_9999_is_refused_with_the_dates_allowed(world, report):
    round = report.round
    follow = f"/reporting/follow-up/{round.cycle.code}/{round.code}/?organisation={world.klai.code}"

    refused = as_user(world.nacc_provincial).post(
        follow,
        {
            "action": "extension",
            "organisation": world.klai.code,
            "extension-until": "9999-12-31",
            "extension-reason": "ขอขยายเวลาไปเรื่อย ๆ",
        },
    )

    assert refused.status_code == 422
    html = refused.content.decode()
    assert "วันที่ต้องอยู่ระหว่าง" in html
    assert 'value="9999-12-31"' in html  # what was typed comes back
    assert ExpectedOrganisation.objects.get(round=round, organisation=world.klai).extended_until is None


def test_an_extension_within_the_bounds_is_granted(world, report):
    round = report.round
    until = round.closes_on + datetime.timedelta(days=30)
    services.extension_grant(
        actor=world.nacc_provincial, round=round, organisation=world.klai, until=until, reason="น้ำท่วม"
    )
    assert ExpectedOrganisation.objects.get(round=round, organisation=world.klai).extended_until == until


@pytest.mark.parametrize(("field", "value"), [("closes_on", "9999-12-31"), ("opens_on", "0001-01-01")])
def test_round_dates_far_outside_the_cycle_are_refused(world, report, field, value):
    round = report.round
    dates = {name: getattr(round, name).isoformat() for name in ("opens_on", "due_on", "closes_on")}
    dates[field] = value

    refused = as_user(world.central).post(
        f"/reporting/rounds/{round.cycle.code}/", {"round": round.code, "expected_rule": round.expected_rule, **dates}
    )

    assert refused.status_code == 422
    assert "วันที่ต้องอยู่ระหว่าง" in refused.content.decode()
    assert getattr(Round.objects.get(pk=round.pk), field).isoformat() != value


def test_the_bounds_run_from_the_rounds_fiscal_year_to_a_year_after_the_cycle(world, report):
    round = report.round  # fiscal year 2562 of the cycle 2562-2565
    first, last = services.date_bounds(round, today=datetime.date(2020, 1, 1))
    assert (first, last) == (datetime.date(2018, 10, 1), datetime.date(2023, 9, 30))
    # An earlier cycle's round moved to now (the demo's) may be given dates up to a year ahead.
    assert services.date_bounds(round, today=datetime.date(2030, 1, 1))[1] == datetime.date(2031, 1, 2)


# Numbers on the page -----------------------------------------------------------------------


@pytest.mark.parametrize("amount", ["1e30", "1e400", HUGE, "9" * 5000])
def test_a_huge_amount_on_the_page_is_refused_with_a_thai_message_and_kept(world, report, amount):
    line = report.lines.first()
    refused = as_user(world.officer).post(
        page(report, f"lines/{line.pk}/"), {"status": "done", "disbursed": amount}, HTTP_HX_REQUEST="true"
    )
    assert refused.status_code == 422
    assert "เบิกจ่าย" in refused.content.decode()
    line.refresh_from_db()
    assert line.disbursed is None


@pytest.mark.parametrize("dimension", ["1e400", HUGE, "-1", "5"])
def test_an_extra_item_of_an_impossible_dimension_is_refused(world, report, dimension):
    response = as_user(world.officer).post(
        page(report, "extras/"), {"title": "รณรงค์", "dimension": dimension}, follow=True
    )
    assert response.status_code == 200
    assert "กรุณาเลือกมิติ 1–4" in response.content.decode()
    assert not report.lines.filter(item_id__isnull=True).exists()


def test_ids_beyond_any_key_are_not_found_rather_than_a_crash(world, report):
    officer = as_user(world.officer)
    assert officer.post(page(report, f"lines/{HUGE}/"), {"status": "done"}).status_code == 404
    assert officer.get(page(report, f"evidence/{HUGE}/")).status_code == 404
    round = report.round
    assert officer.get(f"/reporting/{world.klai.code}/{round.cycle.code}/{HUGE}-6/").status_code == 404


# Numbers through the API -------------------------------------------------------------------------


def put_raw(caller, report, body: str):
    return caller.client.put(API + api(report), body, content_type="application/json", headers=caller.headers)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ('{"extras": [{"title": "รณรงค์", "dimension": 1e400}]}', "extras.0.dimension"),
        ('{"extras": [{"title": "รณรงค์", "dimension": HUGE}]}', "extras.0.dimension"),
        ('{"extras": [{"title": "รณรงค์", "dimension": 9}]}', "extras.0.dimension"),
        ('{"removed_extras": [HUGE]}', "removed_extras.0"),
        ('{"lines": {"LINE": {"disbursed": 1e400}}}', "lines.LINE.disbursed"),
        ('{"lines": {"LINE": {"disbursed": 1e30}}}', "lines.LINE.disbursed"),
        ('{"lines": {"LINE": {"ordinance_budget": "HUGE"}}}', "lines.LINE.ordinance_budget"),
    ],
)
def test_huge_numbers_through_the_api_are_422_naming_the_field(world, report, body, field):
    line = report.lines.first()
    response = put_raw(with_token(world.officer), report, body.replace("LINE", str(line.pk)).replace("HUGE", HUGE))
    assert response.status_code == 422, response.content
    errors = response.json()["errors"]
    assert field.replace("LINE", str(line.pk)) in errors, errors


def test_a_page_number_beyond_any_list_is_answered_not_crashed(world, report):
    round = report.round
    response = with_token(world.nacc_provincial).get(
        "/reporting/missing", {"cycle": round.cycle.code, "round": round.code, "page": HUGE}
    )
    assert response.status_code in (200, 422), response.content
