"""Every page of the demo answers, in Thai, for every demo role and for an anonymous visitor.

Each visitor starts at the home page and follows the menus and the links of the pages it
reaches (GET only; not logging out or switching language), up to MAX_PAGES pages, at most
PER_ROUTE of one kind. Files (PDF, Excel) are fetched PER_DOWNLOAD times per kind in all.
Then each route no visitor reached is asked for at an address made from what the crawl
saw, so no page is left out because nothing links to it. A request fails when it answers
5xx, or with HTML that has no Thai letter; every failure is listed at once, with the
visitor and, for a 500, the exception and where it was raised (template line included)."""

import re
from collections import Counter, defaultdict
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve

from eplan.core import pdf
from eplan.demo.management.commands.seed_demo import DEMO_PASSWORD, demo_accounts, demo_lao_code
from eplan.demo.tests.seeded.crawl import SKIPPED, THAI, Crawl

pytestmark = pytest.mark.django_db

MAX_PAGES = 150
PER_ROUTE = 3  # pages of one kind (route) per visitor: three organisations' pages, not 185
PER_DOWNLOAD = 2  # files of one kind (a plan as PDF, …) in the whole test
ANONYMOUS = "(anonymous)"
PARAMETER = re.compile(r"<(?:(\w+):)?(\w+)>")
# Parameters named otherwise elsewhere (the API, a second version or announcement to compare).
SAME_AS = {"organisation": "organisation_code", "cycle": "cycle_code", "other": "number"}
MADE_UP = {"uidb64": "MQ", "token": "0-0"}  # a password-reset link that has expired


@pytest.fixture
def templates_name_their_errors(settings):
    """Errors while rendering carry the template and line (template debug mode)."""
    settings.TEMPLATES = [
        {**engine, "OPTIONS": {**engine.get("OPTIONS", {}), "debug": True}} for engine in settings.TEMPLATES
    ]


@pytest.fixture
def pdfs_not_laid_out(monkeypatch):
    """A PDF's HTML is made from its template as usual and must hold Thai; laying it out
    (WeasyPrint, seconds a document) is left to the PDF tests of plans, reporting and
    public."""

    def html_only(html):
        if not THAI.search(html):
            raise AssertionError("the HTML of this PDF has no Thai text")
        return b"%PDF-1.7\n% not laid out by the every-page test\n"

    monkeypatch.setattr(pdf, "html_to_pdf", html_only)


def every_route(resolver=None, prefix="", namespace=""):
    """(route, namespace) of every URL pattern of the site."""
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            yield from every_route(pattern, prefix + str(pattern.pattern), pattern.namespace or namespace)
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), namespace


def addresses_for(route, namespace, seen, tries=3):
    """A few addresses for a route, each parameter a value seen under that name, in the same
    part of the site first ("code" is an organisation's on one page, a cycle's on another),
    or else a made-up one (an answer of 404 or 405 still shows the view does not fail)."""
    pools = []
    for converter, name in PARAMETER.findall(route):
        pool = list(seen[namespace, name])
        for (_namespace, other), values in seen.items():
            if other in (name, SAME_AS.get(name)):
                pool += [value for value in values if value not in pool]
        pools.append(pool or [MADE_UP.get(name) or ("1" if converter == "int" else "x")])
    addresses = []
    for attempt in range(min(tries, max((len(pool) for pool in pools), default=1))):
        path = route
        for pool in pools:
            parameter = PARAMETER.search(path)
            path = path[: parameter.start()] + pool[attempt % len(pool)] + path[parameter.end() :]
        addresses.append("/" + path)
    return addresses


def visitor(username):
    client = Client(raise_request_exception=False)
    if username != ANONYMOUS:
        assert client.login(username=username, password=DEMO_PASSWORD), username
    return client


