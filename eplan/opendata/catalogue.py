"""Which datasets there are (ชุดข้อมูลเปิด) and where each one lives: per cycle its
plan-status, per fiscal year of the cycle its planned-budget, per round whose list of who
must report is fixed its implementation. Each has a stable address, in CSV and JSON, on
the pages (/open-data/…) and in the API (/api/v1/open-data/…)."""

from dataclasses import dataclass

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from eplan.frameworks.models import Cycle
from eplan.opendata import datasets, files
from eplan.reporting.models import Round, RoundKind
from eplan.reporting.selectors import round_title, rounds_of

FORMATS = ("csv", "json")
PLAN_STATUS, PLANNED_BUDGET, IMPLEMENTATION = "plan-status", "planned-budget", "implementation"


@dataclass(frozen=True)
class Entry:
    slug: str
    cycle: Cycle
    fiscal_year: int | None = None
    round: Round | None = None

    @property
    def title(self) -> str:
        if self.slug == PLAN_STATUS:
            return _("สถานะการจัดทำแผนและผลการประเมิน")
        if self.slug == PLANNED_BUDGET:
            return _("โครงการและงบประมาณตามแผน ปีงบประมาณ %(year)s") % {"year": self.fiscal_year}
        return _("ผลการดำเนินงานตามแผน %(round)s") % {"round": round_title(self.round)}

    @property
    def address(self) -> list:
        """What names the dataset: cycle, then fiscal year, then round kind."""
        parts = [self.cycle.code]
        if self.fiscal_year is not None:
            parts.append(self.fiscal_year)
        if self.round is not None:
            parts.append(self.round.kind)
        return parts

    @property
    def key(self) -> str:
        return files.key_of(self.slug, *self.address)

    def _kwargs(self) -> dict:
        kwargs = {"cycle_code": self.cycle.code}
        if self.fiscal_year is not None:
            kwargs["fiscal_year"] = self.fiscal_year
        if self.round is not None:
            kwargs["round_kind"] = self.round.kind
        return kwargs

    def url(self, fmt: str) -> str:
        return reverse(f"opendata:{self.slug.replace('-', '_')}", kwargs={**self._kwargs(), "fmt": fmt})

    @property
    def csv_url(self) -> str:
        return self.url("csv")

    @property
    def json_url(self) -> str:
        return self.url("json")

    @property
    def api_path(self) -> str:
        return "/api/v1/open-data/" + "/".join(str(part) for part in self.address) + "/" + self.slug

    def build(self) -> datasets.Dataset:
        if self.slug == PLAN_STATUS:
            return datasets.plan_status(self.cycle)
        if self.slug == PLANNED_BUDGET:
            return datasets.planned_budget(self.cycle, self.fiscal_year)
        return datasets.implementation(self.round)

    def served(self) -> files.Generated:
        return files.served(self.key, self.build)


def catalogue(cycle: Cycle) -> list[Entry]:
    """The datasets of a cycle, in the order the page lists them; one query (the rounds)."""
    entries = [Entry(PLAN_STATUS, cycle)]
    entries += [Entry(PLANNED_BUDGET, cycle, fiscal_year=year) for year in cycle.fiscal_years]
    entries += [
        Entry(IMPLEMENTATION, cycle, fiscal_year=round.fiscal_year, round=round)
        for round in rounds_of(cycle).filter(expected_frozen_at__isnull=False)
    ]
    return entries


def cycle_or_404(code: str) -> Cycle:
    return get_object_or_404(Cycle, code=code)


def entry_or_404(slug: str, cycle_code: str, fiscal_year: int | None = None, round_kind: str | None = None) -> Entry:
    """The dataset at an address; a cycle, fiscal year or round that does not exist is a 404."""
    cycle = cycle_or_404(cycle_code)
    if slug == PLAN_STATUS:
        return Entry(slug, cycle)
    if fiscal_year not in cycle.fiscal_years:
        raise Http404
    if slug == PLANNED_BUDGET:
        return Entry(slug, cycle, fiscal_year=fiscal_year)
    if round_kind not in RoundKind.values:
        raise Http404
    round = get_object_or_404(
        Round.objects.select_related("cycle"), cycle=cycle, fiscal_year=fiscal_year, kind=round_kind
    )
    return Entry(slug, cycle, fiscal_year=fiscal_year, round=round)
