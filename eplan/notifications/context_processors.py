from eplan.notifications.selectors import BELL_MAX, unread_count


def bell(request):
    """The unread count of the bell in every page's header (signed-in users only)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    count = unread_count(user)
    return {"bell": {"count": count, "shown": f"{BELL_MAX}+" if count > BELL_MAX else str(count)}}
