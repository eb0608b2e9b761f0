"""How the permission matrix reaches every page and endpoint: the list of URL patterns and
API operations, the arguments for an object inside and outside a role's scope, the request
(in a transaction that is rolled back, so a POST changes nothing for the next one) and the
outcome in the matrix's words."""

import re

from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

# Which object a URL argument names, where its name alone does not say.
ARGUMENT_OF = {
    ("accounts:api_token_revoke", "pk"): "api_token",
    ("accounts:user_detail", "pk"): "user",
    ("accounts:user_action", "pk"): "user",
    ("accounts:lockout_unlock", "pk"): "lockout",
    ("frameworks:criterion_edit", "pk"): "criterion",
    ("plans:item_edit", "pk"): "item",
    ("plans:item_action", "pk"): "item",
    ("assessment:assess", "pk"): "version",
    ("frameworks:cycle", "code"): "cycle_code",
    ("frameworks:cycle_edit", "code"): "cycle_code",
    ("frameworks:dimension_edit", "code"): "cycle_code",
    ("frameworks:mission_add", "code"): "cycle_code",
    ("frameworks:mission_edit", "code"): "cycle_code",
    ("frameworks:criterion_new", "code"): "cycle_code",
    ("frameworks:criterion_edit", "code"): "cycle_code",
    ("frameworks:dimension_edit", "number"): "dimension",
    ("public:announcement", "number"): "announcement",
    ("public:announcement_compare", "number"): "announcement",
    ("public:announcement_xlsx", "number"): "announcement",
    ("public:announcement_pdf", "number"): "announcement",
    ("frameworks:mission_add", "number"): "dimension",
}
NAMED = {
    "organisation_code": "organisation",
    "code": "organisation",
    "line_id": "line",
    "evidence_id": "evidence",
    "item_id": "item",
    "version_id": "version",
}
ACTIONS = {"accounts:user_action": "deactivate", "plans:item_action": "up"}
# Pages that edit a plan address the side's draft plan (another cycle): a submitted plan
# refuses edits to everyone, which would hide who may edit.
EDITING_PAGES = {
    "plans:start",
    "plans:part1",
    "plans:part1_join",
    "plans:items",
    "plans:item_new",
    "plans:item_edit",
    "plans:item_action",
    "plans:details",
    "plans:sar",
    "plans:submit",
    "plans:pdf",
    "plans:excel_template",
    "plans:excel_export",
    "plans:excel_import",
    "plans:excel_import_apply",
}
EDITING_API = ("/part1", "/items", "/self-assessment", "/submit")
# API paths: {name} → which object.
API_ARGUMENT = {
    "organisation": "organisation",
    "organisation_code": "organisation",
    "cycle": "cycle",
    "round_code": "round_code",
    "item_id": "item",
    "number": "number",
    "version_id": "version",
    "level": "level",
    "line_id": "line",
    "evidence_id": "evidence",
}
API_PREFIX = "/api/v1"


def url_patterns(resolver=None, prefix="", namespace=None):
    """(name, route) of every page, namespaced ("plans:items"); the API's own patterns are
    listed from its OpenAPI document instead."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "api":
                continue
            yield from url_patterns(pattern, prefix + str(pattern.pattern), pattern.namespace or namespace)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield name or prefix + str(pattern.pattern), prefix + str(pattern.pattern)


def api_operations(spec):
    """("GET", "/api/v1/plans/{organisation}/{cycle}") of every operation in the OpenAPI document."""
    for path, operations in spec["paths"].items():
        for method in operations:
            if method in {"get", "post", "put", "patch", "delete"}:
                yield method.upper(), path


def page_url(name, side):
    kwargs = {}
    for possibility in _arguments(name):
        if possibility == "action":
            kwargs["action"] = ACTIONS[name]
            continue
        key = ARGUMENT_OF.get((name, possibility)) or NAMED.get(possibility) or possibility
        if name in EDITING_PAGES and key in ("cycle_code", "item"):
            key = "edit_" + key
        kwargs[possibility] = side.get(key)
    return reverse(name, kwargs=kwargs)


def _arguments(name):
    resolver = get_resolver()
    namespace, _sep, short = name.rpartition(":")
    if namespace:
        resolver = resolver.namespace_dict[namespace][1]
    possibilities = resolver.reverse_dict.getlist(short)
    return possibilities[0][0][0][1] if possibilities else []


def api_url(path, side):
    """The path with the side's objects, and the query an operation needs to name them."""
    editing = path.startswith("/plans/{") and any(part in path for part in EDITING_API)

    def value(match):
        name = match.group(1)
        if name == "code":
            return str(side.get("cycle" if path.startswith("/cycles") else "organisation"))
        key = API_ARGUMENT.get(name, name)
        if name == "number" and path.startswith("/announcements"):
            key = "announcement"
        if editing and key in ("cycle", "item"):
            key = "edit_" + key
        return str(side.get(key))

    url = re.sub(r"\{(\w+)\}", value, path)
    query = API_QUERIES.get(path)
    return url + ("?" + query(side) if query else "")


