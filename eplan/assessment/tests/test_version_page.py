"""The submitted version's page leads an assessor back to its scoring page, and names
who sent it as a reader knows them."""

import pytest

from eplan.demo.plans import build_demo_plan

pytestmark = pytest.mark.django_db


def as_user(client, user):
    client.force_login(user)
    return client


def page_of(version):
    plan = version.plan
    return f"/plans/{plan.organisation.code}/{plan.cycle.code}/versions/{version.number}/"


def scoring_link(version):
    return f'href="/assessment/versions/{version.pk}/"'


def test_an_assessor_sees_a_link_to_the_assessment_of_the_version(client, world, version):
    for assessor in (world.nacc_provincial, world.nacc_regional, world.central):
        response = as_user(client, assessor).get(page_of(version))
        assert response.status_code == 200
        assert scoring_link(version) in response.content.decode()
        assert "การประเมินฉบับนี้" in response.content.decode()


def test_the_lao_and_staff_who_do_not_assess_see_no_link(client, world, version):
    for reader in (world.officer, world.executive, world.district_office, world.provincial_dla):
        response = as_user(client, reader).get(page_of(version))
        assert response.status_code == 200
        assert scoring_link(version) not in response.content.decode()


def test_an_outsider_gets_404(client, world, version):
    for outsider in (world.nacc_provincial_krabi, world.outsider_officer, world.nacc_regional_north):
        assert as_user(client, outsider).get(page_of(version)).status_code == 404


def sender_shown(client, world, version):
    body = as_user(client, world.nacc_provincial).get(page_of(version)).content.decode()
    start = body.index("ผู้ส่ง</dt><dd>") + len("ผู้ส่ง</dt><dd>")
    return body[start : body.index("</dd>", start)]


def test_the_primary_account_is_named_by_its_organisation(client, world, cycles):
    plan = build_demo_plan(organisation=world.klai, cycle=cycles["2562-2565"], submitted_by=world.primary)

    assert sender_shown(client, world, plan.versions.get()) == "บัญชีหลักของ อบต.กลาย (6800808)"


def test_a_person_is_named_with_their_username_once(client, world, version):
    assert sender_shown(client, world, version) == "officer.klai"
    world.officer.first_name, world.officer.last_name = "สมศรี", "ใจดี"
    world.officer.save()

    assert sender_shown(client, world, version) == "สมศรี ใจดี (officer.klai)"
