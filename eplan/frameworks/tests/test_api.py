"""Anyone may read the plan cycles and their frameworks through the API."""

import pytest

from eplan.demo.plans import ensure_cycles

pytestmark = pytest.mark.django_db


@pytest.fixture
def cycles(db):
    return ensure_cycles()


def test_anyone_lists_the_cycles_with_their_windows(client, cycles):
    response = client.get("/api/v1/cycles")

    assert response.status_code == 200
    by_code = {cycle["code"]: cycle for cycle in response.json()}
    assert set(by_code) == {"2561-2564", "2562-2565"}
    current = by_code["2562-2565"]
    assert current["fiscal_years"] == [2562, 2563, 2564, 2565]
    assert current["window"] == "open" and by_code["2561-2564"]["window"] == "closed"
    assert current["pass_mark"] == "80.00" and current["framework_locked"] is False
    assert current["submission_due"] == cycles["2562-2565"].submission_due.isoformat()


def test_anyone_reads_a_cycles_framework_as_a_tree_with_leaves_and_criteria(client, cycles):
    response = client.get("/api/v1/cycles/2562-2565/framework")

    assert response.status_code == 200
    framework = response.json()
    assert [dimension["number"] for dimension in framework["dimensions"]] == [1, 2, 3, 4]
    first = framework["dimensions"][0]
    mission = first["missions"][0]
    assert mission["code"] == "1.1" and mission["is_leaf"] is False
    assert [child["code"] for child in mission["children"]][:2] == ["1.1.1", "1.1.2"]
    assert all(child["is_leaf"] and child["children"] == [] for child in mission["children"])
    leaves = [m for d in framework["dimensions"] for m in d["missions"] if m["is_leaf"]]
    assert all(m["children"] == [] for m in leaves)

    criteria = [c for d in framework["dimensions"] for c in d["criteria"]] + framework["plan_criteria"]
    assert criteria and all(float(c["max_points"]) > 0 for c in criteria)
    automatic = [c for c in criteria if c["automatic"]]
    assert automatic and all(c["check_kind"] and c["check_kind_label"] for c in automatic)
    assert sum(float(c["max_points"]) for c in criteria) == float(framework["total_points"])


def test_an_unknown_cycle_is_404_in_thai(client, cycles):
    response = client.get("/api/v1/cycles/2599-2602/framework")

    assert response.status_code == 404
    assert "ไม่พบ" in response.json()["detail"]


def test_the_framework_api_is_read_only(client, cycles):
    assert client.post("/api/v1/cycles/2562-2565/framework", {}).status_code == 405
