"""Supervision's business operations: each checks who may, validates, writes and records
its audit event in one transaction (and, for recommendations, notifies in it too).

Visit: planned → recorded (นิเทศแล้ว) or cancelled (VISIT_TRANSITIONS).
Recommendation: open → answered → closed, answered → reopened → answered …
(RECOMMENDATION_TRANSITIONS). Anything else is refused with a Thai message.

A visit's plan, the record of one อปท. and a year's checklist are edited in forms that carry
the state token of what they showed (`seen`, eplan.core.concurrency); a save made from an
older copy is refused with StaleEdit under the row lock, so the second editor is told.
"""

import datetime
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from eplan.accounts import scope
from eplan.accounts.roles import Capability
from eplan.core.audit import audit_record, diff
from eplan.core.concurrency import require_fresh
from eplan.core.permissions import require
from eplan.core.thai import fiscal_year_of, thai_date
from eplan.monitoring.models import (
    RECOMMENDATION_TRANSITIONS,
    VISIT_TRANSITIONS,
    Answer,
    AnswerDecision,
    Checklist,
    ChecklistItem,
    FileKind,
    Finding,
    FindingResult,
    Recommendation,
    RecommendationState,
    Visit,
    VisitFile,
    VisitKind,
    VisitOrganisation,
    VisitState,
)
from eplan.reporting.evidence import UNKNOWN_TYPE, evidence_max_bytes, verified_type

MAX_ORGANISATIONS = 500  # a provincial meeting: more than any province has อปท.
MAX_CHECKLIST_ITEMS = 50
# What a visit's files and an answer's evidence may be, by their first bytes.
ACCEPTED_SUFFIXES = (".pdf", ".jpg", ".jpeg", ".png")
EARLIEST, LATEST = datetime.date(2000, 1, 1), datetime.date(2100, 12, 31)


def _codes(organisation=None, province_code=""):
    if organisation is not None:
        return {"organisation_code": organisation.code, "province_code": organisation.province_id}
    return {"province_code": province_code}


def _text(value, *, field, label, limit, required=True) -> str:
    value = (value or "").replace("\x00", "").strip()
    if required and not value:
        raise ValidationError({field: _("กรุณากรอก%(label)s") % {"label": label}})
    if len(value) > limit:
        raise ValidationError({field: _("%(label)s ยาวได้ไม่เกิน %(n)s ตัวอักษร") % {"label": label, "n": limit}})
    return value


def _date(value, *, field, label) -> datetime.date:
    if not isinstance(value, datetime.date):
        raise ValidationError({field: _("กรุณาระบุ%(label)s") % {"label": label}})
    if not EARLIEST <= value <= LATEST:
        raise ValidationError({field: _("%(label)s ไม่อยู่ในช่วงที่รับได้") % {"label": label}})
    return value


class TransitionRefused(ValidationError):
    """The object's state does not allow the operation (the API answers 409)."""


def _move(current, target, table, *, what):
    if target not in table[current]:
        raise TransitionRefused(_("%(what)s สถานะ “%(state)s” ดำเนินการนี้ไม่ได้") % {"what": what, "state": current.label})


def _notify(**kwargs):
    # The notifications app is the lead's; imported when needed so the two stay apart.
    from eplan.notifications import services as notifications

    notifications.notify(**kwargs)


def _lao_users(organisation_ids):
    from eplan.notifications import services as notifications

    return notifications.lao_users(organisation_ids)


# What an editor saw ---------------------------------------------------------------------------


def visit_values(visit) -> dict:
    """A planned visit as its edit form shows it."""
    covered = sorted(visit.covered.values_list("organisation_id", flat=True))
    return {"date": visit.date, "place": visit.place, "team": visit.team, "organisations": covered}


def record_values(covered) -> dict:
    """What is recorded for one อปท. of a visit, as the record form shows it: findings by
    checklist item (those of an item since removed from the checklist are not shown)."""
    findings = covered.findings.filter(item__isnull=False).values_list("item_id", "result", "note")
    return {
        "attended": covered.attended,
        "attendees": covered.attendees,
        "absentees": covered.absentees,
        "note": covered.note,
        "findings": {str(item_id): [result, note] for item_id, result, note in findings},
    }


def checklist_values(fiscal_year: int) -> dict:
    return {"items": [item.text for item in checklist_of(fiscal_year)]}


