"""Benchmarks: speed targets live here, never in unit tests.  Run with `make bench`.

Builds a national-scale database (7,850 organisations) in a temporary directory (or the
DATABASE_URL database, which it empties first: never point it at production), then
times the operations that must stay fast on deadline day. Prints each measurement with
its target and exits 1 when a target is missed.
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("EPLAN_VAR_DIR", tempfile.mkdtemp(prefix="eplan-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eplan.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

# Documents made in the background (workbooks, PDFs) are made inside the request here, so
# that one timed request measures the whole making of the file, as the worker would.
settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]}}

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from eplan.demo.management.commands.seed_demo import DEMO_PASSWORD  # noqa: E402

RESULTS = []


def record(name, seconds, target):
    ok = seconds <= target
    RESULTS.append(ok)
    print(f"{'PASS' if ok else 'FAIL'}  {name:<58} {seconds * 1000:9.1f} ms   (target ≤ {target * 1000:.0f} ms)")


def timed(name, target, action, repeat=30):
    action()  # warm up
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        samples.append(time.perf_counter() - started)
    p95 = statistics.quantiles(samples, n=20)[18]
    record(f"{name} (p95 of {repeat})", p95, target)


def once(name, target, action):
    """One timed call, no warm-up: for work that is cached after its first run."""
    started = time.perf_counter()
    action()
    record(name, time.perf_counter() - started, target)


def main():
    if os.environ.get("DATABASE_URL"):
        call_command("flush", "--noinput", verbosity=0)
    call_command("migrate", "--noinput", verbosity=0)
    started = time.perf_counter()
    call_command("seed_demo", "--scale", "national", verbosity=0)
    record("seed_demo --scale national (7,850 organisations)", time.perf_counter() - started, 120)

    from eplan.registry.models import Organisation

    assert Organisation.objects.count() == 7850, Organisation.objects.count()
    anonymous = Client()
    central = Client()
    central.login(username="central.demo", password=DEMO_PASSWORD)

    get = get_action

    timed("GET / (visitor)", 0.15, get(anonymous, "/"))
    timed("GET /organisations/?province=80 (visitor)", 0.25, get(anonymous, "/organisations/?province=80"))
    timed("GET /organisations/?q=อบต.ท่า (national search)", 0.25, get(anonymous, "/organisations/?q=อบต.ท่า"))
    timed("GET /organisations/?scope=mine (central, 7,850 rows)", 0.3, get(central, "/organisations/?scope=mine"))
    timed("GET / (central dashboard, national counts)", 0.3, get(central, "/"))
    timed("GET /api/v1/organisations?province=80", 0.25, get(anonymous, "/api/v1/organisations?province=80"))
    timed("GET /healthz", 0.02, get(anonymous, "/healthz"))

    # The status of every organisation (deadline and announcement days).
    from eplan.accounts.models import User
    from eplan.assessment.services import announcement_publish
    from eplan.frameworks.models import Cycle

    cycle = Cycle.objects.get(code="2562-2565")
    timed(f"GET /status/{cycle.code}/ (national, by province)", 0.4, get(anonymous, f"/status/{cycle.code}/"))
    timed(f"GET /status/{cycle.code}/?province=80", 0.4, get(anonymous, f"/status/{cycle.code}/?province=80"))
    timed(
        "GET /api/v1/status?province=80 (page of 100)",
        0.3,
        get(anonymous, f"/api/v1/status?cycle={cycle.code}&province=80"),
    )
    central_user = User.objects.get(username="central.demo")
    published = []
    once(
        "announcement_publish (freezes 7,850 statuses)",
        10,
        lambda: published.append(announcement_publish(actor=central_user, cycle=cycle)),
    )
    announcement = published[0]
    base = f"/status/{cycle.code}/announcements/{announcement.number}"
    timed("GET announcement page ?province=80", 0.4, get(anonymous, f"{base}/?province=80"))
    once("GET announcement XLSX (national, 7,850 rows)", 5, get(anonymous, f"{base}.xlsx"))
    once("GET announcement PDF ?province=80 (first render)", 15, get(anonymous, f"{base}.pdf?province=80"))
    # Reporting on deadline day: completeness and scores for the country, one report page.
    from eplan.reporting.models import Report, Round

    current = Round.objects.filter(expected_frozen_at__isnull=False).order_by("-opens_on").first()
    base = f"/reporting/follow-up/{current.cycle.code}/{current.code}/"
    timed("GET reporting follow-up (central, national)", 0.5, get(central, base))
    timed("GET reporting follow-up ?province=80", 0.5, get(central, base + "?province=80"))
    timed(
        "GET reporting scores (central, national)",
        0.5,
        get(central, f"/reporting/scores/{current.cycle.code}/{current.code}/"),
    )
    timed(
        "GET /api/v1/reporting/completeness?province=80",
        0.3,
        get(central, f"/api/v1/reporting/completeness?cycle={current.cycle.code}&round={current.code}&province=80"),
    )
    from eplan.reporting import services as reporting_services

    demo_officer = User.objects.get(username="officer.demo")
    organisation = demo_officer.role_assignments.get().organisation
    reporting_services.report_open(actor=demo_officer, round=current, organisation=organisation)
    officer = Client()
    officer.force_login(demo_officer)
    lines = Report.objects.get(round=current, organisation=organisation).lines.count()
    timed(
        f"GET the report page being filled in ({lines} lines)",
        0.4,
        get(officer, f"/reporting/{organisation.code}/{current.cycle.code}/{current.code}/"),
    )
    deadline_day(central, current)
    freeze_national(central_user)
    dashboards_national(central, anonymous, current)
    return 0 if all(RESULTS) else 1


def freeze_national(central_user):
    """A round opening today for every one of the 7,850 organisations, each with its own
    submitted and passed plan version (the demo province's plans as they are; the rest
    copies of one demo plan, one in ten with an item judged not to fit, written in bulk as
    a shortcut of the benchmark): fixing who must report, and how many queries it takes."""
    import datetime

    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from eplan.assessment.models import Assessment, AssessmentState, ItemJudgement, Level, Result
    from eplan.frameworks.models import Cycle
    from eplan.plans.models import Plan, PlanStatus, PlanVersion, VersionFigure
    from eplan.registry.models import Organisation
    from eplan.reporting import services as reporting_services
    from eplan.reporting.models import ExpectedRule, Round, RoundKind

    cycle = Cycle.objects.get(code="2561-2564")
    template = PlanVersion.objects.filter(
        plan__cycle=cycle, assessments__state=AssessmentState.FINAL, assessments__result=Result.PASSED
    ).first()
    misfit = next(
        item["id"]
        for dimension in template.snapshot["dimensions"]
        for mission in dimension["missions"]
        for item in mission["items"]
    )
    now = timezone.now()
    started = time.perf_counter()
    with_version = set(PlanVersion.objects.filter(plan__cycle=cycle).values_list("plan__organisation_id", flat=True))
    plans = dict(Plan.objects.filter(cycle=cycle).values_list("organisation_id", "id"))
    missing = list(Organisation.objects.filter(active=True).exclude(pk__in=with_version).values_list("pk", flat=True))
    made = Plan.objects.bulk_create(
        [Plan(organisation_id=pk, cycle=cycle, status=PlanStatus.SUBMITTED) for pk in missing if pk not in plans],
        batch_size=2000,
    )
    plans.update({plan.organisation_id: plan.pk for plan in made})
    versions = PlanVersion.objects.bulk_create(
        [
            PlanVersion(
                plan_id=plans[pk],
                number=1,
                receipt_number=f"bench-{cycle.code}-{pk}",
                submitted_at=template.submitted_at,
                submitted_by_id=template.submitted_by_id,
                snapshot=template.snapshot,
                snapshot_sha256=template.snapshot_sha256,
            )
            for pk in missing
        ],
        batch_size=500,
    )
    VersionFigure.objects.bulk_create(
        [row for version, pk in zip(versions, missing, strict=True) for row in VersionFigure.of(version, pk)],
        batch_size=5000,
    )
    assessments = Assessment.objects.bulk_create(
        [
            Assessment(
                version=version,
                level=Level.PROVINCIAL,
                state=AssessmentState.FINAL,
                assessor=central_user,
                result=Result.PASSED,
                finalised_at=now,
                finalised_by=central_user,
            )
            for version in versions
        ],
        batch_size=2000,
    )
    ItemJudgement.objects.bulk_create(
        [
            ItemJudgement(assessment=assessment, item_id=misfit, fits=False, reason="bench")
            for assessment in assessments[::10]
        ],
        batch_size=2000,
    )
    round = Round.objects.get(cycle=cycle, fiscal_year=cycle.fiscal_years[-1], kind=RoundKind.TWELVE_MONTH)
    today = timezone.localdate()
    round.opens_on, round.due_on = today, today + datetime.timedelta(days=30)
    round.closes_on, round.expected_rule = today + datetime.timedelta(days=60), ExpectedRule.SUBMITTED
    round.expected_frozen_at = None
    round.save()
    print(f"      (freeze: {len(versions):,} plan versions added in {time.perf_counter() - started:.1f} s)")
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        listed = reporting_services.round_freeze(actor=None, round=round)
        seconds = time.perf_counter() - started
    inserts = sum(1 for query in queries if query["sql"].startswith("INSERT"))
    record(
        f"round_freeze: {listed:,} organisations, {len(queries)} queries ({inserts} inserts)",
        seconds,
        15,
    )


def deadline_day(central, round):
    """Every one of the 7,850 organisations expected in the round, nine in ten with a
    submitted report of 38 lines (one in ten of those late): the follow-up and score pages
    the country's offices open on the due date. Rows are written in bulk against one plan
    version (the pages never read the version), which is a shortcut of the benchmark only."""
    import datetime

    from django.utils import timezone

    from eplan.registry.models import Organisation
    from eplan.reporting.models import ExpectedOrganisation, Report, ReportLine, ReportState

    template = Report.objects.filter(round=round, state=ReportState.SUBMITTED).first()
    template_lines = list(template.lines.all())
    now = timezone.now()
    started = time.perf_counter()
    taken = set(ExpectedOrganisation.objects.filter(round=round).values_list("organisation_id", flat=True))
    newcomers = list(Organisation.objects.filter(active=True).exclude(pk__in=taken).values_list("pk", flat=True))
    ExpectedOrganisation.objects.bulk_create(
        [
            ExpectedOrganisation(
                round=round,
                organisation_id=pk,
                version_id=template.version_id,
                item_count=len(template_lines),
                added_at=now,
            )
            for pk in newcomers
        ],
        batch_size=2000,
    )
    reports = Report.objects.bulk_create(
        [
            Report(
                round=round,
                organisation_id=pk,
                version_id=template.version_id,
                state=ReportState.SUBMITTED,
                submitted_at=now,
                first_submitted_at=now + datetime.timedelta(days=1 if index % 10 == 0 else 0),
                is_late=index % 10 == 0,
                receipt_number=f"bench-{pk}",
            )
            for index, pk in enumerate(newcomers)
            if index % 10 != 9
        ],
        batch_size=2000,
    )
    fields = ["item_id", "position", "dimension", "title", "planned_budget", "status", "ordinance_budget", "disbursed"]
    ReportLine.objects.bulk_create(
        [
            ReportLine(report=report, **{name: getattr(line, name) for name in fields})
            for report in reports
            for line in template_lines
        ],
        batch_size=5000,
    )
    total = ExpectedOrganisation.objects.filter(round=round).count()
    lines = ReportLine.objects.filter(report__round=round).count()
    print(
        f"      (deadline day: {total:,} expected, {len(reports):,} reports added, {lines:,} lines "
        f"in {time.perf_counter() - started:.1f} s)"
    )
    base = f"/reporting/follow-up/{round.cycle.code}/{round.code}/"
    timed("deadline day: follow-up, national (7,850 expected)", 1.0, get_action(central, base), repeat=10)
    timed(
        "deadline day: follow-up ?province=30 (Nakhon Ratchasima)",
        0.5,
        get_action(central, base + "?province=30"),
        repeat=10,
    )
    timed(
        "deadline day: scores, national (~265,000 lines)",
        1.5,
        get_action(central, f"/reporting/scores/{round.cycle.code}/{round.code}/"),
        repeat=10,
    )
    timed(
        "deadline day: completeness API, national",
        1.0,
        get_action(central, f"/api/v1/reporting/completeness?cycle={round.cycle.code}&round={round.code}"),
        repeat=10,
    )


def dashboards_national(central, anonymous, round):
    """The dashboards and open data once every organisation has a plan and a report: the
    national pages a minister's office opens, and the open-data file a journalist downloads
    (one row per active organisation, first render and then cached)."""
    import csv
    import io

    from eplan.registry.models import Organisation

    chosen = f"cycle={round.cycle.code}&round={round.code}"
    for page, target in (("", 1.0), ("status/", 1.0), ("plans/", 1.5), ("implementation/", 1.5), ("reporting/", 1.0)):
        timed(
            f"GET /dashboards/{page} (central, national)",
            target,
            get_action(central, f"/dashboards/{page}?{chosen}"),
            repeat=10,
        )
    timed("GET /dashboards/ (visitor, public national)", 1.0, get_action(anonymous, "/dashboards/"), repeat=10)
    timed(
        "GET /dashboards/?province=30 (central, a large province)",
        0.6,
        get_action(central, f"/dashboards/?{chosen}&province=30"),
        repeat=10,
    )
    url = f"/open-data/{round.cycle.code}/plan-status.csv"
    answers = []
    once("GET open-data plan-status.csv (national, first render)", 5, lambda: answers.append(anonymous.get(url)))
    response = answers[0]
    assert response.status_code == 200, response.status_code
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    active = Organisation.objects.filter(active=True).count()
    assert len(rows) - 1 == active, (len(rows) - 1, active)
    timed("GET open-data plan-status.csv (cached)", 0.2, get_action(anonymous, url), repeat=10)


def get_action(client, url):
    def action():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)

    return action


if __name__ == "__main__":
    sys.exit(main())
