"""The one place that says an organisation's status for a cycle.

    ยังไม่จัดส่งแผน        no version submitted
    ส่งกลับแก้ไข           the latest version was returned for revision before scoring
    อยู่ระหว่างการประเมิน    submitted; not scored yet, or scored but before the release date
    แผนไม่สมบูรณ์ตามเกณฑ์   released result below the pass mark (also while the LAO revises it)
    ผ่านเกณฑ์มาตรฐาน        released result at or above the pass mark

Every page, export, announcement and API endpoint asks here. `statuses_for` reads a whole
country in four queries.
"""

from dataclasses import dataclass

from django.utils import timezone

from eplan.assessment.models import Assessment, AssessmentState, PublicStatus, Result
from eplan.plans.models import Plan, PlanVersion, VersionStatus


@dataclass(frozen=True)
class StatusInfo:
    status: str
    version_id: int | None = None
    version_number: int | None = None
    assessment_id: int | None = None
    total: object = None

    @property
    def label(self):
        return PublicStatus(self.status).label


NOT_SUBMITTED = StatusInfo(PublicStatus.NOT_SUBMITTED)


def is_released(cycle, today=None) -> bool:
    return (today or timezone.localdate()) >= cycle.score_release_date


@dataclass(frozen=True)
class Counting:
    """The score set that counts for a version, as much of it as a status needs (read as
    plain values: a country's worth of model instances took a second)."""

    pk: int
    version_id: int
    result: str
    total: object
    finalised_at: object

    @property
    def id(self) -> int:
        return self.pk


def counting_assessments(version_ids) -> dict:
    """{version id: the latest final assessment}: the score set that counts."""
    counting = {}
    for assessment in (
        Assessment.objects.filter(version_id__in=list(version_ids), state=AssessmentState.FINAL)
        .order_by("version_id", "finalised_at", "id")
        .only("id", "version_id", "result", "total", "finalised_at")
    ):
        counting[assessment.version_id] = assessment  # later ones overwrite earlier
    return counting


def counting_results(version_ids) -> dict[int, Counting]:
    """counting_assessments as plain values, for many versions at once (statuses)."""
    counting = {}
    for row in (
        Assessment.objects.filter(version_id__in=list(version_ids), state=AssessmentState.FINAL)
        .order_by("version_id", "finalised_at", "id")
        .values_list("id", "version_id", "result", "total", "finalised_at")
    ):
        counting[row[1]] = Counting(*row)  # later ones overwrite earlier
    return counting


def _status(version, assessment, released) -> StatusInfo:
    if version is None:
        return NOT_SUBMITTED
    base = {"version_id": version["id"], "version_number": version["number"]}
    if version["status"] == VersionStatus.RETURNED:
        return StatusInfo(PublicStatus.RETURNED, **base)
    if assessment is not None and released:
        status = PublicStatus.PASSED if assessment.result == Result.PASSED else PublicStatus.INCOMPLETE
        return StatusInfo(status, assessment_id=assessment.pk, total=assessment.total, **base)
    return StatusInfo(PublicStatus.IN_ASSESSMENT, **base)


def statuses_for(cycle, organisation_ids=None, *, today=None) -> dict[int, StatusInfo]:
    """{organisation id: StatusInfo} for the given organisations (or all with a plan);
    organisations missing from the answer have not submitted."""
    plans = Plan.objects.filter(cycle=cycle)
    if organisation_ids is not None:
        plans = plans.filter(organisation_id__in=organisation_ids)
    plan_org = dict(plans.values_list("id", "organisation_id"))
    latest = {}
    for version in (
        PlanVersion.objects.filter(plan_id__in=list(plan_org))
        .order_by("plan_id", "number")
        .values("id", "plan_id", "number", "status")
    ):
        latest[version["plan_id"]] = version
    counting = counting_results(version["id"] for version in latest.values())
    released = is_released(cycle, today)
    return {
        plan_org[plan_id]: _status(version, counting.get(version["id"]), released)
        for plan_id, version in latest.items()
    }


def status_of(organisation, cycle, *, today=None) -> StatusInfo:
    return statuses_for(cycle, [organisation.pk], today=today).get(organisation.pk, NOT_SUBMITTED)
