import contextlib
import uuid

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from eplan.core import controls, request_context
from eplan.core.http import is_htmx


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        channel = "api" if request.path.startswith("/api/") else "web"
        context = request_context.RequestContext(
            client_ip=request_context.client_ip_of(request),
            request_id=uuid.uuid4().hex,
            channel=channel,
        )
        request.client_ip = context.client_ip
        with request_context.using(context):
            return self.get_response(request)


class ThaiFirstLocaleMiddleware:
    """Thai unless the visitor chose another language with the switcher.

    Unlike Django's LocaleMiddleware the browser's Accept-Language is ignored: most
    officials' browsers say en-US, and this is a Thai government system.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Cookie",))
        return response


class ControlCharactersMiddleware:
    """Takes the control characters no field holds (core.controls) out of the path, the
    query, every form field and upload name, and the two headers looked up in the
    database (Authorization, Cookie), before anything reads them: a NUL reaching
    PostgreSQL is a 500 (issue 10, hole 8). Placed before the session middleware, which
    reads the cookie. The form is cleaned when first read, so a view or the CSRF check
    that never reads it costs nothing, and errors of parsing surface where they used to.

    In the path, a control character becomes U+FFFD: no URL has one, so the request is
    answered 404 by the usual machinery instead of being silently sent elsewhere."""

    HEADERS = ("HTTP_AUTHORIZATION", "HTTP_COOKIE")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if controls.has_controls(request.path_info):
            request.path_info = controls.CONTROLS.sub("\ufffd", request.path_info)
            request.path = controls.CONTROLS.sub("\ufffd", request.path)
            request.META["PATH_INFO"] = request.path_info
        for header in self.HEADERS:
            if header in request.META and controls.has_controls(request.META[header]):
                request.META[header] = controls.strip_controls(request.META[header])
        with contextlib.suppress(TooManyFieldsSent):  # raised again where the view reads it
            request.GET = controls.clean_querydict(request.GET)[0]
        self._clean_form_when_read(request)
        return self.get_response(request)

    @staticmethod
    def _clean_form_when_read(request):
        load = request._load_post_and_files

        def load_and_clean():
            load()
            request._post, removed = controls.clean_querydict(request._post)
            for upload in request._files.values():
                if upload.name and controls.has_controls(upload.name):
                    upload.name = controls.strip_controls(upload.name)
            if removed and not request.path.startswith("/api/") and not is_htmx(request):
                message = _("ระบบตัดอักขระควบคุมที่มองไม่เห็น %(count)s ตัวออกจากข้อมูลที่ส่ง (มักติดมากับข้อความที่คัดลอกจาก PDF)")
                messages.info(request, message % {"count": removed}, fail_silently=True)

        request._load_post_and_files = load_and_clean


class RequestSizeMiddleware:
    """A body larger than DATA_UPLOAD_MAX_MEMORY_SIZE is answered 413 in Thai before
    anything tries to read it (Django raises RequestDataTooBig, which was a 500 through the
    API and a bare 400 that lost the form on pages: issue 10, hole 10).

    Files do not count: a multipart form is parsed here, where only its text fields are
    held to the limit (evidence and Excel files have their own limits). Placed after the
    locale middleware so the answer is Thai, before the CSRF check that reads the form."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if request.method in ("POST", "PUT", "PATCH", "DELETE") and limit is not None:
            try:
                size = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                size = 0
            if request.content_type == "multipart/form-data" and not request.path.startswith("/api/"):
                if size > limit:  # files included: only parsing tells whether the text is too much
                    try:
                        request.POST  # noqa: B018
                    except RequestDataTooBig:
                        return too_large_response(request)
            elif size > limit:
                return too_large_response(request, size=size)
        return self.get_response(request)


def too_large_response(request, *, size=None):
    """413: JSON for the API, the form left in place for htmx, a page sending the officer
    back to the form (the browser keeps what was typed) otherwise."""
    limit_mb = f"{settings.DATA_UPLOAD_MAX_MEMORY_SIZE / 1024 / 1024:g}"
    if size:
        message = _("ข้อมูลที่ส่งมามีขนาด %(size)s MB เกินที่ระบบรับได้ในครั้งเดียว (%(max)s MB ไม่นับไฟล์แนบ)") % {
            "size": f"{size / 1024 / 1024:.1f}",
            "max": limit_mb,
        }
    else:
        message = _("ข้อความที่ส่งมาเกินที่ระบบรับได้ในครั้งเดียว (%(max)s MB ไม่นับไฟล์แนบ)") % {"max": limit_mb}
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=413)
    # Rendered without the request: the user and the site's context processors come later
    # in the chain than this answer.
    context = {"message": message, "LANGUAGE_CODE": translation.get_language()}
    if is_htmx(request):
        response = HttpResponse(render_to_string("core/_request_too_large.html", context), status=413)
        response["HX-Reswap"] = "none"  # the form stays as typed
        return response
    return HttpResponse(render_to_string("core/request_too_large.html", context), status=413)