# Checklists -------------------------------------------------------------------------------


def _clean_items(items) -> list[str]:
    cleaned = []
    for index, text in enumerate(items, start=1):
        text = (text or "").replace("\x00", "").strip()
        if not text:
            continue
        if len(text) > 300:
            raise ValidationError({"items": _("รายการที่ %(n)s ยาวได้ไม่เกิน 300 ตัวอักษร") % {"n": index}})
        cleaned.append(text)
    if not cleaned:
        raise ValidationError({"items": _("กรุณากรอกรายการตรวจอย่างน้อย 1 รายการ")})
    if len(cleaned) > MAX_CHECKLIST_ITEMS:
        raise ValidationError({"items": _("รายการตรวจมีได้ไม่เกิน %(n)s รายการ") % {"n": MAX_CHECKLIST_ITEMS}})
    return cleaned


def _check_fiscal_year(fiscal_year):
    if not isinstance(fiscal_year, int) or not 2543 <= fiscal_year <= 2643:
        raise ValidationError({"fiscal_year": _("ปีงบประมาณไม่ถูกต้อง")})


@transaction.atomic
def checklist_save(*, actor, fiscal_year: int, items: list[str], seen: str | None = None) -> Checklist:
    """The items of a fiscal year's checklist, in order. Findings already recorded keep the
    wording they were recorded with (Finding.item_text). `seen`: the token of the
    checklist_values the editor was shown; a newer save in between is refused (StaleEdit)."""
    require(scope.has_capability(actor, Capability.EDIT_CHECKLIST))
    _check_fiscal_year(fiscal_year)
    texts = _clean_items(items)
    checklist, _created = Checklist.objects.select_for_update().get_or_create(fiscal_year=fiscal_year)
    require_fresh(checklist, (), seen=seen, current=checklist_values(fiscal_year))
    before = list(checklist.items.values_list("text", flat=True))
    existing = {item.position: item for item in checklist.items.all()}
    for position, text in enumerate(texts, start=1):
        item = existing.pop(position, None)
        if item is None:
            ChecklistItem.objects.create(checklist=checklist, position=position, text=text)
        elif item.text != text:
            item.text = text
            item.save(update_fields=["text"])
    ChecklistItem.objects.filter(pk__in=[item.pk for item in existing.values()]).delete()
    checklist.save()
    audit_record(actor=actor, action="monitoring.checklist_save", obj=checklist, changes={"items": [before, texts]})
    return checklist


def checklist_copy(*, actor, fiscal_year: int, seen: str | None = None) -> Checklist:
    """The checklist of the year before, as this year's (over the one the editor saw)."""
    require(scope.has_capability(actor, Capability.EDIT_CHECKLIST))
    _check_fiscal_year(fiscal_year)
    previous = Checklist.objects.filter(fiscal_year__lt=fiscal_year).order_by("-fiscal_year").first()
    if previous is None:
        raise ValidationError({"fiscal_year": _("ไม่มีรายการตรวจของปีก่อนให้คัดลอก")})
    return checklist_save(
        actor=actor, fiscal_year=fiscal_year, items=list(previous.items.values_list("text", flat=True)), seen=seen
    )


def checklist_of(fiscal_year: int) -> list[ChecklistItem]:
    return list(ChecklistItem.objects.filter(checklist__fiscal_year=fiscal_year).order_by("position"))


# Visits -------------------------------------------------------------------------------------


def _covered_organisations(actor, organisations):
    organisations = list(dict.fromkeys(organisations))
    if not organisations:
        raise ValidationError({"organisations": _("กรุณาเลือก อปท. ที่นิเทศอย่างน้อย 1 แห่ง")})
    if len(organisations) > MAX_ORGANISATIONS:
        raise ValidationError({"organisations": _("เลือก อปท. ได้ไม่เกิน %(n)s แห่ง") % {"n": MAX_ORGANISATIONS}})
    allowed = set(
        scope.organisations_for_user(actor, Capability.MANAGE_SUPERVISION)
        .filter(pk__in=[organisation.pk for organisation in organisations])
        .values_list("pk", flat=True)
    )
    outside = [organisation for organisation in organisations if organisation.pk not in allowed]
    if outside:
        raise ValidationError(
            {
                "organisations": _("อปท. ต่อไปนี้อยู่นอกพื้นที่ความรับผิดชอบของคุณ: %(names)s")
                % {"names": ", ".join(organisation.code for organisation in outside[:10])}
            }
        )
    provinces = {organisation.province_id for organisation in organisations}
    if len(provinces) > 1:
        raise ValidationError({"organisations": _("อปท. ที่นิเทศในครั้งเดียวกันต้องอยู่ในจังหวัดเดียวกัน")})
    return organisations, provinces.pop()


