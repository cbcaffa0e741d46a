"""A visitor reads Hume's Key Features profile in a real browser, in English, Chinese, French
and Arabic: its values, the trend chart, the comparison with peers; changes the peer group (a
plain GET form, no script needed); and at 320 px wide the page reads without sideways scrolling."""
import re

import pytest
from babel import Locale
from playwright.sync_api import expect

from tests.browser.conftest import _serving
from tests.browser.languages import JOURNEY_LANGUAGES, city_name, locale, words

POINT, CODE = "adult-learning-participation", "2.1.3"


def _median_of(t, language, cities, median):
    """What the comparison says of a group of `cities` whose median is `median` (a percentage),
    as a pattern (the quartiles are left open)."""
    decimal = Locale.parse(language).number_symbols["latn"]["decimal"]
    median = t("%(value)s %%", value=str(median).replace(".", decimal))
    sentence = t.plural("Median of %(num)s city: %(median)s; middle half from %(q1)s to %(q3)s.",
                        "Median of %(num)s cities: %(median)s; middle half from %(q1)s to %(q3)s.",
                        cities, median=median, q1="\0", q3="\0")
    return re.compile(r"\s+".join(re.escape(part).replace(re.escape("\0"), r"[\d.,\u202f]+")
                                  for part in sentence.split()))


def _add_data(app):
    from tests.monitoring_data import assess, publish
    with app.test_request_context():
        publish({("hume", POINT, 2021): 24, ("hume", POINT, 2022): 27, ("hume", POINT, 2023): 31,
                 ("espoo", POINT, 2023): 45, ("melton", POINT, 2023): 22, ("cork", POINT, 2023): 38,
                 ("sorocaba", POINT, 2023): 19})
        assess("hume", 2023, CODE, 3, "More residents join courses each year.")


@pytest.fixture
def served(databases, tmp_path, browser):
    with _serving(databases, tmp_path, _add_data) as (base_url, _):
        yield base_url


@pytest.mark.parametrize("language", JOURNEY_LANGUAGES)
def test_a_visitor_compares_hume_with_its_peers(browser, served, language):
    t = words(language)
    context = browser.new_context(base_url=served, locale=locale(language),
                                  java_script_enabled=False)
    page = context.new_page()
    page.goto("/cities/hume")
    hume = city_name("hume", language)
    link = t("Key Features profile: the data of %(city)s, its trend and how it compares with other member cities",
             city=hume)
    page.get_by_role("link", name=link).click()
    expect(page).to_have_url(re.compile(r"/cities/hume/key-features$"))
    point = page.locator(f"article:has(h5#mp-{POINT})")
    expect(point.locator("strong").first).to_have_text(t("%(value)s %%", value=31))
    chart = point.get_by_role("img").first
    expect(chart).to_be_visible()
    expect(point.locator("table tbody tr")).to_have_count(3)
    feature = page.locator(f'section.kf-profile:has(h4[id="kf-{CODE}"])')
    expect(feature.locator(".self-assessment")).to_contain_text(t("Self-assessment (%(year)s):", year=2023))
    comparison = point.locator(".comparison")
    expect(comparison.get_by_role("img")).to_be_visible()
    # All members with data: Hume 31, Espoo 45, Melton 22, Cork 38, Sorocaba 19: median 31.
    expect(comparison).to_contain_text(_median_of(t, language, 5, 31))
    # Same region (Asia-Pacific): Hume and Melton only.
    page.locator("#group-region").check()
    page.get_by_role("button", name=t("Compare"), exact=True).click()
    expect(page).to_have_url(re.compile(r"group=region"))
    expect(page.locator("#group-region")).to_be_checked()
    expect(page.locator("label[for=group-region]")).to_contain_text(t("member cities of %(region)s", region="")[:4])
    expect(comparison).to_contain_text(_median_of(t, language, 2, 26.5))
    # At 320 px wide nothing spills sideways.
    page.set_viewport_size({"width": 320, "height": 640})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    expect(point.get_by_role("img").first).to_be_visible()
    context.close()
