"""Reads of the assessment shared by pages, exports and the API."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Case, Count, Exists, F, OuterRef, Q, Subquery, Value, When
from django.db.models.fields.json import KT
from django.http import Http404

from eplan.accounts import scope
from eplan.accounts.roles import Capability
from eplan.assessment import status as status_module
from eplan.assessment.models import Assessment, AssessmentState, Level, PublicStatus
from eplan.plans.models import PlanVersion, VersionStatus
from eplan.registry.selectors import search_condition

# Where a latest version stands in the provincial office's queue, in the order the queue
# lists them: not started (no provincial score set), a draft, final, returned to the LAO.
QUEUE_STATES = ("todo", AssessmentState.DRAFT.value, AssessmentState.FINAL.value, "returned")

# What each queue filter shows. "waiting" (รอการประเมิน) is what still waits for the
# office: the versions nobody has started, then the drafts.
QUEUE_FILTERS = {
    "waiting": ("todo", "draft"),
    "todo": ("todo",),
    "draft": ("draft",),
    "final": ("final",),
    "returned": ("returned",),
    "submitted": ("todo", "draft", "final"),
    "all": QUEUE_STATES,
}


def queue_for_user(user, *, cycle=None, district=None, org_type="", late=None, text="", states=QUEUE_STATES):
    """The latest version of every plan in the user's scope that waits for, has, or was
    returned before a provincial assessment, with the queue's counts.

    Returns (versions, counts): the versions in `states`, the longest waiting first within
    each state (a fair queue), each carrying `queue_state`, `provincial_state`,
    `provincial_total`, `provincial_result` and `automatic_total`; and {state: number} for
    every state under the same filters, in one query whatever the number of plans."""
    newer = PlanVersion.objects.filter(plan=OuterRef("plan"), number__gt=OuterRef("number"))
    provincial = Assessment.objects.filter(version=OuterRef("pk"), level=Level.PROVINCIAL)
    organisations = scope.organisations_for_user(user, Capability.ASSESS_PLAN)
    if text.strip():
        organisations = organisations.filter(search_condition(text))
    versions = (
        PlanVersion.objects.filter(
            plan__organisation__in=organisations,
            status__in=(VersionStatus.SUBMITTED, VersionStatus.RETURNED),
        )
        .exclude(Exists(newer))
        .annotate(
            provincial_state=Subquery(provincial.values("state")[:1]),
            provincial_total=Subquery(provincial.values("total")[:1]),
            provincial_result=Subquery(provincial.values("result")[:1]),
        )
        .annotate(
            queue_state=Case(
                When(status=VersionStatus.RETURNED, then=Value("returned")),
                When(provincial_state__isnull=True, then=Value("todo")),
                default=F("provincial_state"),
            ),
        )
    )
    if cycle is not None:
        versions = versions.filter(plan__cycle=cycle)
    if district is not None:
        versions = versions.filter(plan__organisation__district=district)
    if org_type:
        versions = versions.filter(plan__organisation__org_type=org_type)
    if late is not None:
        versions = versions.filter(is_late=late)
    counts = versions.aggregate(**{state: Count("pk", filter=Q(queue_state=state)) for state in QUEUE_STATES})
    rank = Case(*(When(queue_state=state, then=Value(i)) for i, state in enumerate(QUEUE_STATES)))
    versions = (
        versions.filter(queue_state__in=states)
        # The snapshot is the whole plan: a queue page needs only its automatic total.
        .defer("snapshot")
        .annotate(automatic_total=KT("snapshot__preassessment__total"))
        .select_related("plan__organisation__district", "plan__organisation__province", "plan__cycle")
        .order_by(rank, "submitted_at", "pk")
    )
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
                "text_en": entry.get("text_en", ""),
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


# Counts of organisations per public status ------------------------------------------------

# Above this many organisations the statuses are read for the whole country and picked
# from, rather than asked for by a long list of ids.
LARGEST_ID_LIST = 2000


def _zeros() -> dict[str, int]:
    return dict.fromkeys(PublicStatus.values, 0)


@dataclass
class StatusCounts:
    """How many organisations have each status (all five, zeros included, in the order of
    PublicStatus): overall, and per group (a province or district code) when grouped."""

    total: dict[str, int] = field(default_factory=_zeros)
    groups: dict[str, dict[str, int]] = field(default_factory=dict)


def count_statuses(members) -> StatusCounts:
    """Count (status, group) pairs: the one place organisations are counted by status, for
    live statuses and an announcement's frozen entries alike."""
    counts = StatusCounts()
    groups = counts.groups
    for status, group in members:
        counts.total[status] += 1
        if group not in groups:
            groups[group] = _zeros()
        groups[group][status] += 1
    return counts


def statuses_of(cycle, organisations, *, today=None) -> dict:
    """status.statuses_for the organisations (a queryset): by their ids, or above
    LARGEST_ID_LIST for the whole country, to pick from."""
    ids = list(organisations.values_list("pk", flat=True))
    return status_module.statuses_for(cycle, ids if len(ids) <= LARGEST_ID_LIST else None, today=today)


def status_counts(cycle, organisations, *, group_by=None, today=None, statuses=None) -> StatusCounts:
    """The organisations' statuses for the cycle (eplan.assessment.status), counted overall
    and, with group_by ("province" or "district"), per province or district code; one
    query plus status.statuses_for's four, whatever the number of organisations.
    `statuses`: what statuses_of already read for these organisations or more (a page that
    counts the same area several ways reads the statuses once)."""
    if group_by:
        key = f"{group_by}_id"
        members = list(organisations.order_by(key).values_list("pk", key))
    else:
        members = [(pk, None) for pk in organisations.values_list("pk", flat=True)]
    if statuses is None:
        ids = [pk for pk, _group in members]
        statuses = status_module.statuses_for(cycle, ids if len(ids) <= LARGEST_ID_LIST else None, today=today)
    found = count_statuses((statuses.get(pk, status_module.NOT_SUBMITTED).status, group) for pk, group in members)
    return found if group_by else StatusCounts(total=found.total)
