"""What the permission matrix (eplan/tests/matrix.py) needs for the dashboards. The pages
take no objects (the area is a query, the viewer's scope by default), so there is nothing
to build; the API's figures are asked for the cycle and round of the matrix world, inside
for province 80 and outside for Chiang Mai (province 50): an office's place outside its
scope counts nothing (200), the public sees the country."""


def build(world):
    return {}, {}


def _area(side):
    return f"cycle={side.get('cycle')}&province={side.get('province')}"


def _round(side):
    return f"{_area(side)}&round={side.get('round_code')}"


API_QUERIES = {
    "/dashboards/status": _area,
    "/dashboards/implementation": _round,
    "/dashboards/completeness": _round,
}
