"""The visit report (รายงานผลการนิเทศติดตาม) as a PDF in the official style: built from a
plain dict (the document), so the same content is the same file and the background worker
needs nothing but it."""

from datetime import timedelta

from django.utils import timezone

from eplan.core import pdf
from eplan.core.thai import thai_date, thai_date_formal, thai_datetime
from eplan.jobs.services import builder
from eplan.monitoring.models import FindingResult, RecommendationState

KEPT = timedelta(days=1)
LARGE = 40  # อปท. in one report: beyond this it is made in the background


def build(visit, covered) -> dict:
    """What the report prints, of the อปท. given (those the reader may see)."""
    rows = []
    for row in covered:
        rows.append(
            {
                "name": row.organisation.full_name,
                "code": row.organisation.code,
                "district": row.organisation.district.name_th,
                "attended": row.attended,
                "attendees": row.attendees,
                "absentees": row.absentees,
                "note": row.note,
                "findings": [
                    {
                        "text": f.item_text,
                        "result": f.result,
                        "label": str(FindingResult(f.result).label),
                        "note": f.note,
                    }
                    for f in row.findings.all()
                ],
                "files": [{"name": f.original_name, "kind": f.get_kind_display()} for f in row.files.all()],
                "recommendations": [
                    {
                        "text": r.text,
                        "due": thai_date(r.due_on),
                        "state": str(RecommendationState(r.state).label),
                    }
                    for r in row.recommendations.all()
                ],
            }
        )
    return {
        "visit": visit.pk,
        "kind": visit.get_kind_display(),
        "state": visit.get_state_display(),
        "fiscal_year": visit.fiscal_year,
        "date": thai_date_formal(visit.date),
        "date_iso": visit.date.isoformat(),
        "place": visit.place,
        "team": [line.strip() for line in visit.team.splitlines() if line.strip()],
        "province": visit.province.name_th,
        "note": visit.note,
        "cancel_reason": visit.cancel_reason,
        "covered": rows,
        "all_covered": visit.covered.count(),
        "printed_at": thai_datetime(timezone.now()),
    }


def is_large(doc) -> bool:
    return len(doc["covered"]) > LARGE


def estimate_seconds(doc) -> int:
    return max(2, 1 + len(doc["covered"]) // 5)


@builder
def visit_pdf_file(progress, *, doc) -> bytes:
    return pdf.render_pdf("monitoring/pdf/visit.html", {"doc": doc})
