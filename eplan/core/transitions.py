"""Explicit states: each model module keeps a table {state: states it may move to}, and
its services move through `require_transition`, so no other move can happen."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def require_transition(table, current, target, message=None) -> None:
    """Refuse (ValidationError, code 'invalid_transition') a move not in `table`. `message`
    may name the states as %(from)s and %(to)s."""
    states = type(next(iter(table)))
    if states(target) in table.get(states(current), ()):
        return
    text = message or _("เปลี่ยนสถานะจาก %(from)s เป็น %(to)s ไม่ได้")
    raise ValidationError(text % {"from": states(current).label, "to": states(target).label}, code="invalid_transition")
