"""Thai calendar, fiscal year and money helpers: the only place this arithmetic lives.

Buddhist era (พ.ศ.) = Common Era + 543. Thai fiscal year N (ปีงบประมาณ พ.ศ. N) runs from
1 October of N-1 to 30 September of N.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone, translation

BE_OFFSET = 543

MONTHS_LONG = (
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
)  # fmt: skip
MONTHS_SHORT = (
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
    "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
)  # fmt: skip
THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
ARABIC_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def buddhist_year(value: datetime.date) -> int:
    return value.year + BE_OFFSET


def ce_year(be_year: int) -> int:
    return be_year - BE_OFFSET


def _local(value):
    if isinstance(value, str):  # an ISO date kept in a frozen document (JSON)
        value = datetime.date.fromisoformat(value[:10])
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


MONTHS_ENGLISH = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def _english() -> bool:
    """Dates follow the screen language: Thai (Buddhist era) unless the visitor chose English."""
    return (translation.get_language() or "th").startswith("en")


def thai_date(value, *, short=False) -> str:
    """25 พฤศจิกายน 2569 (or 25 พ.ย. 2569 when short); in English 25 November 2026."""
    if value is None:
        return ""
    value = _local(value)
    if _english():
        month = MONTHS_ENGLISH[value.month - 1]
        return f"{value.day} {month[:3] if short else month} {value.year}"
    months = MONTHS_SHORT if short else MONTHS_LONG
    return f"{value.day} {months[value.month - 1]} {buddhist_year(value)}"


def thai_date_formal(value) -> str:
    """25 เดือนกันยายน พ.ศ. 2561, as notices and circulars date themselves."""
    if value is None:
        return ""
    value = _local(value)
    if _english():
        return thai_date(value)
    return f"{value.day} เดือน{MONTHS_LONG[value.month - 1]} พ.ศ. {buddhist_year(value)}"


def thai_datetime(value, *, short=False) -> str:
    """25 พ.ย. 2569 เวลา 14:05 น. (local time); in English 25 Nov 2026, 14:05."""
    if value is None:
        return ""
    value = _local(value)
    if _english():
        return f"{thai_date(value, short=short)}, {value:%H:%M}"
    return f"{thai_date(value, short=short)} เวลา {value:%H:%M} น."


def fiscal_year_of(value: datetime.date) -> int:
    """The Buddhist-era fiscal year a date falls in (1 Oct 2568 → ปีงบประมาณ 2569)."""
    value = _local(value)
    year = value.year + 1 if value.month >= 10 else value.year
    return year + BE_OFFSET


def fiscal_year_bounds(fiscal_year_be: int) -> tuple[datetime.date, datetime.date]:
    """First and last day of a Buddhist-era fiscal year."""
    year = ce_year(fiscal_year_be)
    return datetime.date(year - 1, 10, 1), datetime.date(year, 9, 30)


def to_decimal(amount) -> Decimal:
    return Decimal(str(amount)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def baht(amount, *, decimals=2) -> str:
    """1234567.5 → '1,234,567.50'. None → ''."""
    if amount in (None, ""):
        return ""
    value = to_decimal(amount)
    return f"{value:,.{decimals}f}"


def number(value) -> str:
    """Whole numbers with thousands separators: 7850 → '7,850'."""
    if value in (None, ""):
        return ""
    return f"{int(value):,}"


def arabic_digits(text) -> str:
    """Thai digits typed by a user (๖๘๐๐๘๐๘) to the Arabic digits codes are stored in."""
    return str(text).translate(ARABIC_DIGITS)


def thai_digits(text) -> str:
    """Arabic digits to Thai digits (๐–๙), for official documents that ask for them."""
    return str(text).translate(THAI_DIGITS)


_LEADING_VOWELS = "เแโใไ"


def thai_sort_key(text: str) -> str:
    """Dictionary order for Thai words: a leading vowel sorts after the consonant it
    precedes in speech (เมือง sorts under ม, not after อ). Databases sort by code point."""
    characters = list(text or "")
    for index in range(len(characters) - 1):
        if characters[index] in _LEADING_VOWELS:
            characters[index], characters[index + 1] = characters[index + 1], characters[index]
    return "".join(characters)


def thai_sorted(items, *, key=lambda item: str(item)):
    return sorted(items, key=lambda item: thai_sort_key(key(item)))
