"""The reporting window of a round (ช่วงรับรายงาน), read by pages, the API, reminders and
the write services alike."""

from django.utils import timezone

from eplan.core.windows import WindowState, window_state_on
from eplan.reporting.models import ExpectedOrganisation, Round


def window_state(round: Round, expected: ExpectedOrganisation | None = None, today=None) -> WindowState:
    """Where today falls in the round's window; with the organisation's row of the expected
    list, an extension it was granted after closing counts (EXTENDED)."""
    return window_state_on(
        today or timezone.localdate(),
        opens=round.opens_on,
        due=round.due_on,
        closes=round.closes_on,
        extended_until=expected.extended_until if expected is not None else None,
    )
