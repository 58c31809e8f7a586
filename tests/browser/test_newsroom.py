"""The newsroom's writing surface in a real browser: toolbar and live preview,
autosave after a closed tab, and library images in a story's body."""

import re

from playwright.sync_api import expect

from articles.models import Article, Autosave
from tests.browser.conftest import admin_login, staff_user

STORY = "btr-signs-297m-cathode-plant-morocco"


def _open_story(page, site):
    article = Article.objects.get(slug=STORY)
    page.goto(f"{site}/admin/articles/article/{article.pk}/change/")
    return article


def test_an_editor_formats_with_the_toolbar_and_sees_the_preview_before_saving(site, page):
    admin_login(page, site, *staff_user("eddie", "Editors"))
    page.goto(site + "/admin/articles/article/add/")
    body = page.locator("#id_body")
    body.fill("Plant output")
    body.press("Control+a")
    page.click("markdown-toolbar md-bold")
    expect(body).to_have_value("**Plant output**")
    expect(page.locator(".md-editor__rendered strong")).to_have_text("Plant output")

    body.press("End")
    body.press_sequentially("\n\nTangier site")
    for _ in range(len("Tangier site")):
        body.press("Shift+ArrowLeft")
    body.press("Control+i")  # the keyboard shortcut
    expect(page.locator(".md-editor__rendered em")).to_have_text("Tangier site")
    page.click("markdown-toolbar [data-md-button=table]")
    expect(page.locator(".md-editor__rendered table th").first).to_have_text("Column")
    expect(page.locator(".md-editor__stats")).to_contain_text(re.compile(r"\d+ words · 1 min read"))
    assert not Article.objects.filter(body__contains="**Plant output**").exists()  # not saved


def test_a_closed_tab_gets_its_autosaved_text_back(site, new_page):
    page = new_page()
    admin_login(page, site, *staff_user("eddie", "Editors"))
    article = _open_story(page, site)
    page.locator("#id_body").press("Control+End")
    page.locator("#id_body").press_sequentially("\n\nA paragraph typed before the tab closed.")
    expect(page.locator(".autosave__status")).to_contain_text("Autosaved")
    context = page.context
    page.close()  # the tab closes without saving

    again = context.new_page()
    _open_story(again, site)
    expect(again.locator(".autosave__offer")).to_be_visible()
    again.click(".autosave__restore")
    expect(again.locator("#id_body")).to_have_value(re.compile("typed before the tab closed"))
    again.click("input[name=_continue]")
    expect(again.locator(".messagelist")).to_contain_text("was changed successfully")
    article.refresh_from_db()
    assert article.body.endswith("A paragraph typed before the tab closed.")
    assert not Autosave.objects.exists()


def test_a_library_image_inserted_into_the_body_renders_with_srcset(site, page, new_page):
    admin_login(page, site, *staff_user("eddie", "Editors"))
    _open_story(page, site)
    page.locator("#id_body").press("Control+End")
    page.click("markdown-toolbar [data-md-button=library-image]")
    with page.expect_response(lambda response: "q=line" in response.url):
        page.fill(".md-editor__library-q", "line chart")
    # The list shows that search's answer only (an earlier answer never replaces it).
    expect(page.locator(".md-editor__library-choice").first).to_contain_text("line chart")
    choice = page.locator(".md-editor__library-choice", has_text="line chart").first
    choice.click()
    expect(page.locator("#id_body")).to_have_value(re.compile(r"!\[[^\]]+\]\(image:\d+\)\n?$"))
    expect(page.locator(".md-editor__rendered figure img")).to_have_attribute(
        "srcset", re.compile(r"480w")
    )
    page.click("input[name=_save]")
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    reader = new_page()
    reader.goto(f"{site}/articles/{STORY}/")
    image = reader.locator(".article__body figure img")
    expect(image).to_have_attribute("srcset", re.compile(r"/media/.+ 480w"))
    expect(image).to_have_attribute("loading", "lazy")
    assert image.get_attribute("width") and image.get_attribute("height")
    image.scroll_into_view_if_needed()  # lazy: loaded when it comes near the screen
    reader.wait_for_function(
        "() => document.querySelector('.article__body figure img').naturalWidth > 0"
    )


def test_company_and_deal_forms_fit_the_screen(site, new_page):
    from companies.models import Company, Deal

    pages = [
        f"/admin/companies/company/{Company.objects.get(slug='btr-new-material-group').pk}/change/",
        f"/admin/companies/deal/{Deal.objects.get(slug='btr-tangier-cathode-plant').pk}/change/",
        f"/admin/articles/article/{Article.objects.get(slug=STORY).pk}/change/",
    ]
    account = staff_user("eddie", "Editors")
    for width in (1366, 390):
        page = new_page(viewport={"width": width, "height": 900})
        admin_login(page, site, *account)
        for path in pages:
            page.goto(site + path)
            assert page.evaluate("document.documentElement.scrollWidth") <= width, path
            if width == 1366:  # every inline table whole, no column hidden off its edge
                overflowing = page.eval_on_selector_all(
                    ".inline-group .tabular",
                    "els => els.filter(e => e.scrollWidth > e.clientWidth).length",
                )
                assert overflowing == 0, path


def test_the_writing_surface_passes_axe_and_works_by_keyboard(site, new_page):
    from tests.browser.test_accessibility import AXE, AXE_OPTIONS, _tool

    page = new_page(bypass_csp=True, viewport={"width": 1366, "height": 900})
    admin_login(page, site, *staff_user("eddie", "Editors"))
    _open_story(page, site)
    page.click("markdown-toolbar [data-md-button=library-image]")
    page.add_script_tag(path=str(_tool(AXE, "axe-core")))
    context = {"include": [[".md-editor"], [".hero-select"], [".length-hint"]]}
    result = page.evaluate(
        "async ([context, options]) => await axe.run(context, options)", [context, AXE_OPTIONS]
    )
    serious = [
        f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []
    page.keyboard.press("Escape")  # the dialog closes by keyboard

    # Keyboard only: into the toolbar, arrow to Italic, press it.
    body = page.locator("#id_body")
    body.fill("word")
    body.press("Control+a")
    page.locator("markdown-toolbar").focus()
    page.keyboard.press("Home")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert page.evaluate("document.activeElement.tagName") == "MD-ITALIC"
    page.keyboard.press("Enter")
    expect(body).to_have_value("_word_")


def test_the_sales_desk_list_shows_every_column_at_1366_and_1024(site, new_page):
    from leads.models import Lead

    for number in range(3):
        Lead.objects.create(
            name=f"Reader number {number}", email=f"r{number}@example.com",
            company="Atlas Components International", job_title="Procurement manager",
            country="MA", topic="Full report",
            article=Article.objects.get(slug=STORY), follow_up_on="2026-12-01",
        )  # fmt: skip
    account = staff_user("sally", "Sales")
    for width in (1366, 1024):
        page = new_page(viewport={"width": width, "height": 900})
        admin_login(page, site, *account)
        page.goto(site + "/admin/leads/lead/")
        box = page.eval_on_selector(".results", "e => [e.scrollWidth, e.clientWidth]")
        assert box[0] <= box[1], (width, box)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
