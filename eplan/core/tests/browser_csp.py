"""The content security policy in a real browser: key pages, and the htmx edits on them,
raise no policy violation and log no error in the console (issue 10, hole 15).

Not collected by pytest (it needs a browser and a running demo): run it with Playwright's
Python against a demo server, e.g.

    EPLAN_VAR_DIR=/tmp/demo .venv/bin/python manage.py seed_demo
    EPLAN_VAR_DIR=/tmp/demo DEBUG=1 .venv/bin/python manage.py runserver 127.0.0.1:8035 --noreload
    /tmp/pw5/bin/python eplan/core/tests/browser_csp.py http://127.0.0.1:8035 [--chromium /usr/bin/chromium]

It needs officer.demo's organisation to have a draft plan with items (the demo's plans
are all submitted: make one with eplan.demo.plans.build_demo_plan for the next cycle) and
a round open for reporting (it starts the report if need be). It signs in as the demo
accounts (password demo1234), visits the home page, the login
page, the public status (its bars are sized by script), the API docs, a plan's items with
an item opened and saved through htmx, a progress report with a line saved through htmx,
and an assessor's scoring page saved; it exits 1 and lists every violation otherwise.
Violations are caught by a `securitypolicyviolation` listener added through the DevTools
protocol (which the policy does not govern) and by the console.
"""

import argparse
import re
import sys

from playwright.sync_api import sync_playwright

LISTEN = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const where = `${event.sourceFile || ""}:${event.lineNumber || ""}`;
  window.__violations.push(`${event.violatedDirective} ${event.blockedURI || "inline"} ${where}`);
});
"""
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PASSWORD = "demo1234"  # the demo's published password


class Check:
    def __init__(self, browser, base):
        self.browser, self.base = browser, base.rstrip("/")
        self.problems, self.visited = [], []

    def session(self, username=None):
        context = self.browser.new_context(viewport={"width": 1280, "height": 900})
        context.add_init_script(LISTEN)
        page = context.new_page()
        page.on(
            "console",
            lambda message: (
                message.type in ("error", "warning")
                and self.problems.append(f"{page.url}: console {message.type}: {message.text}")
            ),
        )
        page.on("pageerror", lambda error: self.problems.append(f"{page.url}: script error {error}"))
        if username:
            page.goto(self.base + "/accounts/login/")
            page.fill("input[name=username]", username)
            page.fill("input[name=password]", PASSWORD)
            page.click("main button[type=submit]")
            page.wait_for_load_state("networkidle")
            if "/accounts/login/" in page.url:
                self.problems.append(f"{username}: could not sign in")
        return page

    def collect(self, page, what):
        page.wait_for_load_state("networkidle")
        self.visited.append(f"{what}: {page.url}")
        for violation in page.evaluate("window.__violations || []"):
            self.problems.append(f"{what} ({page.url}): {violation}")
        page.evaluate("window.__violations = []")

    def visit(self, page, path, what):
        response = page.goto(self.base + path)
        if response is None or response.status >= 400:
            self.problems.append(f"{what}: GET {path} → {response and response.status}")
        self.collect(page, what)

    def links(self, page, pattern):
        hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))")
        return list(dict.fromkeys(href for href in hrefs if re.search(pattern, href)))

    def follow(self, page, pattern, what):
        """Open the first link of the page whose address matches pattern."""
        hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))")
        for href in hrefs:
            if re.search(pattern, href):
                self.visit(page, href, what)
                return True
        self.problems.append(f"{what}: no link matching {pattern} on {page.url}")
        return False


def run(check):
    visitor = check.session()
    check.visit(visitor, "/", "home (visitor)")
    check.visit(visitor, "/accounts/login/", "login")
    check.visit(visitor, "/status/", "status cycles")
    if check.follow(visitor, r"^/status/[^/]+/$", "status of a cycle"):
        widths = visitor.eval_on_selector_all(".status-bar .seg", "segs => segs.map(s => s.style.width)")
        if not widths or not all(width.endswith("%") for width in widths):
            check.problems.append(f"status bar segments not sized: {widths}")
    check.visit(visitor, "/api/v1/docs", "API docs")
    visitor.wait_for_selector("#swagger-ui .information-container", timeout=15000)
    check.collect(visitor, "API docs drawn")

    officer = check.session("officer.demo")
    check.visit(officer, "/", "home (officer)")
    check.visit(officer, "/plans/", "plans")
    for overview in check.links(officer, r"^/plans/\d+/[^/]+/$"):
        check.visit(officer, overview + "items/", "plan items")
        edit = officer.locator("button[hx-get*='/edit/']").first
        if not edit.count():
            continue  # a submitted plan: the next one
        edit.click()
        officer.wait_for_selector("#part2 form[hx-post]", timeout=10000)
        check.collect(officer, "plan item opened (htmx)")
        with officer.expect_response(lambda response: "/edit/" in response.url and response.request.method == "POST"):
            officer.locator("#part2 form[hx-post] button[type=submit]").first.click()
        check.collect(officer, "plan item saved (htmx)")
        break
    else:
        check.problems.append("no plan of officer.demo with an item to edit")
    check.visit(officer, "/reporting/", "reporting")
    for address in check.links(officer, r"^/reporting/\d+/[^/]+/[^/]+/$"):
        check.visit(officer, address, "progress report")
        start = officer.locator("main form:not([action]) button[data-once]")
        if start.count():  # the round is open and the report not started: start it
            start.first.click()
            check.collect(officer, "progress report started")
        select = officer.locator("select[data-line-status]:visible").first
        if not select.count():
            continue  # submitted: the next one
        values = select.locator("option").evaluate_all("options => options.map(o => o.value).filter(Boolean)")
        other = next(value for value in values if value != select.input_value())
        with officer.expect_response(lambda response: "/lines/" in response.url):
            select.select_option(other)
        check.collect(officer, "report line saved (htmx)")
        break
    else:
        check.problems.append("no draft report of officer.demo to save a line of")

    assessor = check.session("nacc80.demo")
    check.visit(assessor, "/assessment/", "assessment queue")
    if check.follow(assessor, r"^/assessment/versions/\d+/", "assessment scoring"):
        save = assessor.locator("main form[method=post] button[type=submit]").first
        if save.count():
            save.click()
            assessor.wait_for_load_state("networkidle")
            check.collect(assessor, "assessment saved")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("base", help="the demo server, e.g. http://127.0.0.1:8035")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    options = parser.parse_args()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=options.chromium, args=ARGS)
        check = Check(browser, options.base)
        try:
            run(check)
        finally:
            browser.close()
    print("\n".join(check.visited))
    if check.problems:
        print(f"\n{len(check.problems)} problems:\n" + "\n".join(check.problems))
        return 1
    print(f"\nNo policy violation or console error on {len(check.visited)} pages and htmx exchanges.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
