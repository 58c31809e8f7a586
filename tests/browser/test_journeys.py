"""The three kinds of users, in a real browser: reader, editor and sales."""

import io
import re
from datetime import timedelta
from pathlib import Path

from django.core import mail
from django.utils import timezone
from openpyxl import load_workbook
from PIL import Image
from playwright.sync_api import expect

from articles.models import Article
from leads.models import Lead
from tests.browser.conftest import admin_login, staff_user


def test_reader_sees_the_tracker_on_a_world_map_drawn_without_the_network(site, page):
    outside = []

    def only_the_site(route):
        if route.request.url.startswith(site):
            return route.continue_()
        outside.append(route.request.url)
        return route.abort()

    page.route("**/*", only_the_site)
    page.goto(site + "/deals/?country=MA")
    page.click("text=See these deals on the map")
    page.wait_for_url(re.compile(r".*/deals/map/\?country=MA$"))
    morocco = page.locator(
        "svg.world-map__svg path", has=page.locator("title", has_text="Morocco:")
    )
    assert morocco.count() == 1
    assert "USD 297 million reported · up to USD 366 million" in morocco.text_content()
    assert page.locator("svg.world-map__svg path").count() > 150
    box = page.locator("svg.world-map__svg").bounding_box()
    assert box["width"] > 300 and box["height"] > 100
    page.click("text=Capacity (t/yr)")
    assert "110,000 t/yr" in page.inner_text(".world-map table")
    assert outside == []


def test_reader_goes_from_front_page_to_deal_data_and_gets_the_report(site, page, tmp_path):
    page.goto(site + "/")
    page.click("nav.site-nav >> text=Investment")
    page.wait_for_url(site + "/sections/investment/")
    page.click("text=BTR signs USD 297 million deal for cathode-material plant in Tangier")
    assert "USD 297 million" in page.inner_text("main")
    page.click(".in-this-story >> text=BTR New Material Group")
    assert page.inner_text("h1") == "BTR New Material Group"
    assert "China Baoan Group" in page.inner_text(".family-tree")
    page.click("text=BTR ternary cathode material plant, Tangier")
    assert "50,000 t/yr" in page.inner_text("main")
    page.click("text=All deals in Morocco")
    page.wait_for_url(re.compile(r".*/deals/\?country=MA$"))
    rows = page.locator(".deal-table tbody tr")
    assert rows.count() == 2
    with page.expect_download() as download_info:
        page.click("text=CSV")
    csv_text = Path(download_info.value.path()).read_text(encoding="utf-8-sig")
    assert "btr-tangier-cathode-plant" in csv_text and "btr-morocco-anode-plant" in csv_text

    page.click("header >> text=Search")
    page.fill("input[name=q]", "cathode Tangier")
    page.press("input[name=q]", "Enter")
    assert "BTR signs USD 297 million" in page.inner_text(".search-results")

    page.goto(site + "/articles/btr-signs-297m-cathode-plant-morocco/")
    page.click("a.lead-cta__button")
    page.fill("#id_name", "Amina El Idrissi")
    page.fill("#id_email", "amina-at-example")
    page.fill("#id_company", "Atlas Components")
    page.fill("#id_job_title", "Buyer")
    page.select_option("#id_country", "MA")
    page.check("#id_consent")
    page.click("button[type=submit]")
    assert "Enter a valid email address." in page.inner_text(".lead-form")
    assert page.input_value("#id_company") == "Atlas Components"
    page.fill("#id_email", "amina@example.com")
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/contact/thanks/\?report=.*"))
    assert page.inner_text("h1") == "Thank you"
    assert "is on its way to your inbox" in page.inner_text("main")
    lead = Lead.objects.get(email="amina@example.com")
    assert lead.article.slug == "btr-signs-297m-cathode-plant-morocco"
    assert lead.report.slug == "btr-in-morocco-cathode-and-anode-plants"

    # The e-mail's link downloads the PDF, and the download shows on the lead.
    [message] = [m for m in mail.outbox if m.to == ["amina@example.com"]]
    link = re.search(r"https?://[^/\s]+(/reports/\S+/download/\S+/)", message.body).group(1)
    with page.expect_download() as download_info:
        page.evaluate("url => { window.location.href = url; }", site + link)
    assert Path(download_info.value.path()).read_bytes().startswith(b"%PDF-")
    assert lead.downloads.count() == 1
    # A tampered link gets a clear page, not the file.
    page.goto(site + link[:-4] + "xyz/")
    assert page.inner_text("h1") == "This download link does not work"


