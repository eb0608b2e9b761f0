"""Backup and restore of a whole installation (`manage.py backup`, `manage.py restore`):
the database and the uploaded files (MEDIA_ROOT) in one archive with a manifest.

The archive is a plain tar file (docs/operations.md, "Backup and restore"):

    manifest.json         what is inside: format, time, database vendor, the row count of
                          every table, and each member's size and SHA-256
    database.sqlite3      SQLite: a copy made with SQLite's online backup API, consistent
                          while the site keeps writing
    database.pgdump       PostgreSQL: `pg_dump -Fc` of one snapshot (the row counts are
                          taken in the same snapshot)
    media/<path>          every uploaded file (evidence, the files background jobs made)

Restoring checks every checksum before it writes anything, then loads the database into an
empty one (never over data: an empty database is the drill), writes the files, and checks
the restored row counts and files against the manifest. The audit table is append-only
(a PostgreSQL trigger refuses UPDATE and DELETE, core migration 0002): a restore only
creates and inserts, and pg_restore creates the trigger after loading the rows, so it is
restored as it was. PostgreSQL needs its client tools (pg_dump, pg_restore) on PATH, of the
server's major version or newer.
"""

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

FORMAT = "eplan-backup/1"
MANIFEST = "manifest.json"
MEDIA_PREFIX = "media/"
DATABASE_MEMBERS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
CHUNK = 1024 * 1024


class BackupError(Exception):
    """What stopped a backup or a restore, in Thai, for the person running it."""


@dataclass
class Summary:
    archive: Path
    tables: dict = field(default_factory=dict)
    files: int = 0
    bytes: int = 0


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _vendor() -> str:
    if connection.vendor not in DATABASE_MEMBERS:
        raise BackupError(_("สำรองข้อมูลได้เฉพาะ SQLite และ PostgreSQL ไม่ใช่ %(vendor)s") % {"vendor": connection.vendor})
    return connection.vendor


def _count_rows(cursor, tables) -> dict:
    counts = {}
    for table in sorted(tables):
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608 (a table name)
        counts[table] = cursor.fetchone()[0]
    return counts


def _postgres_environment(settings_dict) -> dict:
    """The libpq variables for pg_dump and pg_restore: the password never on a command line."""
    environment = dict(os.environ)
    for variable, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"), ("PGPASSWORD", "PASSWORD")):
        if settings_dict.get(key):
            environment[variable] = str(settings_dict[key])
    for variable, option in (("PGSSLMODE", "sslmode"), ("PGSSLROOTCERT", "sslrootcert")):
        if settings_dict.get("OPTIONS", {}).get(option):
            environment[variable] = str(settings_dict["OPTIONS"][option])
    environment["PGDATABASE"] = settings_dict["NAME"]
    return environment


def _run(command, environment):
    tool = command[0]
    if shutil.which(tool) is None:
        raise BackupError(
            _("ไม่พบคำสั่ง %(tool)s ต้องติดตั้งเครื่องมือของ PostgreSQL (เช่น postgresql-client) ให้อยู่ใน PATH") % {"tool": tool}
        )
    result = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(_("%(tool)s ไม่สำเร็จ: %(error)s") % {"tool": tool, "error": result.stderr.strip()[-2000:]})


def _dump_sqlite(target: Path) -> dict:
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
        tables = [
            name
            for (name,) in copy.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        counts = {}
        for table in sorted(tables):
            counts[table] = copy.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]  # noqa: S608 (a table name)
    finally:
        copy.close()
    return counts


def _dump_postgres(target: Path) -> dict:
    # One snapshot for the counts and the dump: exported from a repeatable-read transaction
    # kept open while pg_dump reads it.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        counts = _count_rows(cursor, connection.introspection.table_names(cursor))
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={snapshot}",
                f"--file={target}",
            ],
            _postgres_environment(connection.settings_dict),
        )
    return counts


def _media_files(root: Path) -> list[tuple[str, Path]]:
    if not root.exists():
        return []
    found = []
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            found.append((path.relative_to(root).as_posix(), path))
    return found


