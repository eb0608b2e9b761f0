"""Recommendations: the อปท. answers, the staff who made it are told once and see the
answer; they accept (close) or reopen; what the table of transitions forbids is refused."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from eplan.core.models import AuditEvent
from eplan.monitoring import selectors, services
from eplan.monitoring.models import RecommendationState
from eplan.notifications.models import Notification
from eplan.testing import client_for

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_a_new_recommendation_tells_the_staff_of_the_organisation(world, recommendation):
    told = set(Notification.objects.filter(kind="recommendation_new").values_list("recipient__username", flat=True))
    assert {"officer.klai", "executive.klai"} <= told
    assert "officer.krabi" not in told and "nacc.80" not in told


def test_an_answer_shows_on_the_staff_view_and_notifies_its_author_once(world, recommendation):
    officer = client_for(world.officer)
    response = officer.post(
        reverse("monitoring:recommendation_answer", args=[recommendation.pk]),
        {"action_taken": "เผยแพร่แผนบนเว็บไซต์แล้ว https://klai.example.org/plan"},
    )
    assert response.status_code == 302
    recommendation.refresh_from_db()
    assert recommendation.state == RecommendationState.ANSWERED

    staff_page = client_for(world.nacc_provincial).get(reverse("monitoring:recommendation", args=[recommendation.pk]))
    assert "เผยแพร่แผนบนเว็บไซต์แล้ว" in staff_page.content.decode()
    told = Notification.objects.filter(kind="recommendation_answered")
    assert list(told.values_list("recipient__username", flat=True)) == ["nacc.80"]
    # The same answer posted again is refused (answered → answered is not a transition): no second notice.
    again = officer.post(reverse("monitoring:recommendation_answer", args=[recommendation.pk]), {"action_taken": "ซ้ำ"})
    assert again.status_code == 422 and "ดำเนินการนี้ไม่ได้" in again.content.decode()
    assert told.count() == 1
    assert AuditEvent.objects.filter(action="monitoring.recommendation_answer").count() == 1


def test_reopened_then_answered_again_tells_the_author_again_then_closed(world, recommendation):
    services.recommendation_answer(actor=world.officer, recommendation=recommendation, action_taken="ทำแล้ว")
    services.recommendation_reopen(actor=world.nacc_provincial, recommendation=recommendation, reason="ยังไม่พบบนเว็บไซต์")
    recommendation.refresh_from_db()
    assert recommendation.state == RecommendationState.REOPENED
    services.recommendation_answer(actor=world.executive, recommendation=recommendation, action_taken="ลงเว็บไซต์แล้ว")
    services.recommendation_accept(actor=world.nacc_provincial, recommendation=recommendation)
    recommendation.refresh_from_db()
    assert recommendation.state == RecommendationState.CLOSED
    assert Notification.objects.filter(kind="recommendation_answered").count() == 2
    assert [a.decision for a in recommendation.answers.all()] == ["reopened", "accepted"]


def test_transitions_not_in_the_table_are_refused(world, recommendation):
    with pytest.raises(ValidationError):  # open → closed
        services.recommendation_accept(actor=world.nacc_provincial, recommendation=recommendation)
    with pytest.raises(ValidationError):  # open → reopened
        services.recommendation_reopen(actor=world.nacc_provincial, recommendation=recommendation, reason="x")
    services.recommendation_answer(actor=world.officer, recommendation=recommendation, action_taken="ทำแล้ว")
    services.recommendation_accept(actor=world.nacc_provincial, recommendation=recommendation)
    with pytest.raises(ValidationError):  # closed → answered
        services.recommendation_answer(actor=world.officer, recommendation=recommendation, action_taken="อีก")
    recommendation.refresh_from_db()
    assert recommendation.state == RecommendationState.CLOSED


def test_only_the_organisation_answers_and_only_staff_decide(world, recommendation):
    with pytest.raises(PermissionDenied):
        services.recommendation_answer(actor=world.nacc_provincial, recommendation=recommendation, action_taken="x")
    with pytest.raises(PermissionDenied):
        services.recommendation_answer(actor=world.outsider_officer, recommendation=recommendation, action_taken="x")
    services.recommendation_answer(actor=world.officer, recommendation=recommendation, action_taken="ทำแล้ว")
    with pytest.raises(PermissionDenied):
        services.recommendation_accept(actor=world.officer, recommendation=recommendation)
    with pytest.raises(PermissionDenied):
        services.recommendation_accept(actor=world.nacc_provincial_krabi, recommendation=recommendation)


def test_overdue_is_open_or_reopened_past_its_due_date(world, recommendation):
    due = recommendation.due_on
    everything = selectors.recommendations_for_user(world.nacc_provincial)
    assert not selectors.overdue(everything, due).exists()
    assert selectors.overdue(everything, due + datetime.timedelta(days=1)).get() == recommendation
    services.recommendation_answer(actor=world.officer, recommendation=recommendation, action_taken="ทำแล้ว")
    assert not selectors.overdue(everything, due + datetime.timedelta(days=1)).exists()


def test_an_answer_with_a_file_that_is_not_what_it_says_is_refused_and_changes_nothing(world, recommendation):
    response = client_for(world.officer).post(
        reverse("monitoring:recommendation_answer", args=[recommendation.pk]),
        {"action_taken": "ทำแล้ว", "file": SimpleUploadedFile("หลักฐาน.pdf", b"MZ\x90\x00 not a pdf")},
    )
    assert response.status_code == 422
    assert "เนื้อไฟล์ไม่ใช่ .pdf" in response.content.decode()
    recommendation.refresh_from_db()
    assert recommendation.state == RecommendationState.OPEN and not recommendation.answers.exists()
    ok = client_for(world.officer).post(
        reverse("monitoring:recommendation_answer", args=[recommendation.pk]),
        {"action_taken": "ทำแล้ว", "file": SimpleUploadedFile("หลักฐาน.pdf", PDF)},
    )
    assert ok.status_code == 302
    answer = recommendation.answers.get()
    assert answer.content_type == "application/pdf" and "หลักฐาน" not in answer.file.name
    served = client_for(world.nacc_provincial).get(reverse("monitoring:answer_file", args=[answer.pk]))
    assert served.status_code == 200 and served["Content-Type"] == "application/pdf"
    assert (
        client_for(world.nacc_provincial_krabi).get(reverse("monitoring:answer_file", args=[answer.pk])).status_code
        == 404
    )


def test_an_empty_or_huge_answer_gets_a_thai_message_not_a_500(world, recommendation):
    officer = client_for(world.officer)
    url = reverse("monitoring:recommendation_answer", args=[recommendation.pk])
    empty = officer.post(url, {"action_taken": "  \x00 "})
    assert empty.status_code == 422 and "กรุณากรอกการดำเนินการ" in empty.content.decode()
    huge = officer.post(url, {"action_taken": "ก" * 6000})
    assert huge.status_code == 422 and "ยาวได้ไม่เกิน" in huge.content.decode()
    recommendation.refresh_from_db()
    assert recommendation.state == RecommendationState.OPEN
