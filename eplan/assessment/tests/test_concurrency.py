"""Two assessors never overwrite each other's scores unseen: the scoring page and the API
carry the state of the score set they were read from (the same mechanism as the plan
pages, eplan.core.concurrency), and a save over a newer one is refused with what is stored
now beside what was typed."""

import re

import pytest

from eplan.assessment.models import Assessment, CriterionScore, Level
from eplan.assessment.tests.test_api import full_scores, score_path, with_token
from eplan.assessment.tests.test_scoring_page import as_user, form_data, page_of

pytestmark = pytest.mark.django_db


def state_in(response) -> str:
    found = re.search(r'name="_state" value="([0-9a-f]+)"', response.content.decode())
    return found.group(1) if found else ""


def judged_criterion(version):
    """A criterion whose automatic result the assessor may overrule with a comment."""
    return version.snapshot["preassessment"]["criteria"][0]


def test_an_assessors_score_is_not_lost_to_a_colleagues_put_from_an_older_read(world, version):
    criterion = str(judged_criterion(version)["id"])
    provincial, regional = with_token(world.nacc_provincial), with_token(world.nacc_regional)
    assert provincial.put(score_path(version), {"scores": full_scores(version)}).status_code == 200
    read = regional.get(f"/assessment/versions/{version.pk}")
    etag = f'"{read.json()["score_sets"]["provincial"].get("etag", "")}"'

    mine = provincial.put(score_path(version), {"scores": {criterion: {"score": "1.00", "comment": "หลักฐานไม่พอ"}}})
    assert mine.status_code == 200
    theirs = regional.client.put(
        "/api/v1" + score_path(version),
        {"scores": full_scores(version)},
        content_type="application/json",
        headers={**regional.headers, "If-Match": etag},
    )

    assert theirs.status_code == 412, theirs.content
    assert theirs.json()["current"]["scores"][criterion] == ["1.00", "หลักฐานไม่พอ"]
    assert CriterionScore.objects.get(assessment__version=version, criterion_id=criterion).score == 1


def test_the_version_read_gives_each_score_sets_etag_and_if_none_match_guards_the_first_save(world, version):
    provincial, regional = with_token(world.nacc_provincial), with_token(world.nacc_regional)
    assert provincial.get(score_path(version)).status_code == 404  # not started yet
    assert provincial.put(score_path(version), {"scores": full_scores(version)}).status_code == 200

    started = regional.client.put(
        "/api/v1" + score_path(version),
        {"scores": full_scores(version)},
        content_type="application/json",
        headers={**regional.headers, "If-None-Match": "*"},
    )

    assert started.status_code == 412
    sets = provincial.get(f"/assessment/versions/{version.pk}").json()["score_sets"]
    assert sets["provincial"]["etag"] == provincial.get(score_path(version))["ETag"].strip('"')


def test_a_stale_scoring_page_shows_the_colleagues_score_beside_mine_and_keeps_mine(client, world, version):
    criterion = judged_criterion(version)
    key = f"score_{criterion['id']}"
    mine = as_user(client, world.nacc_provincial)
    seen = state_in(mine.get(page_of(version)))
    colleague = as_user(type(client)(), world.nacc_regional)
    colleague.post(page_of(version), form_data(version, **{key: "1", f"comment_{criterion['id']}": "ของเพื่อนร่วมงาน"}))

    refused = mine.post(page_of(version), form_data(version, **{key: "3", "_state": seen, "general_comment": "ของฉัน"}))

    assert refused.status_code == 422
    body = refused.content.decode()
    assert "มีผู้อื่นบันทึก" in body
    assert "ของเพื่อนร่วมงาน" in body  # what is stored now
    assert f'name="{key}" value="3"' in body and "ของฉัน" in body  # what I typed, kept
    assessment = Assessment.objects.get(version=version, level=Level.PROVINCIAL)
    assert assessment.scores.get(criterion_id=criterion["id"]).score == 1
