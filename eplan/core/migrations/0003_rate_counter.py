"""The rate-limit counters (eplan.core.ratelimit): one row per key and window, written by
a single atomic upsert, so every app server counts the same requests. A plain table, not a
model: nothing but that upsert reads or writes it."""

from django.db import migrations

CREATE = [
    "CREATE TABLE core_rate_counter ("
    " bucket varchar(200) NOT NULL PRIMARY KEY,"
    " hits integer NOT NULL,"
    " expires_at bigint NOT NULL)",
    "CREATE INDEX core_rate_counter_expires_at ON core_rate_counter (expires_at)",
]
DROP = ["DROP TABLE core_rate_counter"]


class Migration(migrations.Migration):
    dependencies = [("core", "0002_audit_append_only_trigger")]
    operations = [migrations.RunSQL(CREATE, DROP)]
