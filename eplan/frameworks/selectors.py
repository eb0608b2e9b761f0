"""Reads of cycles and frameworks shared by pages, exports, the API and the plans app."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from eplan.core.windows import WindowState, window_state_on
from eplan.frameworks.models import Criterion, Cycle, Dimension, Mission


@dataclass
class Framework:
    """A cycle's framework in document order, loaded in three queries."""

    cycle: Cycle
    dimensions: list[Dimension]
    missions: list[Mission]  # document order; each has .is_leaf and .children_list
    criteria: list[Criterion]
    by_code: dict[str, Mission] = field(default_factory=dict)

    @property
    def leaves(self) -> list[Mission]:
        return [mission for mission in self.missions if mission.is_leaf]

    def missions_of(self, dimension) -> list[Mission]:
        return [mission for mission in self.missions if mission.dimension_id == dimension.pk]

    def criteria_of(self, dimension) -> list[Criterion]:
        key = dimension.pk if dimension is not None else None
        return [criterion for criterion in self.criteria if criterion.dimension_id == key]

    @property
    def total_points(self) -> Decimal:
        return sum((criterion.max_points for criterion in self.criteria), Decimal(0))


def framework_of(cycle: Cycle) -> Framework:
    dimensions = list(cycle.dimensions.order_by("number"))
    missions = sorted(cycle.missions.all(), key=lambda mission: mission.sort_key)
    parents = {mission.parent_id for mission in missions if mission.parent_id}
    dimension_by_id = {dimension.pk: dimension for dimension in dimensions}
    for mission in missions:
        mission.is_leaf = mission.pk not in parents
        mission.dimension = dimension_by_id[mission.dimension_id]
    missions.sort(key=lambda mission: (mission.dimension.number, mission.sort_key))
    criteria = list(cycle.criteria.select_related("mission").order_by("position", "id"))
    for criterion in criteria:
        if criterion.dimension_id:
            criterion.dimension = dimension_by_id[criterion.dimension_id]
    return Framework(
        cycle=cycle,
        dimensions=dimensions,
        missions=missions,
        criteria=criteria,
        by_code={mission.code: mission for mission in missions},
    )


def open_cycles(today=None):
    """Cycles accepting plans today (opened, and not past their closing date)."""
    today = today or timezone.localdate()
    return [
        cycle
        for cycle in Cycle.objects.filter(submission_opens__lte=today)
        if cycle.submission_closes is None or cycle.submission_closes >= today
    ]


def cycle_window_state(cycle: Cycle, today=None) -> WindowState:
    """Where today falls in the cycle's submission window (ช่วงรับแผน): a plan sent after
    the due date and before closing is still accepted, counted late."""
    return window_state_on(
        today or timezone.localdate(),
        opens=cycle.submission_opens,
        due=cycle.submission_due,
        closes=cycle.submission_closes,
    )