def _visit_fields(actor, *, date, place, team, organisations):
    date = _date(date, field="date", label=_("วันที่นิเทศ"))
    place = _text(place, field="place", label=_("สถานที่"), limit=300)
    team = _text(team, field="team", label=_("คณะนิเทศ"), limit=3000)
    organisations, province = _covered_organisations(actor, organisations)
    return date, place, team, organisations, province


@transaction.atomic
def visit_plan(*, actor, date, place, team, organisations) -> Visit:
    """Plan a visit: one อปท. (ลงพื้นที่) or many (ประชุมระดับจังหวัด), all of the planner's
    scope and of one province. Its fiscal year is the one its date falls in."""
    require(scope.has_capability(actor, Capability.MANAGE_SUPERVISION))
    date, place, team, organisations, province = _visit_fields(
        actor, date=date, place=place, team=team, organisations=organisations
    )
    visit = Visit.objects.create(
        fiscal_year=fiscal_year_of(date),
        kind=VisitKind.MEETING if len(organisations) > 1 else VisitKind.SINGLE,
        date=date,
        place=place,
        team=team,
        province_id=province,
        planned_by=actor,
    )
    VisitOrganisation.objects.bulk_create(
        [VisitOrganisation(visit=visit, organisation=organisation) for organisation in organisations]
    )
    audit_record(
        actor=actor,
        action="monitoring.visit_plan",
        obj=visit,
        detail={"date": date, "place": place, "organisations": [organisation.code for organisation in organisations]},
        **(_codes(organisations[0]) if len(organisations) == 1 else _codes(province_code=province)),
    )
    return visit


def _locked_visit(visit) -> Visit:
    return Visit.objects.select_for_update().get(pk=visit.pk)


def _managed(actor, visit):
    require(scope.organisations_for_user(actor, Capability.MANAGE_SUPERVISION).filter(visits__visit=visit).exists())


@transaction.atomic
def visit_update(*, actor, visit, date, place, team, organisations, seen: str | None = None) -> Visit:
    """Change a planned visit (its date, place, team or the อปท. covered). `seen`: the
    token of the visit_values the editor was shown; a newer save in between is refused (StaleEdit)."""
    visit = _locked_visit(visit)
    _managed(actor, visit)
    if visit.state != VisitState.PLANNED:
        raise ValidationError(_("แก้ไขได้เฉพาะการนิเทศที่ยังไม่ได้บันทึกผล"))
    require_fresh(visit, (), seen=seen, current=visit_values(visit))
    date, place, team, organisations, province = _visit_fields(
        actor, date=date, place=place, team=team, organisations=organisations
    )
    before = {"date": visit.date, "place": visit.place, "team": visit.team}
    before["organisations"] = sorted(visit.covered.values_list("organisation_id", flat=True))
    recorded = visit.covered.exclude(organisation__in=organisations).filter(recorded_at__isnull=False)
    if recorded.exists():
        raise ValidationError({"organisations": _("นำ อปท. ที่บันทึกผลการนิเทศแล้วออกไม่ได้")})
    visit.covered.exclude(organisation__in=organisations).delete()
    kept = set(visit.covered.values_list("organisation_id", flat=True))
    VisitOrganisation.objects.bulk_create(
        [VisitOrganisation(visit=visit, organisation=o) for o in organisations if o.pk not in kept]
    )
    visit.date, visit.place, visit.team, visit.province_id = date, place, team, province
    visit.fiscal_year = fiscal_year_of(date)
    visit.kind = VisitKind.MEETING if len(organisations) > 1 else VisitKind.SINGLE
    visit.save()
    after = {"date": date, "place": place, "team": team, "organisations": sorted(o.pk for o in organisations)}
    audit_record(
        actor=actor,
        action="monitoring.visit_update",
        obj=visit,
        changes=diff(before, after),
        **_codes(province_code=province),
    )
    return visit


