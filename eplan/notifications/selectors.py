"""Reads of notifications: each person sees only their own."""

from django.http import Http404

from eplan.notifications.models import Notification

# The bell counts up to this many; beyond it shows "99+".
BELL_MAX = 99


def notifications_for_user(user):
    if not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    return Notification.objects.filter(recipient=user)


def notification_for_user_or_404(user, pk) -> Notification:
    found = notifications_for_user(user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def unread_count(user) -> int:
    """Unread notifications, counted up to BELL_MAX + 1 (one cheap query per page)."""
    return notifications_for_user(user).filter(read_at__isnull=True)[: BELL_MAX + 1].count()
