"""The one parser of budgets and amounts, for every notation found in real plans."""

from decimal import Decimal

import pytest

from eplan.core.money import NO_BUDGET, budget_text, parse_amount, parse_budget

AMOUNTS = [
    ("20,000", "20000.00"),
    ("20,000.-", "20000.00"),
    ("20,000.00 บาท", "20000.00"),
    ("๒๐,๐๐๐", "20000.00"),
    ("20000", "20000.00"),
    ("  20,000  ", "20000.00"),
    ("20,000 บาท", "20000.00"),
    ("20,000บาท.-", "20000.00"),
    ("20,000.-บาท", "20000.00"),
    ("20,000-", "20000.00"),
    ("1,250,000.50", "1250000.50"),
    ("๑,๒๕๐,๐๐๐.๕๐", "1250000.50"),
    ("฿5,000", "5000.00"),
    ("２０,０００", "20000.00"),  # full-width digits from a PDF
    ("20,000\u00a0บาท", "20000.00"),  # no-break space
    ("20\u200b,000", "20000.00"),  # zero-width space pasted from a PDF
    ("0", "0.00"),
    ("10.5", "10.50"),
    ("10.500", "10.50"),
]

NO_BUDGET_NOTATIONS = [
    "ไม่ใช้งบประมาณ",
    "ไม่ใช้ งบประมาณ",
    "ไม่ใช้\nงบประมาณ",
    "ไม่ใช้\r\nงบประมาณ",
    "ไม่ได้ใช้งบประมาณ",
    "ไม่ใช้งบ",
    " ไม่ใช้งบประมาณ ",
    "ไม่ใช้งบประมาณ.",
]

NOT_RUN = ["", "   ", None, "-", "–", "—", " - "]

REFUSED = [
    ("-20,000", "ติดลบ"),
    ("−5,000", "ติดลบ"),
    ("(5,000)", "ติดลบ"),
    ("20,000 30,000", "มากกว่าหนึ่งจำนวน"),
    ("20,000\n30,000", "มากกว่าหนึ่งจำนวน"),
    ("20,000/30,000", "มากกว่าหนึ่งจำนวน"),
    ("ตามแผนพัฒนาท้องถิ่น", "ไม่ใช่งบประมาณ"),
    ("งบประมาณ", "ไม่ใช่งบประมาณ"),
    ("abc", "ไม่ใช่งบประมาณ"),
    ("NaN", "ไม่ใช่งบประมาณ"),
    ("1e30", "ไม่ใช่จำนวนเงิน"),
    ("1e400", "ไม่ใช่จำนวนเงิน"),
    ("2,0000", "จุลภาค"),
    ("20,00", "จุลภาค"),
    ("10.555", "ทศนิยม"),
    ("9999999999999", "มากเกินไป"),
    ("ประมาณ 20,000", "ไม่ใช่จำนวนเงิน"),
]


@pytest.mark.parametrize(("typed", "stored"), AMOUNTS)
def test_an_amount_is_read_in_every_notation_officers_use(typed, stored):
    assert parse_budget(typed) == (Decimal(stored), False)
    assert parse_amount(typed) == Decimal(stored)


@pytest.mark.parametrize("typed", NO_BUDGET_NOTATIONS)
def test_no_budget_is_read_however_it_was_wrapped_or_spaced(typed):
    assert parse_budget(typed) == (None, True)


@pytest.mark.parametrize("typed", NOT_RUN)
def test_an_empty_cell_or_a_dash_means_the_item_does_not_run_that_year(typed):
    assert parse_budget(typed) is None
    assert parse_amount(typed) is None


@pytest.mark.parametrize(("typed", "reason"), REFUSED)
def test_everything_else_is_refused_with_the_reason(typed, reason):
    with pytest.raises(ValueError, match=reason):
        parse_budget(typed)


def test_an_amount_field_does_not_take_no_budget():
    with pytest.raises(ValueError, match="ไม่ใช่จำนวนเงิน"):
        parse_amount("ไม่ใช้งบประมาณ")


def test_the_way_out_reads_back_the_same_way_in():
    for stored in [(Decimal("20000.00"), False), (None, True), None]:
        text = budget_text(*stored) if stored else budget_text(None, False)
        assert parse_budget(text) == stored
    assert budget_text(Decimal("1250000.5"), False) == "1,250,000.50"
    assert budget_text(None, True) == NO_BUDGET
    assert budget_text(None, False) == "-"