def backup(*, output: Path | None = None) -> Summary:
    """Write an archive of the database and MEDIA_ROOT; its path is in the summary."""
    vendor = _vendor()
    now = timezone.now()
    folder = Path(output) if output else settings.VAR_DIR / "backups"
    if folder.suffix == ".tar":
        archive, folder = folder, folder.parent
    else:
        archive = folder / f"eplan-backup-{timezone.localtime(now):%Y%m%d-%H%M%S}.tar"
    folder.mkdir(parents=True, exist_ok=True)
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(dir=folder, prefix=".backup-") as work:
        database_file = Path(work) / DATABASE_MEMBERS[vendor]
        # The database first: a file uploaded meanwhile is then at worst an extra file, never
        # a row whose file is missing.
        counts = _dump_sqlite(database_file) if vendor == "sqlite" else _dump_postgres(database_file)
        files = _media_files(media_root)
        manifest = {
            "format": FORMAT,
            "created_at": now.isoformat(),
            "database": {
                "vendor": vendor,
                "member": database_file.name,
                "size": database_file.stat().st_size,
                "sha256": _sha256(database_file),
                "tables": counts,
            },
            "media": [{"path": name, "size": path.stat().st_size, "sha256": _sha256(path)} for name, path in files],
        }
        partial = Path(work) / "archive.tar"
        with tarfile.open(partial, "w", format=tarfile.PAX_FORMAT) as tar:
            data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime, info.mode = len(data), int(now.timestamp()), 0o600
            tar.addfile(info, io.BytesIO(data))
            tar.add(database_file, arcname=database_file.name, recursive=False)
            for name, path in files:
                tar.add(path, arcname=MEDIA_PREFIX + name, recursive=False)
        partial.chmod(0o600)  # password hashes and personal data
        partial.replace(archive)
    return Summary(
        archive=archive,
        tables=counts,
        files=len(files),
        bytes=archive.stat().st_size,
    )


def read_manifest(archive: Path) -> dict:
    try:
        with tarfile.open(archive, "r:") as tar:
            member = tar.next()
            if member is None or member.name != MANIFEST:
                raise BackupError(_("ไฟล์นี้ไม่ใช่ไฟล์สำรองข้อมูลของ E-Plan (ไม่มี manifest.json เป็นรายการแรก)"))
            manifest = json.load(tar.extractfile(member))
    except (tarfile.TarError, OSError, ValueError) as error:
        raise BackupError(_("อ่านไฟล์สำรองข้อมูลไม่ได้: %(error)s") % {"error": error}) from None
    if manifest.get("format") != FORMAT:
        raise BackupError(
            _("ไฟล์สำรองข้อมูลรูปแบบ %(format)s ระบบนี้อ่านได้เฉพาะ %(known)s")
            % {
                "format": manifest.get("format"),
                "known": FORMAT,
            }
        )
    return manifest


def _expected_members(manifest) -> dict:
    expected = {manifest["database"]["member"]: (manifest["database"]["size"], manifest["database"]["sha256"])}
    for entry in manifest["media"]:
        path = PurePosixPath(entry["path"])
        if path.is_absolute() or ".." in path.parts:
            raise BackupError(_("ชื่อไฟล์ในไฟล์สำรองข้อมูลไม่ปลอดภัย: %(name)s") % {"name": entry["path"]})
        expected[MEDIA_PREFIX + entry["path"]] = (entry["size"], entry["sha256"])
    return expected


def verify(archive: Path) -> dict:
    """Check every member against the manifest (size and SHA-256); the manifest if all is well."""
    manifest = read_manifest(archive)
    expected = _expected_members(manifest)
    seen = set()
    with tarfile.open(archive, "r:") as tar:
        for member in tar:
            if member.name == MANIFEST:
                continue
            if member.name not in expected or not member.isfile():
                raise BackupError(_("ไฟล์สำรองข้อมูลมีรายการที่ manifest ไม่ได้ระบุ: %(name)s") % {"name": member.name})
            size, sha256 = expected[member.name]
            digest = hashlib.sha256()
            handle = tar.extractfile(member)
            while chunk := handle.read(CHUNK):
                digest.update(chunk)
            if member.size != size or digest.hexdigest() != sha256:
                raise BackupError(
                    _("ไฟล์ %(name)s ในไฟล์สำรองข้อมูลเสียหาย (ขนาดหรือค่าตรวจสอบไม่ตรงกับ manifest)") % {"name": member.name}
                )
            seen.add(member.name)
    missing = sorted(set(expected) - seen)
    if missing:
        raise BackupError(_("ไฟล์สำรองข้อมูลขาดไฟล์ %(names)s") % {"names": ", ".join(missing[:5])})
    return manifest


