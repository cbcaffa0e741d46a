"""A form sent back with errors, for every form page type (tests/page_types.py, sent empty) in
English and Chinese: the focus is on the error summary, which comes first in the page's main
content with a heading, "Error:" begins the title, and every link in the summary leads to a
field on the page (for a group of choices, its first choice)."""
import re

import pytest
from playwright.sync_api import expect

from tests.browser.page_checks import LANGUAGES

ERROR_PREFIX = {"en": "Error:", "zh": "错误："}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_error_summary_takes_the_focus_and_leads_to_each_field(findings, language):
    problems = []
    for page_type, found in findings[language]:
        if not page_type.post_to:
            continue
        summary = found["summary"]
        if not (summary["present"] and summary["focused"] and summary["first"] and summary["headed"]
                and summary["links"] and not summary["badTargets"]
                and summary["title"].startswith(ERROR_PREFIX[language])):
            problems.append(f"{page_type.id}: {summary}")
    assert not problems, "\n".join(problems)


def test_a_summary_link_takes_the_focus_to_its_group_of_choices(site):
    page = site.page("hume", "en")
    page.goto("/cities/espoo/exchange-request")
    page.locator("main form[method=post]:not([action])").evaluate("form => form.submit()")
    page.wait_for_load_state()
    page.locator(".error-summary").get_by_role("link", name=re.compile("^Format")).click()
    expect(page.locator("#format-0")).to_be_focused()


def test_without_javascript_the_summary_is_first_and_the_title_says_so(site):
    page = site.page(None, "en", javascript=False)
    page.goto("/signup")
    page.get_by_role("button", name="Send me the link").click()
    assert page.title().startswith("Error:")
    expect(page.locator("main > :first-child")).to_have_class(re.compile("error-summary"))
    expect(page.locator(".error-summary a").first).to_have_attribute("href", "#email")
