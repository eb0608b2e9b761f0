"""Backup and restore (issue 10): `manage.py backup` writes the database and every uploaded
file into one archive with a manifest; `manage.py restore`, run as on a new machine (its
own process, an empty database, an empty MEDIA_ROOT), brings back every plan, version,
report, score, audit event and file, and checks them. On SQLite and on PostgreSQL (which
makes its own empty database, eplan_restore_test, and drops it)."""

import datetime
import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from eplan.assessment.models import Assessment
from eplan.core import backup
from eplan.core.models import AuditEvent
from eplan.demo.plans import ensure_cycles
from eplan.plans.models import Plan, PlanVersion
from eplan.reporting import evidence as evidence_services
from eplan.reporting import services as reporting_services
from eplan.reporting.models import Evidence, Report, ReportLine
from eplan.reporting.tests.conftest import assessed, open_round

ROOT = Path(django_settings.BASE_DIR)
PROOF = b"%PDF-1.7\n% evidence of the restored report\n"
# What a restore must give back, table by table (the rows' ids are compared).
TABLES = {
    "plans": Plan,
    "versions": PlanVersion,
    "reports": Report,
    "report lines": ReportLine,
    "scores": Assessment,
    "audit events": AuditEvent,
    "evidence": Evidence,
}


def released_cycle():
    cycle = ensure_cycles()["2562-2565"]
    cycle.score_release_date = timezone.localdate() - datetime.timedelta(days=30)
    cycle.save(update_fields=["score_release_date"])
    return cycle


@pytest.fixture
def cycle(committed):
    return released_cycle()


@pytest.fixture
def geography_after_flush(django_db_blocker):
    """A transactional test empties every table when it ends; put back the geography the
    session loaded once, for the tests after this one. Set up before transactional_db, so
    it is torn down after it."""
    yield
    from eplan.registry.services import geography_sync

    with django_db_blocker.unblock():
        geography_sync()


@pytest.fixture
def committed(geography_after_flush, transactional_db):
    """Data committed, as a backup of a running site reads it (not a test's open transaction)."""


def installation(world, cycle, settings, media_root: Path) -> dict:
    """An organisation's submitted plan, scored, and its report with a file: what every
    restore must find. Returns the ids per table and the evidence files by name."""
    settings.MEDIA_ROOT = media_root
    assessed(world, world.klai, cycle)
    report = reporting_services.report_open(actor=world.officer, round=open_round(cycle), organisation=world.klai)
    lines = report.lines.filter(item_id__isnull=False)
    reporting_services.report_save(
        actor=world.officer, report=report, lines={li.pk: {"status": "done"} for li in lines}
    )
    line = lines.first()
    upload = SimpleUploadedFile("proof.pdf", PROOF, content_type="application/pdf")
    evidence_services.evidence_add(actor=world.officer, line=line, upload=upload)
    reporting_services.report_submit(actor=world.officer, report=Report.objects.get(pk=report.pk))
    ids = {name: sorted(model.objects.values_list("pk", flat=True)) for name, model in TABLES.items()}
    assert all(ids.values()), ids
    files = {evidence.file.name: Path(evidence.file.path).read_bytes() for evidence in Evidence.objects.all()}
    assert list(files.values()) == [PROOF]
    return {"ids": ids, "files": files, "scores": _score_rows(connection.cursor())}


def _score_rows(cursor) -> list:
    cursor.execute(f"SELECT * FROM {Assessment._meta.db_table} ORDER BY id")  # noqa: S608
    return [tuple(str(value) for value in row) for row in cursor.fetchall()]


