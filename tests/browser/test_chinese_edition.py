"""A reader of the Chinese edition, in a real browser (issue 29)."""

import re

from django.core import mail
from playwright.sync_api import expect

from leads.models import Consent, Lead

# What may stay in Latin letters on a Chinese page: names (people, companies without a
# Chinese name, places as reported, the site, the share services, webinar platforms,
# time zones' abbreviations) and quoted sources.
NAMES = [
    "Battery Supply Chain News", "Leila Bennani", "Tom Whitaker", "Mei Lin", "Daniel Okafor",
    "BTR Mediterranean New Material Technology", "BTR New Energy Materials", "BTR",
    "Tangier Technopark City", "Tanger Technology City", "Cité Mohammed VI Tanger Tech",
    "Jazouli", "NCM", "LinkedIn", "WhatsApp", "PDF", "KB", "RSS", "English", "Longhorn",
    "Northwind Cells", "Andes Lithium Refining", "Great Lakes Battery Recycling",
    "Nordic Precursor Materials", "Sulawesi Nickel Partners", "Sunbelt Storage", "Sunbelt",
    "Andes", "Northwind", "Great Lakes", "Nordic",
    # Events (issue 31): the platforms' names and the time zones' abbreviations.
    "Zoom", "Microsoft Teams", "GMT", "CST", "UTC",
]  # fmt: skip
# The page's words, without quoted sources (titles of the sources a fact cites).
VISIBLE_WORDS = """() => {
    const main = document.body.cloneNode(true);
    main.querySelectorAll('.source-list, .data-table td[data-label="来源"], script, style, '
        + '.visually-hidden, [hidden]').forEach(e => e.remove());
    return main.innerText;
}"""


def _english_left(page):
    text = page.evaluate(VISIBLE_WORDS)
    for name in NAMES:
        text = text.replace(name, "")
    return re.findall(r"[A-Za-z]{2,}(?:[ '-][A-Za-z]{2,})*", text)


def test_a_chinese_reader_walks_from_the_front_page_to_a_report_request(site, new_page):
    page = new_page(locale="zh-CN")  # a browser that prefers Chinese: no offer of English
    page.goto(site + "/zh/")
    assert page.get_attribute("html", "lang") == "zh-Hans"
    assert _english_left(page) == []
    page.click("text=贝特瑞与摩洛哥签约，2.97亿美元在丹吉尔建正极材料工厂")
    page.wait_for_url(re.compile(r".*/zh/articles/btr-signs-297m-cathode-plant-morocco-zh/$"))
    assert "2.97亿美元" in page.inner_text("main") and "5万吨/年" in page.inner_text("main")
    assert _english_left(page) == []
    page.click('.in-this-story a >> text="贝特瑞"')
    expect(page.locator("h1")).to_have_text("贝特瑞")
    assert "中国宝安" in page.inner_text(".family-tree")
    assert _english_left(page) == []
    page.click("text=贝特瑞丹吉尔三元正极材料工厂")
    expect(page.locator("h1")).to_have_text("贝特瑞丹吉尔三元正极材料工厂")
    facts = page.inner_text(".fact-list")
    assert "2.97亿美元" in facts and "5万吨/年" in facts and "15公顷" in facts
    assert _english_left(page) == []
    page.click(".card-grid >> text=贝特瑞与摩洛哥签约，2.97亿美元在丹吉尔建正极材料工厂")
    page.click(".lead-cta__button")
    page.wait_for_url(re.compile(r".*/zh/reports/btr-in-morocco-cathode-and-anode-plants-zh/.*"))
    assert _english_left(page) == []
    page.fill("#id_name", "王芳")
    page.fill("#id_email", "wang.fang@example.com")
    page.fill("#id_company", "某电池材料公司")
    page.fill("#id_job_title", "采购经理")
    page.select_option("#id_country", "CN")
    page.check("#id_consent")
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/zh/contact/thanks/\?.*"))
    expect(page.locator("h1")).to_have_text("谢谢")
    assert _english_left(page) == []
    lead = Lead.objects.get(email="wang.fang@example.com")
    assert lead.report.language == "zh-hans" and lead.topic.startswith("报告：")
    assert Consent.objects.get(lead=lead).language == "zh-hans"
    [message] = [m for m in mail.outbox if m.to == ["wang.fang@example.com"]]
    assert "/reports/" in message.body  # the download link (its words: issue 30)


def test_the_language_switch_returns_to_the_english_counterpart(site, page):
    page.goto(site + "/zh/articles/btr-signs-297m-cathode-plant-morocco-zh/")
    page.click(".edition-switch >> text=English")
    page.wait_for_url(site + "/articles/btr-signs-297m-cathode-plant-morocco/")
    assert page.get_attribute("html", "lang") == "en"
    page.click(".edition-switch >> text=简体中文")
    page.wait_for_url(site + "/zh/articles/btr-signs-297m-cathode-plant-morocco-zh/")
    page.goto(site + "/articles/sodium-ion-cells-stationary-storage/")  # no Chinese version
    assert "front page" in page.inner_text(".edition-switch")
    page.click(".edition-switch >> text=简体中文")
    page.wait_for_url(site + "/zh/")


def test_a_chinese_search_finds_the_chinese_tangier_story(site, page):
    page.goto(site + "/zh/search/?q=贝特瑞+摩洛哥")
    first = page.locator(".search-result").first
    assert "贝特瑞与摩洛哥签约，2.97亿美元在丹吉尔建正极材料工厂" in first.inner_text()


def test_a_reader_whose_browser_prefers_chinese_is_offered_the_chinese_page(site, new_page):
    page = new_page(locale="zh-CN")
    page.goto(site + "/articles/btr-signs-297m-cathode-plant-morocco/")
    offer = page.locator("[data-edition-offer]")
    expect(offer).to_be_visible()
    expect(offer).to_have_text(re.compile("阅读本页的简体中文版"))
    assert offer.locator("a").get_attribute("href") == (
        "/zh/articles/btr-signs-297m-cathode-plant-morocco-zh/"
    )
    offer.locator("button").click()
    expect(offer).to_be_hidden()
    page.reload()
    expect(page.locator("[data-edition-offer]")).to_be_hidden()  # closed stays closed


def test_a_reader_whose_browser_prefers_english_sees_no_offer(site, new_page):
    page = new_page(locale="en-GB")
    page.goto(site + "/articles/btr-signs-297m-cathode-plant-morocco/")
    assert page.locator("[data-edition-offer]").count() == 1  # in the page, for everyone
    expect(page.locator("[data-edition-offer]")).to_be_hidden()
