"""Repair what page views left behind before lists were frozen only by the morning's run:
opening a follow-up or score page fixed the list of a round that had closed long before,
so organisations' report lists grew by rounds they were never asked for, each shown red
"ปิดรับแล้ว ไม่ได้ส่ง". A round frozen after its closing date, with no report and no
extension or change by an office, is put back as never frozen (its rows deleted), with an
audit event each. A round someone has since used keeps its list."""

from django.db import migrations
from django.db.models import Q
from django.utils import timezone

REASON = "กำหนดรายชื่อหลังปิดรับรายงาน (จากการเปิดดูหน้าเว็บ) โดยไม่มีรายงานหรือการแก้ไขรายชื่อ: ยกเลิกการกำหนดรายชื่อ"


def unfreeze_rounds_frozen_after_closing(apps, schema_editor):
    Round = apps.get_model("reporting", "Round")
    ExpectedOrganisation = apps.get_model("reporting", "ExpectedOrganisation")
    Report = apps.get_model("reporting", "Report")
    AuditEvent = apps.get_model("core", "AuditEvent")
    used = (
        Q(extended_until__isnull=False)
        | ~Q(added_reason="")
        | Q(removed_at__isnull=False)
        | Q(changed_by__isnull=False)
    )
    touched = set(ExpectedOrganisation.objects.filter(used).values_list("round_id", flat=True))
    reported = set(Report.objects.values_list("round_id", flat=True).distinct())
    for round in Round.objects.filter(expected_frozen_at__isnull=False).select_related("cycle").order_by("pk"):
        frozen_on = timezone.localtime(round.expected_frozen_at).date()
        if frozen_on <= round.closes_on or round.pk in touched or round.pk in reported:
            continue
        removed, _by_model = ExpectedOrganisation.objects.filter(round=round).delete()
        AuditEvent.objects.create(
            actor_username="migration",
            action="reporting.round_unfreeze",
            object_type="reporting.round",
            object_id=str(round.pk),
            object_repr=f"{round.cycle.code} {round.fiscal_year}-{round.kind}",
            changes={"expected_frozen_at": [round.expected_frozen_at.isoformat(), None]},
            detail={"removed": removed, "closes_on": round.closes_on.isoformat(), "reason": REASON},
            channel="migration:reporting.0004",
        )
        round.expected_frozen_at = None
        round.save(update_fields=["expected_frozen_at"])


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_audit_append_only_trigger"),
        ("reporting", "0003_reportline_planned_without_budget"),
    ]

    operations = [migrations.RunPython(unfreeze_rounds_frozen_after_closing, migrations.RunPython.noop)]
