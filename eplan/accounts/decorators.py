"""login_required that keeps what the user typed when their session has expired.

An officer who spends an hour on a plan item and presses save after the session ended
must not lose the text: the posted fields are kept in the (new, anonymous) session, the
officer logs in, and returns to the same form filled in with what they typed."""

import functools
import json
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import redirect, resolve_url

from eplan.core.http import is_htmx

KEPT_INPUT_SESSION_KEY = "eplan_kept_input"
MAX_KEPT_BYTES = 256 * 1024


def _login_url(next_path):
    return f"{resolve_url(settings.LOGIN_URL)}?{urlencode({'next': next_path})}"


def login_required_keeping_input(view):
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.user.is_authenticated:
            return view(request, *args, **kwargs)
        path = request.get_full_path()
        if request.method == "POST":
            data = {key: request.POST.getlist(key) for key in request.POST if key != "csrfmiddlewaretoken"}
            if len(json.dumps(data, ensure_ascii=False).encode()) <= MAX_KEPT_BYTES:
                request.session[KEPT_INPUT_SESSION_KEY] = {"path": path, "data": data}
        login = _login_url(path)
        if is_htmx(request):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = login
            return response
        return redirect(login)

    return wrapper


def kept_input(request):
    """The input kept for this very form (as a QueryDict-like dict of lists), once."""
    kept = request.session.get(KEPT_INPUT_SESSION_KEY)
    if not kept or kept.get("path") != request.get_full_path():
        return None
    del request.session[KEPT_INPUT_SESSION_KEY]
    from django.http import QueryDict

    data = QueryDict(mutable=True)
    for key, values in kept["data"].items():
        data.setlist(key, values)
    return data
