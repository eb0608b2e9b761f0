"""Evidence files stored before issue 10 kept the name they were uploaded with, at a path
anyone could guess (evidence/<cycle>/<round>/<organisation>/<name>). Each is copied to a
random name in the same folder, its row updated (the old name kept as original_name, its
type as read from its first bytes), and the old file deleted only once the migration has
committed: a failure half-way leaves every row pointing at a file that exists. A file
already missing is left as it is (its row keeps its name); running it again does nothing
more."""

import re
import secrets
from pathlib import PurePosixPath

from django.core.files.storage import default_storage
from django.db import migrations, transaction

RANDOM_STEM = re.compile(r"[0-9a-f]{32}")
OOXML, OLE = b"PK\x03\x04", b"\xd0\xcf\x11\xe0"
# As eplan.reporting.evidence.EVIDENCE_TYPES when this was written (a migration keeps its own copy).
TYPES = {
    ".pdf": (b"%PDF", "application/pdf"),
    ".jpg": (b"\xff\xd8\xff", "image/jpeg"),
    ".jpeg": (b"\xff\xd8\xff", "image/jpeg"),
    ".png": (b"\x89PNG", "image/png"),
    ".docx": (OOXML, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ".xlsx": (OOXML, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ".pptx": (OOXML, "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
    ".odt": (OOXML, "application/vnd.oasis.opendocument.text"),
    ".ods": (OOXML, "application/vnd.oasis.opendocument.spreadsheet"),
    ".doc": (OLE, "application/msword"),
    ".xls": (OLE, "application/vnd.ms-excel"),
    ".ppt": (OLE, "application/vnd.ms-powerpoint"),
}


def _type(suffix, head):
    magic, content_type = TYPES.get(suffix, (None, "application/octet-stream"))
    return content_type if magic and head.startswith(magic) else "application/octet-stream"


def rename_stored_files(apps, schema_editor, storage=None):
    storage = storage or default_storage
    Evidence = apps.get_model("reporting", "Evidence")
    replaced = []
    for evidence in Evidence.objects.exclude(file="").order_by("pk").iterator():
        old = PurePosixPath(evidence.file.name)
        if RANDOM_STEM.fullmatch(old.stem) or not storage.exists(str(old)):
            continue
        suffix = old.suffix.lower()
        with storage.open(str(old), "rb") as handle:
            head = handle.read(8)
            handle.seek(0)
            new = storage.save(f"{old.parent}/{secrets.token_hex(16)}{suffix}", handle)
        evidence.original_name = evidence.original_name or old.name[:255]
        evidence.content_type = _type(suffix, head)
        evidence.file.name = new
        evidence.save(update_fields=["file", "original_name", "content_type"])
        replaced.append(str(old))
    transaction.on_commit(lambda: [storage.delete(name) for name in replaced])
    return replaced


class Migration(migrations.Migration):
    dependencies = [("reporting", "0005_evidence_original_name")]

    operations = [migrations.RunPython(rename_stored_files, migrations.RunPython.noop)]
