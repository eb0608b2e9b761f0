"""Reads of the public status pages (สถานะการจัดทำแผน / ประกาศผลการจัดทำแผน).

The live status of a cycle comes from `eplan.assessment.status`, the one place that says an
organisation's status; a published announcement comes only from its frozen
AnnouncementEntry rows. Both are read into the same shape (`StatusList`), so the pages,
the XLSX and the PDF group, count and filter them alike.

A list is read in two steps: first a light key per organisation (ids, codes, the names of
its province and district, its status) for every organisation that matches, from which
all counts are made; then full lines only for the rows actually shown. A national page
therefore costs a handful of queries whatever the number of organisations.
"""

from collections import Counter
from dataclasses import dataclass
from typing import NamedTuple

from django.core.paginator import Paginator
from django.db.models import Q

from eplan.accounts.areas import public_organisations
from eplan.assessment import status as status_module
from eplan.assessment.models import Announcement, PublicStatus
from eplan.assessment.selectors import LARGEST_ID_LIST, count_statuses
from eplan.core.thai import thai_sort_key
from eplan.frameworks.models import Cycle
from eplan.registry import selectors as registry_selectors
from eplan.registry.models import Organisation, OrganisationType, place_title

RELEASED_RESULTS = (PublicStatus.PASSED, PublicStatus.INCOMPLETE)
STATUS_ORDER = list(PublicStatus.values)
TYPE_LABELS = dict(OrganisationType.choices)


def district_title(name: str) -> str:
    """อำเภอท่าศาลา; the districts of Bangkok are named เขต… already."""
    return place_title(name, "อำเภอ", "เขต")


def status_label(status: str) -> str:
    """The Thai name of a status, as text (for a workbook cell as much as a page)."""
    return str(PublicStatus(status).label) if status else ""


@dataclass(frozen=True)
class Filters:
    """What a visitor narrowed the list to (codes, as in the address)."""

    q: str = ""
    province: str = ""
    district: str = ""
    org_type: str = ""
    status: str = ""

    @property
    def lists_organisations(self) -> bool:
        """A province, a district, a search or a status shows organisations; otherwise the
        page shows the country by province."""
        return bool(self.province or self.district or self.q or self.status)


class Key(NamedTuple):
    organisation_id: int
    province_code: str
    province_name: str
    district_code: str
    district_name: str
    status: str


@dataclass(frozen=True)
class Line:
    """One organisation's line in a list (names as they were, for an announcement)."""

    organisation_id: int
    code: str
    display_name: str
    org_type: str
    province_code: str
    province_name: str
    district_code: str
    district_name: str
    status: str

    @property
    def status_label(self) -> str:
        return status_label(self.status)

    @property
    def org_type_label(self) -> str:
        return str(TYPE_LABELS.get(self.org_type, self.org_type))


class Tally:
    """How many organisations of a group have each status, and what share of the group: the
    presentation of counts made by eplan.assessment.selectors.count_statuses (or frozen in
    an announcement)."""

    def __init__(self, counts=None):
        self.counts = {status: 0 for status in STATUS_ORDER}
        for status, count in (counts or {}).items():
            self.counts[status] = self.counts.get(status, 0) + count

    @classmethod
    def of(cls, keys):
        return cls(count_statuses((key.status, None) for key in keys).total)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def submitted(self) -> int:
        return self.total - self.counts[PublicStatus.NOT_SUBMITTED]

    def share(self, count) -> float | None:
        return 100.0 * count / self.total if self.total else None

    @property
    def submitted_share(self):
        return self.share(self.submitted)

    @property
    def cells(self) -> list[dict]:
        """[{status, label, count, percent}] in the order of PublicStatus."""
        return [
            {"status": status, "label": status_label(status), "count": count, "percent": self.share(count)}
            for status, count in self.counts.items()
        ]


@dataclass
class Group:
    code: str
    name: str
    tally: Tally


