"""audit_record: the one way a business operation leaves its trace."""

from django.db import transaction

from eplan.core import request_context
from eplan.core.models import AuditEvent

ACTION_LABELS: dict[str, str] = {}


def register_actions(labels: dict):
    """Each app names its audit actions in Thai (called from its AppConfig.ready)."""
    ACTION_LABELS.update(labels)


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


def _plain(value):
    """JSON-safe form of a field value (dates, decimals, model instances, lazy strings)."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple, set)):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if hasattr(value, "pk"):
        return value.pk
    return str(value)


def snapshot(instance, fields) -> dict:
    """Field values of a model instance, for a before/after comparison."""
    return {field: _plain(getattr(instance, field)) for field in fields}


def diff(before: dict, after: dict) -> dict:
    """{field: [old, new]} for the fields that changed."""
    keys = list(before) + [key for key in after if key not in before]
    return {key: [before.get(key), after.get(key)] for key in keys if _plain(before.get(key)) != _plain(after.get(key))}


def audit_record(
    *,
    actor,
    action: str,
    obj=None,
    organisation_code: str = "",
    province_code: str = "",
    changes: dict | None = None,
    detail: dict | None = None,
) -> AuditEvent:
    """Record a business operation. Must run inside the operation's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record must be called inside the transaction of the change it records.")
    context = request_context.current()
    actor_user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        actor=actor_user,
        actor_username=actor_user.get_username() if actor_user else (context.channel or "system"),
        action=action,
        organisation_code=organisation_code or "",
        province_code=province_code or "",
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:255] if obj is not None else "",
        changes=_plain(changes or {}),
        detail=_plain(detail or {}),
        client_ip=context.client_ip,
        channel=context.channel,
        request_id=context.request_id,
    )