def _choose(page, field_id, text):
    """Pick `text` in one of the admin's autocomplete (select2) fields."""
    page.click(f"#{field_id} + .select2 .select2-selection")
    page.locator(".select2-container--open .select2-search__field").fill(text)
    page.click(f".select2-results__option:has-text('{text}')")


def test_editor_writes_submits_schedules_and_publishes(site, page, new_page, tmp_path):
    username, password = staff_user("eddie", "Editors")
    image = tmp_path / "hero.jpg"
    Image.new("RGB", (1200, 675), (20, 90, 70)).save(image)
    admin_login(page, site, username, password)
    page.goto(site + "/admin/articles/article/add/")
    page.locator("#id_title").press_sequentially("Browser-written cathode story")
    assert page.input_value("#id_slug") == "browser-written-cathode-story"
    page.fill("#id_dek", "A standfirst typed in a real browser.")
    page.fill("#id_body", "First paragraph with **bold** text.")
    page.set_input_files("#id_hero_upload", str(image))
    page.fill("#id_hero_upload_alt", "A green test image")
    _choose(page, "id_section", "Investment")
    _choose(page, "id_authors", "Leila Bennani")
    page.fill("#id_tags", "BTR, Browser")
    _choose(page, "id_companies", "BTR New Material Group")
    _choose(page, "id_deals", "BTR ternary cathode material plant, Tangier")
    page.select_option("#id_status", "review")
    page.click("input[name=_continue]")
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    article = Article.objects.get(slug="browser-written-cathode-story")
    assert article.status == "review" and article.hero.card_renditions

    when = timezone.localtime() + timedelta(days=1)
    page.select_option("#id_status", "published")
    page.fill("#id_published_at_0", when.strftime("%Y-%m-%d"))
    page.fill("#id_published_at_1", when.strftime("%H:%M:%S"))
    page.click("input[name=_continue]")
    errors = page.locator(".errornote, .errorlist")
    assert errors.count() == 0, errors.all_inner_texts()
    article.refresh_from_db()
    assert article.is_scheduled
    page.goto(site + "/admin/articles/article/schedule/")
    assert "Browser-written cathode story" in page.inner_text("#content-main")

    page.goto(site + "/admin/articles/article/")
    page.check(f"input[name=_selected_action][value='{article.pk}']")
    page.select_option("select[name=action]", "publish_now")
    page.click("button[name=index]")
    # The changelist after the action loads as a new page: wait for its message.
    expect(page.locator(".messagelist")).to_contain_text("Published now: 1 article")

    reader = new_page()
    reader.goto(site + "/")
    assert "Browser-written cathode story" in reader.inner_text("main")
    history = [r.status for r in article.history.order_by("history_date")]
    assert history[:1] == ["review"] and history[-1] == "published"


def test_sales_works_a_lead_and_an_editor_is_refused(site, page, new_page):
    sales_name, sales_password = staff_user("sally", "Sales")
    editor_name, editor_password = staff_user("eddie", "Editors")
    article = Article.objects.get(slug="btr-signs-297m-cathode-plant-morocco")
    lead = Lead.objects.create(
        name="Jonas Browser", email="jonas@example.com", company="Nordic Cells",
        job_title="Analyst", country="SE", topic="Full report", article=article,
        phone="+212 600 123 456",
    )  # fmt: skip
    admin_login(page, site, sales_name, sales_password)
    # New and unassigned: take it.
    page.goto(site + "/admin/leads/lead/")
    page.click("#changelist-filter >> text=New and unassigned")
    row = page.locator("#result_list tbody tr", has_text="Jonas Browser")
    assert "BTR signs USD 297 million" in row.inner_text()
    row.locator("input[name=_selected_action]").check()
    page.select_option("select[name=action]", "assign_to_me")
    page.click("button[name=index]")
    expect(page.locator(".messagelist")).to_contain_text("Assigned 1 lead(s) to you.")
    # My queue: open it, call, note, follow-up, status.
    page.click("#changelist-filter >> text=My queue")
    page.locator("#result_list a", has_text="Jonas Browser").click()
    expect(page.locator(".lead-phone-links a", has_text="Call")).to_have_attribute(
        "href", "tel:+212600123456"
    )
    page.select_option("#id_status", "contacted")
    page.fill("#id_follow_up_on", timezone.localdate().isoformat())
    page.fill("#id_next_step", "Send the report")
    page.fill("#id_new_note", "Called; sending the report today.")
    page.click("input[name=_continue]")
    expect(page.locator(".lead-timeline")).to_contain_text("Status: New → Contacted")
    expect(page.locator(".lead-timeline")).to_contain_text("Called; sending the report today.")
    lead.refresh_from_db()
    assert lead.status == "contacted" and lead.assignee.username == "sally"
    # Follow-ups due today, then the export a CRM takes.
    page.goto(site + "/admin/leads/lead/?queue=due")
    page.locator("#result_list tbody tr", has_text="Jonas Browser").locator(
        "input[name=_selected_action]"
    ).check()
    page.select_option("select[name=action]", "export_xlsx")
    with page.expect_download() as download_info:
        page.click("button[name=index]")
    assert download_info.value.suggested_filename.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(Path(download_info.value.path()).read_bytes())).active
    header = [cell.value for cell in sheet[1]]
    phone = sheet[2][header.index("phone")]
    assert (phone.value, phone.data_type) == ("+212 600 123 456", "s")
    assert "Called; sending the report today." in sheet[2][header.index("notes")].value

    editor = new_page()
    admin_login(editor, site, editor_name, editor_password)
    response = editor.goto(site + "/admin/leads/lead/")
    assert response.status == 403