API_QUERIES = {
    "/status": lambda side: f"cycle={side.get('cycle')}&province={side.get('province')}",
    "/status/summary": lambda side: f"cycle={side.get('cycle')}&province={side.get('province')}",
    "/reporting/rounds": lambda side: f"cycle={side.get('cycle')}",
    "/reporting/completeness": lambda side: (
        f"cycle={side.get('cycle')}&round={side.get('round_code')}&province={side.get('province')}"
    ),
    "/reporting/missing": lambda side: (
        f"cycle={side.get('cycle')}&round={side.get('round_code')}&province={side.get('province')}"
    ),
    "/plans": lambda side: f"organisation={side.get('organisation')}",
}

# A body the schema accepts, so that what answers is the endpoint's own check of who may.
API_BODIES = {
    ("POST", "/plans"): lambda side: {"organisation": side.get("organisation"), "cycle": side.get("edit_cycle")},
    ("PATCH", "/plans/{organisation}/{cycle}/part1"): lambda side: {"benefits": "ประโยชน์ของแผน (matrix)"},
    ("POST", "/plans/{organisation}/{cycle}/items"): lambda side: {
        "mission": "1.1.1",
        "kind": "project",
        "title": "โครงการทดสอบสิทธิ์",
        "budgets": {"2561": "1000"},
    },
    ("PUT", "/plans/{organisation}/{cycle}/items/{item_id}"): lambda side: {
        "mission": "1.1.1",
        "kind": "project",
        "title": "โครงการทดสอบสิทธิ์",
        "budgets": {"2561": "1000"},
    },
    ("POST", "/plans/{organisation}/{cycle}/items/{item_id}/move"): lambda side: {"direction": "down"},
    ("PATCH", "/plans/{organisation}/{cycle}/self-assessment"): lambda side: {"entries": []},
    ("POST", "/plans/{organisation}/{cycle}/versions/{number}/return"): lambda side: {"reason": "ทดสอบสิทธิ์การส่งกลับแก้ไข"},
    ("PUT", "/assessment/versions/{version_id}/{level}"): lambda side: {"scores": {}, "judgements": {}},
    ("POST", "/announcements/{cycle}"): lambda side: {"title": ""},
    ("PUT", "/reporting/reports/{organisation_code}/{cycle}/{round_code}"): lambda side: {"lines": {}},
}

# The apps of the follow-up half keep their objects, queries and bodies beside their code
# (eplan/<app>/tests/matrix_objects.py: build(world) -> (inside, outside), API_QUERIES,
# API_BODIES); their rows are in the table of permissions.py like everyone's.
APP_OBJECTS = (
    "eplan.notices",
    "eplan.monitoring",
    "eplan.notifications",
    "eplan.ita",
    "eplan.dashboards",
    "eplan.opendata",
    "eplan.plans",
)


def app_object_modules():
    import importlib

    modules = []
    for app in APP_OBJECTS:
        try:
            modules.append(importlib.import_module(app + ".tests.matrix_objects"))
        except ModuleNotFoundError as error:
            if error.name != app + ".tests.matrix_objects":
                raise
    return modules


for _module in app_object_modules():
    API_QUERIES.update(getattr(_module, "API_QUERIES", {}))
    API_BODIES.update(getattr(_module, "API_BODIES", {}))


def outcome(response) -> str:
    """The status code, or "login" for a redirect to the login page."""
    if response.status_code in (301, 302, 303) and response.get("Location", "").startswith("/accounts/login/"):
        return "login"
    return str(response.status_code)


def ask(user, method, url, *, body=None) -> str:
    """One request as `user` (None: a visitor), rolled back afterwards. `body`: JSON."""
    client = Client()
    if user is not None:
        client.force_login(user)
    with transaction.atomic():
        if body is not None:
            response = getattr(client, method.lower())(url, data=body, content_type="application/json")
        else:
            response = getattr(client, method.lower())(url)
        transaction.set_rollback(True)
    return outcome(response)
