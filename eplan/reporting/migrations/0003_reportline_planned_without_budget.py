from django.db import migrations, models


def mark_lines_planned_without_budget(apps, schema_editor):
    """A plan item's line has no planned budget exactly when the version's snapshot says
    ไม่ใช้งบประมาณ for that year (a budget is an amount or no_budget, never neither)."""
    ReportLine = apps.get_model("reporting", "ReportLine")
    ReportLine.objects.filter(item_id__isnull=False, planned_budget__isnull=True).update(planned_without_budget=True)


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0002_reminder_addressee_round_order"),
    ]

    operations = [
        migrations.AddField(
            model_name="reportline",
            name="planned_without_budget",
            field=models.BooleanField(default=False, verbose_name="ไม่ใช้งบประมาณตามแผน"),
        ),
        migrations.RunPython(mark_lines_planned_without_budget, migrations.RunPython.noop),
    ]
