"""Nothing lands in a report after it is submitted (issue 10, hole 6): line saves and
evidence attached in parallel with report_submit either happen before the submission or
are refused, because each checks that the report is still a draft inside its own
transaction, with the report row locked (select_for_update) as report_submit locks it."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from eplan.core.models import AuditEvent
from eplan.reporting import evidence as evidence_services
from eplan.reporting import services
from eplan.reporting.models import Evidence, Report, ReportLine, ReportState
from eplan.reporting.tests.conftest import assessed, open_round

SAVES = ("reporting.report_save", "reporting.evidence_add", "reporting.evidence_remove")


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite takes the database's write lock at BEGIN (transaction_mode IMMEDIATE), so two writers never "
    "overlap there and the test database is one in-memory connection; row locks and real concurrency are "
    "PostgreSQL's, which CI runs.",
)
def test_line_saves_and_evidence_racing_a_submission_never_land_after_it(geography, world, cycle, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    assessed(world, world.klai, cycle)
    report = services.report_open(actor=world.officer, round=open_round(cycle), organisation=world.klai)
    lines = list(report.lines.all())
    services.report_save(actor=world.officer, report=report, lines={line.pk: {"status": "done"} for line in lines})
    stale = Report.objects.get(pk=report.pk)  # every writer holds a copy read while it was a draft
    writers = [world.officer, world.colleague, world.primary]
    start = threading.Barrier(len(writers) + 2)
    outcomes, surprises = [], []

    def record(write, **arguments):
        try:
            write(**arguments)
            outcomes.append("saved")
        except ValidationError as refusal:
            outcomes.append("refused")
            if "ส่งแล้ว" not in " ".join(refusal.messages):
                surprises.append(refusal)
        except Exception as error:  # anything else is what the test looks for
            surprises.append(error)

    def save_lines(user, mine):
        try:
            start.wait()
            for attempt in range(4):
                for line in mine:
                    values = {"status": "done", "outputs": f"{user.username} ครั้งที่ {attempt}"}
                    record(services.report_save, actor=user, report=stale, lines={line.pk: values})
        finally:
            connection.close()

    def attach():
        try:
            start.wait()
            for number in range(12):
                upload = SimpleUploadedFile(f"ภาพ {number}.png", b"\x89PNG\r\n\x1a\n" + b"0" * 2000)
                record(evidence_services.evidence_add, actor=world.officer, line=lines[0], upload=upload)
        finally:
            connection.close()

    def submit():
        try:
            start.wait()
            services.report_submit(actor=world.executive, report=stale)
        finally:
            connection.close()

    threads = [threading.Thread(target=save_lines, args=(user, lines[n::3])) for n, user in enumerate(writers)]
    threads += [threading.Thread(target=attach), threading.Thread(target=submit)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert surprises == []
    assert Report.objects.get(pk=report.pk).state == ReportState.SUBMITTED
    submitted = AuditEvent.objects.get(action="reporting.report_submit")
    assert not AuditEvent.objects.filter(action__in=SAVES, pk__gt=submitted.pk).exists()
    # What is stored is what the last save before the submission wrote, line by line.
    last = {}
    for event in AuditEvent.objects.filter(action="reporting.report_save", pk__lt=submitted.pk).order_by("pk"):
        for key, (_old, new) in event.changes.items():
            if key.endswith(".outputs"):
                last[int(key.split(".")[1])] = new
    assert {line.pk: line.outputs for line in ReportLine.objects.filter(report=report) if line.outputs} == last
    attached = AuditEvent.objects.filter(action="reporting.evidence_add", pk__lt=submitted.pk).count()
    assert Evidence.objects.filter(line__report=report).count() == attached
    assert outcomes.count("saved") == AuditEvent.objects.filter(action__in=SAVES, pk__lt=submitted.pk).count() - 2