def test_phone_front_page_and_article_fit_and_have_a_usable_menu(site, new_page):
    page = new_page(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    for path in ["/", "/articles/btr-signs-297m-cathode-plant-morocco/", "/deals/"]:
        page.goto(site + path)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, (path, overflow)
    page.goto(site + "/")
    nav = page.locator("#site-nav")
    assert not nav.is_visible()
    page.click(".site-header__menu-button")
    assert nav.is_visible()
    page.click("#site-nav >> text=Energy storage")
    page.wait_for_url(site + "/sections/energy-storage/")


def test_reader_copies_a_storys_link_with_the_share_button(site, new_page):
    page = new_page()
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site)
    page.goto(site + "/articles/btr-signs-297m-cathode-plant-morocco/")
    page.click("text=Copy link")
    page.wait_for_selector(".share__status:has-text('Link copied.')")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.endswith("/articles/btr-signs-297m-cathode-plant-morocco/")


def test_a_writer_submits_a_story_an_editor_schedules_it(site, page, new_page):
    username, password = staff_user("wanda", "Writers")
    admin_login(page, site, username, password)
    page.goto(site + "/admin/articles/article/add/")
    page.locator("#id_title").press_sequentially("Writer's anode story")
    page.fill("#id_dek", "Written by a writer.")
    page.fill("#id_body", "A first paragraph.")
    _choose(page, "id_section", "Battery materials")
    _choose(page, "id_authors", "Mei Lin")
    statuses = page.locator("#id_status option").evaluate_all("os => os.map(o => o.value)")
    assert statuses == ["draft", "review"]
    assert page.locator("#id_published_at_0").count() == 0
    # A forged choice, as a hand-edited page would send it, is refused.
    page.evaluate("document.querySelector('#id_status').add(new Option('p', 'published', 1, 1))")
    page.click("input[name=_continue]")
    expect(page.locator(".errorlist")).to_contain_text("Select a valid choice")
    assert not Article.objects.filter(title="Writer's anode story").exists()
    page.select_option("#id_status", "review")
    page.click("input[name=_save]")
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    options = page.locator("select[name=action] option").evaluate_all("os => os.map(o => o.value)")
    assert "publish_now" not in options

    editor = new_page()
    admin_login(editor, site, *staff_user("eddie", "Editors"))
    article = Article.objects.get(title="Writer's anode story")
    editor.goto(f"{site}/admin/articles/article/{article.pk}/change/")
    expect(editor.locator(".newsroom-banner")).to_contain_text("In review")
    when = timezone.localtime() + timedelta(days=1)
    editor.select_option("#id_status", "published")
    editor.fill("#id_published_at_0", when.strftime("%Y-%m-%d"))
    editor.fill("#id_published_at_1", when.strftime("%H:%M:%S"))
    editor.click("input[name=_save]")
    row = editor.locator("#result_list tr", has_text="Writer's anode story")
    expect(row.locator(".state-badge")).to_have_text("Scheduled")
