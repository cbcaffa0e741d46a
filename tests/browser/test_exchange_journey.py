"""Two demo member cities, Espoo and Hume, run a whole peer exchange in a real browser, once in
English and once in Chinese: a question on Hume's case study and its answer, a request,
an accepted exchange with messages, a public outcome, an adoption in the transfer graph."""
import datetime as dt
import json
import re

import pytest
from babel.support import Translations
from playwright.sync_api import expect

from portal.reference.demo_exchange import ADOPTIONS
from portal.text import slugify
from tests.browser.test_membership_journey import DEMO_PASSWORD

HUME_CASE = slugify(json.loads(open("data/practices/case_studies.jsonl", encoding="utf-8").readline())["title"])
def _text(language):
    """The page's words in the language of the journey (the English source, or its translation,
    in its message context when it has one). The catalogue is read here, not at import: the
    tests' first fixture compiles it, after the test modules are imported."""
    catalogue = Translations.load("translations", ["zh"])

    def t(s, context=None, **values):
        if language != "en":
            s = catalogue.pgettext(context, s) if context else catalogue.gettext(s)
        return s % values
    return t


def _sign_in(page, email, t):
    page.goto("/login")
    page.get_by_label(t("Email address")).fill(email)
    page.get_by_label(t("Password")).fill(DEMO_PASSWORD)
    page.get_by_role("button", name=t("Sign in")).click()
    expect(page).to_have_url(re.compile(r"/start$"))


def _sign_out(page, t):
    page.get_by_role("button", name=t("Sign out")).click()


@pytest.mark.parametrize("language", ["en", "zh"])
def test_two_member_cities_run_a_whole_exchange(browser, live_server, language):
    t = _text(language)
    context = browser.new_context(locale="en-GB" if language == "en" else "zh-CN", base_url=live_server)
    page = context.new_page()
    try:
        _journey(page, t)
    finally:
        context.close()


def _journey(page, t):
    # Espoo asks a question on Hume's case study.
    _sign_in(page, "espoo@demo.example.org", t)
    page.goto(f"/practices/{HUME_CASE}")
    page.get_by_role("link", name=t("Ask a question about this practice")).click()
    page.get_by_label(t("Your question in one line")).fill("How did the libraries and the council share the work?")
    page.get_by_label(t("Details")).fill("We are planning a *learning village* of our own.")
    page.get_by_role("button", name=t("Publish the question")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("How did the libraries and the council share the work?")
    _sign_out(page, t)

    # Hume's coordinator is told, answers; Espoo marks the answer.
    _sign_in(page, "hume@demo.example.org", t)
    expect(page.locator(".account .count")).to_be_visible()
    page.goto("/account/notifications")
    # The notification names the case study in the reader's language.
    page.get_by_role("button", name=re.compile("How did the libraries|Hume Global|休姆全球学习村")).first.click()
    page.get_by_label(t("Your reply")).fill("A joint board met every month; libraries ran the hubs.")
    page.get_by_role("button", name=t("Publish the reply")).click()
    expect(page.get_by_text("A joint board met every month")).to_be_visible()
    _sign_out(page, t)
    _sign_in(page, "espoo@demo.example.org", t)
    page.goto(f"/practices/{HUME_CASE}#questions")
    page.get_by_role("link", name="How did the libraries and the council share the work?", exact=True).click()
    page.get_by_role("button", name=t("Mark as the answer")).click()
    expect(page.locator(".post-answer")).to_contain_text("A joint board met every month")

    # Espoo asks Hume for a study visit about the case study.
    page.goto(f"/practices/{HUME_CASE}")
    page.locator("a[href^='/cities/hume/exchange-request']").click()
    page.get_by_label(t("Study visit")).check()
    start = dt.date.today()   # an exchange can be closed once its period has started
    page.get_by_label(t("From", context="date range"), exact=True).fill(start.isoformat())
    page.get_by_label(t("To", context="date range"), exact=True).fill((start + dt.timedelta(days=2)).isoformat())
    page.get_by_label(t("Your message")).fill("Three of our librarians would like to visit the hubs.")
    page.get_by_role("button", name=t("Send the request")).click()
    expect(page.locator(".state")).to_have_text(t("waiting for an answer"))
    _sign_out(page, t)

    # Hume accepts; the coordinators write in the private thread.
    _sign_in(page, "hume@demo.example.org", t)
    page.goto("/exchanges")
    page.locator("ul.plain-list a[href^='/exchanges/']").first.click()
    page.get_by_role("button", name=t("Accept"), exact=True).click()
    expect(page.get_by_text(t("Only the people taking part can read this thread."), exact=False)).to_be_visible()
    page.get_by_label(t("Your reply")).fill("Welcome! We will show you three hubs in one day.")
    page.get_by_role("button", name=t("Publish the reply")).click()
    expect(page.get_by_text("We will show you three hubs")).to_be_visible()
    thread_url = page.url.split("#")[0]
    _sign_out(page, t)

    # Someone outside the exchange cannot read it.
    _sign_in(page, "secretariat@demo.example.org", t)
    response = page.goto(thread_url)
    assert response.status == 403
    page.goto("/account")
    _sign_out(page, t)

    # Espoo replies, then closes the exchange with a public outcome and records the adoption.
    _sign_in(page, "espoo@demo.example.org", t)
    page.goto(thread_url)
    page.get_by_label(t("Your reply")).fill("Thank you, we learned a lot.")
    page.get_by_role("button", name=t("Publish the reply")).click()
    page.goto("/exchanges")
    page.locator("ul.plain-list a[href^='/exchanges/']").first.click()
    page.get_by_label(t("What came out of the exchange")).fill("Espoo will open two library learning hubs next year.")
    page.get_by_label(t("Show this outcome on both cities' pages")).check()
    page.get_by_role("button", name=t("Close with this outcome")).click()
    expect(page.locator(".state")).to_have_text(t("closed", context="exchange state"))
    page.goto("/cities/hume")
    expect(page.get_by_text("Espoo will open two library learning hubs next year.")).to_be_visible()

    page.goto(f"/practices/{HUME_CASE}")
    page.get_by_role("link", name=t("We adapted this: record it")).click()
    page.get_by_label(t("Adapted it")).check()
    page.get_by_label(t("What the city changed")).fill("Hubs in school libraries instead of council buildings.")
    page.get_by_label(t("What happened")).fill("400 adults joined courses in the first term.")
    page.get_by_role("button", name=t("Record it")).click()
    expect(page.locator("#adoptions a[href='/cities/espoo']")).to_have_count(1)
    page.goto("/network/transfers")
    # One more arrow than the demo's own adoptions: Hume → Espoo, with both cities named.
    expect(page.locator("svg line")).to_have_count(len(ADOPTIONS) + 1)
    expect(page.locator("#transfer-list-title + ul li")).to_have_count(len(ADOPTIONS) + 1)
    adoption = page.locator("#transfer-list-title + ul li").filter(
        has=page.locator(f"a[href='/practices/{HUME_CASE}']"))
    expect(adoption.locator("a[href='/cities/espoo']")).to_have_count(1)