@transaction.atomic
def visit_cancel(*, actor, visit, reason) -> Visit:
    visit = _locked_visit(visit)
    _managed(actor, visit)
    _move(VisitState(visit.state), VisitState.CANCELLED, VISIT_TRANSITIONS, what=_("การนิเทศ"))
    visit.cancel_reason = _text(reason, field="reason", label=_("เหตุผลที่ยกเลิก"), limit=2000)
    visit.state = VisitState.CANCELLED
    visit.save(update_fields=["state", "cancel_reason", "updated_at"])
    audit_record(
        actor=actor,
        action="monitoring.visit_cancel",
        obj=visit,
        detail={"reason": visit.cancel_reason},
        **_codes(province_code=visit.province_id),
    )
    return visit


def _recordable(visit, today):
    if visit.state == VisitState.CANCELLED:
        raise ValidationError(_("การนิเทศนี้ถูกยกเลิกแล้ว บันทึกผลไม่ได้"))
    if visit.date > today:
        raise ValidationError(_("ยังไม่ถึงวันนิเทศ (%(date)s) บันทึกผลได้ตั้งแต่วันนิเทศ") % {"date": thai_date(visit.date)})


@transaction.atomic
def visit_record(
    *, actor, covered, attended: bool, attendees="", absentees="", note="", findings=None, today=None, seen=None
) -> VisitOrganisation:
    """What was found at one อปท. of a visit: attendance and the checklist's findings
    {item_id: (result, note)}. Recorded again, it replaces what was recorded before, unless
    that changed since the record_values whose token (`seen`) the recorder was shown (StaleEdit). Every
    write to a visit's records takes the visit's lock first."""
    today = today or timezone.localdate()
    visit = _locked_visit(covered.visit)
    covered = VisitOrganisation.objects.select_related("organisation").get(pk=covered.pk)
    require(scope.has_capability(actor, Capability.MANAGE_SUPERVISION, covered.organisation))
    _recordable(visit, today)
    require_fresh(covered, (), seen=seen, current=record_values(covered))
    if not isinstance(attended, bool):
        raise ValidationError({"attended": _("กรุณาระบุว่า อปท. เข้าร่วมหรือไม่")})
    covered.attended = attended
    covered.attendees = _text(attendees, field="attendees", label=_("ผู้เข้าร่วม"), limit=3000, required=attended)
    covered.absentees = _text(absentees, field="absentees", label=_("ผู้ไม่ได้เข้าร่วม"), limit=3000, required=False)
    covered.note = _text(note, field="note", label=_("ข้อสังเกต"), limit=5000, required=False)
    items = checklist_of(visit.fiscal_year)
    findings = findings or {}
    rows = []
    for item in items:
        result, item_note = findings.get(item.pk, ("", ""))
        if result not in FindingResult.values:
            if attended:
                raise ValidationError({f"finding_{item.pk}": _("กรุณาระบุผลของรายการ “%(item)s”") % {"item": item.text}})
            continue
        rows.append(
            Finding(
                covered=covered,
                item=item,
                position=item.position,
                item_text=item.text,
                result=result,
                note=_text(item_note, field=f"finding_{item.pk}", label=_("หมายเหตุ"), limit=3000, required=False),
            )
        )
    covered.findings.all().delete()
    Finding.objects.bulk_create(rows)
    covered.recorded_at = timezone.now()
    covered.save()
    audit_record(
        actor=actor,
        action="monitoring.visit_record",
        obj=visit,
        detail={
            "organisation": covered.organisation.code,
            "attended": attended,
            "findings": {row.item_text: row.result for row in rows},
        },
        **_codes(covered.organisation),
    )
    return covered


@transaction.atomic
def visit_complete(*, actor, visit, note="", today=None) -> Visit:
    """The visit is done (planned → recorded) once every อปท. it covers has its record."""
    today = today or timezone.localdate()
    visit = _locked_visit(visit)
    _managed(actor, visit)
    _move(VisitState(visit.state), VisitState.RECORDED, VISIT_TRANSITIONS, what=_("การนิเทศ"))
    _recordable(visit, today)
    missing = visit.covered.filter(recorded_at__isnull=True).select_related("organisation")
    if missing.exists():
        raise ValidationError(
            _("ยังไม่ได้บันทึกผลของ %(names)s") % {"names": ", ".join(row.organisation.display_name for row in missing[:5])}
        )
    visit.note = _text(note, field="note", label=_("สรุปผลการนิเทศ"), limit=5000, required=False)
    visit.state = VisitState.RECORDED
    visit.recorded_at = timezone.now()
    visit.save()
    audit_record(actor=actor, action="monitoring.visit_complete", obj=visit, **_codes(province_code=visit.province_id))
    return visit


