"""Accessibility (axe-core), keyboard use and valid HTML (Nu Html Checker) of key pages."""

import json
import re
import shutil
import subprocess

import pytest

from tests.browser.conftest import NODE_MODULES
from tests.browser.test_layout import PAGES as LAYOUT_PAGES
from tests.browser.test_layout import WIDER_THAN_SCREEN

PAGES = LAYOUT_PAGES
# WCAG 2.0, 2.1 and 2.2 A and AA, and axe's best practices; target-size (WCAG 2.2's
# 2.5.8) is one axe-core leaves off unless asked.
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": [
        "wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice",
    ]},
    "rules": {"target-size": {"enabled": True}},
}  # fmt: skip
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"


def _tool(path, what):
    if path.exists():
        return path
    pytest.fail(f"{what} missing at {path}: run `npm ci` (CI does)")


def _contact_with_errors(page, site):
    page.goto(site + "/contact/")
    page.click("button[type=submit]")
    page.wait_for_selector(".form-errors")


def _serious_violations(page):
    page.add_script_tag(path=str(_tool(AXE, "axe-core")))
    result = page.evaluate("async options => await axe.run(document, options)", AXE_OPTIONS)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("name", [*PAGES, "contact form with errors"])
def test_page_has_no_serious_accessibility_violations_on_a_phone_or_a_laptop(site, new_page, name):
    violations = {}
    for width in (390, 1366):
        # The test injects axe-core, so this context ignores the site's CSP.
        page = new_page(bypass_csp=True, viewport={"width": width, "height": 800})
        if name == "contact form with errors":
            _contact_with_errors(page, site)
        else:
            page.goto(site + PAGES[name])
        if found := _serious_violations(page):
            violations[width] = found
    assert violations == {}


def test_lead_form_can_be_filled_and_sent_with_the_keyboard_alone(site, page):
    page.goto(site + "/contact/?article=btr-signs-297m-cathode-plant-morocco")
    page.focus("#id_name")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", ""), "focused fields show a visible focus"
    page.keyboard.type("Amina El Idrissi")
    for value in ["amina@example.com", "Atlas Components", "Buyer", "+212 600 000 000"]:
        page.keyboard.press("Tab")
        page.keyboard.type(value)
    page.keyboard.press("Tab")
    page.keyboard.type("Morocco")  # typing selects the option in a focused <select>
    page.keyboard.press("Tab")  # the story's report is the topic (a hidden field)
    page.keyboard.type("Please send the report.")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # the consent box
    assert page.is_checked("#id_consent")
    page.keyboard.press("Tab")  # the newsletter box, left unticked
    page.keyboard.press("Tab")  # the privacy link
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.type")
    assert focused == "submit"
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/contact/thanks/.*"))


def test_pages_are_valid_html(site, page, tmp_path):
    java = shutil.which("java")
    if java is None:
        pytest.fail("Java is needed for the Nu Html Checker")
    files = []
    for name, path in PAGES.items():
        target = tmp_path / (name.replace(" ", "-") + ".html")
        target.write_text(_source(page, site + path))
        files.append(str(target))
    _contact_with_errors(page, site)
    errors_page = tmp_path / "contact-with-errors.html"
    errors_page.write_text(page.content())
    files.append(str(errors_page))
    result = subprocess.run(
        [java, "-jar", str(_tool(VNU, "vnu-jar")), "--errors-only", "--format", "json", *files],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    messages = json.loads(result.stderr or "{}").get("messages", [])
    problems = [
        f"{m['url'].rsplit('/', 1)[-1]}:{m.get('lastLine')}: {m['message']}" for m in messages
    ]
    assert problems == []


def _source(page, url):
    """The HTML exactly as the server sent it (not the browser's re-serialised DOM)."""
    response = page.request.get(url)
    return response.text()


# Headlines that do not happen to wrap: one short line, one word, a very long word.
EDGE_HEADLINES = [
    "EU",
    "Lithium slips",
    "Graphite anodes in short supply",
    "Batteriezellfertigungsanlagengenehmigungsverfahren",
    "Q3",
    "Sodium-ion",
]
EDGE_PAGES = {
    "front page": "/",
    "news": "/news/",
    "section": "/sections/battery-materials/",
    "tag": "/tags/edge-cases/",
    "article with most read": "/articles/edge-0/",
    "search": "/search/?q=edge",
}


@pytest.fixture
def edge_headlines(site):
    """Stories with EDGE_HEADLINES, the newest on the site, in every section, most read."""
    from django.utils import timezone

    from articles.models import Article, Author, DailyReads, Section

    sections = list(Section.objects.order_by("pk"))
    author = Author.objects.order_by("pk").first()
    for number, title in enumerate(EDGE_HEADLINES * 2):
        article = Article.objects.create(
            title=title, slug=f"edge-{number}", dek="An edge case for the layout.",
            body="Edge cases: one-line and one-word headlines.", status="published",
            section=sections[number % len(sections)], published_at=timezone.now(),
        )  # fmt: skip
        article.authors.set([author])
        article.tags.add("Edge cases")
        DailyReads.objects.create(article=article, day=timezone.localdate(), views=100 + number)
    return site


@pytest.mark.parametrize("name", EDGE_PAGES)
def test_links_keep_their_target_size_with_one_line_and_long_word_headlines(
    edge_headlines, new_page, name
):
    violations = {}
    for width in (390, 1366):
        page = new_page(bypass_csp=True, viewport={"width": width, "height": 800})
        page.goto(edge_headlines + EDGE_PAGES[name])
        if found := _serious_violations(page):
            violations[width] = found
        if page.evaluate("document.documentElement.scrollWidth") > width:
            wide = page.evaluate(WIDER_THAN_SCREEN)
            violations[width] = [*violations.get(width, []), f"wider than the screen: {wide}"]
    assert violations == {}
