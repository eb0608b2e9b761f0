"""Implementation reporting: who must report, what a report holds, how it is scored,
counted and locked."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from eplan.reporting import evidence as evidence_services
from eplan.reporting import selectors, services
from eplan.reporting.models import (
    ExpectedOrganisation,
    LineStatus,
    Report,
    ReportLine,
    ReportState,
    Round,
    RoundKind,
)
from eplan.reporting.planned import planned_items
from eplan.reporting.tests.conftest import assessed, open_round
from eplan.testing import complete_profile

pytestmark = pytest.mark.django_db


def test_rounds_default_to_the_fiscal_calendar(cycle):
    services.rounds_ensure(actor=None, cycle=cycle)
    rounds = {(r.fiscal_year, r.kind): r for r in Round.objects.filter(cycle=cycle)}
    assert len(rounds) == 2 * len(cycle.fiscal_years)
    six = rounds[(2563, RoundKind.SIX_MONTH)]
    twelve = rounds[(2563, RoundKind.TWELVE_MONTH)]
    # ปีงบประมาณ 2563 runs 1 Oct 2019 – 30 Sep 2020 (CE).
    assert (six.opens_on, six.due_on) == (datetime.date(2020, 3, 23), datetime.date(2020, 4, 30))
    assert (twelve.opens_on, twelve.due_on) == (datetime.date(2020, 9, 1), datetime.date(2020, 10, 31))
    assert services.rounds_ensure(actor=None, cycle=cycle) == []  # idempotent


def test_an_organisation_whose_plan_did_not_pass_is_not_expected_and_cannot_open_the_report(world, cycle):
    assessed(world, world.klai, cycle, passed=True)
    assessed(world, world.tha_sala, cycle, passed=False)
    round = open_round(cycle)
    services.round_freeze(actor=None, round=round)
    expected = set(ExpectedOrganisation.objects.filter(round=round).values_list("organisation__code", flat=True))
    assert expected == {world.klai.code}
    tha_sala_officer = _officer_of(world.tha_sala)
    with pytest.raises(ValidationError, match="ไม่อยู่ในรายชื่อ"):
        services.report_open(actor=tha_sala_officer, round=round, organisation=world.tha_sala)
    assert not Report.objects.filter(organisation=world.tha_sala).exists()


def test_the_expected_list_is_frozen_and_later_changes_carry_a_reason(world, cycle):
    assessed(world, world.klai, cycle)
    round = open_round(cycle, freeze=False)
    assert services.round_freeze(actor=None, round=round) == 1
    # A plan that passes after the round opened does not change the list by itself...
    assessed(world, world.tha_sala, cycle)
    assert services.round_freeze(actor=None, round=round) == 0
    assert selectors.completeness(round, _all()).expected == 1
    # ...a provincial office adds it, with a reason, and takes another off, with a reason.
    with pytest.raises(ValidationError):
        services.expected_change(
            actor=world.nacc_provincial, round=round, organisation=world.tha_sala, expected=True, reason=""
        )
    services.expected_change(
        actor=world.nacc_provincial, round=round, organisation=world.tha_sala, expected=True, reason="ผลประเมินผ่านภายหลัง"
    )
    services.expected_change(
        actor=world.nacc_provincial, round=round, organisation=world.klai, expected=False, reason="ยุบรวมกับ อปท. อื่น"
    )
    assert selectors.completeness(round, _all()).expected == 1
    removed = ExpectedOrganisation.objects.get(round=round, organisation=world.klai)
    assert removed.removed_reason == "ยุบรวมกับ อปท. อื่น" and removed.changed_by == world.nacc_provincial
    with pytest.raises(PermissionDenied):  # Krabi's office cannot touch Nakhon Si Thammarat's list
        services.expected_change(
            actor=world.nacc_provincial_krabi, round=round, organisation=world.klai, expected=True, reason="ทดสอบสิทธิ์"
        )


def test_an_item_judged_not_to_fit_is_left_out_of_the_report(world, cycle):
    version = assessed(world, world.klai, cycle)
    planned = planned_items(version, cycle.fiscal_years[0])
    misfit = planned[0]["id"]
    # Re-assess with one item judged not to fit (central review counts: it is the latest final).
    from eplan.assessment import services as assessment_services
    from eplan.assessment.models import Level

    review = assessment_services.assessment_open(actor=world.central, version=version, level=Level.CENTRAL)
    assessment_services.assessment_save(
        actor=world.central,
        assessment=review,
        scores={},
        judgements={misfit: (False, "เป็นกิจกรรมประจำ ไม่ใช่การป้องกันการทุจริต")},
        finalise=True,
    )
    round = open_round(cycle)
    report = services.report_open(actor=world.officer, round=round, organisation=world.klai)
    item_ids = set(report.lines.values_list("item_id", flat=True))
    assert misfit not in item_ids
    assert len(item_ids) == len(planned) - 1
    assert ExpectedOrganisation.objects.get(round=round, organisation=world.klai).item_count == len(planned) - 1


def test_not_possible_without_a_reason_is_refused_and_nothing_is_saved(world, cycle):
    assessed(world, world.klai, cycle)
    report = services.report_open(actor=world.officer, round=open_round(cycle), organisation=world.klai)
    first, second = report.lines.all()[:2]
    with pytest.raises(ValidationError) as refused:
        services.report_save(
            actor=world.officer,
            report=report,
            lines={
                first.pk: {"status": LineStatus.DONE, "disbursed": "12,000"},
                second.pk: {"status": LineStatus.NOT_POSSIBLE},
            },
        )
    assert refused.value.message_dict == {f"lines.{second.pk}.reason": ["กรุณาเลือกเหตุผลที่ดำเนินการไม่ได้"]}
    first.refresh_from_db()
    assert first.status == "" and first.disbursed is None  # all or nothing


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"disbursed": "-5"}, "disbursed", "เบิกจ่าย: จำนวนเงินต้องไม่ติดลบ"),
        ({"ordinance_budget": "1000", "disbursed": "1500"}, "note", "เบิกจ่ายสูงกว่างบประมาณตามข้อบัญญัติ"),
        ({"status": "not_possible", "reason": "other"}, "reason_other", "กรุณาระบุเหตุผลอื่น"),
        ({"disbursed": "สองพัน"}, "disbursed", "'สองพัน' ไม่ใช่จำนวนเงิน"),
    ],
)
def test_each_rule_of_a_line_names_its_field(world, cycle, values, field, message):
    assessed(world, world.klai, cycle)
    report = services.report_open(actor=world.officer, round=open_round(cycle), organisation=world.klai)
    line = report.lines.first()
    with pytest.raises(ValidationError) as refused:
        services.report_save(actor=world.officer, report=report, lines={line.pk: values})
    assert message in refused.value.message_dict[f"lines.{line.pk}.{field}"][0]


def test_the_implementation_score_and_band_of_a_hand_computed_example():
    # 10 items: 4 done, 3 in progress, 1 not possible, 2 not reported.
    # (4 × 1 + 3 × 0.5 + 1 × 0) ÷ 10 × 100 = 55%.
    lines = [
        ReportLine(item_id=n, dimension=1, status=status)
        for n, status in enumerate(["done"] * 4 + ["in_progress"] * 3 + ["not_possible"] + [""] * 2)
    ]
    lines.append(ReportLine(item_id=None, dimension=1, status="done"))  # extra item: not counted
    tally = selectors.tally_of(lines)
    assert (tally.items, tally.awaiting, tally.score) == (10, 2, Decimal("55.00"))
    assert selectors.band(RoundKind.SIX_MONTH, tally.score) == "green"  # ≥ 50
    assert selectors.band(RoundKind.TWELVE_MONTH, tally.score) == "orange"  # 50–79
    assert selectors.band(RoundKind.TWELVE_MONTH, Decimal("49.99")) == "red"
    assert selectors.band(RoundKind.SIX_MONTH, Decimal("20")) == "orange"
    assert selectors.band(RoundKind.SIX_MONTH, Decimal("19.99")) == "red"


def test_a_report_is_scored_from_its_lines_and_the_twelve_month_report_starts_from_the_six(world, cycle):
    assessed(world, world.klai, cycle)
    six = open_round(cycle)
    report = services.report_open(actor=world.officer, round=six, organisation=world.klai)
    lines = list(report.lines.all())
    answers = {line.pk: {"status": LineStatus.IN_PROGRESS, "outputs": "จัดอบรมแล้ว 1 ครั้ง"} for line in lines}
    answers[lines[0].pk] = {"status": LineStatus.DONE, "ordinance_budget": "20000", "disbursed": "15000"}
    services.report_save(actor=world.officer, report=report, lines=answers, summary="ดำเนินการตามแผน")
    summary = selectors.report_summary(report)
    expected = (Decimal(1) + Decimal("0.5") * (len(lines) - 1)) * 100 / len(lines)
    assert summary.score == expected.quantize(Decimal("0.01"))
    assert summary.total.disbursed == Decimal("15000")
    twelve = open_round(cycle, kind=RoundKind.TWELVE_MONTH)
    later = services.report_open(actor=world.officer, round=twelve, organisation=world.klai)
    carried = {line.item_id: line for line in later.lines.all()}
    assert carried[lines[0].item_id].status == LineStatus.DONE
    assert carried[lines[1].item_id].outputs == "จัดอบรมแล้ว 1 ครั้ง"
    assert later.summary == "ดำเนินการตามแผน"


def _answer_all(world, report):
    services.report_save(
        actor=world.officer,
        report=report,
        lines={line.pk: {"status": LineStatus.DONE} for line in report.lines.all()},
    )


def test_a_submission_one_day_after_the_due_date_is_late(world, cycle):
    assessed(world, world.klai, cycle)
    round = open_round(cycle, due_in_days=-1)  # due yesterday
    report = services.report_open(actor=world.officer, round=round, organisation=world.klai)
    _answer_all(world, report)
    report = services.report_submit(actor=world.officer, report=report)
    assert report.state == ReportState.SUBMITTED and report.is_late
    assert report.receipt_number == f"{cycle.code}-{round.code}-{world.klai.code}"
    assert selectors.completeness(round, _all()).late == 1


def test_submitting_needs_every_line_answered_and_locks_the_report(world, cycle):
    assessed(world, world.klai, cycle)
    report = services.report_open(actor=world.officer, round=open_round(cycle), organisation=world.klai)
    with pytest.raises(ValidationError, match="ยังไม่ได้ระบุสถานะ"):
        services.report_submit(actor=world.officer, report=report)
    _answer_all(world, report)
    report = services.report_submit(actor=world.officer, report=report)
    assert not report.is_late
    with pytest.raises(ValidationError, match="ส่งแล้ว"):
        services.report_save(actor=world.officer, report=report, summary="แก้ภายหลัง")
    # The provincial office reopens it with a reason; its lateness stays as first sent.
    with pytest.raises(PermissionDenied):
        services.report_reopen(actor=world.district_office, report=report, reason="ข้อมูลงบประมาณผิด")
    services.report_reopen(actor=world.nacc_provincial, report=report, reason="ข้อมูลงบประมาณผิด")
    services.report_save(actor=world.officer, report=report, summary="แก้ไขแล้ว")
    report = services.report_submit(actor=world.officer, report=report)
    assert report.state == ReportState.SUBMITTED and report.summary == "แก้ไขแล้ว"


def test_after_closing_only_an_extension_lets_a_report_in(world, cycle):
    assessed(world, world.klai, cycle)
    round = open_round(cycle)
    report = services.report_open(actor=world.officer, round=round, organisation=world.klai)
    _answer_all(world, report)
    round.due_on = round.closes_on = timezone.localdate() - datetime.timedelta(days=2)
    round.save()
    with pytest.raises(ValidationError, match="ปิดรับรายงาน"):
        services.report_submit(actor=world.officer, report=report)
    services.extension_grant(
        actor=world.nacc_provincial,
        round=round,
        organisation=world.klai,
        until=timezone.localdate() + datetime.timedelta(days=7),
        reason="ระบบไฟฟ้าขัดข้อง",
    )
    assert services.report_submit(actor=world.officer, report=report).is_late


def test_completeness_of_a_district_matches_a_hand_count(world, cycle):
    # District 8008 (ท่าศาลา): กลาย submitted on time, ท่าศาลา has a draft.
    # District 8001: ท่าซัก expected, nothing. Krabi: expected, submitted (other province).
    for organisation in (world.klai, world.tha_sala, world.other_district, world.krabi):
        assessed(world, organisation, cycle)
    round = open_round(cycle)
    for organisation, submit in ((world.klai, True), (world.tha_sala, False), (world.krabi, True)):
        officer = world.officer if organisation == world.klai else _officer_of(organisation)
        report = services.report_open(actor=officer, round=round, organisation=organisation)
        if submit:
            services.report_save(
                actor=officer, report=report, lines={line.pk: {"status": "done"} for line in report.lines.all()}
            )
            services.report_submit(actor=officer, report=report)
    district = selectors.completeness(round, _all().filter(district_id="8008"))
    assert (district.expected, district.submitted, district.on_time, district.late, district.drafts) == (2, 1, 1, 0, 1)
    assert (district.missing, district.submitted_rate) == (1, Decimal("50.0"))
    province = selectors.completeness(round, _all().filter(province_id="80"))
    assert (province.expected, province.submitted, province.missing) == (3, 1, 2)
    by_district = selectors.completeness(round, _all().filter(province_id="80"), group_by="district")
    assert by_district["8001"].missing == 1 and by_district["8008"].submitted == 1
    missing = [row.organisation.code for row in selectors.missing_organisations(round, _all().filter(province_id="80"))]
    assert missing == [world.other_district.code, world.tha_sala.code]


def test_evidence_over_the_size_limit_or_of_a_disallowed_type_is_refused(world, cycle, settings):
    settings.EVIDENCE_MAX_BYTES = 1024
    assessed(world, world.klai, cycle)
    report = services.report_open(actor=world.officer, round=open_round(cycle), organisation=world.klai)
    line = report.lines.first()
    too_big = SimpleUploadedFile("photo.png", b"\x89PNG" + b"0" * 2000, content_type="image/png")
    with pytest.raises(ValidationError, match="ใหญ่เกิน"):
        evidence_services.evidence_add(actor=world.officer, line=line, upload=too_big)
    script = SimpleUploadedFile("run.exe", b"MZ" + b"0" * 10, content_type="application/octet-stream")
    with pytest.raises(ValidationError, match=r"\.exe"):
        evidence_services.evidence_add(actor=world.officer, line=line, upload=script)
    disguised = SimpleUploadedFile("report.pdf", b"MZ" + b"0" * 10, content_type="application/pdf")
    with pytest.raises(ValidationError, match=r"ไม่ใช่ \.pdf"):
        evidence_services.evidence_add(actor=world.officer, line=line, upload=disguised)
    assert line.evidence.count() == 0
    pdf = SimpleUploadedFile("รายงานการประชุม.pdf", b"%PDF-1.7 test", content_type="application/pdf")
    kept = evidence_services.evidence_add(actor=world.officer, line=line, upload=pdf)
    assert kept.name == "รายงานการประชุม.pdf" and kept.size == len(b"%PDF-1.7 test")
    evidence_services.evidence_add(actor=world.officer, line=line, link="https://klai.example.org/news/1")
    with pytest.raises(ValidationError, match="http"):
        evidence_services.evidence_add(actor=world.officer, line=line, link="javascript:alert(1)")
    assert line.evidence.count() == 2


def test_another_organisations_officer_may_not_write_this_report(world, cycle):
    assessed(world, world.klai, cycle)
    report = services.report_open(actor=world.officer, round=open_round(cycle), organisation=world.klai)
    with pytest.raises(PermissionDenied):
        services.report_save(actor=world.outsider_officer, report=report, summary="ไม่ใช่ของฉัน")
    with pytest.raises(PermissionDenied):
        services.report_submit(actor=world.outsider_officer, report=report)


def _all():
    from eplan.registry.models import Organisation

    return Organisation.objects.all()


def _officer_of(organisation):
    from eplan.accounts.roles import Role
    from eplan.testing import make_user

    if not hasattr(organisation, "profile"):
        complete_profile(organisation, email=f"saraban@{organisation.code}.example.org")
    return make_user(f"officer.{organisation.code}", Role.LAO_OFFICER, organisation=organisation)


def test_a_line_saved_with_some_fields_keeps_the_others(world, cycle):
    assessed(world, world.klai, cycle)
    report = services.report_open(actor=world.officer, round=open_round(cycle), organisation=world.klai)
    line = report.lines.first()
    services.report_save(
        actor=world.officer,
        report=report,
        lines={line.pk: {"status": "in_progress", "disbursed": "500", "in_ordinance": True, "outputs": "เริ่มแล้ว"}},
    )
    services.report_save(actor=world.officer, report=report, lines={line.pk: {"status": "done"}})
    line.refresh_from_db()
    assert (line.status, line.disbursed, line.in_ordinance, line.outputs) == ("done", Decimal("500"), True, "เริ่มแล้ว")
