"""A score set moves draft → final and no other way."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from eplan.assessment import services
from eplan.assessment.models import ASSESSMENT_TRANSITIONS, AssessmentState
from eplan.core.transitions import require_transition

pytestmark = pytest.mark.django_db


def _full_scores(version):
    return {row["id"]: (Decimal(row["max_points"]), "") for row in version.snapshot["criteria"]}


def test_a_final_score_set_never_goes_back_to_draft():
    assert {AssessmentState.DRAFT: {AssessmentState.FINAL}, AssessmentState.FINAL: set()} == ASSESSMENT_TRANSITIONS
    with pytest.raises(ValidationError, match="เปลี่ยนสถานะจาก ยืนยันผลแล้ว เป็น กำลังประเมิน ไม่ได้"):
        require_transition(ASSESSMENT_TRANSITIONS, AssessmentState.FINAL, AssessmentState.DRAFT)


def test_the_provincial_assessor_finalises_a_draft(world, version):
    assessment = services.assessment_open(actor=world.nacc_provincial, version=version)
    assert assessment.state == AssessmentState.DRAFT
    assessment = services.assessment_save(
        actor=world.nacc_provincial, assessment=assessment, scores=_full_scores(version), judgements={}, finalise=True
    )
    assert assessment.state == AssessmentState.FINAL


def test_finalising_is_refused_when_the_table_does_not_allow_it(world, version, monkeypatch):
    assessment = services.assessment_open(actor=world.nacc_provincial, version=version)
    scores_before = sorted(assessment.scores.values_list("criterion_id", "score"))
    monkeypatch.setattr(services, "ASSESSMENT_TRANSITIONS", {AssessmentState.DRAFT: set()})
    with pytest.raises(ValidationError, match="เปลี่ยนสถานะจาก กำลังประเมิน เป็น ยืนยันผลแล้ว ไม่ได้"):
        services.assessment_save(
            actor=world.nacc_provincial,
            assessment=assessment,
            scores=_full_scores(version),
            judgements={},
            finalise=True,
        )
    assessment.refresh_from_db()
    assert assessment.state == AssessmentState.DRAFT and not assessment.result
    assert sorted(assessment.scores.values_list("criterion_id", "score")) == scores_before  # nothing written
