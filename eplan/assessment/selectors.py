"""Reads of the assessment shared by pages, exports and the API."""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Exists, OuterRef, Subquery
from django.http import Http404

from eplan.accounts import scope
from eplan.accounts.roles import Capability
from eplan.assessment import status as status_module
from eplan.assessment.models import Assessment, AssessmentState, Level
from eplan.plans.models import PlanVersion, VersionStatus

QUEUE_STATES = {"todo": "todo", "draft": AssessmentState.DRAFT, "final": AssessmentState.FINAL}


def queue_for_user(user, *, cycle=None, district=None, org_type="", state="", late=None):
    """Latest submitted versions awaiting or having a provincial assessment, in the
    user's scope, oldest first. Each carries `provincial_state` ('' when not started)."""
    newer = PlanVersion.objects.filter(plan=OuterRef("plan"), number__gt=OuterRef("number"))
    provincial = Assessment.objects.filter(version=OuterRef("pk"), level=Level.PROVINCIAL)
    versions = (
        PlanVersion.objects.filter(
            plan__organisation__in=scope.organisations_for_user(user, Capability.ASSESS_PLAN),
            status=VersionStatus.SUBMITTED,
        )
        .exclude(Exists(newer))
        .annotate(
            provincial_state=Subquery(provincial.values("state")[:1]),
            provincial_total=Subquery(provincial.values("total")[:1]),
            provincial_result=Subquery(provincial.values("result")[:1]),
        )
        .select_related("plan__organisation__district", "plan__organisation__province", "plan__cycle")
        .order_by("submitted_at", "pk")
    )
    if cycle is not None:
        versions = versions.filter(plan__cycle=cycle)
    if district is not None:
        versions = versions.filter(plan__organisation__district=district)
    if org_type:
        versions = versions.filter(plan__organisation__org_type=org_type)
    if late is not None:
        versions = versions.filter(is_late=late)
    counts = {"todo": 0, AssessmentState.DRAFT: 0, AssessmentState.FINAL: 0}
    for value in versions.values_list("provincial_state", flat=True):
        counts[value or "todo"] += 1
    if state == "todo":
        versions = versions.filter(provincial_state__isnull=True)
    elif state in (AssessmentState.DRAFT, AssessmentState.FINAL):
        versions = versions.filter(provincial_state=state)
    return versions, counts


def version_for_assessor_or_404(user, pk) -> PlanVersion:
    try:
        return (
            PlanVersion.objects.filter(
                plan__organisation__in=scope.organisations_for_user(user, Capability.ASSESS_PLAN)
            )
            .select_related("plan__organisation__province", "plan__organisation__district", "plan__cycle")
            .get(pk=pk)
        )
    except (PlanVersion.DoesNotExist, ValueError):
        raise Http404 from None


def result_of(version) -> dict | None:
    """What the LAO sees once results are released: the counting score set per dimension
    and criterion, comments, the criteria that fell short and what they lacked, and the
    items judged not to fit. None when there is no final assessment."""
    assessment = status_module.counting_assessments([version.pk]).get(version.pk)
    if assessment is None:
        return None
    scores = {score.criterion_id: score for score in assessment.scores.all()}
    automatic = {row["id"]: row for row in version.snapshot["preassessment"]["criteria"]}
    groups = defaultdict(lambda: {"score": Decimal(0), "max": Decimal(0)})
    rows = []
    for entry in version.snapshot["criteria"]:
        score = scores.get(entry["id"])
        maximum = Decimal(entry["max_points"])
        value = score.score if score else Decimal(0)
        groups[entry["dimension"]]["score"] += value
        groups[entry["dimension"]]["max"] += maximum
        rows.append(
            {
                "text": entry["text"],
                "dimension": entry["dimension"],
                "max": maximum,
                "score": value,
                "comment": score.comment if score else "",
                "short": value < maximum,
                "problems": automatic.get(entry["id"], {}).get("problems", []),
            }
        )
    items = {
        entry["id"]: entry
        for dimension in version.snapshot["dimensions"]
        for mission in dimension["missions"]
        for entry in mission["items"]
    }
    misfits = [
        {"item": items.get(judgement.item_id, {"title": "?", "mission": ""}), "reason": judgement.reason}
        for judgement in assessment.judgements.filter(fits=False).order_by("item_id")
    ]
    return {
        "assessment": assessment,
        "level": Level(assessment.level).label,
        "rows": rows,
        "groups": [
            {"number": number, **values} for number, values in sorted(groups.items(), key=lambda kv: kv[0] or 0)
        ],
        "failed": [row for row in rows if row["short"]],
        "misfits": misfits,
    }


def score_sets(version) -> dict:
    """All score sets of a version, for the side-by-side assessor page: {level: Assessment}."""
    return {assessment.level: assessment for assessment in version.assessments.prefetch_related("scores", "judgements")}
