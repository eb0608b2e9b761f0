"""Item titles as officers write them, and the numbering of items in the official table.

Officers paste titles from the plans they already have, numbering included
("๑) โครงการความรู้คู่คุณธรรม", "1. กิจกรรม…", "(1) มาตรการ…"). The system numbers items
itself, so a pasted number is taken off when the title is saved. Most titles already name
their kind ("โครงการ…", "กิจกรรม…"); the kind is never glued onto a title, and shown beside
it only when the title does not name one.
"""

import re

from django.utils.translation import gettext_lazy as _

# "๑)", "1)", "1.1)", "(1)", "1.", "๑.", "1.1.", "ข้อ 1" — a leading number with its mark,
# but never a bare number that is part of the title ("5 ส.", "2566 ปีแห่ง…").
_LEADING_NUMBER = re.compile(
    r"""^\s*(?:
        \(\s*[0-9๐-๙]{1,3}\s*\)            # (1)
      | [0-9๐-๙]{1,3}(?:\.[0-9๐-๙]{1,3})*\s*\)   # 1)  1.1)
      | [0-9๐-๙]{1,3}(?:\.[0-9๐-๙]{1,3})*\.(?![0-9๐-๙])   # 1.  1.1.
      | ข้อ(?:ที่)?\s*[0-9๐-๙]{1,3}\.?(?=\s)  # ข้อ 1
      | [•·\-–]\s                           # a bullet
    )\s*""",
    re.VERBOSE,
)

# Words a title begins with when it names its own kind.
KIND_WORDS = ("โครงการ", "กิจกรรม", "มาตรการ", "แนวทาง", "แนวปฏิบัติ")


def strip_leading_number(title: str) -> str:
    """The title without the number an officer pasted in front of it."""
    text = (title or "").strip()
    for _attempt in range(2):  # "๑) 1. โครงการ…" pasted from two documents
        stripped = _LEADING_NUMBER.sub("", text, count=1)
        if stripped == text or not stripped.strip():
            break
        text = stripped
    return text.strip()


def names_kind(title: str) -> bool:
    """Whether the title already says what kind of item it is."""
    return (title or "").lstrip().startswith(KIND_WORDS)


class Numbering:
    """How items are numbered in the Part 2 table and Part 3."""

    PER_MISSION = "mission"  # ๑), ๒), … within each sub-mission, as the published plans do
    CONTINUOUS = "dimension"  # 1., 2., … through each dimension
    CHOICES = ((PER_MISSION, _("เรียงใหม่ในแต่ละภารกิจ เช่น 1) 2)")), (CONTINUOUS, _("เรียงต่อเนื่องทั้งมิติ เช่น 1. 2.")))

    @classmethod
    def of(cls, value) -> str:
        return value if value in (cls.PER_MISSION, cls.CONTINUOUS) else cls.PER_MISSION


def item_labels(document: dict, numbering: str = Numbering.PER_MISSION) -> dict:
    """Item id → its number as printed ("1)" or "1."), for a plan document (live or frozen)."""
    labels = {}
    for dimension in document["dimensions"]:
        running = 0
        for mission in dimension["missions"]:
            for index, item in enumerate(mission["items"], start=1):
                running += 1
                labels[item["id"]] = f"{index})" if numbering == Numbering.PER_MISSION else f"{running}."
    for index, item in enumerate(document.get("unplaced", []), start=1):
        labels[item["id"]] = f"{index}."
    return labels
