"""Optimistic concurrency: two people editing the same thing never overwrite each other.

A form (or an API client) is given the *state token* of what it shows: a digest of the
values of the fields it edits. It sends the token back with the change. The service
locks the row, recomputes the token from what is stored now and, when it differs, refuses
with `StaleEdit`, which carries the values stored now, so the page can show both the
newer values and what the second person typed (kept in the form), and the API can answer
412 with them. The token needs no column: any change to an edited field changes it.

    token = state_token_of(item, ITEM_FIELDS)                # rendered into the form
    ...
    item = Model.objects.select_for_update().get(pk=item.pk)  # in the service
    require_fresh(item, ITEM_FIELDS, seen=token)              # raises StaleEdit

Pages carry it in the hidden field `STATE_FIELD`; the API gives it as the `ETag` of a read
and takes it in `If-Match` (eplan.api: see docs/api.md).
"""

import datetime
import decimal
import hashlib
import json

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

STATE_FIELD = "_state"


def _plain(value):
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value.normalize()) if value == value.to_integral() else str(value)
    if hasattr(value, "pk"):
        return value.pk
    return value


def state_token(values: dict) -> str:
    """The token of a set of values (any JSON-able mapping: field → value)."""
    canonical = json.dumps(
        {key: _plain(value) for key, value in values.items()},
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:32]


def values_of(instance, fields) -> dict:
    """The edited fields of a model instance; a foreign key by its id."""
    found = {}
    for name in fields:
        field = instance._meta.get_field(name) if hasattr(instance, "_meta") else None
        attname = getattr(field, "attname", name)
        found[name] = getattr(instance, attname)
    return found


def state_token_of(instance, fields) -> str:
    return state_token(values_of(instance, fields))


class StaleEdit(ValidationError):
    """Someone saved this after the form was opened. `current` holds the values stored
    now (field → value), for showing beside what the second person typed."""

    def __init__(self, current: dict | None = None, message=None):
        super().__init__(
            message
            or _("มีผู้อื่นบันทึกรายการนี้หลังจากที่คุณเปิดหน้านี้ จึงยังไม่ได้บันทึกของคุณ ข้อความที่คุณพิมพ์ยังอยู่ ตรวจค่าที่บันทึกล่าสุดแล้วบันทึกอีกครั้ง"),
            code="stale",
        )
        self.current = current or {}


def require_fresh(instance, fields, *, seen: str | None, current=None) -> None:
    """Refuse with StaleEdit when `seen` (the token the editor was given) is not the token
    of what is stored now. `seen=None` (a caller that sends no token, e.g. an API script
    without If-Match) is let through. Call with the row locked (select_for_update)."""
    if seen is None or seen == "":
        return
    values = current if current is not None else values_of(instance, fields)
    if state_token(values) != seen:
        raise StaleEdit(current=values)
