"""The progress-report journey in a real browser, in English, Chinese, French and Arabic: the
secretariat opens a reporting cycle; Hume's coordinator (Hume is a member) self-assesses,
writes the report and submits it; the secretariat returns it with a comment; the city
answers and resubmits; it is accepted and published; the public reads the narrative."""
import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from tests.browser.languages import JOURNEY_LANGUAGES, locale, sign_in, sign_out, words

YEAR = dt.date.today().year
NARRATIVE = {"en": "Every library branch now runs a family learning hour on Saturdays.",
             "zh": "每个图书馆分馆现在每周六都开设家庭学习时间，居民反响热烈。",
             "fr": "Chaque bibliothèque de quartier propose désormais une heure d'apprentissage en famille le samedi.",
             "ar": "تنظّم كل فروع المكتبة الآن ساعة للتعلّم العائلي أيام السبت."}


@pytest.mark.parametrize("language", JOURNEY_LANGUAGES)
def test_a_member_city_reports_and_the_secretariat_reviews(browser, live_server, language):
    t = words(language)
    context = browser.new_context(locale=locale(language), base_url=live_server)
    page = context.new_page()
    try:
        _journey(page, t, language)
    finally:
        context.close()


def _act(page, t, action, comment=None, confirm=False):
    form = page.locator(f'form.transition-form[action$="/{action}"]')
    if comment:
        form.locator("textarea").fill(comment)
    form.locator("button").click()
    if confirm:   # what cannot be undone is asked first
        page.locator('main button[type="submit"]').first.click()


def _journey(page, t, language):
    # The secretariat opens a cycle.
    sign_in(page, "secretariat@demo.example.org", t)
    page.goto("/monitoring/cycles/new")
    page.get_by_label(t("Title")).fill(f"Progress reports {YEAR - 1}–{YEAR}")
    page.get_by_label(t("First year of the period")).fill(str(YEAR - 1))
    page.get_by_label(t("Last year of the period")).fill(str(YEAR))
    page.get_by_label(t("Deadline")).fill((dt.date.today() + dt.timedelta(days=60)).isoformat())
    page.get_by_role("button", name=t("Open the cycle"), exact=True).click()
    expect(page.get_by_text(t("The reporting cycle is open; the cities due are told."))).to_be_visible()
    sign_out(page, t)

    # Hume's coordinator self-assesses.
    sign_in(page, "hume@demo.example.org", t)
    page.goto("/cities/hume/reports")
    page.get_by_role("link", name=t("Self-assessment of %(year)s", year=YEAR)).click()
    page.locator('input[id="rating-1.1.1-4"]').check()
    page.locator('textarea[id="justification-1.1.1"]').fill(NARRATIVE[language])
    page.locator('input[id="rating-1.1.2-3"]').check()
    page.get_by_role("button", name=t("Save the self-assessment"), exact=True).click()
    expect(page.locator('input[id="rating-1.1.1-4"]')).to_be_checked()

    # … writes the report, and submits it.
    page.goto("/cities/hume/reports")
    page.get_by_role("button", name=t("Start the report"), exact=True).click()
    for number in range(1, 13):
        page.locator(f"#narratives_{number}").fill(f"{NARRATIVE[language]} ({number})")
    expect(page.locator("#narratives_1-count")).to_contain_text(
        t("{count} of {max} words").replace("{max}", "300").split("{count}")[-1].strip())
    page.locator("#achievements").fill(NARRATIVE[language])
    page.locator("#challenges").fill(NARRATIVE[language])
    page.locator("#plans").fill(NARRATIVE[language])
    page.get_by_role("button", name=t("Save the report"), exact=True).click()
    expect(page.get_by_text(t("The report is saved."))).to_be_visible()
    report_url = re.sub(r"^https?://[^/]+", "", page.url)
    _act(page, t, "submit")
    expect(page.locator(".lead .state")).to_have_text(t("Submitted, with the secretariat"))
    expect(page.get_by_role("heading", name=t("Self-assessment of %(year)s", year=YEAR))).to_be_visible()
    sign_out(page, t)

    # The secretariat returns it with a comment.
    sign_in(page, "secretariat@demo.example.org", t)
    page.goto(report_url)
    _act(page, t, "return", "Please say how many families took part.")
    expect(page.locator(".lead .state")).to_have_text(t("Returned to the city with comments"))
    sign_out(page, t)

    # The city answers and resubmits.
    sign_in(page, "hume@demo.example.org", t)
    page.goto(report_url)
    expect(page.get_by_text("Please say how many families took part.")).to_be_visible()
    page.get_by_role("link", name=t("Write the report")).click()
    page.locator("#narratives_4").fill(f"{NARRATIVE[language]} 1 200 families.")
    page.get_by_role("button", name=t("Save the report"), exact=True).click()
    _act(page, t, "resubmit", "About 1 200 families took part.")
    expect(page.locator(".lead .state")).to_have_text(t("Submitted, with the secretariat"))
    sign_out(page, t)

    # The secretariat accepts and publishes it.
    sign_in(page, "secretariat@demo.example.org", t)
    page.goto(report_url)
    _act(page, t, "accept", confirm=True)
    expect(page.locator(".lead .state")).to_have_text(t("Accepted", context="report status"))
    _act(page, t, "publish")
    expect(page.locator(".lead .state")).to_have_text(t("Published", context="report status"))
    sign_out(page, t)

    # The public reads the narrative from the city's page.
    page.goto("/cities/hume")
    page.locator(f'a[href="{report_url}"]').click()
    expect(page.get_by_text(f"{NARRATIVE[language]} (12)")).to_be_visible()
    expect(page.locator("form.transition-form")).to_have_count(0)
