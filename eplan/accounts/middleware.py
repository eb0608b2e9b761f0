from django.shortcuts import redirect
from django.urls import reverse

from eplan.accounts import scope

PROFILE_DONE_SESSION_KEY = "eplan_profile_done"
ALWAYS_ALLOWED = ("/static/", "/media/", "/i18n/", "/healthz", "/api/", "/accounts/logout/")


class FirstLoginMiddleware:
    """First things first: a one-time password must be replaced, then the organisation's
    basic data filled in (as the 2018 system asked at first login), before anything else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not request.path.startswith(ALWAYS_ALLOWED):
            target = self._required_step(request, user)
            if target and request.path != target:
                return redirect(target)
        return self.get_response(request)

    def _required_step(self, request, user):
        if user.must_change_password:
            return reverse("accounts:password_change")
        if request.session.get(PROFILE_DONE_SESSION_KEY):
            return None
        for organisation in scope.lao_organisations_of(user).select_related("profile"):
            profile = getattr(organisation, "profile", None)
            if profile is None or profile.completed_at is None:
                return reverse("accounts:organisation_profile", args=[organisation.code])
        request.session[PROFILE_DONE_SESSION_KEY] = True
        return None
