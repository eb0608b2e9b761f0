"""Demo ITA results: a plausible, fixed score for every active demo อปท. (the same each run,
from its code and the year), saved through the service like an import, so the audit trail
shows it. Idempotent: a second run finds every result unchanged."""

import hashlib
from decimal import Decimal

from django.utils import timezone

from eplan.core.thai import buddhist_year
from eplan.ita.importer import Record
from eplan.ita.models import level_for_score
from eplan.ita.services import ImportResult, ita_results_save
from eplan.registry.models import Organisation

DEMO_SOURCE = "demo"


def _score(code: str, year: int) -> Decimal:
    """Between 40 and 100, most between 75 and 95, as NACC's published results run."""
    digest = hashlib.sha256(f"{code}:{year}".encode()).digest()
    spread = sum(digest[:3]) / (3 * 255)  # 0–1, bunched around the middle
    return (Decimal("40") + Decimal(str(round(60 * spread**0.6, 2)))).quantize(Decimal("0.01"))


def seed_ita(*, year: int | None = None, organisations=None) -> ImportResult:
    """Results of `year` (default: the last fiscal year) for the demo organisations (every
    active one, or those given)."""
    year = year or buddhist_year(timezone.localdate()) - 1
    organisations = organisations if organisations is not None else Organisation.objects.filter(active=True)
    records = []
    for organisation in organisations.order_by("code"):
        score = _score(organisation.code, year)
        records.append(Record(row=0, organisation=organisation, year=year, score=score, level=level_for_score(score)))
    return ita_results_save(user=None, records=records, source_name=DEMO_SOURCE)
