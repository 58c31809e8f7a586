"""The Content-Security-Policy holds in a real browser: no page breaks one of its rules."""

import pytest

from tests.browser.test_accessibility import PAGES

WATCH = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation",
  (e) => window.cspViolations.push(e.violatedDirective + " " + (e.blockedURI || "inline")));
"""


@pytest.mark.parametrize("name", [*PAGES, "contact form"])
def test_public_pages_break_no_rule_of_the_policy(site, new_page, name):
    page = new_page()
    page.add_init_script(WATCH)  # injected by the browser itself, outside the page's CSP
    page.goto(site + (PAGES.get(name) or "/contact/"))
    page.wait_for_load_state("load")
    assert page.evaluate("window.cspViolations") == []
