"""The offices' list of organisations whose plan is still awaited: who sees which
organisations, the filters within the scope, the Excel download, and a fixed number of
queries however many organisations a province has."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from eplan.core.models import AuditEvent
from eplan.demo.plans import build_demo_plan, ensure_cycles
from eplan.plans import services
from eplan.registry.models import Organisation, OrganisationProfile
from eplan.reporting.tests.conftest import assessed
from eplan.testing import client_for, make_organisation

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
CYCLE = "2562-2565"


@pytest.fixture
def cycle(db):
    cycle = ensure_cycles()[CYCLE]
    cycle.score_release_date = TODAY - datetime.timedelta(days=1)
    cycle.save(update_fields=["score_release_date"])
    return cycle


@pytest.fixture
def plans(world, cycle):
    """กลาย's plan was returned; ไสไทย's found incomplete; ช้างเผือก's in assessment;
    ท่าซัก (another district of province 80) and ท่าศาลา (กลาย's district) have none."""
    plan = build_demo_plan(organisation=world.klai, cycle=cycle)
    version = services.plan_submit(actor=world.officer, plan=plan)
    services.plan_return(actor=world.nacc_provincial, version=version, reason="ขาดการวิเคราะห์ความเสี่ยง (ทดสอบ)")
    assessed(world, world.krabi, cycle, passed=False)
    build_demo_plan(organisation=world.chiang_mai, cycle=cycle, submitted_by=world.officer)
    return cycle


def listed(user, query="", *, status_code=200) -> set[str]:
    response = client_for(user).get(reverse("plans:missing", args=[CYCLE]) + query)
    assert response.status_code == status_code
    if status_code != 200:
        return set()
    return {row.organisation.code for row in response.context["page"]}


def test_each_office_sees_the_organisations_of_its_area_that_have_not_submitted(world, plans):
    not_submitted = {world.tha_sala.code, world.other_district.code}
    assert listed(world.district_office) == {world.tha_sala.code}
    assert listed(world.provincial_dla) == not_submitted
    assert listed(world.nacc_provincial) == not_submitted
    assert listed(world.nacc_regional) == not_submitted
    assert listed(world.nacc_regional_north) == set()  # ช้างเผือก submitted
    assert listed(world.central) == not_submitted
    assert listed(world.nacc_provincial_krabi) == set()


def test_the_status_filter_adds_the_plans_returned_or_found_incomplete_and_not_resubmitted(world, plans):
    assert listed(world.district_office, "?status=resubmit") == {world.klai.code}
    assert listed(world.district_office, "?status=all") == {world.klai.code, world.tha_sala.code}
    assert listed(world.nacc_regional, "?status=resubmit") == {world.klai.code, world.krabi.code}
    assert listed(world.nacc_regional, "?status=nonsense") == {world.tha_sala.code, world.other_district.code}
    services.plan_submit(actor=world.officer, plan=world.klai.plans.get())
    assert listed(world.district_office, "?status=resubmit") == set()


def test_the_page_shows_whom_to_phone(world, plans):
    response = client_for(world.provincial_dla).get(reverse("plans:missing", args=[CYCLE]))
    page = response.content.decode()
    assert world.other_district.display_name in page
    assert "ผู้ประสาน ทดสอบ" in page and 'href="tel:075-000000"' in page
    assert "mailto:saraban@thasak.example.org" in page
    assert "ยังไม่จัดส่งแผน" in page and "ยังไม่บันทึก" in page  # ท่าศาลา has no profile


def test_the_area_narrows_within_the_scope_and_404_outside_it(world, plans):
    assert listed(world.central, "?province=81&status=all") == {world.krabi.code}
    assert listed(world.central, "?district=8008") == {world.tha_sala.code}
    assert listed(world.nacc_regional, "?province=80&district=8001") == {world.other_district.code}
    listed(world.nacc_provincial, "?province=81", status_code=404)
    listed(world.district_office, "?district=8001", status_code=404)
    listed(world.nacc_regional_north, "?province=80", status_code=404)
    assert client_for(world.central).get(reverse("plans:missing", args=["2599-2602"])).status_code == 404


@pytest.mark.parametrize("who", ["officer", "executive", "primary", "outsider_officer"])
def test_an_organisations_own_staff_get_404(world, plans, who):
    user = getattr(world, who)
    for name, args in (("plans:missing", [CYCLE]), ("plans:missing_xlsx", [CYCLE]), ("plans:missing_home", [])):
        assert client_for(user).get(reverse(name, args=args)).status_code == 404


def test_anonymous_is_sent_to_log_in(world, plans):
    from django.test import Client

    response = Client().get(reverse("plans:missing", args=[CYCLE]))
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_entry_goes_to_the_cycle_receiving_plans(world, plans):
    response = client_for(world.district_office).get(reverse("plans:missing_home"))
    assert response.status_code == 302 and response["Location"] == reverse("plans:missing", args=[CYCLE])


def test_the_download_lists_the_filtered_organisations_a_formula_stays_text_and_it_is_audited(world, plans):
    profile = OrganisationProfile.objects.get(organisation=world.other_district)
    profile.coordinator_name = '=HYPERLINK("http://evil.example","x")'
    profile.save()
    client = client_for(world.nacc_provincial)
    response = client.get(reverse("plans:missing_xlsx", args=[CYCLE]) + "?status=all")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    codes = [row[3].value for row in sheet.iter_rows(min_row=6)]  # title, filters, date, blank, header
    # By province, district, code: อำเภอเมือง (8001) first, then ท่าศาลา (8008).
    assert codes == [world.other_district.code, world.tha_sala.code, world.klai.code]
    formula = sheet.cell(row=6, column=7)
    assert formula.value == '=HYPERLINK("http://evil.example","x")'
    assert formula.data_type == "s" and formula.quotePrefix
    assert sheet.cell(row=8, column=6).value == "ส่งกลับแก้ไข"
    event = AuditEvent.objects.get(action="plans.download")
    assert event.actor == world.nacc_provincial and event.province_code == "80"
    assert event.detail["what"] == "missing_plans_xlsx" and event.detail["organisations"] == 3
    assert event.detail["status"] == "all"


def test_the_list_of_a_large_province_reads_a_fixed_number_of_queries(world, plans):
    client = client_for(world.nacc_provincial)
    url = reverse("plans:missing", args=[CYCLE]) + "?status=all"
    client.get(url)  # the session, warm

    def add(count, start):
        for number in range(start, start + count):
            organisation = make_organisation(f"69{number:05d}", f"ทดสอบ{number}", "8008")
            if number % 2:
                OrganisationProfile.objects.create(organisation=organisation, coordinator_name=f"ผู้ประสาน {number}")
            if number % 3 == 0:
                build_demo_plan(organisation=organisation, cycle=plans)  # begun, not submitted

    def queries():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        return len(captured), response.context["page"].paginator.count

    add(7, 0)  # ten awaited: these seven, กลาย, ท่าศาลา and ท่าซัก
    ten, shown = queries()
    assert shown == 10
    add(30, 100)
    forty, shown = queries()
    assert shown == 40
    assert forty == ten
    assert Organisation.objects.filter(province_id="80").count() == 40
