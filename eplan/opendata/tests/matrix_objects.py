"""The datasets the permission matrix asks for (eplan/tests/matrix.py): the cycle the matrix
world assessed, released and reported on (matrix_world.CYCLE), its first fiscal year and
that year's 6-month round, whose list matrix_world fixed; CSV for the pages (the JSON is
the API's rows). Open data is public and unscoped: both sides are the same datasets."""

from eplan.frameworks.models import Cycle


def build(world):
    from eplan.tests.matrix_world import CYCLE

    side = {"fiscal_year": Cycle.objects.get(code=CYCLE).fiscal_years[0], "round_kind": "6", "fmt": "csv"}
    return side, dict(side)
