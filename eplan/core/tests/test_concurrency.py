"""A stale form is refused, with what is stored now, instead of overwriting it."""

import datetime
from decimal import Decimal

import pytest

from eplan.core.concurrency import StaleEdit, require_fresh, state_token


class Thing:
    def __init__(self, **values):
        self.__dict__.update(values)


def test_the_token_follows_the_values_and_nothing_else():
    first = state_token({"title": "อบรม", "amount": Decimal("20000.00"), "on": datetime.date(2026, 4, 30)})
    same = state_token({"on": datetime.date(2026, 4, 30), "amount": Decimal("20000"), "title": "อบรม"})
    other = state_token({"title": "อบรมคุณธรรม", "amount": Decimal("20000.00"), "on": datetime.date(2026, 4, 30)})
    assert first == same != other


def test_a_save_from_an_older_copy_is_refused_with_the_values_stored_now():
    seen = state_token({"title": "อบรม"})
    now = Thing(title="อบรมคุณธรรม")

    with pytest.raises(StaleEdit) as refused:
        require_fresh(now, ["title"], seen=seen)

    assert refused.value.current == {"title": "อบรมคุณธรรม"}
    assert "มีผู้อื่นบันทึก" in refused.value.messages[0]


def test_a_save_from_the_current_copy_or_without_a_token_goes_through():
    now = Thing(title="อบรม")
    require_fresh(now, ["title"], seen=state_token({"title": "อบรม"}))
    require_fresh(now, ["title"], seen=None)
