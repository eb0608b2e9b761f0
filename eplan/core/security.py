"""Response headers that keep browsers and caches on our side.

- Content-Security-Policy (settings.CONTENT_SECURITY_POLICY) on every HTML page: scripts
  and styles only from our own static files, never inline, so text typed by a user can
  never run as script or restyle a page even if it slipped past escaping. Templates carry
  no <script> without src, no on*= handler and no style="…" attribute (a test reads them
  all); JavaScript sets sizes through the DOM (eplan/js/widths.js), which CSP allows.
  CSP_REPORT_ONLY=1 sends it as Content-Security-Policy-Report-Only, for trying a change.
- Permissions-Policy (settings.PERMISSIONS_POLICY): camera, microphone, geolocation and
  the other powerful features off for us and anything we might embed.
- Cache-Control: no-store on every answer to a signed-in user (pages, PDFs, workbooks,
  the API with a token), so a shared office computer's cache or a proxy keeps no copy of
  a draft plan or a missing list. A view that is the same for everybody says so with
  Django's @cache_control(public=True), and is left as it is.

Why our own middleware rather than django-csp: the policy is one fixed header (no inline
script needs a nonce: htmx is loaded as a file and its indicator styles are off), and a
dozen lines do not need a dependency to pin and follow. Django 6.0 brings a CSP middleware
of its own (django.middleware.csp); the settings here map onto it directive for directive.

X-Content-Type-Options, Referrer-Policy, Cross-Origin-Opener-Policy (SecurityMiddleware)
and X-Frame-Options (XFrameOptionsMiddleware) are Django's own, set in settings.py.
"""

from django.conf import settings
from django.utils.cache import patch_cache_control


def _policy(directives: dict) -> str:
    return "; ".join(" ".join([name, *sources]) for name, sources in directives.items())


def _permissions(features: dict) -> str:
    return ", ".join(f"{name}=({' '.join(allowed)})" for name, allowed in features.items())


def is_marked_public(response) -> bool:
    directives = {part.strip().split("=")[0].lower() for part in response.get("Cache-Control", "").split(",")}
    return "public" in directives


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.csp = _policy(settings.CONTENT_SECURITY_POLICY)
        self.csp_header = (
            "Content-Security-Policy-Report-Only" if settings.CSP_REPORT_ONLY else "Content-Security-Policy"
        )
        self.permissions = _permissions(settings.PERMISSIONS_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        # Django's own debug pages (DEBUG only) are styled and scripted inline.
        debug_page = settings.DEBUG and response.status_code in (404, 500)
        if response.get("Content-Type", "").startswith("text/html") and not debug_page:
            response.headers.setdefault(self.csp_header, self.csp)
        response.headers.setdefault("Permissions-Policy", self.permissions)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not is_marked_public(response):
            patch_cache_control(response, private=True, no_store=True)
        return response
