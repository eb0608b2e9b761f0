"""One selector counts organisations per public status, overall and per province or district."""

from eplan.accounts.areas import area_public
from eplan.assessment.models import PublicStatus
from eplan.assessment.selectors import count_statuses, status_counts

NONE_YET = PublicStatus.NOT_SUBMITTED
IN_ASSESSMENT = PublicStatus.IN_ASSESSMENT


def only(counts) -> dict:
    """The statuses with a count (the selector always gives all five)."""
    assert list(counts) == list(PublicStatus.values)
    return {status: n for status, n in counts.items() if n}


def test_counts_of_province_80_by_district_equal_a_hand_count(world, cycles, version):
    # กลาย (8008) has submitted; ท่าศาลา (8008) and ท่าซัก (8001) have not.
    found = status_counts(cycles["2562-2565"], area_public(province="80").organisations, group_by="district")

    assert only(found.total) == {IN_ASSESSMENT: 1, NONE_YET: 2}
    assert {code: only(counts) for code, counts in found.groups.items()} == {
        "8008": {IN_ASSESSMENT: 1, NONE_YET: 1},
        "8001": {NONE_YET: 1},
    }


def test_counts_of_the_country_by_province_and_ungrouped(world, cycles, version):
    cycle = cycles["2562-2565"]
    by_province = status_counts(cycle, area_public().organisations, group_by="province")
    assert only(by_province.groups["80"]) == {IN_ASSESSMENT: 1, NONE_YET: 2}
    assert only(by_province.groups["81"]) == {NONE_YET: 1}

    ungrouped = status_counts(cycle, area_public().organisations)
    assert ungrouped.total == by_province.total and ungrouped.groups == {}


def test_pairs_are_counted_with_every_status_present():
    found = count_statuses([(IN_ASSESSMENT, "a"), (NONE_YET, "a"), (NONE_YET, "b")])
    assert only(found.total) == {IN_ASSESSMENT: 1, NONE_YET: 2}
    assert only(found.groups["b"]) == {NONE_YET: 1}
    assert count_statuses([]).total == dict.fromkeys(PublicStatus.values, 0)
