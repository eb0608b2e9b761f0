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


THAI_DJANGO = Path(settings.BASE_DIR) / "eplan" / "locale" / "th" / "LC_MESSAGES" / "django.po"
# Django's own Thai leaves these empty and no user meets them: names of languages and of
# Django's contrib apps, the welcome page of a new project, the CSRF page shown only with
# DEBUG, and internals of generic views this project does not use.
NOT_SHOWN_TO_USERS = (
    "Sorbian", "Gaelic", "Ido", "Kabyle", "Marathi", "Bokmål", "Ossetic", "Uzbek",
    "Site Maps", "Static Files", "Syndication", "Raw binary data", "Universally unique",
    "relationship", "You are seeing this", "If you have configured", "If you are using",
    "More information is available", "allow_empty", "does not exist", "Django", "install worked",
    "release notes", "Topics, references", "Tutorial", "Connect, get help", "Please submit %d",
)  # fmt: skip


def test_no_message_of_django_itself_reaches_a_user_in_english():
    import django

    django_thai = Path(django.__file__).parent / "conf" / "locale" / "th" / "LC_MESSAGES" / "django.po"
    ours = {msgid: values for _flags, msgid, values in entries(THAI_DJANGO.read_text("utf-8"))}
    assert all(all(values) for values in ours.values())
    left_empty = [
        msgid
        for _flags, msgid, values in entries(django_thai.read_text("utf-8"))
        if not all(values) and not any(word in msgid for word in NOT_SHOWN_TO_USERS)
    ]
    assert left_empty, "Django's Thai catalogue is complete now: this file may go"
    missing = [msgid for msgid in left_empty if msgid not in ours]
    assert missing == [], f"Django messages without Thai: {missing[:5]}"


def test_a_length_limit_is_explained_in_thai():
    import pytest
    from django.core.exceptions import ValidationError
    from django.core.validators import MaxLengthValidator
    from django.utils import translation

    with translation.override("th"), pytest.raises(ValidationError) as refused:
        MaxLengthValidator(500)("ก" * 501)
    assert refused.value.messages == ["ยาวได้ไม่เกิน 500 ตัวอักษร (ตอนนี้มี 501)"]
