"""A form sent back with errors, for every form page type (tests/page_types.py, sent empty) in
English, Chinese, French and Arabic: the focus is on the error summary, which comes first in the page's main
content with a heading, "Error:" begins the title, and every link in the summary leads to a
field on the page (for a group of choices, its first choice)."""
import re

import pytest
from playwright.sync_api import expect

from tests.browser.languages import words
from tests.browser.page_checks import LANGUAGES


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_error_summary_takes_the_focus_and_leads_to_each_field(findings, language):
    problems, prefix = [], words(language)("Error:")
    for page_type, found in findings[language]:
        if not page_type.post_to:
            continue
        summary = found["summary"]
        if not (summary["present"] and summary["focused"] and summary["first"] and summary["headed"]
                and summary["links"] and not summary["badTargets"]
                and summary["title"].startswith(prefix)):
            problems.append(f"{page_type.id}: {summary}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_summary_link_takes_the_focus_to_its_group_of_choices(site, language):
    page = site.page("hume", language)
    page.goto("/cities/espoo/exchange-request")
    page.locator("main form[method=post]:not([action])").evaluate("form => form.submit()")
    page.wait_for_load_state()
    format_link = re.compile("^" + re.escape(words(language)("Format")))
    page.locator(".error-summary").get_by_role("link", name=format_link).click()
    expect(page.locator("#format-0")).to_be_focused()


@pytest.mark.parametrize("language", LANGUAGES)
def test_without_javascript_the_summary_is_first_and_the_title_says_so(site, language):
    t = words(language)
    page = site.page(None, language, javascript=False)
    page.goto("/signup")
    page.get_by_role("button", name=t("Send me the link"), exact=True).click()
    assert page.title().startswith(t("Error:"))
    expect(page.locator("main > :first-child")).to_have_class(re.compile("error-summary"))
    expect(page.locator(".error-summary a").first).to_have_attribute("href", "#email")