class StatusList:
    """The organisations matching the filters, in the official order (province code,
    district code, organisation code), with their statuses."""

    def __init__(self, keys: list[Key], fetch_lines):
        self.keys = keys
        self._fetch_lines = fetch_lines  # ids or None (all) → {organisation id: Line}

    @property
    def tally(self) -> Tally:
        return Tally.of(self.keys)

    def by_province(self) -> list[Group]:
        """The country by province, in Thai dictionary order of the names."""
        groups = _groups(self.keys, lambda key: (key.province_code, key.province_name))
        return sorted(groups, key=lambda group: thai_sort_key(group.name))

    def by_district(self) -> list[Group]:
        return sorted(_groups(self.keys, lambda key: (key.district_code, key.district_name)), key=lambda g: g.code)

    def page(self, number, per_page):
        """A page of lines grouped province → district; each group's tally counts the whole
        group, not just the rows on this page."""
        page = Paginator(self.keys, per_page).get_page(number)
        lines = self._fetch_lines([key.organisation_id for key in page.object_list])
        page.blocks = _blocks(
            [lines[key.organisation_id] for key in page.object_list if key.organisation_id in lines],
            province_tallies=_tallies(self.keys, lambda key: key.province_code),
            district_tallies=_tallies(self.keys, lambda key: key.district_code),
        )
        return page

    def lines(self) -> list[Line]:
        lines = self._fetch_lines(None)
        return [lines[key.organisation_id] for key in self.keys if key.organisation_id in lines]

    def blocks(self) -> list[dict]:
        """Every line grouped province → district (for a printed announcement)."""
        return _blocks(
            self.lines(),
            province_tallies=_tallies(self.keys, lambda key: key.province_code),
            district_tallies=_tallies(self.keys, lambda key: key.district_code),
        )


def _tallies(keys, group_of) -> dict:
    """{group: Tally} of the keys, grouped by group_of(key)."""
    found = count_statuses((key.status, group_of(key)) for key in keys)
    return {group: Tally(counts) for group, counts in found.groups.items()}


def _groups(keys, group_of) -> list[Group]:
    return [Group(code=code, name=name, tally=tally) for (code, name), tally in _tallies(keys, group_of).items()]


def _blocks(lines, *, province_tallies, district_tallies) -> list[dict]:
    blocks = []
    for line in lines:
        if not blocks or blocks[-1]["code"] != line.province_code:
            blocks.append(
                {
                    "code": line.province_code,
                    "name": line.province_name,
                    "tally": province_tallies.get(line.province_code, Tally()),
                    "districts": [],
                }
            )
        districts = blocks[-1]["districts"]
        if not districts or districts[-1]["code"] != line.district_code:
            districts.append(
                {
                    "code": line.district_code,
                    "name": line.district_name,
                    "title": district_title(line.district_name),
                    "tally": district_tallies.get(line.district_code, Tally()),
                    "lines": [],
                }
            )
        districts[-1]["lines"].append(line)
    return blocks


# The live status of a cycle


def live_status(cycle: Cycle, filters: Filters) -> StatusList:
    organisations = registry_selectors.organisations_filter(
        public_organisations(province=filters.province, district=filters.district),
        text=filters.q,
        org_type=filters.org_type,
    ).order_by("province_id", "district_id", "code")
    rows = list(organisations.values_list("id", "province_id", "province__name_th", "district_id", "district__name_th"))
    ids = [row[0] for row in rows] if len(rows) <= LARGEST_ID_LIST else None
    statuses = status_module.statuses_for(cycle, ids)
    not_submitted = status_module.NOT_SUBMITTED
    keys = [Key(*row, statuses.get(row[0], not_submitted).status) for row in rows]
    if filters.status:
        keys = [key for key in keys if key.status == filters.status]
    status_of = {key.organisation_id: key.status for key in keys}

    def fetch_lines(ids):
        chosen = organisations if ids is None else Organisation.objects.filter(pk__in=ids)
        chosen = chosen.select_related("province", "district").only(
            "id", "code", "name", "org_type", "province__name_th", "district__name_th"
        )
        return {
            organisation.pk: Line(
                organisation_id=organisation.pk,
                code=organisation.code,
                display_name=organisation.display_name,
                org_type=organisation.org_type,
                province_code=organisation.province_id,
                province_name=organisation.province.name_th,
                district_code=organisation.district_id,
                district_name=organisation.district.name_th,
                status=status_of[organisation.pk],
            )
            for organisation in chosen
            if organisation.pk in status_of
        }

    return StatusList(keys, fetch_lines)


