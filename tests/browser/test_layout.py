"""Every public page type fits every screen: no sideways scrolling from 320 to 1366 px,
and the tracker's charts stay readable (labels at least 12 px, none cut off)."""

import pytest

WIDTHS = [320, 360, 390, 414, 768, 1024, 1366]
PAGES = {
    "front page": "/",
    "news": "/news/",
    "section": "/sections/battery-materials/",
    "tag": "/tags/morocco/",
    "author": "/authors/leila-bennani/",
    "article": "/articles/btr-signs-297m-cathode-plant-morocco/",
    "search": "/search/?q=cathode",
    "companies": "/companies/",
    "company": "/companies/btr-new-material-group/",
    "deals": "/deals/",
    "deals filtered": "/deals/?country=MA&status=agreement_signed",
    "deal": "/deals/btr-tangier-cathode-plant/",
    "deals map": "/deals/map/",
    "deals map of capacity": "/deals/map/?measure=t-yr&country=MA",
    "tracker methodology": "/deals/methodology/",
    "parent company": "/companies/china-baoan-group/",
    "government": "/companies/kingdom-of-morocco/",
    "contact": "/contact/",
    "thanks": "/contact/thanks/",
    "reports": "/reports/",
    "report": "/reports/btr-in-morocco-cathode-and-anode-plants/",
    "report link problem": "/reports/btr-in-morocco-cathode-and-anode-plants/download/bad:link/",
    "privacy": "/privacy/",
    "newsletter": "/newsletter/?email=nadia@example.com",
    "follow a company": "/newsletter/follow/?kind=company&slug=btr-new-material-group",
    "404 page": "/articles/no-such-story/",
    # Events (issue 31).
    "events": "/events/",
    "event": "/events/webinar-btr-tangier-cathode-plant/",
    "past event with its recording": "/events/roundtable-morocco-battery-hub/",
    "events of a company": "/events/?company=btr-new-material-group",
    # The Chinese edition (issue 29).
    "zh front page": "/zh/",
    "zh article": "/zh/articles/btr-signs-297m-cathode-plant-morocco-zh/",
    "zh company": "/zh/companies/btr-new-material-group/",
    "zh deal": "/zh/deals/btr-tangier-cathode-plant/",
    "zh deals": "/zh/deals/",
    "zh deals map": "/zh/deals/map/",
    "zh methodology": "/zh/deals/methodology/",
    "zh search": "/zh/search/?q=贝特瑞+摩洛哥",
    "zh report": "/zh/reports/btr-in-morocco-cathode-and-anode-plants-zh/",
    "zh contact": "/zh/contact/?article=btr-signs-297m-cathode-plant-morocco-zh",
    "zh thanks": "/zh/contact/thanks/?report=btr-in-morocco-cathode-and-anode-plants-zh",
    "zh privacy": "/zh/privacy/",
    "zh 404 page": "/zh/articles/no-such-story/",
    # The newsletter in Chinese (issue 30).
    "zh newsletter": "/zh/newsletter/?email=li.wei@example.com",
    "zh follow a company": "/zh/newsletter/follow/?kind=company&slug=btr-new-material-group",
    "zh events": "/zh/events/",
    "zh event": "/zh/events/webinar-btr-tangier-cathode-plant-zh/",
}
WIDER_THAN_SCREEN = """() => [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > innerWidth + 0.5)
    .slice(0, 3).map(e => e.tagName.toLowerCase() + '.' + e.className)"""


@pytest.mark.parametrize("name", PAGES)
def test_page_never_scrolls_sideways_at_any_width(site, new_page, name):
    page = new_page()
    too_wide = {}
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(site + PAGES[name])
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > width:
            too_wide[width] = (scroll_width, page.evaluate(WIDER_THAN_SCREEN))
    assert too_wide == {}


CHART_TEXT = """() => [...document.querySelectorAll('.chart__label, .chart__note')].map(text => {
    const box = text.getBoundingClientRect(),
        chart = text.closest('.chart').getBoundingClientRect();
    return {text: text.textContent, size: parseFloat(getComputedStyle(text).fontSize),
            inside: box.left >= chart.left - 0.5 && box.right <= chart.right + 0.5};
})"""


@pytest.mark.parametrize("width", [320, 1366])
def test_tracker_chart_labels_are_readable_and_whole(site, new_page, width):
    page = new_page(viewport={"width": width, "height": 800})
    page.goto(site + "/deals/")
    texts = page.evaluate(CHART_TEXT)
    assert any(t["text"] == "United States of America" for t in texts)
    assert any(t["text"] == "USD 297 million reported · up to USD 366 million" for t in texts)
    assert [t for t in texts if t["size"] < 12 or not t["inside"] or "…" in t["text"]] == []
