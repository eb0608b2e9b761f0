"""How the API answers when something is wrong: always JSON, always in Thai.

    400 {"detail": ...}                      the body is not JSON
    401 {"detail": ...}                      no or bad credentials
    403 {"detail": ...}                      seen, but not yours to change (or CSRF refused)
    404 {"detail": ...}                      not found, or outside your scope (never 403)
    409 {"detail": ...}                      the object's state forbids it (a submitted plan)
    412 {"detail": ..., "current": {...}}    If-Match is not the ETag of what is stored now
    413 {"detail": ...}                      the body is larger than DATA_UPLOAD_MAX_MEMORY_SIZE
    422 {"detail": ..., "errors": {field: [message, ...]}}   bad input, each field named
    429 {"detail": ...} and Retry-After      too many requests (eplan.core.ratelimit)

Services raise Django's ValidationError (field → messages) and PermissionDenied; the
handlers here turn those into the answers above, so endpoints simply call services.
"""

import datetime
import decimal

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as SchemaValidationError

from eplan.core.concurrency import StaleEdit
from eplan.core.middleware import too_large_response
from eplan.core.ratelimit import RateLimited, too_many_requests


class ErrorOut(Schema):
    detail: str


class ValidationErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]]


# The answers every authenticated endpoint may give, for its OpenAPI `response` (429: the
# API's rate limit, eplan.core.ratelimit, with Retry-After; public endpoints may give it too).
AUTH_ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 429: ErrorOut}
INPUT_ERRORS = {400: ErrorOut, 422: ValidationErrorOut}
# A path or query parameter that is not of its type (an integer, one of a list of choices)
# is refused before the endpoint runs: 422 naming it. For operations without a body.
PARAM_ERRORS = {422: ValidationErrorOut}
STATE_ERRORS = {409: ErrorOut}

# Pydantic's messages are English; the common ones in Thai (others pass through).
SCHEMA_MESSAGES = {
    "missing": gettext_lazy("จำเป็นต้องระบุ"),
    "string_type": gettext_lazy("ต้องเป็นข้อความ"),
    "string_too_long": gettext_lazy("ยาวได้ไม่เกิน %(max_length)s ตัวอักษร"),
    "string_too_short": gettext_lazy("ต้องยาวอย่างน้อย %(min_length)s ตัวอักษร"),
    "too_long": gettext_lazy("มีได้ไม่เกิน %(max_length)s รายการ"),
    "greater_than_equal": gettext_lazy("ต้องไม่น้อยกว่า %(ge)s"),
    "less_than_equal": gettext_lazy("ต้องไม่เกิน %(le)s"),
    "greater_than": gettext_lazy("ต้องมากกว่า %(gt)s"),
    "less_than": gettext_lazy("ต้องน้อยกว่า %(lt)s"),
    "int_from_float": gettext_lazy("ต้องเป็นจำนวนเต็ม"),
    "finite_number": gettext_lazy("ต้องเป็นตัวเลขที่มีค่าจำกัด"),
    "json_invalid": gettext_lazy("อ่าน JSON ไม่ได้"),
    "date_parsing": gettext_lazy("ต้องเป็นวันที่ในรูปแบบ ปปปป-ดด-วว (ค.ศ.)"),
    "date_from_datetime_parsing": gettext_lazy("ต้องเป็นวันที่ในรูปแบบ ปปปป-ดด-วว (ค.ศ.)"),
    "datetime_parsing": gettext_lazy("ต้องเป็นวันและเวลาในรูปแบบ ISO 8601"),
    "url_parsing": gettext_lazy("ต้องเป็นลิงก์ที่ขึ้นต้นด้วย https:// หรือ http://"),
    "int_type": gettext_lazy("ต้องเป็นจำนวนเต็ม"),
    "int_parsing": gettext_lazy("ต้องเป็นจำนวนเต็ม"),
    "float_parsing": gettext_lazy("ต้องเป็นตัวเลข"),
    "decimal_parsing": gettext_lazy("ต้องเป็นตัวเลข"),
    "bool_type": gettext_lazy("ต้องเป็น true หรือ false"),
    "bool_parsing": gettext_lazy("ต้องเป็น true หรือ false"),
    "list_type": gettext_lazy("ต้องเป็นรายการ (array)"),
    "dict_type": gettext_lazy("ต้องเป็นออบเจกต์ (object)"),
    "model_type": gettext_lazy("ต้องเป็นออบเจกต์ (object)"),
    "literal_error": gettext_lazy("ค่าที่ใช้ได้: %(expected)s"),
    "enum": gettext_lazy("ค่าที่ใช้ได้: %(expected)s"),
    "extra_forbidden": gettext_lazy("ไม่รู้จักช่องนี้"),
}


