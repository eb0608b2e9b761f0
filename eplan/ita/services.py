"""Writing ITA results: the import of a file (all or nothing, idempotent) and the one
save both the import and the demo go through."""

import hashlib
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from eplan.accounts import scope
from eplan.accounts.roles import Capability
from eplan.core.audit import audit_record
from eplan.core.permissions import require
from eplan.ita import importer
from eplan.ita.models import ItaResult

# Central staff keep national reference data; ITA results are that (see the report to the
# lead: a capability of its own, IMPORT_ITA, would say so more exactly).
IMPORT_CAPABILITY = Capability.IMPORT_ITA


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    ce_years: int = 0  # rows whose year was given in the Common Era and taken as +543
    years: list = field(default_factory=list)

    @property
    def rows(self) -> int:
        return self.created + self.updated + self.unchanged


def may_import(user) -> bool:
    return scope.is_national(user, IMPORT_CAPABILITY)


def ita_results_save(*, user, records, source_name: str, detail: dict | None = None) -> ImportResult:
    """Create or update one result per (organisation, year) from validated records; a record
    equal to what is stored changes nothing. One audit event for a save that changed
    something (a file equal to what is stored leaves no trace, as it changed nothing).
    user=None: a management command or the demo."""
    require(user is None or may_import(user))
    try:
        return _save(user, records, source_name, detail)
    except IntegrityError:
        # Someone else imported results of the same year at the same moment: the rows this
        # import would create now exist. Nothing of this import was kept; trying again
        # compares with what the other one saved.
        raise importer.FileRefused(
            [importer.Problem(None, "", _("มีผู้นำเข้าผลการประเมินปีเดียวกันในเวลาเดียวกัน ไม่ได้บันทึกไฟล์นี้ กรุณานำเข้าอีกครั้ง"))]
        ) from None


def _save(user, records, source_name: str, detail: dict | None) -> ImportResult:
    result = ImportResult(years=sorted({record.year for record in records}))
    with transaction.atomic():
        existing = {
            (row.organisation_id, row.year): row
            for row in ItaResult.objects.select_for_update().filter(year__in=result.years)
        }
        now = timezone.now()
        actor = user if getattr(user, "is_authenticated", False) else None
        to_create, to_update = [], []
        for record in records:
            found = existing.get((record.organisation.pk, record.year))
            if found is None:
                to_create.append(
                    ItaResult(
                        organisation=record.organisation,
                        year=record.year,
                        score=record.score,
                        level=record.level,
                        imported_at=now,
                        imported_by=actor,
                        source_name=source_name[:255],
                    )
                )
            elif (found.score, found.level) != (record.score, record.level):
                found.score, found.level = record.score, record.level
                found.imported_at, found.imported_by, found.source_name = now, actor, source_name[:255]
                to_update.append(found)
            else:
                result.unchanged += 1
        for row in to_create + to_update:
            row.full_clean(validate_unique=False, validate_constraints=False)
        ItaResult.objects.bulk_create(to_create, batch_size=1000)
        ItaResult.objects.bulk_update(
            to_update, ["score", "level", "imported_at", "imported_by", "source_name"], batch_size=1000
        )
        result.created, result.updated = len(to_create), len(to_update)
        if not (to_create or to_update):
            return result
        audit_record(
            actor=user,
            action="ita.import",
            detail={
                "source": source_name,
                "years": result.years,
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
                **(detail or {}),
            },
        )
    return result


def import_ita(raw: bytes, *, filename: str, user) -> ImportResult:
    """Import an ITA results CSV. Raises importer.FileRefused (every refused row named) and
    saves nothing when any row is refused; PermissionDenied for anyone but central staff."""
    require(user is None or may_import(user))
    reading = importer.read(raw)
    result = ita_results_save(
        user=user,
        records=reading.records,
        source_name=filename,
        detail={"sha256": hashlib.sha256(raw).hexdigest(), "ce_years": reading.ce_years},
    )
    result.ce_years = reading.ce_years
    return result