def _table_names() -> list[str]:
    with connection.cursor() as cursor:
        return connection.introspection.table_names(cursor)


def _check_target(manifest, media_root: Path):
    vendor = _vendor()
    if manifest["database"]["vendor"] != vendor:
        raise BackupError(
            _("ไฟล์สำรองนี้เป็นฐานข้อมูล %(theirs)s แต่ระบบนี้ใช้ %(ours)s กู้คืนข้ามชนิดฐานข้อมูลไม่ได้")
            % {"theirs": manifest["database"]["vendor"], "ours": vendor}
        )
    if _table_names():
        raise BackupError(
            _(
                "ฐานข้อมูลปลายทางมีตารางอยู่แล้ว จะกู้คืนลงฐานข้อมูลว่างเท่านั้น "
                "(สร้างฐานข้อมูลใหม่ด้วย createdb หรือลบไฟล์ SQLite ก่อน และอย่ารัน migrate ก่อนกู้คืน)"
            )
        )
    for entry in manifest["media"]:
        path = media_root / entry["path"]
        if path.exists() and (not path.is_file() or _sha256(path) != entry["sha256"]):
            raise BackupError(
                _("มีไฟล์ %(name)s ใน MEDIA_ROOT อยู่แล้วและไม่ตรงกับไฟล์สำรอง จะไม่เขียนทับ") % {"name": entry["path"]}
            )


def _restore_sqlite(database_file: Path):
    connection.ensure_connection()
    source = sqlite3.connect(database_file)
    try:
        source.backup(connection.connection)
    finally:
        source.close()
    connection.close()  # the next query reads the restored database afresh


def _restore_postgres(database_file: Path):
    connection.close()
    _run(
        [
            "pg_restore",
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            f"--dbname={connection.settings_dict['NAME']}",
            str(database_file),
        ],
        _postgres_environment(connection.settings_dict),
    )


def restore(archive: Path) -> Summary:
    """Load an archive into an empty database and MEDIA_ROOT, then check what was loaded."""
    manifest = verify(archive)
    media_root = Path(settings.MEDIA_ROOT)
    _check_target(manifest, media_root)
    with tempfile.TemporaryDirectory(prefix="eplan-restore-") as work, tarfile.open(archive, "r:") as tar:
        member = tar.getmember(manifest["database"]["member"])
        database_file = Path(work) / member.name
        with open(database_file, "wb") as handle:
            shutil.copyfileobj(tar.extractfile(member), handle)
        if manifest["database"]["vendor"] == "sqlite":
            _restore_sqlite(database_file)
        else:
            _restore_postgres(database_file)
        for entry in manifest["media"]:
            path = media_root / entry["path"]
            if path.exists():
                continue  # the same file (checked above)
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_name(f".{path.name}.restoring")
            with open(partial, "wb") as handle:
                shutil.copyfileobj(tar.extractfile(MEDIA_PREFIX + entry["path"]), handle)
            partial.replace(path)
    return check_restored(manifest, media_root, archive)


def check_restored(manifest, media_root: Path, archive: Path) -> Summary:
    """Every table has the rows the manifest counted, every file is there with its checksum."""
    with connection.cursor() as cursor:
        counts = _count_rows(cursor, connection.introspection.table_names(cursor))
    expected = manifest["database"]["tables"]
    wrong = [table for table in expected if counts.get(table) != expected[table]]
    if wrong:
        raise BackupError(
            _("กู้คืนแล้วแต่จำนวนแถวไม่ตรงกับไฟล์สำรอง: %(tables)s")
            % {"tables": ", ".join(f"{t} {counts.get(t)}≠{expected[t]}" for t in wrong[:5])}
        )
    for entry in manifest["media"]:
        if _sha256(media_root / entry["path"]) != entry["sha256"]:
            raise BackupError(_("กู้คืนแล้วแต่ไฟล์ %(name)s ไม่ตรงกับไฟล์สำรอง") % {"name": entry["path"]})
    return Summary(
        archive=archive,
        tables=counts,
        files=len(manifest["media"]),
        bytes=sum(entry["size"] for entry in manifest["media"]),
    )