def _json(value):
    if isinstance(value, datetime.date | datetime.datetime | decimal.Decimal):
        return str(value)
    return value


def field_errors(error: DjangoValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return {key: [str(message) for message in messages] for key, messages in error.message_dict.items()}
    return {NON_FIELD_ERRORS: [str(message) for message in error.messages]}


def validation_error_body(errors: dict[str, list[str]]) -> dict:
    general = errors.get(NON_FIELD_ERRORS)
    return {"detail": " ".join(general) if general else _("ข้อมูลไม่ถูกต้อง กรุณาแก้ไขตามที่ระบุ"), "errors": errors}


def _schema_field(loc) -> str:
    """('body', 'payload', 'budgets', '2562') → 'budgets.2562'; ('query', 'cycle') → 'cycle'."""
    parts = [str(part) for part in loc]
    if parts and parts[0] == "body":
        parts = parts[2:] or parts[1:]  # drop the source and the body parameter's name
    elif parts:
        parts = parts[1:]
    return ".".join(parts) or NON_FIELD_ERRORS


def _schema_message(error) -> str:
    """Thai for Pydantic's message; an unknown kind says plainly that the value is wrong
    rather than passing English through. A ValueError raised by the project's own
    validators already carries a Thai message."""
    if error.get("type") == "value_error":
        return str(error.get("msg", "")).removeprefix("Value error, ")
    template = SCHEMA_MESSAGES.get(error.get("type"), gettext_lazy("ค่าไม่ถูกต้อง"))
    context = {"expected": "", **{key: value for key, value in (error.get("ctx") or {}).items()}}
    try:
        return str(template) % context
    except (KeyError, TypeError, ValueError):
        return str(template)


def install(api):
    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        message = exc.message if exc.message != "Unauthorized" else _("กรุณาเข้าสู่ระบบ หรือส่งโทเคนในส่วนหัว Authorization")
        response = api.create_response(request, {"detail": message}, status=401)
        response["WWW-Authenticate"] = 'Bearer realm="eplan"'
        return response

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        message = str(exc)
        if exc.status_code == 400 and message.startswith("Cannot parse request body"):
            message = _("อ่านเนื้อหาของคำขอไม่ได้ ต้องเป็น JSON ที่ถูกต้อง")
        return api.create_response(request, {"detail": message}, status=exc.status_code)

    @api.exception_handler(RequestDataTooBig)
    def too_large(request, exc):
        # core.middleware answers first when the size is declared; this covers a body
        # without Content-Length.
        return too_large_response(request)

    @api.exception_handler(RateLimited)
    def rate_limited(request, exc):
        return too_many_requests(request, exc.refusal)

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc):
        return api.create_response(request, {"detail": str(exc) or _("คุณไม่มีสิทธิ์ดำเนินการนี้")}, status=403)

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return api.create_response(request, {"detail": _("ไม่พบข้อมูล หรือไม่อยู่ในขอบเขตที่คุณเข้าถึงได้")}, status=404)

    @api.exception_handler(StaleEdit)
    def stale(request, exc):
        # If-Match did not match what is stored now: the caller's copy is out of date.
        body = {"detail": " ".join(exc.messages), "current": {k: _json(v) for k, v in exc.current.items()}}
        return api.create_response(request, body, status=412)

    @api.exception_handler(DjangoValidationError)
    def invalid(request, exc):
        return api.create_response(request, validation_error_body(field_errors(exc)), status=422)

    @api.exception_handler(SchemaValidationError)
    def invalid_schema(request, exc):
        errors: dict[str, list[str]] = {}
        for error in exc.errors:
            errors.setdefault(_schema_field(error.get("loc", ())), []).append(_schema_message(error))
        return api.create_response(request, validation_error_body(errors), status=422)
