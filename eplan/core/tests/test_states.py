"""The shared shapes of explicit states: a submission window, a transition table, the
permission refusal every write service starts with."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models

from eplan.core.permissions import require
from eplan.core.transitions import require_transition
from eplan.core.windows import RECEIVING, WindowState, window_state_on

OPENS, DUE, CLOSES = datetime.date(2025, 3, 23), datetime.date(2025, 4, 30), datetime.date(2025, 5, 31)


def on(day, **kwargs):
    return window_state_on(day, opens=OPENS, due=DUE, closes=kwargs.pop("closes", CLOSES), **kwargs)


def test_a_window_is_not_open_open_late_then_closed():
    assert on(OPENS - datetime.timedelta(days=1)) == WindowState.NOT_OPEN
    assert on(OPENS) == WindowState.OPEN
    assert on(DUE) == WindowState.OPEN
    assert on(DUE + datetime.timedelta(days=1)) == WindowState.LATE
    assert on(CLOSES) == WindowState.LATE
    assert on(CLOSES + datetime.timedelta(days=1)) == WindowState.CLOSED


def test_an_extension_counts_only_after_closing_and_up_to_its_date():
    until = CLOSES + datetime.timedelta(days=7)
    assert on(CLOSES, extended_until=until) == WindowState.LATE
    assert on(until, extended_until=until) == WindowState.EXTENDED
    assert on(until + datetime.timedelta(days=1), extended_until=until) == WindowState.CLOSED


def test_a_window_without_a_closing_date_stays_late_after_the_due_date():
    assert on(DUE + datetime.timedelta(days=400), closes=None) == WindowState.LATE


def test_window_states_compare_equal_to_the_strings_pages_and_the_api_use():
    assert WindowState.OPEN == "open" and str(WindowState.NOT_OPEN) == "not_open"
    assert set(WindowState.values) == {"not_open", "open", "late", "extended", "closed"}
    assert str(WindowState.CLOSED.label) == "ปิดรับแล้ว"
    assert {"open", "late", "extended"} == RECEIVING


class Light(models.TextChoices):
    RED = "red", "แดง"
    GREEN = "green", "เขียว"


LIGHT_TRANSITIONS = {Light.RED: {Light.GREEN}, Light.GREEN: set()}


def test_a_move_in_the_table_passes_and_any_other_is_refused_in_thai():
    require_transition(LIGHT_TRANSITIONS, "red", Light.GREEN)  # stored values are plain strings
    with pytest.raises(ValidationError, match="เปลี่ยนสถานะจาก เขียว เป็น แดง ไม่ได้") as refused:
        require_transition(LIGHT_TRANSITIONS, Light.GREEN, Light.RED)
    assert refused.value.code == "invalid_transition"
    with pytest.raises(ValidationError, match="ไฟเขียวแล้ว"):
        require_transition(LIGHT_TRANSITIONS, Light.GREEN, Light.GREEN, "ไฟ%(from)sแล้ว")


def test_require_refuses_with_the_default_or_the_given_message():
    require(True)
    with pytest.raises(PermissionDenied, match="คุณไม่มีสิทธิ์ดำเนินการนี้"):
        require(False)
    with pytest.raises(PermissionDenied, match="เฉพาะผู้ดูแล"):
        require(0, "เฉพาะผู้ดูแล")