def ask_for_routes_not_reached(crawls, visits, askers):
    """Ask once for each route the crawl did not reach, at an address made from values it
    saw (in the addresses visited and those their forms post to), as the central
    administrator, who may see every organisation, and then, unless shown the page, as
    the demo LAO's own account."""
    seen = defaultdict(list)  # (namespace, parameter name) → values
    known = [visit.url for _username, visit in visits] + [url for crawl in crawls.values() for url in crawl.sends_to]
    for url in known:
        try:
            match = resolve(urlsplit(url).path)
        except Resolver404:
            continue
        for name, value in match.kwargs.items():
            if str(value) not in seen[match.namespace, name]:
                seen[match.namespace, name].append(str(value))
    reached = {visit.route for _username, visit in visits}
    asked = []
    for route, namespace in every_route():
        if route in reached or ("/" + route).startswith(SKIPPED):
            continue
        for url in addresses_for(route, namespace, seen):
            for username in askers:
                visit = crawls[username].fetch(url)
                asked.append((username, visit))
                if visit.status < 300 or visit.status == 405:  # shown, or not a GET address for anyone
                    break
            if visit.status < 300 or visit.status == 405:
                break
    return asked


SAFE_HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin", "X-Frame-Options": "DENY"}


def header_problems(visit, *, signed_in):
    """Every page carries the content security policy (no inline script or style) and the
    browser hardening headers; nothing answered to a signed-in user may be stored."""
    headers = visit.headers
    if "Permissions-Policy" not in headers:
        yield "without Permissions-Policy"
    if visit.content_type.startswith("text/html"):
        policy = headers.get("Content-Security-Policy", "")
        if "script-src 'self'" not in policy or "style-src 'self'" not in policy or "unsafe-inline" in policy:
            yield f"Content-Security-Policy {policy!r}"
        yield from (
            f"{name}: {headers.get(name)!r}" for name, value in SAFE_HEADERS.items() if headers.get(name) != value
        )
    cache_control = headers.get("Cache-Control", "")
    if signed_in and visit.status == 200 and "no-store" not in cache_control and "public" not in cache_control:
        yield f"to a signed-in user with Cache-Control {cache_control!r}"


def test_every_page_answers_in_thai_for_every_role(templates_name_their_errors, pdfs_not_laid_out):
    usernames = [ANONYMOUS] + [username for username, *_ in demo_accounts(demo_lao_code())]
    downloads = Counter()
    crawls = {
        username: Crawl(
            visitor(username), max_pages=MAX_PAGES, per_route=PER_ROUTE, downloads=downloads, per_download=PER_DOWNLOAD
        )
        for username in usernames
    }
    visits = [(username, visit) for username, crawl in crawls.items() for visit in crawl.run("/")]
    visits += ask_for_routes_not_reached(crawls, visits, askers=["central.demo", demo_lao_code()])

    problems = [
        f"{username}: GET {visit.url} → {visit.status} {visit.error}"
        for username, visit in visits
        if visit.status >= 500
    ]
    problems += [
        f"{username}: GET {visit.url} → {visit.status}, HTML without Thai text"
        for username, visit in visits
        if visit.thai is False and visit.status != 405
    ]
    problems += [
        f"{username}: GET {visit.url} → {visit.status} {problem}"
        for username, visit in visits
        for problem in header_problems(visit, signed_in=username != ANONYMOUS)
    ]
    if problems:
        pytest.fail(f"{len(problems)} problems in {len(visits)} requests:\n" + "\n".join(problems), pytrace=False)
    pages = Counter(username for username, _visit in visits)
    assert min(pages[username] for username in usernames) > 10, pages  # every visitor got in and found links
    assert "accounts/audit/" in {visit.route for username, visit in visits if username == "central.demo"}
    # The follow-up half is reached by following links, not only asked for afterwards: every
    # signed-in role finds its circulars, supervision and notifications from the menu and bell.
    for username in usernames[1:]:
        reached = {visit.route for name, visit in visits if name == username}
        assert {"circulars/", "supervision/", "notifications/"} <= reached, (username, sorted(reached))
