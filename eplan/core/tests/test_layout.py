"""The base layout every page inherits: a phone menu behind a disclosure button, no inline
JavaScript (so a content security policy without unsafe-inline can be switched on), and an
icon, so browsers stop logging a 404 for /favicon.ico on every visit."""

from html.parser import HTMLParser

import pytest
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.test import Client
from django.utils.html import escape

from eplan.testing import client_for


class Elements(HTMLParser):
    """Every start tag of a page as (tag, attributes), in document order."""

    def __init__(self, html):
        super().__init__()
        self.found = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))

    def all(self, tag, **wanted):
        return [
            attrs for name, attrs in self.found if name == tag and all(attrs.get(k) == v for k, v in wanted.items())
        ]


def pages(world):
    """The home page of a visitor and of a signed-in officer, and a page deeper in."""
    visitor, officer = Client(), client_for(world.officer)
    return {
        "visitor /": visitor.get("/"),
        "officer /": officer.get("/"),
        "officer /plans/": officer.get("/plans/"),
    }


@pytest.mark.django_db
def test_the_menu_folds_behind_a_button_that_says_what_it_opens(world):
    for name, response in pages(world).items():
        assert response.status_code == 200, name
        elements = Elements(response.content.decode())
        [button] = [attrs for attrs in elements.all("button") if "data-menu-toggle" in attrs]
        assert button["type"] == "button", name
        assert button["aria-expanded"] == "false", name
        assert elements.all("div", id=button["aria-controls"]), f"{name}: aria-controls names no element"
        # The menu's links sit inside the element the button controls.
        html = response.content.decode()
        menu = html[html.index(f'id="{button["aria-controls"]}"') :]
        for item in response.context["nav_items"]:
            assert f'href="{escape(item["url"])}"' in menu, name
        assert elements.all("nav", **{"aria-label": "เมนูหลัก"}), name


@pytest.mark.django_db
def test_the_script_that_folds_the_menu_is_a_file_loaded_before_the_page_is_drawn(client):
    elements = Elements(client.get("/").content.decode())
    menu_script = static("eplan/js/menu.js")
    [script] = elements.all("script", src=menu_script)
    assert "defer" not in script and "async" not in script
    assert finders.find("eplan/js/menu.js")


@pytest.mark.django_db
def test_pages_carry_no_inline_script_and_no_inline_event_handler(world):
    for name, response in pages(world).items():
        elements = Elements(response.content.decode())
        inline = [attrs for attrs in elements.all("script") if not attrs.get("src")]
        assert inline == [], f"{name}: inline <script>"
        handlers = [(tag, key) for tag, attrs in elements.found for key in attrs if key.startswith("on")]
        assert handlers == [], f"{name}: inline event handlers {handlers}"
        assert not [a for a in elements.all("a") if (a.get("href") or "").startswith("javascript:")], name


@pytest.mark.django_db
def test_every_file_the_layout_links_to_exists(client):
    elements = Elements(client.get("/").content.decode())
    prefix = static("")
    linked = [attrs["href"] for attrs in elements.all("link") if attrs.get("href", "").startswith(prefix)]
    linked += [attrs["src"] for attrs in elements.all("script") if attrs.get("src", "").startswith(prefix)]
    icons = [attrs["href"] for attrs in elements.all("link") if attrs.get("rel") in {"icon", "apple-touch-icon"}]
    assert {static("eplan/favicon.svg"), static("eplan/favicon.ico")} <= set(icons)
    for url in linked:
        assert finders.find(url.removeprefix(prefix)), url


@pytest.mark.django_db
def test_favicon_ico_is_answered_not_404(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == static("eplan/favicon.ico")
    assert "max-age" in response["Cache-Control"]
    assert client.head("/favicon.ico").status_code == 302
    icon = client.get("/favicon.ico", follow=True)
    assert icon.status_code == 200
    assert icon["Content-Type"] in {"image/x-icon", "image/vnd.microsoft.icon"}


@pytest.mark.django_db
def test_favicon_ico_refuses_writes(client):
    assert client.post("/favicon.ico").status_code == 405


def test_no_template_carries_an_inline_event_handler():
    """A content security policy without unsafe-inline refuses onclick="…"; pages ask with
    data-confirm (eplan.js) instead."""
    import re
    from pathlib import Path

    from django.conf import settings

    pattern = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)
    found = [
        f"{path.relative_to(settings.BASE_DIR)}:{number}"
        for path in (Path(settings.BASE_DIR) / "eplan").rglob("*.html")
        for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1)
        if pattern.search(line)
    ]
    assert found == []
