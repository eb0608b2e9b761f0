"""The headers every answer carries (issue 10, hole 15): a Content-Security-Policy without
unsafe-inline, a Permissions-Policy, and Cache-Control: no-store for whatever is answered
to a signed-in user (pages, PDFs, workbooks, the API), unless a view is the same for
everybody and says so. None of them were sent before."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse
from django.views.decorators.cache import cache_control

from eplan.core.security import SecurityHeadersMiddleware
from eplan.demo.plans import build_demo_plan, ensure_cycles
from eplan.testing import client_for

pytestmark = pytest.mark.django_db


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


def assert_safe_page(response):
    csp = directives(response)
    assert csp["script-src"] == ["'self'"] and csp["style-src"] == ["'self'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert csp["object-src"] == ["'none'"] and csp["base-uri"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"] and csp["form-action"] == ["'self'"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in response["Permissions-Policy"]


def test_a_visitors_page_has_the_policy_and_may_be_kept(client):
    response = client.get("/")
    assert_safe_page(response)
    assert "no-store" not in response.get("Cache-Control", "")


def test_a_signed_in_page_has_the_policy_and_is_never_stored(world):
    response = client_for(world.officer).get("/")
    assert_safe_page(response)
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_exports_to_a_signed_in_user_are_never_stored(world):
    plan = build_demo_plan(organisation=world.klai, cycle=ensure_cycles()["2562-2565"])
    officer = client_for(world.officer)
    workbook = officer.get(reverse("plans:excel_export", args=[plan.organisation.code, plan.cycle.code]))
    assert workbook.status_code == 200 and "no-store" in workbook["Cache-Control"]
    missing = client_for(world.nacc_provincial).get("/reporting/")
    assert "no-store" in missing["Cache-Control"]


def test_the_api_for_a_signed_in_user_is_never_stored_and_anonymous_reads_may_be(world):
    answer = client_for(world.officer).get("/api/v1/organisations")
    assert answer.status_code == 200 and "no-store" in answer["Cache-Control"]
    assert "no-store" not in Client().get("/api/v1/organisations").get("Cache-Control", "")


def test_a_user_known_only_once_the_view_ran_counts_too(world):
    """An API token is read by the API itself (eplan.accounts.api_auth sets request.user), after
    the middleware has seen an anonymous request."""
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/api/v1/plans", HTTP_AUTHORIZATION="Bearer x")
    request.user = AnonymousUser()

    def api_view(request):
        request.user = world.officer
        return HttpResponse("{}", content_type="application/json")

    assert "no-store" in SecurityHeadersMiddleware(api_view)(request)["Cache-Control"]


def test_a_view_that_says_it_is_public_keeps_its_caching_for_a_signed_in_user(world):
    request = RequestFactory().get("/")
    request.user = world.officer

    @cache_control(public=True, max_age=3600)
    def public_view(request):
        return HttpResponse("the same for everybody")

    response = SecurityHeadersMiddleware(public_view)(request)
    assert response["Cache-Control"] in ("public, max-age=3600", "max-age=3600, public")


def test_the_policy_is_only_on_pages_not_on_files(world, client):
    """Chromium's PDF viewer runs inside the PDF's own document: a policy there (object-src
    'none') would leave it blank."""
    assert "Content-Security-Policy" not in client.get("/api/v1/organisations")
    assert "Permissions-Policy" in client.get("/api/v1/organisations")


def test_report_only_while_trying_a_change(settings, client):
    settings.CSP_REPORT_ONLY = True
    response = client.get("/")
    assert "Content-Security-Policy" not in response
    assert "script-src 'self'" in response["Content-Security-Policy-Report-Only"]


TEMPLATES = [
    path
    for path in (Path(settings.BASE_DIR) / "eplan").rglob("*.html")
    if "/pdf/" not in str(path)  # WeasyPrint lays these out, no browser
]


def test_no_page_template_has_a_style_attribute_or_a_style_element():
    """style-src 'self' refuses style="…" and <style>: classes in eplan.css instead."""
    pattern = re.compile(r"""\sstyle\s*=|<style\b""", re.IGNORECASE)
    found = [
        f"{path.relative_to(settings.BASE_DIR)}:{number}"
        for path in TEMPLATES
        for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1)
        if pattern.search(line)
    ]
    assert found == []


def test_no_page_template_has_an_inline_script():
    pattern = re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
    found = [
        f"{path.relative_to(settings.BASE_DIR)}:{number}"
        for path in TEMPLATES
        for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1)
        if pattern.search(line)
    ]
    assert found == []
