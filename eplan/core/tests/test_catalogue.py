"""The English catalogue is complete: every Thai string has a translation that gettext will
use (a fuzzy entry is not compiled, so the English pages would show Thai)."""

from pathlib import Path

from django.conf import settings

CATALOGUE = Path(settings.BASE_DIR) / "eplan" / "locale" / "en" / "LC_MESSAGES" / "django.po"


def entries(text):
    """(flags, msgid, msgstr values) of each entry but the header."""
    for block in text.split("\n\n"):
        lines = [line for line in block.strip().splitlines() if not line.startswith("#~")]
        flags = " ".join(line for line in lines if line.startswith("#,"))
        msgid, strings, current = [], [], None
        for line in lines:
            if line.startswith("msgid "):
                current = msgid
            elif line.startswith("msgstr"):
                current = []
                strings.append(current)
            elif line.startswith("msgid_plural"):
                current = None
            if current is not None and '"' in line:
                current.append(line[line.index('"') + 1 : line.rindex('"')])
        if "".join(msgid):
            yield flags, "".join(msgid), ["".join(value) for value in strings]


def test_every_string_has_a_translation_that_is_not_a_guess():
    found = list(entries(CATALOGUE.read_text("utf-8")))
    assert len(found) > 1000
    fuzzy = [msgid for flags, msgid, _values in found if "fuzzy" in flags]
    empty = [msgid for _flags, msgid, values in found if not all(values)]
    assert fuzzy == [], f"fuzzy (guessed) translations: {fuzzy[:5]}"
    assert empty == [], f"untranslated: {empty[:5]}"
