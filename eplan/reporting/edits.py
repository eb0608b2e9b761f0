"""What reporting's editors saw, as state tokens (eplan.core.concurrency): a report line, the
report's summary and problems, the whole report (the API's ETag), a round's dates and an
organisation's row in the list of who must report. Pages render the token into the form
(hidden `_state`), the API gives it as the ETag; the services compare it with what is
stored now, under the row lock, and refuse a save over a newer one with StaleEdit.

Also the audit shape of a line (its answers as they were and became), so that nothing a
save overwrites is lost from the trail.
"""

import datetime
from decimal import Decimal

from django.utils.translation import gettext as _

from eplan.core.concurrency import StaleEdit, require_fresh, state_token, values_of
from eplan.core.money import parse_amount
from eplan.core.thai import baht, thai_date
from eplan.reporting.lines import LINE_FIELDS, MONEY_FIELDS, TRUE
from eplan.reporting.models import ExpectedRule, LineStatus, NotPossibleReason, ReportLine

EXTRA_FIELDS = ("title", "dimension")  # an extra item's own facts, edited on its line
TEXT_FIELDS = ("summary", "problems")
ROUND_FIELDS = ("opens_on", "due_on", "closes_on", "expected_rule")
EXPECTED_FIELDS = ("version", "item_count", "extended_until", "added_at", "removed_at")
DATE_FIELDS = ("opens_on", "due_on", "closes_on", "extended_until")


def line_fields(line) -> tuple:
    return (*LINE_FIELDS, *EXTRA_FIELDS) if line.is_extra else LINE_FIELDS


def line_values(line) -> dict:
    return values_of(line, line_fields(line))


def line_token(line) -> str:
    return state_token(line_values(line))


def texts_values(report) -> dict:
    return values_of(report, TEXT_FIELDS)


def texts_token(report) -> str:
    return state_token(texts_values(report))


def report_token(report, lines) -> str:
    """The whole report as its editors see it: the texts and every line (extras added or
    removed change it too). The API's ETag."""
    return state_token({**texts_values(report), "lines": {str(line.pk): line_token(line) for line in lines}})


def round_token(round) -> str:
    return state_token(values_of(round, ROUND_FIELDS))


def expected_token(row) -> str:
    """An organisation's row in a round's list, or its absence (an office about to add it)."""
    return state_token(values_of(row, EXPECTED_FIELDS) if row is not None else {"listed": None})


def require_fresh_report(saved, existing: dict, *, lines=None, removed_extras=(), whole=None, texts=None, each=None):
    """Refuse with StaleEdit a save of report `saved` (its lines `existing`, {id: line},
    read with the report row locked) made from an older copy: `whole` the token of the
    whole report (the API's If-Match), `texts` that of its summary and problems, `each`
    {line id: token}. The API is told the values stored now of what it sent; a page, those
    of the line it sent."""
    if whole and whole != report_token(saved, existing.values()):
        touched = [existing[pk] for pk in _ids([*(lines or {}), *removed_extras]) if pk in existing]
        raise StaleEdit(current={**texts_values(saved), "lines": {str(line.pk): line_values(line) for line in touched}})
    if texts:
        require_fresh(saved, TEXT_FIELDS, seen=texts)
    for key, seen in (each or {}).items():
        line = existing.get(_id(key))
        if line is not None:
            require_fresh(line, line_fields(line), seen=seen)


def require_fresh_expected(row, seen):
    """Refuse an office's change to an organisation's row in a round's list made from an
    older copy of it (another office granted an extension or took it off meanwhile)."""
    if seen and seen != expected_token(row):
        fields = ("extended_until", "removed_at")
        raise StaleEdit(current={field: getattr(row, field) for field in fields} if row else {})


def _id(key) -> int | None:
    text = str(key).strip()
    return int(text) if text.isdigit() and len(text) < 19 else None


def _ids(keys) -> list[int]:
    return [pk for pk in map(_id, keys) if pk is not None]


def line_changes(line_id, before: dict, after: dict) -> dict:
    """{"lines.<id>.<field>": [old, new]} for the answers that changed."""
    return {
        f"lines.{line_id}.{field}": [before.get(field), after.get(field)]
        for field in after
        if before.get(field) != after.get(field)
    }


# Showing both values of a refused save --------------------------------------------------------


def _normal(field, value):
    """A value as typed or as stored, in a form where equal answers compare equal."""
    if field in MONEY_FIELDS:
        text = format(value, "f") if isinstance(value, Decimal) else str(value if value is not None else "")
        try:
            return parse_amount(text)
        except ValueError:
            return text.strip()
    if field == "in_ordinance":
        return value in TRUE
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value if value is not None else "").strip()


def shown(field, value) -> str:
    """An answer as the page shows it (an amount with separators, a status by its label)."""
    value = _normal(field, value)
    if field == "in_ordinance":
        return _("ใช่") if value else _("ไม่ใช่")
    if value in (None, ""):
        return "—"
    if isinstance(value, Decimal):
        return baht(value)
    if field == "status" and value in LineStatus.values:
        return str(LineStatus(value).label)
    if field == "reason" and value in NotPossibleReason.values:
        return str(NotPossibleReason(value).label)
    if field == "expected_rule" and value in ExpectedRule.values:
        return str(ExpectedRule(value).label)
    if field in DATE_FIELDS:
        try:
            return thai_date(datetime.date.fromisoformat(value))
        except ValueError:
            return value
    return value


def conflicts(stored: dict, typed: dict, *, model=ReportLine) -> list[dict]:
    """The fields where what is stored now differs from what the second person typed,
    [{"field", "label", "stored", "typed"}], for the page to show side by side."""
    found = []
    for field, now in stored.items():
        if field in typed and _normal(field, now) != _normal(field, typed[field]):
            label = str(model._meta.get_field(field).verbose_name)
            found.append(
                {"field": field, "label": label, "stored": shown(field, now), "typed": shown(field, typed[field])}
            )
    return found
