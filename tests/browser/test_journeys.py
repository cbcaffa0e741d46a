"""Journeys a visitor makes, in a real browser."""
import re

from playwright.sync_api import expect


def test_visitor_reads_in_chinese_from_home_to_a_key_feature(page):
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    page.get_by_role("link", name="中文").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    expect(page.get_by_role("link", name="English")).to_be_visible()

    page.get_by_role("navigation", name="主导航").get_by_role("link", name="12项承诺").click()
    expect(page).to_have_url(re.compile(r"/commitments$"))
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")  # the choice sticks

    page.locator('a[href="/commitments/5"]').first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("家庭和社区"))

    page.locator('a[href="/key-features/2.2.1"]').click()
    expect(page).to_have_url(re.compile(r"/key-features/2\.2\.1$"))
    expect(page.locator(".eyebrow").first).to_contain_text("主要特征2.2.1")
    expect(page.locator(".measurement-point").first).to_be_visible()


def test_key_feature_anchor_lands_on_the_feature(page):
    page.goto("/key-features#2.2.1")
    feature = page.locator('[id="2.2.1"]')
    expect(feature).to_be_in_viewport()
    expect(feature.locator(".kf-title")).to_contain_text("2.2.1")


def test_city_directory_filters_without_javascript(browser, live_server):
    context = browser.new_context(java_script_enabled=False, base_url=live_server)
    page = context.new_page()
    page.goto("/cities")
    page.get_by_label("Member State").select_option("AU")
    page.get_by_label("Membership").select_option("members")
    page.get_by_role("button", name="Show cities").click()
    expect(page).to_have_url(re.compile(r"country=AU"))
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(page.get_by_role("status")).to_have_text("2 cities")
    page.get_by_role("link", name="Hume").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hume")
    context.close()


def test_keyboard_user_can_skip_to_the_content(page):
    page.goto("/commitments")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))
