"""Translating in the newsroom, in a real browser (issue 30): an editor corrects an
English story; its Chinese translation waits in "Translations to update" with the diff; a
translator updates it and submits it; an editor publishes it; Chinese readers see the
corrected figure."""

from playwright.sync_api import expect

from tests.browser.conftest import admin_login, staff_user

SOURCE = "btr-signs-297m-cathode-plant-morocco"


def _edit(page, site, slug):
    from articles.models import Article

    page.goto(f"{site}/admin/articles/article/{Article.objects.get(slug=slug).pk}/change/")


def _replace_in_body(page, old, new):
    body = page.locator("#id_body")
    body.fill(body.input_value().replace(old, new))


def test_a_correction_reaches_the_chinese_edition_through_translator_and_editor(site, new_page):
    editor = new_page()
    admin_login(editor, site, *staff_user("eddie", "Editors"))
    _edit(editor, site, SOURCE)
    _replace_in_body(editor, "| Site | 15 hectares", "| Site | 16 hectares")
    editor.click("text=Add another Correction or update shown to readers")
    editor.select_option("select[name='revisions-0-kind']", "correction")
    editor.fill(
        "textarea[name='revisions-0-note']", "An earlier version gave the site as 15 hectares."
    )
    editor.click("input[name=_save]")
    expect(editor.locator(".messagelist")).to_contain_text("was changed successfully")

    editor.goto(site + "/admin/articles/article/")
    editor.click("text=/Translations to update \\(1\\)/")
    row = editor.locator(".to-update__table tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Correction")
    expect(row).to_contain_text("贝特瑞与摩洛哥签约")

    translator = new_page()
    admin_login(translator, site, *staff_user("tian", "Translators (简体中文)"))
    translator.goto(site + "/admin/articles/article/translations-to-update/")
    translator.click(".to-update__table a")
    panel = translator.locator(".translation-panel--source")
    expect(panel).to_contain_text("The source changed since this translation, with a correction")
    expect(panel.locator("del")).to_contain_text("15")
    expect(panel.locator("ins")).to_contain_text("16")
    expect(panel).to_contain_text("Figures of the English source not found in this translation: 16")
    _replace_in_body(translator, "占地15公顷", "占地16公顷")
    translator.check("#id_in_line_with_source")
    expect(translator.locator("#id_status")).to_have_value("review")  # its only choice
    translator.click("input[name=_save]")
    expect(translator.locator(".messagelist")).to_contain_text("was changed successfully")
    assert translator.locator(".messagelist .warning").count() == 0  # the figures agree now

    reader = new_page()
    response = reader.goto(f"{site}/zh/articles/{SOURCE}-zh/")
    assert response.status == 404  # in review: nothing wrong is shown meanwhile

    editor.goto(site + "/admin/articles/article/?state=review")
    editor.check(".action-select >> nth=0")
    editor.select_option("select[name=action]", "publish_now")
    editor.click("button[name=index]")
    expect(editor.locator(".messagelist")).to_contain_text("Published now: 1")

    reader.goto(f"{site}/zh/articles/{SOURCE}-zh/")
    expect(reader.locator("main")).to_contain_text("占地16公顷")
    editor.goto(site + "/admin/articles/article/translations-to-update/")
    expect(editor.locator("#content-main")).to_contain_text("Every translation is in line")
