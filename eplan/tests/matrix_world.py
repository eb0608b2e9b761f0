"""The objects the permission matrix asks for: for every kind of object a page or endpoint
addresses, one inside the scope of the province-80 roles (อบต.กลาย, district 8008, region
8) and one outside every role's scope but the central one (ช้างเผือก, Chiang Mai, region 5).
Built once per role test with the services the pages use."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from eplan.accounts import services as account_services
from eplan.accounts.models import LoginFailure
from eplan.accounts.roles import Role
from eplan.assessment import services as assessment_services
from eplan.demo.plans import build_demo_plan, ensure_cycles
from eplan.frameworks.models import Criterion
from eplan.reporting import evidence as evidence_services
from eplan.reporting import services as reporting_services
from eplan.reporting.models import Round, RoundKind
from eplan.testing import make_user
from eplan.tests import matrix

CYCLE = "2562-2565"  # submitted, assessed, released, reported on
EDIT_CYCLE = "2561-2564"  # a draft, for the pages and endpoints that edit a plan


@dataclass
class Side:
    """The values of the URL arguments for one side (inside or outside the scope)."""

    values: dict = field(default_factory=dict)

    def get(self, name, default=None):
        return self.values.get(name, default)


def _assessed(world, organisation, cycle, assessor):
    plan = build_demo_plan(organisation=organisation, cycle=cycle, submitted_by=world.officer)
    version = plan.versions.get()
    scores = {row["id"]: (Decimal(row["max_points"]), "") for row in version.snapshot["criteria"]}
    assessment_services.assessment_record(actor=assessor, version=version, scores=scores, judgements={}, finalise=True)
    return plan, version


def build(world) -> tuple[Side, Side]:
    cycles = ensure_cycles()
    cycle = cycles[CYCLE]
    cycle.score_release_date = timezone.localdate() - datetime.timedelta(days=30)
    cycle.save(update_fields=["score_release_date"])
    inside_plan, inside_version = _assessed(world, world.klai, cycle, world.nacc_provincial)
    outside_plan, outside_version = _assessed(world, world.chiang_mai, cycle, world.central)

    reporting_services.rounds_ensure(actor=None, cycle=cycle)
    round = Round.objects.get(cycle=cycle, fiscal_year=cycle.fiscal_years[0], kind=RoundKind.SIX_MONTH)
    today = timezone.localdate()
    round.opens_on, round.due_on = today - datetime.timedelta(days=20), today + datetime.timedelta(days=10)
    round.closes_on = round.due_on + datetime.timedelta(days=30)
    round.save()
    reporting_services.round_freeze(actor=None, round=round)
    reports = {
        organisation.pk: reporting_services.report_open(actor=officer, round=round, organisation=organisation)
        for organisation, officer in ((world.klai, world.officer), (world.chiang_mai, world.outsider_north))
    }
    inside_line = reports[world.klai.pk].lines.order_by("pk").first()
    outside_line = reports[world.chiang_mai.pk].lines.order_by("pk").first()
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    inside_evidence = evidence_services.evidence_add(
        actor=world.officer, line=inside_line, upload=SimpleUploadedFile("หลักฐาน.pdf", pdf, "application/pdf")
    )
    outside_evidence = evidence_services.evidence_add(
        actor=world.outsider_north, line=outside_line, upload=SimpleUploadedFile("proof.pdf", pdf, "application/pdf")
    )
    for organisation, officer in ((world.klai, world.officer), (world.chiang_mai, world.outsider_north)):
        report = reports[organisation.pk]
        done = {str(line.pk): {"status": "done"} for line in report.lines.all()}
        reporting_services.report_save(actor=officer, report=report, lines=done)
        reporting_services.report_submit(actor=officer, report=report)
    assessment_services.announcement_publish(actor=world.central, cycle=cycle)
    announcement = assessment_services.announcement_publish(actor=world.central, cycle=cycle)
    drafts = {
        organisation.pk: build_demo_plan(organisation=organisation, cycle=cycles[EDIT_CYCLE])
        for organisation in (world.klai, world.chiang_mai)
    }

    own_token, _key = account_services.api_token_create(actor=world.officer, name="matrix")
    other_token, _key = account_services.api_token_create(actor=world.outsider_north, name="matrix")
    for username in (world.officer.username, world.outsider_north.username):
        LoginFailure.objects.create(username=username, client_ip="192.0.2.1")
    criterion = Criterion.objects.filter(cycle=cycle).order_by("pk").first()

    common = {
        "cycle_code": CYCLE,
        "cycle": CYCLE,
        "edit_cycle_code": EDIT_CYCLE,
        "edit_cycle": EDIT_CYCLE,
        "code_framework": CYCLE,
        "round_code": round.code,
        "number": 1,  # the plan's version
        "announcement": announcement.number,  # the second, compared with the first
        "other": 1,
        "dimension": 1,
        "mission_code": "1.1",
        "criterion": criterion.pk,
        "level": "provincial",
        "uidb64": "MQ",
        "token": "x-x",
    }
    inside = Side(
        {
            **common,
            "organisation": world.klai.code,
            "province": world.klai.province_id,
            "edit_item": drafts[world.klai.pk].items.order_by("pk").first().pk,
            "user": world.officer.pk,
            "api_token": own_token.pk,
            "lockout": world.officer.pk,
            "item": inside_plan.items.order_by("pk").first().pk,
            "version": inside_version.pk,
            "line": inside_line.pk,
            "evidence": inside_evidence.pk,
        }
    )
    outside = Side(
        {
            **common,
            "organisation": world.chiang_mai.code,
            "province": world.chiang_mai.province_id,
            "edit_item": drafts[world.chiang_mai.pk].items.order_by("pk").first().pk,
            "user": world.outsider_north.pk,
            "api_token": other_token.pk,
            "lockout": world.outsider_north.pk,
            "item": outside_plan.items.order_by("pk").first().pk,
            "version": outside_version.pk,
            "line": outside_line.pk,
            "evidence": outside_evidence.pk,
        }
    )
    for module in matrix.app_object_modules():
        app_inside, app_outside = module.build(world)
        inside.values.update(app_inside)
        outside.values.update(app_outside)
    return inside, outside


def add_outsider(world):
    """An officer of ช้างเผือก (Chiang Mai, region 5): the other side's LAO account."""
    world.outsider_north = make_user("officer.changphueak", Role.LAO_OFFICER, organisation=world.chiang_mai)
    return world
