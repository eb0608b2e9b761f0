"""A dataset as a file (CSV and JSON), and the copy that is served.

Both formats of a dataset are made together from one reading and kept together in
Django's cache (Redis in production, shared by every app server) for KEPT_SECONDS, under
the dataset's address and today's date (a result released today or a round's list fixed
this morning belongs to today's copy). A request reads the copy; only the first one after
it has expired reads the database, and none writes to it. Each copy carries the moment it
was read (`generated_at`), which the page, the JSON and the Last-Modified header show.

- CSV: UTF-8 with a byte-order mark (Excel opens Thai as Thai), CRLF, one header row of
  field names, then the rows; every cell through core.spreadsheets.csv_writer, so a name
  that begins with = or + stays text. Booleans are 1/0, an unknown value an empty cell.
- JSON: UTF-8, an object with the metadata (title, description, licence, attribution,
  generated_at, fields: the data dictionary) and the rows as objects keyed by field name.
"""

import datetime
import io
import json
from dataclasses import dataclass
from decimal import Decimal

from django.core.cache import cache
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from eplan.core.spreadsheets import csv_writer
from eplan.opendata.datasets import Dataset

KEPT_SECONDS = 10 * 60
JSON = "application/json; charset=utf-8"
BOM = "\ufeff"

# The licence of every dataset. Creative Commons Attribution 4.0 is one of the licences
# data.go.th offers its publishers, has a standard text in Thai and English and an SPDX
# identifier that harvesters read, and is the licence of the GeoThai place names the rows
# carry, so one licence passes their credit on unchanged.
LICENCE = {
    "id": "CC-BY-4.0",
    "name": "Creative Commons Attribution 4.0 International (CC BY 4.0)",
    "url": "https://creativecommons.org/licenses/by/4.0/deed.th",
}


def attribution() -> str:
    return _(
        "ที่มา: สำนักงานคณะกรรมการป้องกันและปราบปรามการทุจริตแห่งชาติ (สำนักงาน ป.ป.ช.) "
        "ระบบแผนปฏิบัติการป้องกันการทุจริตขององค์กรปกครองส่วนท้องถิ่น (E-Plan); "
        "รหัสและชื่อ อปท.: กรมส่งเสริมการปกครองท้องถิ่น; ชื่อจังหวัดและอำเภอ: GeoThai (CC BY 4.0)"
    )


@dataclass(frozen=True)
class Generated:
    """Both files of one reading of a dataset."""

    generated_at: datetime.datetime
    csv: bytes
    json: bytes


def key_of(*address) -> str:
    """The cache key of a dataset at an address (its slug and what chooses its rows)."""
    return ":".join(["eplan:opendata:1", *(str(part) for part in address), timezone.localdate().isoformat()])


def _moment_key(key: str) -> str:
    return key + ":generated_at"


def kept(keys) -> dict:
    """{key: generated_at} of the copies in the cache now, for a page that shows when each
    was read: only the moments are fetched (a small key beside each copy), never the files."""
    keys = list(keys)
    found = cache.get_many([_moment_key(key) for key in keys])
    return {key: found[_moment_key(key)] for key in keys if _moment_key(key) in found}


def served(key: str, build) -> Generated:
    """The kept copy, or a new one from build() -> Dataset (read in Thai), kept."""
    found = cache.get(key)
    if found is None:
        generated_at = timezone.now().replace(microsecond=0)
        with translation.override("th"):
            dataset = build()
            found = Generated(generated_at=generated_at, csv=as_csv(dataset), json=as_json(dataset, generated_at))
        cache.set_many({key: found, _moment_key(key): generated_at}, KEPT_SECONDS)
    return found


def _csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return 1 if value else 0
    return value


def as_csv(dataset: Dataset) -> bytes:
    handle = io.StringIO(newline="")
    writer = csv_writer(handle, lineterminator="\r\n")
    writer.writerow([field.name for field in dataset.fields])
    for row in dataset.rows:
        writer.writerow([_csv_cell(value) for value in row])
    return (BOM + handle.getvalue()).encode("utf-8")


def _json_value(value):
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def dictionary(fields) -> list[dict]:
    """The data dictionary: field, meaning, unit and how the value is written."""
    return [{"field": field.name, "meaning": field.meaning, "unit": field.unit, "type": field.kind} for field in fields]


def metadata(dataset: Dataset, generated_at) -> dict:
    return {
        "title": dataset.title,
        "description": dataset.description,
        "licence": LICENCE,
        "attribution": attribution(),
        "generated_at": timezone.localtime(generated_at).isoformat(),
        "fields": dictionary(dataset.fields),
    }


def as_json(dataset: Dataset, generated_at) -> bytes:
    names = [field.name for field in dataset.fields]
    document = {
        **metadata(dataset, generated_at),
        "rows": [dict(zip(names, map(_json_value, row), strict=True)) for row in dataset.rows],
    }
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
