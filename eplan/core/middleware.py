import uuid

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers

from eplan.core import request_context


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
