"""Budgets and amounts as officers type them, in one parser every face uses.

Real plans are typed in Word and pasted from PDFs, so a budget cell may read `20,000`,
`20,000.-`, `20,000.00 บาท`, `๒๐,๐๐๐` or `20000`, and "no budget" may be
`ไม่ใช้งบประมาณ`, `ไม่ใช้ งบประมาณ`, `ไม่ใช้` + a line break + `งบประมาณ` or
`ไม่ได้ใช้งบประมาณ`. In the official Part 2 table a dash (`-`, `–`) in a year's column
means the item does not run in that year, and so it does here, on the way in and out.

Anything else is refused with a reason in Thai: negative amounts, two amounts in one cell,
scientific notation, text that is not a budget.
"""

import re
import unicodedata
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from eplan.core.thai import ARABIC_DIGITS

NO_BUDGET = "ไม่ใช้งบประมาณ"
NOT_RUN = "-"  # what the official table prints in a year the item does not run
MAX_AMOUNT = Decimal("999999999999.99")

# Spaces of every kind, including the zero-width ones PDFs leave behind.
_SPACES = re.compile(r"[\s\u00a0\u2000-\u200b\u2060\ufeff]+")
_DASHES = {"-", "–", "—", "−", "‐", "‑", "‒", "--"}
_NO_BUDGET_FORMS = {
    "ไม่ใช้งบประมาณ",
    "ไม่ได้ใช้งบประมาณ",
    "ไม่ใช้งบ",
    "ไม่ได้ใช้งบ",
    "ไม่ใช้งบฯ",
    "ไม่ใช้งปม.",
    "ไม่ใช้งปม",
    "nobudget",
}
# 20,000 | 20000 | 20,000.50 | 20,000.- | 20,000.00 บาท | ฿20,000 | 20,000 บาท.-
_AMOUNT = re.compile(
    r"""^฿?
    (?P<number>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)
    (?:\.(?P<fraction>[0-9]+))?
    (?:\.?-|\.?=)?
    (?:บาท)?
    (?:\.?-|\.)?$""",
    re.VERBOSE,
)
_NUMBER_INSIDE = re.compile(r"[0-9][0-9,]*(?:\.[0-9]+)?")


def _spaced(text) -> str:
    """The text with Thai digits made Arabic, compatibility forms folded (full-width
    digits) and every run of spaces one space."""
    value = unicodedata.normalize("NFKC", str(text if text is not None else ""))
    return _SPACES.sub(" ", value.translate(ARABIC_DIGITS)).strip()


def _folded(text) -> str:
    """As _spaced, with no spaces at all."""
    return _spaced(text).replace(" ", "")


def is_no_budget(text) -> bool:
    folded = _folded(text).casefold().rstrip(".")
    return folded in _NO_BUDGET_FORMS


def is_not_run(text) -> bool:
    """Empty, or the dash the official table prints for a year the item does not run."""
    folded = _folded(text)
    return folded == "" or folded in _DASHES


def parse_amount(text) -> Decimal | None:
    """An amount in baht as typed ('' or a dash: none given). Raises ValueError naming why."""
    if is_not_run(text):
        return None
    folded = _folded(text)
    if folded[:1] in _DASHES or (folded.startswith("(") and folded.endswith(")")):
        raise ValueError(_("จำนวนเงินต้องไม่ติดลบ"))
    match = _AMOUNT.match(folded)
    if match is None:
        if re.search(r"[0-9][eE][+-]?[0-9]", folded):
            raise ValueError(_("'%(value)s' ไม่ใช่จำนวนเงิน ใส่ตัวเลข เช่น 20,000 หรือ 20,000.50") % {"value": _shown(text)})
        if len(_NUMBER_INSIDE.findall(_spaced(text))) > 1:
            raise ValueError(_("'%(value)s' มีจำนวนเงินมากกว่าหนึ่งจำนวน ใส่ได้ช่องละหนึ่งจำนวน") % {"value": _shown(text)})
        if re.fullmatch(r"[0-9,]+(?:\.[0-9]+)?", folded):
            raise ValueError(_("'%(value)s' ใส่จุลภาคคั่นหลักไม่ถูกต้อง เช่น 20,000 หรือ 1,250,000.50") % {"value": _shown(text)})
        raise ValueError(_("'%(value)s' ไม่ใช่จำนวนเงิน ใส่ตัวเลข เช่น 20,000 หรือ 20,000.50") % {"value": _shown(text)})
    fraction = match.group("fraction") or ""
    if len(fraction.rstrip("0")) > 2:
        raise ValueError(_("จำนวนเงินมีทศนิยมได้ไม่เกิน 2 ตำแหน่ง"))
    try:
        amount = Decimal(match.group("number").replace(",", "") + ("." + fraction if fraction else ""))
    except InvalidOperation:  # pragma: no cover - the pattern admits only digits
        raise ValueError(_("'%(value)s' ไม่ใช่จำนวนเงิน") % {"value": _shown(text)}) from None
    if amount > MAX_AMOUNT:
        raise ValueError(_("จำนวนเงินมากเกินไป (ไม่เกิน %(max)s บาท)") % {"max": f"{MAX_AMOUNT:,.2f}"})
    return amount.quantize(Decimal("0.01"))


def parse_budget(text) -> tuple[Decimal | None, bool] | None:
    """A budget of one fiscal year as typed in a plan: None when the item does not run that
    year (empty or a dash), (None, True) for ไม่ใช้งบประมาณ, (amount, False) for an
    amount. Raises ValueError with the reason in Thai."""
    if is_not_run(text):
        return None
    if is_no_budget(text):
        return (None, True)
    try:
        return (parse_amount(text), False)
    except ValueError as error:
        if not re.search(r"[0-9๐-๙]", str(text)):
            raise ValueError(
                _("'%(value)s' ไม่ใช่งบประมาณ ใส่จำนวนเงิน เช่น 20,000 หรือ %(no_budget)s หรือ - ถ้าไม่ได้ดำเนินการในปีนั้น")
                % {"value": _shown(text), "no_budget": NO_BUDGET}
            ) from None
        raise error from None


def budget_text(amount, no_budget) -> str:
    """A stored budget as the official table and the Excel export write it."""
    if no_budget:
        return NO_BUDGET
    if amount is None:
        return NOT_RUN
    return f"{Decimal(amount):,.2f}"


def _shown(text) -> str:
    value = " ".join(str(text).split())
    return value if len(value) <= 40 else value[:39] + "…"