def live_tally(cycle: Cycle, active_ids) -> Tally:
    """The national counts of a cycle for these organisations (read for the whole country
    at once, then picked from)."""
    statuses = status_module.statuses_for(cycle)
    not_submitted = status_module.NOT_SUBMITTED
    return Tally(count_statuses((statuses.get(pk, not_submitted).status, None) for pk in active_ids).total)


# A published announcement, from its frozen entries only

_LINE_FIELDS = (
    "organisation_id",
    "code",
    "display_name",
    "org_type",
    "province_code",
    "province_name",
    "district_code",
    "district_name",
    "status",
)


def _entries(announcement: Announcement, filters: Filters):
    entries = announcement.entries.all()
    if filters.q:
        # Found by the organisation's name and code today, or by the name it had then.
        found = Organisation.objects.filter(registry_selectors.search_condition(filters.q)).values("pk")
        entries = entries.filter(Q(organisation__in=found) | Q(display_name__icontains=filters.q.strip()))
    if filters.province:
        entries = entries.filter(province_code=filters.province)
    if filters.district:
        entries = entries.filter(district_code=filters.district)
    if filters.org_type:
        entries = entries.filter(org_type=filters.org_type)
    if filters.status:
        entries = entries.filter(status=filters.status)
    return entries.order_by("province_code", "district_code", "code")


def frozen_status(announcement: Announcement, filters: Filters) -> StatusList:
    entries = _entries(announcement, filters)
    keys = [
        Key(*row)
        for row in entries.values_list(
            "organisation_id", "province_code", "province_name", "district_code", "district_name", "status"
        )
    ]

    def fetch_lines(ids):
        chosen = entries if ids is None else entries.filter(organisation_id__in=ids)
        return {row[0]: Line(*row) for row in chosen.values_list(*_LINE_FIELDS)}

    return StatusList(keys, fetch_lines)


def previous_announcement(announcement: Announcement) -> Announcement | None:
    return (
        Announcement.objects.filter(cycle_id=announcement.cycle_id, number__lt=announcement.number)
        .order_by("-number")
        .first()
    )


@dataclass
class Change:
    """An organisation whose line differs between two announcements: its status changed
    (before and after set), it is new (before empty) or it is gone (after empty)."""

    line: Line
    before: str
    after: str

    @property
    def kind(self) -> str:
        if not self.before:
            return "added"
        if not self.after:
            return "removed"
        return "changed"

    @property
    def before_label(self):
        return status_label(self.before)

    @property
    def after_label(self):
        return status_label(self.after)


def changes_between(older: Announcement, newer: Announcement, *, province: str = "") -> list[Change]:
    """What changed from the older announcement to the newer one, in official order."""
    filters = Filters(province=province)
    before = {row[0]: Line(*row) for row in _entries(older, filters).values_list(*_LINE_FIELDS)}
    after = {row[0]: Line(*row) for row in _entries(newer, filters).values_list(*_LINE_FIELDS)}
    changes = [
        Change(line=line, before=before[pk].status if pk in before else "", after=line.status)
        for pk, line in after.items()
        if pk not in before or before[pk].status != line.status
    ]
    changes += [Change(line=line, before=line.status, after="") for pk, line in before.items() if pk not in after]
    changes.sort(key=lambda change: (change.line.province_code, change.line.district_code, change.line.code))
    return changes


def transitions(changes: list[Change]) -> list[dict]:
    """[{before, after, labels, count}]: how many organisations moved from which status to
    which, the largest moves first."""
    counted = Counter((change.before, change.after) for change in changes)
    return [
        {
            "before": before,
            "after": after,
            "before_label": status_label(before),
            "after_label": status_label(after),
            "count": count,
        }
        for (before, after), count in sorted(counted.items(), key=lambda item: -item[1])
    ]


# An organisation's own public page


def organisation_statuses(organisation: Organisation) -> list[dict]:
    """[{cycle, info, pdf_number}] for every cycle, newest first: the current public status
    and, once a result is released, the number of the version it counts (its PDF is
    public)."""
    rows = []
    for cycle in Cycle.objects.order_by("-code"):  # a handful of cycles, three queries each
        info = status_module.status_of(organisation, cycle)
        rows.append(
            {
                "cycle": cycle,
                "info": info,
                "pdf_number": info.version_number if info.status in RELEASED_RESULTS else None,
            }
        )
    return rows
