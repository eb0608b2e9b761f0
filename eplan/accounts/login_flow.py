"""Logging in with a second factor: the password is checked first, but the session is
only logged in once the code is right (or the required authenticator is set up).

Between the two steps the (still anonymous) session holds who passed the password, for a
few minutes and a few tries; a password changed in between voids it. Nothing of the
account is reachable in that state, pages or API, because the session is not logged in.
"""

import time

from django.contrib import auth

from eplan.accounts.models import User

PENDING_SESSION_KEY = "eplan_pending_login"
PENDING_SECONDS = 5 * 60
MAX_CODE_TRIES = 5


def begin(request, user, *, next_url: str):
    request.session[PENDING_SESSION_KEY] = {
        "user": user.pk,
        "backend": user.backend,
        "hash": user.get_session_auth_hash(),
        "since": time.time(),
        "next": next_url,
        "tries": 0,
    }


def pending(request) -> tuple[User | None, dict]:
    """The account waiting for its second step, or (None, {}) when there is none, it is too
    old, or the account changed (password, suspension) since the password step."""
    state = request.session.get(PENDING_SESSION_KEY) or {}
    if not state or time.time() - state.get("since", 0) > PENDING_SECONDS:
        return None, {}
    user = User.objects.filter(pk=state.get("user"), is_active=True).first()
    if user is None or user.get_session_auth_hash() != state.get("hash"):
        return None, {}
    user.backend = state["backend"]
    return user, state


def remember(request, state: dict):
    request.session[PENDING_SESSION_KEY] = state


def count_wrong_code(request, state: dict) -> bool:
    """One more wrong code. False once the tries are used up (the password is asked again)."""
    state["tries"] = state.get("tries", 0) + 1
    if state["tries"] >= MAX_CODE_TRIES:
        abandon(request)
        return False
    remember(request, state)
    return True


def abandon(request):
    request.session.pop(PENDING_SESSION_KEY, None)


def complete(request, user, *, how: str) -> str:
    """Log the session in (Django cycles its key) and return where to go next."""
    _user, state = pending(request)
    next_url = state.get("next") or "/"
    abandon(request)
    request.eplan_second_factor = how  # for the login's audit event (signals.on_login)
    auth.login(request, user, backend=user.backend)
    return next_url
