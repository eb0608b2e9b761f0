"""Visits and recommendations through the API, scoped like the pages."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from eplan.core.tests.test_pdf_text_layer import pdftotext
from eplan.monitoring.models import RecommendationState
from eplan.notifications.models import Notification
from eplan.testing import client_for

pytestmark = pytest.mark.django_db


def test_the_organisation_answers_through_the_api_and_the_author_is_told_once(world, recommendation):
    officer = client_for(world.officer)
    url = f"/api/v1/recommendations/{recommendation.pk}/answer"
    body = {"action_taken": "เผยแพร่แผนแล้ว"}
    answered = officer.post(url, body, content_type="application/json")
    assert answered.status_code == 200 and answered.json()["state"] == "answered"
    again = officer.post(url, body, content_type="application/json")
    assert again.status_code == 409 and "ดำเนินการนี้ไม่ได้" in again.json()["detail"]
    assert Notification.objects.filter(kind="recommendation_answered", recipient=world.nacc_provincial).count() == 1
    staff = client_for(world.nacc_provincial).get("/api/v1/recommendations?state=answered").json()
    assert [row["id"] for row in staff["items"]] == [recommendation.pk]


def test_answering_is_refused_outside_the_scope_and_to_offices_and_bad_input_is_422(world, recommendation):
    url = f"/api/v1/recommendations/{recommendation.pk}/answer"
    body = {"action_taken": "ทำแล้ว"}
    assert client_for(world.outsider_officer).post(url, body, content_type="application/json").status_code == 404
    assert client_for(world.nacc_provincial_krabi).post(url, body, content_type="application/json").status_code == 404
    assert client_for(world.district_office).post(url, body, content_type="application/json").status_code == 403
    officer = client_for(world.officer)
    empty = officer.post(url, {"action_taken": " "}, content_type="application/json")
    assert empty.status_code == 422 and "action_taken" in empty.json()["errors"]
    huge = officer.post(url, {"action_taken": "ก" * 6000}, content_type="application/json")
    assert huge.status_code == 422
    unknown = officer.post(url, {"action_taken": "x", "state": "closed"}, content_type="application/json")
    assert unknown.status_code == 422
    assert Client().post(url, body, content_type="application/json").status_code == 401
    recommendation.refresh_from_db()
    assert recommendation.state == RecommendationState.OPEN


def test_overdue_filter_and_visit_detail(world, recommendation):
    officer = client_for(world.officer)
    rows = officer.get("/api/v1/recommendations?state=overdue").json()["items"]
    overdue = recommendation.due_on < datetime.date.today()
    assert [row["id"] for row in rows] == ([recommendation.pk] if overdue else [])
    assert officer.get("/api/v1/recommendations?state=nonsense").status_code == 422
    detail = officer.get(f"/api/v1/visits/{recommendation.covered.visit_id}").json()
    assert detail["covered"][0]["findings"][0]["result"] == "met"
    assert detail["covered"][0]["recommendations"][0]["id"] == recommendation.pk
    assert officer.get("/api/v1/visits/99999999999999999999").status_code == 404
    assert officer.get("/api/v1/visits?fiscal_year=1").status_code == 422


def test_visits_and_recommendations_are_filtered_by_area_and_year(world, recommendation):
    staff = client_for(world.nacc_regional)
    visit = recommendation.covered.visit

    def ids(path, **params):
        response = staff.get(path, params)
        assert response.status_code == 200, response.content
        return [row["id"] for row in response.json()["items"]]

    assert ids("/api/v1/visits", province="80") == ids("/api/v1/visits", district="8008") == [visit.pk]
    assert ids("/api/v1/visits", district="8001") == ids("/api/v1/visits", province="81") == []
    assert ids("/api/v1/recommendations", region="8") == [recommendation.pk]
    assert ids("/api/v1/recommendations", province="81") == []
    assert ids("/api/v1/recommendations", fiscal_year=visit.fiscal_year) == [recommendation.pk]
    assert ids("/api/v1/recommendations", fiscal_year=visit.fiscal_year + 1) == []
    refused = staff.get("/api/v1/visits", {"district": "9999"})
    assert refused.status_code == 422 and list(refused.json()["errors"]) == ["district"]


def test_the_openapi_document_describes_supervision_in_thai(world):
    spec = Client().get("/api/v1/openapi.json").json()
    assert (
        spec["paths"]["/api/v1/recommendations/{recommendation_id}/answer"]["post"]["summary"] == "ตอบข้อเสนอแนะ (อปท.)"
    )


def test_the_visit_report_pdf_has_a_thai_text_layer(world, recommendation, tmp_path):
    response = client_for(world.nacc_provincial).get(
        reverse("monitoring:visit_pdf", args=[recommendation.covered.visit_id])
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "".join(pdftotext(response.content, tmp_path).split())
    assert "รายงานผลการนิเทศติดตาม" in text and "เผยแพร่แผนบนเว็บไซต์ของอปท." in text
    assert "ประจำปีงบประมาณพ.ศ.2569" in text