def manage(*args, env: dict) -> subprocess.CompletedProcess:
    """manage.py in a process of its own, configured only by its environment, as on the new
    machine of the drill."""
    environment = {key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "MEDIA_ROOT")}
    environment.update(env)
    return subprocess.run(  # noqa: S603
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=environment,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def restored_ids(cursor) -> dict:
    found = {}
    for name, model in TABLES.items():
        cursor.execute(f"SELECT id FROM {model._meta.db_table} ORDER BY id")  # noqa: S608
        found[name] = [row[0] for row in cursor.fetchall()]
    return found


def test_a_backup_is_one_archive_with_a_manifest_and_checksums(committed, world, cycle, settings, tmp_path):
    made = installation(world, cycle, settings, tmp_path / "media")

    call_command("backup", output=str(tmp_path / "backups"), stdout=io.StringIO())

    (archive,) = (tmp_path / "backups").glob("eplan-backup-*.tar")
    assert oct(archive.stat().st_mode & 0o777) == "0o600"
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest = json.load(tar.extractfile("manifest.json"))
    assert names[0] == "manifest.json"
    assert manifest["database"]["vendor"] == connection.vendor
    assert manifest["database"]["member"] in names
    assert manifest["database"]["tables"]["plans_plan"] == len(made["ids"]["plans"])
    assert [entry["path"] for entry in manifest["media"]] == list(made["files"])
    assert f"media/{next(iter(made['files']))}" in names
    assert backup.verify(archive) == manifest


def test_a_damaged_archive_is_refused_before_anything_is_written(committed, world, cycle, settings, tmp_path):
    installation(world, cycle, settings, tmp_path / "media")
    call_command("backup", output=str(tmp_path / "backup.tar"), stdout=io.StringIO())
    archive = tmp_path / "backup.tar"
    data = bytearray(archive.read_bytes())
    position = data.index(PROOF)
    data[position + 3] ^= 0xFF  # one byte of the evidence file flipped
    archive.write_bytes(bytes(data))

    with pytest.raises(CommandError, match="เสียหาย"):
        call_command("restore", str(archive), "--check")


def test_restore_refuses_a_database_that_is_not_empty(committed, world, cycle, settings, tmp_path):
    installation(world, cycle, settings, tmp_path / "media")
    call_command("backup", output=str(tmp_path / "backup.tar"), stdout=io.StringIO())

    with pytest.raises(CommandError, match="ฐานข้อมูลปลายทางมีตารางอยู่แล้ว"):
        call_command("restore", str(tmp_path / "backup.tar"))


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite restore; PostgreSQL has its own test")
def test_sqlite_a_restore_into_an_empty_database_finds_everything(committed, world, cycle, settings, tmp_path):
    made = installation(world, cycle, settings, tmp_path / "media")
    call_command("backup", output=str(tmp_path / "backup.tar"), stdout=io.StringIO())
    new_machine = tmp_path / "new-machine"
    env = {"EPLAN_VAR_DIR": str(new_machine), "MEDIA_ROOT": str(new_machine / "media")}

    checked = manage("restore", str(tmp_path / "backup.tar"), "--check", env=env)
    assert checked.returncode == 0, checked.stderr
    assert "ไฟล์สำรองครบถ้วน" in checked.stdout
    restored = manage("restore", str(tmp_path / "backup.tar"), env=env)

    assert restored.returncode == 0, restored.stderr
    assert "ตรงกับไฟล์สำรองทุกรายการ" in restored.stdout
    database = sqlite3.connect(new_machine / "eplan.sqlite3")
    assert restored_ids(database.cursor()) == made["ids"]
    assert _score_rows(database.cursor()) == made["scores"]
    for name, content in made["files"].items():
        assert (new_machine / "media" / name).read_bytes() == content
    database.close()
    again = manage("restore", str(tmp_path / "backup.tar"), env=env)
    assert again.returncode != 0  # never over data
    assert "ฐานข้อมูลปลายทางมีตารางอยู่แล้ว" in again.stderr


RESTORE_DATABASE = "eplan_restore_test"


@pytest.fixture
def restore_database():
    import psycopg

    params = connection.settings_dict
    admin = {
        "host": params["HOST"] or None,
        "port": params["PORT"] or None,
        "user": params["USER"] or None,
        "password": params["PASSWORD"] or None,
        "dbname": "postgres",
    }
    with psycopg.connect(**admin, autocommit=True) as server:
        server.execute(f"DROP DATABASE IF EXISTS {RESTORE_DATABASE}")
        server.execute(f"CREATE DATABASE {RESTORE_DATABASE}")
    user = f"{params['USER']}:{params['PASSWORD']}@" if params["PASSWORD"] else f"{params['USER']}@"
    url = f"postgres://{user}{params['HOST'] or 'localhost'}:{params['PORT'] or 5432}/{RESTORE_DATABASE}"
    yield url, {**admin, "dbname": RESTORE_DATABASE}
    with psycopg.connect(**admin, autocommit=True) as server:
        server.execute(f"DROP DATABASE IF EXISTS {RESTORE_DATABASE} WITH (FORCE)")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump and pg_restore: CI runs it on PostgreSQL")
def test_postgresql_a_restore_into_an_empty_database_finds_everything(
    committed, restore_database, world, cycle, settings, tmp_path
):
    import psycopg

    made = installation(world, cycle, settings, tmp_path / "media")
    call_command("backup", output=str(tmp_path / "backup.tar"), stdout=io.StringIO())
    url, direct = restore_database
    new_machine = tmp_path / "new-machine"

    restored = manage(
        "restore",
        str(tmp_path / "backup.tar"),
        env={"DATABASE_URL": url, "EPLAN_VAR_DIR": str(new_machine), "MEDIA_ROOT": str(new_machine / "media")},
    )

    assert restored.returncode == 0, restored.stderr
    assert "ตรงกับไฟล์สำรองทุกรายการ" in restored.stdout
    with psycopg.connect(**direct) as database, database.cursor() as cursor:
        assert restored_ids(cursor) == made["ids"]
        assert _score_rows(cursor) == made["scores"]
        # The audit trail came back append-only: its trigger was restored with it.
        with pytest.raises(psycopg.errors.RaiseException, match="append-only"):
            cursor.execute("UPDATE core_auditevent SET action = 'x'")
    for name, content in made["files"].items():
        assert (new_machine / "media" / name).read_bytes() == content
