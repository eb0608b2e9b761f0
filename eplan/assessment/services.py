"""Writes of the assessment: scoring a submitted version, finalising, changes after release,
reopening an incomplete plan for revision, and publishing the status announcement."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from eplan.accounts import scope
from eplan.accounts.roles import Capability
from eplan.assessment import status as status_module
from eplan.assessment.models import (
    ASSESSMENT_TRANSITIONS,
    Announcement,
    AnnouncementEntry,
    Assessment,
    AssessmentState,
    CriterionScore,
    ItemJudgement,
    Level,
    PublicStatus,
    Result,
)
from eplan.assessment.selectors import count_statuses
from eplan.core.audit import audit_record
from eplan.core.concurrency import StaleEdit, require_fresh, state_token
from eplan.core.permissions import require
from eplan.core.transitions import require_transition
from eplan.frameworks.models import Criterion, Cycle
from eplan.plans import services as plan_services
from eplan.plans.models import PlanStatus, PlanVersion, VersionStatus
from eplan.registry.models import Organisation

ZERO = Decimal("0.00")


def _codes(version):
    organisation = version.plan.organisation
    return {"organisation_code": organisation.code, "province_code": organisation.province_id}


def may_assess(actor, version, level) -> bool:
    organisation = version.plan.organisation
    if level == Level.CENTRAL:
        return scope.is_national(actor, Capability.REVIEW_ASSESSMENT)
    return scope.has_capability(actor, Capability.ASSESS_PLAN, organisation)


def snapshot_items(version) -> dict[int, dict]:
    found = {}
    for dimension in version.snapshot["dimensions"]:
        for mission in dimension["missions"]:
            for entry in mission["items"]:
                found[entry["id"]] = {**entry, "dimension": dimension["number"]}
    return found


def automatic_expected(version) -> dict[int, Decimal | None]:
    """{criterion id: the automatic result in points, or None for a person's judgement},
    exactly as the frozen version's pre-assessment computed it."""
    return {
        row["id"]: (Decimal(row["expected"]) if row["automatic"] else None)
        for row in version.snapshot["preassessment"]["criteria"]
    }


def assessment_refusal(version, *, started=False) -> str:
    """Why this version cannot be scored ('' when it can): a returned version is not
    scored, and a score set is started only on the latest version of a plan (one already
    started stays editable after the LAO resubmits)."""
    if version.status != VersionStatus.SUBMITTED:
        return _("ฉบับนี้ถูกส่งกลับให้แก้ไขแล้ว ประเมินฉบับที่ส่งใหม่แทน")
    if not started and version.plan.versions.filter(number__gt=version.number).exists():
        return _("ประเมินได้เฉพาะฉบับล่าสุดที่ส่ง")
    return ""


def assessment_prefill(version, level) -> tuple[dict, dict]:
    """What a new score set of this level starts from: ({criterion id: (score, comment)},
    {item id: (fits, reason)}). A provincial set starts from the automatic checks of the
    version's snapshot; a central review starts from the provincial set when there is one.
    Reads only: the scoring page shows it before anything is saved."""
    if level == Level.CENTRAL:
        source = Assessment.objects.filter(version=version, level=Level.PROVINCIAL).first()
        if source is not None:
            return (
                {s.criterion_id: (s.score, s.comment) for s in source.scores.all()},
                {j.item_id: (j.fits, j.reason) for j in source.judgements.all()},
            )
    automatic = automatic_expected(version)
    return {criterion_id: (score, "") for criterion_id, score in automatic.items() if score is not None}, {}


@transaction.atomic
def assessment_open(*, actor, version: PlanVersion, level=Level.PROVINCIAL) -> Assessment:
    """The score set of this level on this version (created as a draft the first time,
    filled in with `assessment_prefill`)."""
    version = PlanVersion.objects.select_related("plan__organisation", "plan__cycle").get(pk=version.pk)
    require(may_assess(actor, version, level))
    existing = Assessment.objects.filter(version=version, level=level).first()
    if existing is not None:
        return existing
    refusal = assessment_refusal(version)
    if refusal:
        raise ValidationError(refusal)
    scores, judgements = assessment_prefill(version, level)
    assessment = Assessment.objects.create(version=version, level=level, assessor=actor)
    CriterionScore.objects.bulk_create(
        CriterionScore(assessment=assessment, criterion_id=criterion_id, score=score, comment=comment)
        for criterion_id, (score, comment) in scores.items()
    )
    ItemJudgement.objects.bulk_create(
        ItemJudgement(assessment=assessment, item_id=item_id, fits=fits, reason=reason)
        for item_id, (fits, reason) in judgements.items()
    )
    return assessment


def score_set_values(assessment) -> dict:
    """What a score set holds, for eplan.core.concurrency: the scoring page and the API are
    given its token and send it back, and what a refused save shows as stored now (the
    API's 412 `current`). A set not started yet ({}) has a token of its own, so a first
    save over a colleague's first save is refused too."""
    if assessment is None:
        return {}
    return {
        "state": assessment.state,
        "general_comment": assessment.general_comment,
        "scores": {
            str(score.criterion_id): [f"{score.score:.2f}", score.comment]
            for score in sorted(assessment.scores.all(), key=lambda score: score.criterion_id)
        },
        "judgements": {
            str(judgement.item_id): [judgement.fits, judgement.reason]
            for judgement in sorted(assessment.judgements.all(), key=lambda judgement: judgement.item_id)
        },
    }


def score_set_state(assessment) -> str:
    """The token of a score set (or of none yet) as the form or API client saw it."""
    return state_token(score_set_values(assessment))


STALE_MESSAGE = _lazy("มีผู้อื่นบันทึกการประเมินฉบับนี้หลังจากที่คุณเปิดหน้านี้ จึงยังไม่ได้บันทึกของคุณ")


@transaction.atomic
def assessment_record(
    *,
    actor,
    version: PlanVersion,
    level=Level.PROVINCIAL,
    scores: dict,
    judgements: dict,
    general_comment: str | None = None,
    finalise: bool = False,
    change_reason: str = "",
    seen: str | None = None,
) -> Assessment:
    """Open (on the first save) and save the score set of this level in one step: a refused
    save leaves no empty score set behind. `seen` is the state the form or API client read
    (score_set_state); when given and the set changed since (a colleague saved, or started
    it), nothing is saved: StaleEdit with the set as stored now.
    `general_comment=None` keeps the comment already there."""
    require(may_assess(actor, version, level))
    # The version's row is the turnstile of its score sets: two first saves cannot both
    # create one, and a save waits for a return of the version being committed.
    PlanVersion.objects.select_for_update().filter(pk=version.pk).first()
    current = Assessment.objects.filter(version=version, level=level).prefetch_related("scores", "judgements").first()
    try:
        require_fresh(current, (), seen=seen, current=score_set_values(current))
    except StaleEdit as stale:
        raise StaleEdit(current=stale.current, message=str(STALE_MESSAGE)) from None
    assessment = current or assessment_open(actor=actor, version=version, level=level)
    return assessment_save(
        actor=actor,
        assessment=assessment,
        scores=scores,
        judgements=judgements,
        general_comment=assessment.general_comment if general_comment is None else general_comment,
        finalise=finalise,
        change_reason=change_reason,
    )


@transaction.atomic
def assessment_save(
    *,
    actor,
    assessment: Assessment,
    scores: dict,
    judgements: dict,
    general_comment: str = "",
    finalise: bool = False,
    change_reason: str = "",
) -> Assessment:
    """Save scores {criterion id: (score or None, comment)} and item judgements
    {item id: (fits, reason)}; with finalise=True also decide the result.

    Refused (ValidationError keyed 'score_<id>', 'item_<id>' or a field name) when a score
    is outside 0..max, a score differs from the automatic result without a comment, an
    item judged not to fit has no reason, or, when finalising, a criterion is unscored.
    Changing a final assessment after the release date needs a reason and is audited."""
    assessment = (
        Assessment.objects.select_for_update(of=("self",))
        .select_related("version__plan__organisation", "version__plan__cycle")
        .get(pk=assessment.pk)
    )
    version = assessment.version
    require(may_assess(actor, version, assessment.level))
    refusal = assessment_refusal(version, started=True)
    if refusal:
        raise ValidationError(refusal)
    cycle = version.plan.cycle
    criteria = {criterion.pk: criterion for criterion in Criterion.objects.filter(cycle=cycle)}
    expected = automatic_expected(version)
    items = snapshot_items(version)
    released = status_module.is_released(cycle)
    after_release_change = assessment.is_final and released
    problems = {}
    if after_release_change and len(change_reason.strip()) < 10:
        problems["change_reason"] = _("ผลนี้ประกาศแล้ว การแก้ไขต้องระบุเหตุผล (อย่างน้อย 10 ตัวอักษร)")
    for criterion_id, (score, comment) in scores.items():
        criterion = criteria.get(int(criterion_id))
        if criterion is None or int(criterion_id) not in expected:
            problems[f"score_{criterion_id}"] = _("ไม่มีเกณฑ์นี้ในแผนฉบับที่ส่ง")
            continue
        if score is None:
            if finalise or assessment.is_final:
                problems[f"score_{criterion_id}"] = _("ให้คะแนนทุกเกณฑ์ก่อนยืนยันผล")
            continue
        if score < 0 or score > criterion.max_points:
            problems[f"score_{criterion_id}"] = _("คะแนนต้องอยู่ระหว่าง 0 ถึง %(max)s") % {
                "max": f"{criterion.max_points:g}"
            }
        elif expected[int(criterion_id)] is not None and score != expected[int(criterion_id)] and not comment.strip():
            problems[f"score_{criterion_id}"] = _("คะแนนต่างจากผลตรวจอัตโนมัติ (%(auto)s) ต้องระบุความเห็นว่าเพราะเหตุใด") % {
                "auto": f"{expected[int(criterion_id)]:g}"
            }
    for item_id, (fits, reason) in judgements.items():
        if int(item_id) not in items:
            problems[f"item_{item_id}"] = _("ไม่มีรายการนี้ในแผนฉบับที่ส่ง")
            continue
        if not fits and not reason.strip():
            problems[f"item_{item_id}"] = _("ระบุเหตุผลที่รายการนี้ไม่สอดคล้องกับมิติ")
    if problems:
        raise ValidationError(problems)

    before = {
        "scores": {str(s.criterion_id): str(s.score) for s in assessment.scores.all()},
        "misfits": sorted(j.item_id for j in assessment.judgements.filter(fits=False)),
        "result": assessment.result,
    }
    existing = {score.criterion_id: score for score in assessment.scores.all()}
    new_scores, changed_scores, cleared = [], [], []
    for criterion_id, (score, comment) in scores.items():
        current = existing.get(int(criterion_id))
        if score is None:
            if current is not None:
                cleared.append(current.pk)
        elif current is None:
            new_scores.append(
                CriterionScore(assessment=assessment, criterion_id=criterion_id, score=score, comment=comment.strip())
            )
        elif (current.score, current.comment) != (score, comment.strip()):
            current.score, current.comment = score, comment.strip()
            changed_scores.append(current)
    CriterionScore.objects.filter(pk__in=cleared).delete()
    CriterionScore.objects.bulk_create(new_scores)
    CriterionScore.objects.bulk_update(changed_scores, ["score", "comment"])
    known = {judgement.item_id: judgement for judgement in assessment.judgements.all()}
    new_judgements, changed_judgements = [], []
    for item_id, (fits, reason) in judgements.items():
        reason = reason.strip() if not fits else ""
        current = known.get(int(item_id))
        if current is None:
            new_judgements.append(ItemJudgement(assessment=assessment, item_id=item_id, fits=fits, reason=reason))
        elif (current.fits, current.reason) != (fits, reason):
            current.fits, current.reason = fits, reason
            changed_judgements.append(current)
    ItemJudgement.objects.bulk_create(new_judgements)
    ItemJudgement.objects.bulk_update(changed_judgements, ["fits", "reason"])
    assessment.general_comment = general_comment.strip()
    assessment.assessor = actor
    if finalise or assessment.is_final:
        scored = set(assessment.scores.values_list("criterion_id", flat=True))
        missing = sorted(set(expected) - scored)
        if missing:  # raising here rolls back everything written above
            raise ValidationError({f"score_{pk}": _("ให้คะแนนทุกเกณฑ์ก่อนยืนยันผล") for pk in missing})
        total = sum((s.score for s in assessment.scores.all()), ZERO)
        assessment.total = total
        assessment.pass_mark = cycle.pass_mark
        assessment.result = Result.PASSED if total >= cycle.pass_mark else Result.INCOMPLETE
        if not assessment.is_final:
            require_transition(ASSESSMENT_TRANSITIONS, assessment.state, AssessmentState.FINAL)
            assessment.state = AssessmentState.FINAL
            assessment.finalised_at = timezone.now()
            assessment.finalised_by = actor
    assessment.save()
    after = {
        "scores": {str(s.criterion_id): str(s.score) for s in assessment.scores.all()},
        "misfits": sorted(j.item_id for j in assessment.judgements.filter(fits=False)),
        "result": assessment.result,
    }
    changes = {key: [before[key], after[key]] for key in before if before[key] != after[key]}
    action = "assessment.save"
    if after_release_change:
        action = "assessment.change_after_release"
    elif finalise:
        action = "assessment.finalise"
    if changes or finalise:
        audit_record(
            actor=actor,
            action=action,
            obj=assessment,
            changes=changes,
            detail={"level": assessment.level, "total": assessment.total, "reason": change_reason.strip()},
            **_codes(version),
        )
    return assessment


def counting_assessment(version):
    return status_module.counting_assessments([version.pk]).get(version.pk)


@transaction.atomic
def plan_revise_after_result(*, actor, plan):
    """The LAO opens its plan again after the released result said it is incomplete."""
    latest = plan.versions.order_by("-number").first()
    if plan.status != PlanStatus.SUBMITTED or latest is None:
        raise ValidationError(_("แผนนี้ไม่ได้อยู่ในสถานะที่แก้ไขตามผลการประเมินได้"))
    info = status_module.status_of(plan.organisation, plan.cycle)
    if info.status != PublicStatus.INCOMPLETE:
        raise ValidationError(_("แก้ไขได้เมื่อประกาศผลแล้วว่าแผนไม่สมบูรณ์ตามเกณฑ์"))
    return plan_services.plan_reopen_for_revision(
        actor=actor, plan=plan, reason=f"assessment {info.assessment_id}: {PublicStatus.INCOMPLETE.label}"
    )


def excluded_item_ids(version) -> set[int]:
    """Items of a version judged not to fit their dimension by the counting assessment:
    they need no progress report and stay out of the implementation score."""
    assessment = counting_assessment(version)
    if assessment is None:
        return set()
    return set(assessment.judgements.filter(fits=False).values_list("item_id", flat=True))


@transaction.atomic
def announcement_publish(*, actor, cycle, title: str = "", note: str = "") -> Announcement:
    """Freeze every active organisation's status for a cycle as of now."""
    require(scope.is_national(actor, Capability.PUBLISH_ANNOUNCEMENT))
    # Two administrators publishing at once take turns on the cycle's row, so each gets
    # its own number instead of one of them failing on the unique constraint.
    Cycle.objects.select_for_update().filter(pk=cycle.pk).first()
    organisations = list(
        Organisation.objects.filter(active=True)
        .select_related("province", "district")
        .order_by("province_id", "district_id", "code")
    )
    statuses = status_module.statuses_for(cycle)
    last = Announcement.objects.filter(cycle=cycle).order_by("-number").first()
    now = timezone.now()
    announcement = Announcement.objects.create(
        cycle=cycle,
        number=(last.number + 1) if last else 1,
        as_of=now,
        title=title.strip() or _("ผลการจัดทำแผนปฏิบัติการป้องกันการทุจริตขององค์กรปกครองส่วนท้องถิ่น"),
        note=note.strip(),
        published_by=actor,
        counts={},
    )
    entries = []
    for organisation in organisations:
        info = statuses.get(organisation.pk, status_module.NOT_SUBMITTED)
        entries.append(
            AnnouncementEntry(
                announcement=announcement,
                organisation=organisation,
                code=organisation.code,
                display_name=organisation.display_name,
                province_code=organisation.province_id,
                province_name=organisation.province.name_th,
                district_code=organisation.district_id,
                district_name=organisation.district.name_th,
                org_type=organisation.org_type,
                status=info.status,
            )
        )
    AnnouncementEntry.objects.bulk_create(entries, batch_size=1000)
    counts = count_statuses((entry.status, None) for entry in entries).total
    announcement.counts = counts
    announcement.save(update_fields=["counts"])
    audit_record(
        actor=actor,
        action="assessment.announcement_publish",
        obj=announcement,
        detail={"cycle": cycle.code, "number": announcement.number, "counts": counts},
    )
    return announcement
