"""A bounded crawl of the site with Django's test client, for the every-page test.

From a start page it follows the site's own links (`<a href>`, `hx-get`, and GET forms
sent with what they hold), GET only, visiting the kinds of page it has seen least first,
so a list of 185 organisations does not use up the pages allowed for one visitor. Every
answer is kept with the route it resolved to; the test decides what counts as a failure."""

import re
import traceback
from collections import Counter, deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlencode, urljoin, urlsplit

from django.urls import Resolver404, resolve

THAI = re.compile(r"[\u0e00-\u0e7f]")
INVISIBLE = re.compile(r"<(script|style)\b.*?</\1>|<[^>]+>", re.DOTALL | re.IGNORECASE)
SKIPPED = ("/i18n/", "/accounts/logout/", "/static/", "/media/")
DOWNLOADS = (".pdf", ".xlsx", ".csv", ".json")  # files, limited apart from pages


@dataclass
class Visit:
    url: str
    route: str
    status: int
    content_type: str
    thai: bool | None  # None: not an HTML page, or an empty one (a redirect, 405)
    error: str = ""  # the exception behind a 500: where in our code and templates
    headers: dict = field(default_factory=dict)


class _Links(HTMLParser):
    """Addresses a visitor can reach from a page by clicking, without typing anything."""

    def __init__(self):
        super().__init__()
        self.found = []
        self.sends_to = []  # where the page's forms and htmx controls send data: not visited
        self._form = None  # [action, fields] of an open GET form

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.found.append((attrs["href"], False))
        if attrs.get("hx-get"):
            self.found.append((attrs["hx-get"], True))
        self.sends_to += [attrs[name] for name in ("hx-post", "hx-put", "hx-delete") if attrs.get(name)]
        if tag == "form" and (attrs.get("method") or "get").lower() == "post" and attrs.get("action"):
            self.sends_to.append(attrs["action"])
        if tag == "form" and (attrs.get("method") or "get").lower() == "get":
            self._form = [attrs.get("action") or "", []]
        if self._form is None or not attrs.get("name"):
            return
        kind = (attrs.get("type") or "text").lower()
        if tag == "input" and kind not in ("submit", "button", "checkbox", "radio", "file"):
            self._form[1].append((attrs["name"], attrs.get("value") or ""))
        elif tag == "input" and kind in ("checkbox", "radio") and "checked" in attrs:
            self._form[1].append((attrs["name"], attrs.get("value") or "on"))

    def handle_endtag(self, tag):
        if tag == "form" and self._form is not None:
            action, fields = self._form
            self.found.append((action + ("?" + urlencode(fields) if fields else ""), False))
            self._form = None


def route_of(path):
    try:
        return resolve(path).route
    except Resolver404:
        return f"(no route) {path}"


def _error_summary(exc_info):
    """The exception, the last lines of our code it passed and, for an error while
    rendering (templates in debug mode), the template line."""
    if not exc_info:
        return ""
    _type, error, trace = exc_info
    frames = [f for f in traceback.extract_tb(trace) if "/eplan/" in f.filename and "site-packages" not in f.filename]
    where = [f"{f.filename.split('/eplan/')[-1]}:{f.lineno} {f.name}" for f in frames[-3:]]
    template = getattr(error, "template_debug", None)
    if template:
        where.append(f"{template['name'].split('/templates/')[-1]}:{template['line']} {template['during'].strip()}")
    return f"{type(error).__name__}: {error} [{'; '.join(where)}]"


def _same_site(base, href):
    href = href.strip()
    if not href or href.startswith(("#", "mailto:", "tel:", "javascript:")):
        return None
    url = urljoin(base, href)
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or parts.netloc not in ("testserver", ""):
        return None
    if parts.path.startswith(SKIPPED) or "language=" in parts.query:
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


class Crawl:
    """One visitor's crawl. `downloads` is shared between visitors, so each kind of file
    is fetched only a few times in the whole test."""

    def __init__(self, client, *, max_pages, per_route, downloads: Counter, per_download):
        self.client = client
        self.max_pages, self.per_route = max_pages, per_route
        self.downloads, self.per_download = downloads, per_download
        self.pending: dict[str, deque] = {}  # route → addresses not yet visited
        self.queued: set[str] = set()
        self.visits: list[Visit] = []
        self.seen_routes = Counter()
        self.sends_to: set[str] = set()  # addresses the pages visited post to

    def add(self, url, *, htmx=False):
        if url in self.queued:
            return
        self.queued.add(url)
        self.pending.setdefault(route_of(urlsplit(url).path), deque()).append((url, htmx))

    def run(self, start="/"):
        self.add(start)
        while len(self.visits) < self.max_pages:
            routes = [r for r, queue in self.pending.items() if queue and self._may_visit(r, queue[0][0])]
            if not routes:
                break
            route = min(routes, key=lambda r: self.seen_routes[r])  # the least seen; first found on a tie
            url, htmx = self.pending[route].popleft()
            self.visits.append(self.fetch(url, route=route, htmx=htmx))
        return self.visits

    def _may_visit(self, route, url):
        if urlsplit(url).path.endswith(DOWNLOADS):
            return self.downloads[route] < self.per_download
        return self.seen_routes[route] < self.per_route

    def fetch(self, url, *, route=None, htmx=False) -> Visit:
        """Ask for one address and queue the links of the answer."""
        route = route or route_of(urlsplit(url).path)
        self.seen_routes[route] += 1
        if urlsplit(url).path.endswith(DOWNLOADS):
            self.downloads[route] += 1
        response = self.client.get(url, headers={"HX-Request": "true"} if htmx else {})
        content_type = response.get("Content-Type", "")
        thai = None
        if "text/html" in content_type and not getattr(response, "streaming", False):
            text = response.content.decode(errors="replace")
            visible = INVISIBLE.sub(" ", text).strip()
            thai = bool(THAI.search(visible)) if visible else None
            parser = _Links()
            parser.feed(text)
            for href, is_htmx in parser.found:
                found = _same_site(f"http://testserver{url}", href)
                if found:
                    self.add(found, htmx=is_htmx)
            self.sends_to.update(filter(None, (_same_site(f"http://testserver{url}", a) for a in parser.sends_to)))
        if response.status_code in (301, 302, 303, 307, 308):
            found = _same_site(f"http://testserver{url}", response["Location"])
            if found:
                self.add(found)
        error = _error_summary(response.exc_info)
        return Visit(url, route, response.status_code, content_type, thai, error, dict(response.headers))
