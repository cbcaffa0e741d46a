"""Every page type on a small phone (320 × 568 CSS px), in English, Chinese, French and Arabic,
anonymous and signed in as each role (the `findings` fixture visits them): nothing scrolls
sideways (WCAG 1.4.10), the header leaves most of the first screen to the content, and what is
drawn in an SVG can be tapped and read. Then the compact menu and the folded search facets."""
import pytest
from playwright.sync_api import expect

from portal.i18n import LANGUAGE_NAMES
from tests.browser.languages import words
from tests.browser.page_checks import LANGUAGES, PHONE

WIDTH, HEIGHT = PHONE["width"], PHONE["height"]


def _on_a_phone(findings, language):
    return [(page_type, found["phone"]) for page_type, found in findings[language]]


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_page_scrolls_sideways_at_320_px(findings, language):
    wide = [f"{p.id} {p.path}: {m['scrollWidth']} px wide ({', '.join(m['culprits'])})"
            for p, m in _on_a_phone(findings, language) if m["scrollWidth"] > WIDTH]
    assert not wide, "\n".join(wide)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_header_leaves_most_of_the_first_screen_to_the_content(findings, language):
    tall = [f"{p.id}: header {m['header']:.0f} px"
            for p, m in _on_a_phone(findings, language) if m["header"] > HEIGHT / 4]
    assert not tall, "\n".join(tall)


@pytest.mark.parametrize("language", LANGUAGES)
def test_map_dots_and_graph_nodes_can_be_tapped_and_read(findings, language):
    checked = [(p, m) for p, m in _on_a_phone(findings, language)
               if p.path in ("/cities/map", "/network/transfers")]
    assert len(checked) == 2
    problems = [f"{p.id}: targets under 24 px {m['small'][:3]}, labels under 12 px {m['tiny'][:3]}"
                for p, m in checked if m["small"] or m["tiny"]]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("javascript", [True, False])
def test_the_compact_menu_opens_and_holds_every_link(site, javascript, language):
    t = words(language)
    page = site.page("hume", language, width=WIDTH, height=HEIGHT, javascript=javascript)
    page.goto("/cities")
    menu = page.locator(".site-header details.site-menu")
    practices = page.get_by_role("navigation", name=t("Main")).get_by_role("link", name=t("Practices"))
    expect(practices).to_be_hidden()
    menu.locator("summary").focus()
    page.keyboard.press("Enter")
    expect(practices).to_be_visible()
    account = page.get_by_role("navigation", name=t("Your account"))
    for name in (t("Notifications"), "Harper Hume"):
        expect(account.get_by_role("link", name=name)).to_be_visible()
    expect(page.get_by_role("button", name=t("Sign out"), exact=True)).to_be_visible()
    other = LANGUAGE_NAMES["en" if language == "zh" else "zh"]
    expect(page.get_by_role("navigation", name=t("Language")).get_by_role("link", name=other)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
    page.keyboard.press("Enter")
    expect(practices).to_be_hidden()
    # The search box stays in view, outside the menu.
    expect(page.locator("header").get_by_role("searchbox")).to_be_visible()


@pytest.mark.parametrize("language", LANGUAGES)
def test_search_facets_are_folded_away_so_results_come_first(site, language):
    page = site.page(None, language, width=WIDTH, height=HEIGHT)
    page.goto("/search?q=library")
    facets = page.locator(".facets details.facet").first
    expect(facets).to_be_hidden()
    results = page.locator("#results-title").bounding_box()  # "6 practices", on the first screen
    assert results["y"] + results["height"] < HEIGHT
    page.locator(".facets summary").first.click()
    expect(facets).to_be_visible()
