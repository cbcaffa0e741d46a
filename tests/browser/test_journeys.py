"""Journeys a visitor makes, in a real browser, in English, Chinese, French and Arabic."""
import re

import pytest
import yaml
from playwright.sync_api import expect

from portal.i18n import HTML_LANG, LANGUAGE_NAMES
from tests.browser.languages import JOURNEY_LANGUAGES, city_name, locale, words


def _commitment_title(number, language):
    with open("data/commitments.yaml", encoding="utf-8") as file:
        data = yaml.safe_load(file)
    commitments = data["commitments"] if isinstance(data, dict) else data
    return next(c for c in commitments if c["number"] == number)["title"][language]


@pytest.mark.parametrize("language", JOURNEY_LANGUAGES)
def test_visitor_switches_language_and_reads_from_home_to_a_key_feature(browser, live_server, language):
    """The browser asks for another language (English; French when the journey's is English);
    the visitor chooses theirs in the switcher, and the choice sticks."""
    t, first = words(language), "fr" if language == "en" else "en"
    context = browser.new_context(locale=locale(first), base_url=live_server)
    page = context.new_page()
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", HTML_LANG[first])
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    page.get_by_role("navigation", name=words(first)("Language")).get_by_role(
        "link", name=LANGUAGE_NAMES[language]).click()
    expect(page.locator("html")).to_have_attribute("lang", HTML_LANG[language])
    expect(page.get_by_role("link", name=LANGUAGE_NAMES[first])).to_be_visible()

    page.get_by_role("navigation", name=t("Main")).get_by_role("link", name=t("The 12 commitments")).click()
    expect(page).to_have_url(re.compile(r"/commitments$"))
    expect(page.locator("html")).to_have_attribute("lang", HTML_LANG[language])  # the choice sticks

    page.locator('a[href="/commitments/5"]').first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(_commitment_title(5, language))

    page.locator('a[href="/key-features/2.2.1"]').click()
    expect(page).to_have_url(re.compile(r"/key-features/2\.2\.1$"))
    expect(page.locator(".eyebrow").first).to_contain_text(t("Key feature %(code)s", code="2.2.1"))
    expect(page.locator(".measurement-point").first).to_be_visible()
    context.close()


@pytest.mark.parametrize("language", JOURNEY_LANGUAGES)
def test_key_feature_anchor_lands_on_the_feature(page, language):
    page.goto("/key-features#2.2.1")
    feature = page.locator('[id="2.2.1"]')
    expect(feature).to_be_in_viewport()
    expect(feature.locator(".kf-title")).to_contain_text("2.2.1")


@pytest.mark.parametrize("language", JOURNEY_LANGUAGES)
def test_city_directory_filters_without_javascript(browser, live_server, language):
    t = words(language)
    context = browser.new_context(java_script_enabled=False, base_url=live_server, locale=locale(language))
    page = context.new_page()
    page.goto("/cities")
    page.get_by_label(t("Member State"), exact=True).select_option("AU")
    page.get_by_label(t("Membership"), exact=True).select_option("members")
    page.get_by_role("button", name=t("Show cities"), exact=True).click()
    expect(page).to_have_url(re.compile(r"country=AU"))
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(page.get_by_role("status")).to_have_text(t.plural("%(num)s city", "%(num)s cities", 2))
    hume = city_name("hume", language)
    page.get_by_role("link", name=hume).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(hume)
    context.close()


@pytest.mark.parametrize("language", JOURNEY_LANGUAGES)
def test_keyboard_user_can_skip_to_the_content(page, language):
    page.goto("/commitments")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name=words(language)("Skip to main content"))
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))
