"""The one refusal every write service starts with."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _


def require(condition, message=None) -> None:
    """Refuse (PermissionDenied, shown as 403 or 404 by the caller) unless `condition`."""
    if not condition:
        raise PermissionDenied(message or _("คุณไม่มีสิทธิ์ดำเนินการนี้"))
