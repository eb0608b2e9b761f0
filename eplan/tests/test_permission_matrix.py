"""The permission matrix: every page and every API operation against every role, for an
object inside the role's scope and one outside it, with the answer expected (see
permissions.py). A page or endpoint that is not in the table fails the first test, so
nothing new ships unguarded."""

import os
import tempfile

import pytest
from django.test import Client

from eplan.tests import matrix, matrix_world
from eplan.tests.permissions import EXPECTED, ROLES

pytestmark = pytest.mark.django_db


def every_key():
    pages = {f"{method} {name}" for name, _route in matrix.url_patterns() for method in ("GET", "POST")}
    spec = Client().get("/api/v1/openapi.json").json()
    api = {f"{method} {path}" for method, path in matrix.api_operations(spec)}
    return pages, api


def test_every_page_and_endpoint_is_in_the_matrix():
    pages, api = every_key()
    listed = set(EXPECTED)
    names = {key.split(" ", 1)[1] for key in listed if not key.split(" ", 1)[1].startswith("/")}
    missing_pages = sorted({key.split(" ", 1)[1] for key in pages} - names)
    missing_api = sorted(api - listed)
    assert missing_pages == [] and missing_api == [], "not in eplan/tests/permissions.py:\n" + "\n".join(
        missing_pages + missing_api
    )
    stale = sorted(key for key in listed if key.split(" ", 1)[1].startswith("/") and key not in api)
    stale += sorted(
        key
        for key in listed
        if not key.split(" ", 1)[1].startswith("/")
        and key.split(" ", 1)[1] not in {name for name, _route in matrix.url_patterns()}
    )
    assert stale == [], "in the matrix but gone: " + ", ".join(stale)


def request_for(key, side):
    """(method, URL, JSON body or None) of one entry for one side."""
    method, target = key.split(" ", 1)
    if not target.startswith("/"):
        return method, matrix.page_url(target, side), None
    path = target.removeprefix(matrix.API_PREFIX)
    body = matrix.API_BODIES.get((method, path))
    if body is None and method in ("POST", "PUT", "PATCH"):
        body = lambda side: {}  # noqa: E731
    return method, matrix.API_PREFIX + matrix.api_url(path, side), body(side) if body else None


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_what_the_matrix_says(world, role, settings, monkeypatch):
    from eplan.core import pdf

    monkeypatch.setattr(pdf, "html_to_pdf", lambda html: b"%PDF-1.7 (matrix)")
    matrix_world.add_outsider(world)
    inside, outside = matrix_world.build(world)
    user = None if role == "anonymous" else getattr(world, role)
    found, wrong = {}, []
    for key in EXPECTED:
        method, url, body = request_for(key, inside)
        got_in = matrix.ask(user, method, url, body=body)
        method, out_url, body = request_for(key, outside)
        got_out = matrix.ask(user, method, out_url, body=body)
        found[key] = f"{got_in}/{got_out}"
        expected = EXPECTED[key].get(role)
        if expected != found[key]:
            wrong.append(f"{key}: expected {expected}, got {found[key]} ({url})")
    if os.environ.get("MATRIX_PRINT"):
        with open(os.path.join(tempfile.gettempdir(), f"matrix-{role}.txt"), "w") as out:
            for key, value in found.items():
                out.write(f"{key}\t{value}\n")
    assert wrong == [], f"{role}:\n" + "\n".join(wrong)