def _checked_upload(upload) -> str:
    """The type of an uploaded JPEG/PNG/PDF read from its first bytes; refused otherwise."""
    if upload is None:
        raise ValidationError({"file": _("กรุณาเลือกไฟล์")})
    suffix = Path(upload.name or "").suffix.lower()
    if suffix not in ACCEPTED_SUFFIXES:
        raise ValidationError(
            {"file": _("ไฟล์ประเภท %(suffix)s แนบไม่ได้ แนบได้เฉพาะ PDF, JPG และ PNG") % {"suffix": suffix or "?"}}
        )
    limit = evidence_max_bytes()
    if upload.size > limit:
        raise ValidationError(
            {
                "file": _("ไฟล์ใหญ่เกิน %(limit)s MB (ไฟล์นี้ %(size).1f MB)")
                % {"limit": limit // (1024 * 1024), "size": upload.size / (1024 * 1024)}
            }
        )
    head = upload.read(8)
    upload.seek(0)
    content_type = verified_type(suffix, head)
    if content_type == UNKNOWN_TYPE:
        raise ValidationError({"file": _("เนื้อไฟล์ไม่ใช่ %(suffix)s ตามนามสกุล") % {"suffix": suffix}})
    return content_type


@transaction.atomic
def visit_file_add(*, actor, covered, upload) -> VisitFile:
    """A photo (JPEG/PNG) or a document (PDF) of the visit to one อปท."""
    visit = _locked_visit(covered.visit)
    covered = VisitOrganisation.objects.select_related("organisation", "visit").get(pk=covered.pk)
    require(scope.has_capability(actor, Capability.MANAGE_SUPERVISION, covered.organisation))
    if visit.state == VisitState.CANCELLED:
        raise ValidationError(_("การนิเทศนี้ถูกยกเลิกแล้ว แนบไฟล์ไม่ได้"))
    content_type = _checked_upload(upload)
    stored = VisitFile(
        covered=covered,
        kind=FileKind.DOCUMENT if content_type == "application/pdf" else FileKind.PHOTO,
        original_name=Path(upload.name).name[:255],
        content_type=content_type,
        size=upload.size,
        uploaded_by=actor,
    )
    stored.file = upload
    stored.save()
    audit_record(
        actor=actor,
        action="monitoring.file_add",
        obj=visit,
        detail={"organisation": covered.organisation.code, "name": stored.original_name, "stored_as": stored.file.name},
        **_codes(covered.organisation),
    )
    return stored


# Recommendations ----------------------------------------------------------------------------


def _recommendation_url(recommendation) -> str:
    return reverse("monitoring:recommendation", args=[recommendation.pk])


@transaction.atomic
def recommendation_add(*, actor, covered, text, due_on, today=None) -> Recommendation:
    """A recommendation to one อปท. of a visit; its LAO staff are told."""
    today = today or timezone.localdate()
    visit = _locked_visit(covered.visit)
    covered = VisitOrganisation.objects.select_related("organisation").get(pk=covered.pk)
    require(scope.has_capability(actor, Capability.MANAGE_SUPERVISION, covered.organisation))
    _recordable(visit, today)
    text = _text(text, field="text", label=_("ข้อเสนอแนะ"), limit=3000)
    due_on = _date(due_on, field="due_on", label=_("กำหนดดำเนินการ"))
    if due_on < visit.date:
        raise ValidationError({"due_on": _("กำหนดดำเนินการต้องไม่ก่อนวันนิเทศ")})
    recommendation = Recommendation.objects.create(
        covered=covered, organisation=covered.organisation, text=text, due_on=due_on, made_by=actor
    )
    audit_record(
        actor=actor,
        action="monitoring.recommendation_add",
        obj=recommendation,
        detail={"visit": visit.pk, "text": text, "due_on": due_on},
        **_codes(covered.organisation),
    )
    _notify(
        kind="recommendation_new",
        recipients=_lao_users([covered.organisation_id]),
        title=_("ข้อเสนอแนะใหม่จากการนิเทศติดตาม: ดำเนินการภายใน %(date)s") % {"date": thai_date(due_on)},
        url=_recommendation_url(recommendation),
        key=f"recommendation:{recommendation.pk}:new",
        body=text,
    )
    return recommendation


def _locked_recommendation(recommendation) -> Recommendation:
    return (
        Recommendation.objects.select_for_update(of=("self",))
        .select_related("organisation", "made_by")
        .get(pk=recommendation.pk)
    )


@transaction.atomic
def recommendation_answer(*, actor, recommendation, action_taken, upload=None) -> Answer:
    """The อปท. says what it did (and may attach evidence); the staff member who made the
    recommendation is told, once for each answer."""
    recommendation = _locked_recommendation(recommendation)
    require(scope.has_capability(actor, Capability.ANSWER_RECOMMENDATION, recommendation.organisation))
    _move(
        RecommendationState(recommendation.state),
        RecommendationState.ANSWERED,
        RECOMMENDATION_TRANSITIONS,
        what=_("ข้อเสนอแนะ"),
    )
    action_taken = _text(action_taken, field="action_taken", label=_("การดำเนินการ"), limit=5000)
    number = recommendation.answers_count + 1
    answer = Answer(recommendation=recommendation, number=number, action_taken=action_taken, answered_by=actor)
    if upload is not None:
        answer.content_type = _checked_upload(upload)
        answer.original_name = Path(upload.name).name[:255]
        answer.size = upload.size
        answer.file = upload
    answer.save()
    recommendation.state = RecommendationState.ANSWERED
    recommendation.answers_count = number
    recommendation.save(update_fields=["state", "answers_count"])
    audit_record(
        actor=actor,
        action="monitoring.recommendation_answer",
        obj=recommendation,
        detail={"number": number, "action_taken": action_taken, "file": answer.original_name},
        **_codes(recommendation.organisation),
    )
    _notify(
        kind="recommendation_answered",
        recipients=[recommendation.made_by],
        title=_("%(organisation)s ตอบข้อเสนอแนะจากการนิเทศติดตามแล้ว")
        % {"organisation": recommendation.organisation.display_name},
        url=_recommendation_url(recommendation),
        key=f"recommendation:{recommendation.pk}:answer:{number}",
        body=action_taken,
    )
    return answer


def _decide(actor, recommendation, target, decision, reason=""):
    recommendation = _locked_recommendation(recommendation)
    require(scope.has_capability(actor, Capability.MANAGE_SUPERVISION, recommendation.organisation))
    _move(RecommendationState(recommendation.state), target, RECOMMENDATION_TRANSITIONS, what=_("ข้อเสนอแนะ"))
    answer = recommendation.answers.order_by("-number").first()
    answer.decision, answer.decided_by, answer.decided_at, answer.reason = decision, actor, timezone.now(), reason
    answer.save()
    recommendation.state = target
    recommendation.closed_at = timezone.now() if target == RecommendationState.CLOSED else None
    recommendation.save(update_fields=["state", "closed_at"])
    return recommendation, answer


@transaction.atomic
def recommendation_accept(*, actor, recommendation) -> Recommendation:
    """Staff accept the answer: the recommendation is closed."""
    recommendation, answer = _decide(actor, recommendation, RecommendationState.CLOSED, AnswerDecision.ACCEPTED)
    audit_record(
        actor=actor,
        action="monitoring.recommendation_accept",
        obj=recommendation,
        detail={"answer": answer.number},
        **_codes(recommendation.organisation),
    )
    return recommendation


@transaction.atomic
def recommendation_reopen(*, actor, recommendation, reason) -> Recommendation:
    """Staff send the answer back: the อปท. must do more (and answer again)."""
    reason = _text(reason, field="reason", label=_("เหตุผลที่ให้ดำเนินการเพิ่มเติม"), limit=3000)
    recommendation, answer = _decide(
        actor, recommendation, RecommendationState.REOPENED, AnswerDecision.REOPENED, reason
    )
    audit_record(
        actor=actor,
        action="monitoring.recommendation_reopen",
        obj=recommendation,
        detail={"answer": answer.number, "reason": reason},
        **_codes(recommendation.organisation),
    )
    return recommendation
