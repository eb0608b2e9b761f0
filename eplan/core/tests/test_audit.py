import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError

from eplan.core.audit import audit_record, diff
from eplan.core.models import AppendOnlyError, AuditEvent
from eplan.core.request_context import RequestContext, using


@pytest.mark.django_db
def test_an_event_records_who_what_and_from_where():
    with using(RequestContext(client_ip="203.0.113.7", request_id="abc", channel="web")), transaction.atomic():
        event = audit_record(actor=None, action="test.thing", organisation_code="6800808", changes={"x": [1, 2]})
    event.refresh_from_db()
    assert (event.client_ip, event.channel, event.organisation_code) == ("203.0.113.7", "web", "6800808")
    assert event.changes == {"x": [1, 2]}
    assert event.actor_username == "web"


@pytest.mark.django_db
def test_events_cannot_be_changed_or_deleted():
    with transaction.atomic():
        event = audit_record(actor=None, action="test.thing")
    event.action = "rewritten"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(action="rewritten")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).delete()


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the database trigger exists on PostgreSQL only")
def test_postgresql_itself_refuses_to_rewrite_history():
    with transaction.atomic():
        event = audit_record(actor=None, action="test.thing")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET action = 'x' WHERE id = %s", [event.pk])


def test_recording_outside_the_change_transaction_is_a_programming_error(monkeypatch):
    class NotInTransaction:
        in_atomic_block = False

    monkeypatch.setattr(transaction, "get_connection", lambda: NotInTransaction())
    with pytest.raises(RuntimeError):
        audit_record(actor=None, action="test.thing")


def test_diff_lists_only_changed_fields():
    assert diff({"a": 1, "b": "x"}, {"a": 1, "b": "y"}) == {"b": ["x", "y"]}
