"""Characters no officer types and no field of this system holds: the C0 control
characters other than tab, line feed and carriage return (NUL above all, which PostgreSQL
refuses in any text: issue 10, hole 8), and lone surrogates (half of a UTF-16 pair, which
no database can store as UTF-8). They arrive pasted from PDFs and word processors, or from
someone probing the site.

They are removed, not refused: they are invisible, carry no meaning in a plan, a report or
a search, and refusing would throw away the rest of what was typed (a central check cannot
re-render the particular form). The middleware (core.middleware.ControlCharactersMiddleware)
and the API's JSON parser (api.api) apply this to every query parameter, form field and JSON
string; importers apply it to every cell.
"""

import re

from django.http import QueryDict

CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")


def has_controls(text: str) -> bool:
    return CONTROLS.search(text) is not None


def strip_controls(text: str) -> str:
    return CONTROLS.sub("", text)


def clean_data(value):
    """A JSON value with every string, keys included, cleaned."""
    if isinstance(value, str):
        return strip_controls(value)
    if isinstance(value, list):
        return [clean_data(item) for item in value]
    if isinstance(value, dict):
        return {clean_data(key) if isinstance(key, str) else key: clean_data(item) for key, item in value.items()}
    return value


def clean_querydict(data: QueryDict) -> tuple[QueryDict, int]:
    """A copy of a QueryDict with keys and values cleaned (or the same one when nothing
    needed it), and how many characters were removed."""
    removed = 0
    dirty = False
    for key, values in data.lists():
        if has_controls(key) or any(has_controls(value) for value in values):
            dirty = True
            break
    if not dirty:
        return data, 0
    cleaned = QueryDict(mutable=True, encoding=data.encoding)
    for key, values in data.lists():
        clean_key = strip_controls(key)
        removed += len(key) - len(clean_key)
        for value in values:
            clean_value = strip_controls(value)
            removed += len(value) - len(clean_value)
            cleaned.appendlist(clean_key, clean_value)
    cleaned._mutable = False
    return cleaned, removed
