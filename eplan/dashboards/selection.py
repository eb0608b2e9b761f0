"""What a dashboard page shows (the selector at its top): whose view (office or public), the
area, the cycle, and where they matter the round (รอบรายงาน) and the ITA year.

Offices (every role but the อปท.'s own staff) see the area of their scope that the address
chooses (accounts.areas.area_for_user: another province is a 404). Anonymous visitors and
อปท. staff see the public dashboard of the whole country (area_public), drilling down by
province and district; there, the figures of the assessment count only once the cycle's
results are released (assessment.status.is_released), and nothing of a draft is shown.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from eplan.accounts import scope
from eplan.accounts.areas import Area, UnknownPlace, area_for_user, area_public, narrow, public_organisations
from eplan.accounts.roles import Capability
from eplan.assessment.selectors import statuses_of
from eplan.assessment.status import is_released
from eplan.core.thai import thai_sort_key
from eplan.frameworks.models import Cycle
from eplan.ita.selectors import ita_years
from eplan.registry.models import Region
from eplan.reporting.models import Round
from eplan.reporting.selectors import round_title, rounds_of

# area.level → the group_by of the figures that list the area's parts
GROUP_BY = {"province": "province", "district": "district", "organisation": "organisation"}


def is_public_viewer(user) -> bool:
    """Anonymous visitors and the staff of an อปท. see the public dashboard."""
    if not user.is_authenticated:
        return True
    return scope.lao_organisations_of(user).exists() or not scope.has_capability(user, Capability.VIEW)


@dataclass(frozen=True)
class Part:
    """A row of an area's table: a province, a district or an อปท.; `key` is what the
    figures' group_by keys it by, `query` the same dashboard narrowed to it."""

    key: object
    label: str
    query: str = ""
    code: str = ""


@dataclass
class Selection:
    public: bool
    area: Area
    top: object  # the organisations of the whole scope (the map colours all of it)
    cycles: list
    cycle: Cycle | None
    rounds: list = field(default_factory=list)
    round: Round | None = None
    years: list = field(default_factory=list)  # ITA years, newest first
    year: int | None = None
    today: object = None
    _statuses: dict | None = field(default=None, repr=False)

    def statuses(self) -> dict:
        """The statuses of the whole scope for the cycle, read once for all the page's
        counts (assessment.selectors.statuses_of)."""
        if self._statuses is None:
            self._statuses = statuses_of(self.cycle, self.top, today=self.today)
        return self._statuses

    @property
    def released(self) -> bool:
        return self.cycle is not None and is_released(self.cycle, self.today)

    @property
    def shows_scores(self) -> bool:
        """Assessment scores: for the public only once released; offices see them before."""
        return self.cycle is not None and (not self.public or self.released)

    @property
    def before_release(self) -> bool:
        return not self.public

    @property
    def group_by(self) -> str:
        return GROUP_BY[self.area.level]

    @property
    def round_title(self) -> str:
        return round_title(self.round) if self.round else ""

    def query(self, *, area: str | None = None, **extra) -> str:
        """The query string of this selection (its area, or `area` instead), plus `extra`."""
        values = {}
        if self.cycle is not None:
            values["cycle"] = self.cycle.code
        if self.round is not None:
            values["round"] = self.round.code
        if self.year is not None:
            values["year"] = self.year
        values.update({key: value for key, value in extra.items() if value not in (None, "")})
        place = self.area.query if area is None else area
        return "&".join(part for part in (place, urlencode(values)) if part)

    def filters(self) -> list[tuple[str, str]]:
        """(label, value) of what chose the figures: the title rows of a download."""
        return [
            (_("รอบแผน"), self.cycle.code if self.cycle else ""),
            (_("รอบรายงาน"), self.round_title),
            (_("ปี ITA"), str(self.year) if self.year else ""),
            (_("พื้นที่"), self.area.name),
        ]

    def parts(self) -> list[Part]:
        """The provinces (by name), districts (by code) or อปท. (by code) the area lists."""
        area = self.area
        if area.level == "province":
            provinces = area.provinces.filter(region=area.region) if area.region else area.provinces
            ordered = sorted(provinces, key=lambda p: thai_sort_key(p.name_th))
            return [Part(p.code, p.name_th, urlencode({"province": p.code}), p.code) for p in ordered]
        if area.level == "district":
            return [
                Part(d.code, d.name_th, urlencode({"province": area.province.code, "district": d.code}), d.code)
                for d in area.districts.filter(province=area.province).order_by("code")
            ]
        return [
            Part(o.pk, o.display_name, "", o.code)
            for o in area.organisations.order_by("code").only("pk", "code", "name", "org_type")
        ]


def _places(request) -> dict:
    return {key: request.GET.get(key, "").strip() for key in ("region", "province", "district")}


def area_of(request) -> tuple[bool, Area, object]:
    """(public?, the area the address chooses, the organisations of the whole scope)."""
    places = _places(request)
    public = is_public_viewer(request.user)
    try:
        if public:
            area = area_public(province=places["province"], district=places["district"])
            if places["region"] and area.province is None:
                area = _public_region(area, places["region"])
            return True, area, public_organisations()
        area = area_for_user(request.user, **places)
    except UnknownPlace:
        raise Http404 from None
    return False, area, scope.organisations_for_user(request.user, Capability.VIEW)


def _public_region(area: Area, number: str) -> Area:
    """The public area narrowed to a NACC region (area_public takes no region)."""
    region = Region.objects.filter(number=int(number)).first() if number.isdigit() else None
    if region is None:
        raise Http404
    area.region = region
    area.organisations = narrow(area.organisations, region=region)
    return area


def selection_or_404(request, *, needs_round=False, needs_year=False, prefer_rounds=False) -> Selection:
    """The selection of a dashboard page from ?cycle=&round=&year=&region=&province=&district=:
    the newest cycle (prefer_rounds: the newest that has report rounds), its latest round
    that has opened, the newest ITA year by default; a code that names nothing is a 404."""
    public, area, top = area_of(request)
    cycles = list(Cycle.objects.order_by("-code"))
    code = request.GET.get("cycle", "").strip()
    if code:
        cycle = next((c for c in cycles if c.code == code), None)
        if cycle is None:
            raise Http404
    else:
        cycle = _default_cycle(cycles, prefer_rounds)
    selection = Selection(public=public, area=area, top=top, cycles=cycles, cycle=cycle)
    if needs_round and cycle is not None:
        selection.rounds = list(rounds_of(cycle).select_related("cycle"))
        wanted = request.GET.get("round", "").strip()
        if wanted:
            selection.round = next((r for r in selection.rounds if r.code == wanted), None)
            if selection.round is None:
                raise Http404
        else:
            selection.round = _default_round(selection.rounds)
    if needs_year:
        selection.years = [row["year"] for row in ita_years(top)]
        wanted = request.GET.get("year", "").strip()
        if wanted:
            if not wanted.isdigit() or int(wanted) not in selection.years:
                raise Http404
            selection.year = int(wanted)
        elif selection.years:
            selection.year = selection.years[0]
    return selection


def _default_cycle(cycles, prefer_rounds):
    """The newest cycle, or the newest that has report rounds."""
    if prefer_rounds:
        with_rounds = set(Round.objects.values_list("cycle_id", flat=True).distinct())
        found = next((c for c in cycles if c.pk in with_rounds), None)
        if found is not None:
            return found
    return cycles[0] if cycles else None


def _default_round(rounds):
    """The latest round that has opened, else the first."""
    today = timezone.localdate()
    opened = [r for r in rounds if r.opens_on <= today]
    return opened[-1] if opened else (rounds[0] if rounds else None)
