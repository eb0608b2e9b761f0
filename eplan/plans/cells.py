"""What officers type for an item's mission and kind, read the same way by the Excel import,
the item form and the API.

A mission may come as "1.1.1", in Thai digits ("๑.๑.๑"), or as a whole cell pasted from a
published plan ("๑.๑ การสร้างจิตสำนึก… 1.1.1 สร้างจิตสำนึก…"): the most specific code it
names is taken, and codes on different branches are refused with the codes found. A kind
may be its Thai label, a common short form ("แนวปฏิบัติ") or the API's value ("project").
"""

import re

from django.utils import translation
from django.utils.translation import gettext as _

from eplan.core.thai import ARABIC_DIGITS
from eplan.plans.models import ItemKind

_CODE = re.compile(r"(?<![0-9.])[0-9]{1,2}(?:\.[0-9]{1,2})+(?![0-9])")
KIND_ALIASES = {
    "แนวปฏิบัติ": ItemKind.GUIDELINE,
    "แนวทางปฏิบัติ": ItemKind.GUIDELINE,
    "แนวปฏิบัติการ": ItemKind.GUIDELINE,
}


def _folded(text) -> str:
    return " ".join(str(text if text is not None else "").translate(ARABIC_DIGITS).split())


def mission_code(text, known_codes) -> str:
    """The mission code a cell or field names: the text itself when it is a code, else the
    most specific of the known codes it contains. Raises ValueError (Thai) naming what was
    found when that is nothing or more than one branch."""
    value = _folded(text).rstrip(".")
    if value in known_codes:
        return value
    found = list(dict.fromkeys(code.rstrip(".") for code in _CODE.findall(value)))
    known = [code for code in found if code in known_codes]
    if not known:
        if found:
            return found[-1]  # an unknown code: the caller says it is not in the framework
        return value
    deepest = max(known, key=lambda code: code.count("."))
    if all(deepest == code or deepest.startswith(code + ".") for code in known):
        return deepest
    raise ValueError(
        _("พบรหัสภารกิจหลายรหัส (%(codes)s) ใส่รหัสภารกิจย่อยที่รายการนี้อยู่เพียงรหัสเดียว") % {"codes": ", ".join(known)}
    )


def _lookup() -> dict:
    table = {}
    for value, label in ItemKind.choices:
        table[value] = value
        table[str(label)] = value
        with translation.override("th"):
            table[str(label)] = value
    table.update(KIND_ALIASES)
    return {" ".join(key.split()).casefold(): value for key, value in table.items()}


def item_kind(text) -> str:
    """The kind's stored value from what was typed. Raises ValueError (Thai)."""
    value = " ".join(str(text if text is not None else "").split()).casefold()
    if not value:
        raise ValueError(_("กรุณาเลือกประเภท"))
    kinds = _lookup()
    if value not in kinds:
        raise ValueError(
            _("ไม่รู้จักประเภท '%(value)s' เลือก %(kinds)s")
            % {"value": str(text).strip(), "kinds": ", ".join(str(label) for label in ItemKind.labels)}
        )
    return kinds[value]
