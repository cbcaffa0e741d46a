"""The data entry journey in a real browser, in English, Chinese, French and Arabic: Hume's coordinator
appoints a data officer, who enters a focus area's data (one value refused, one warning
confirmed) and publishes the year."""
import re

import pytest
from playwright.sync_api import expect

from portal.reference.demo_membership import DEMO_PASSWORD
from tests.browser.conftest import _serving
from tests.browser.languages import JOURNEY_LANGUAGES, locale, sign_in, sign_out, words

OFFICER = "olive.officer@example.org"


def _prepare(language):
    def prepare(app):
        """The officer's account, and a value of Hume's for 2023 that 2024's will be far from."""
        from portal.auth.operations import create_account, find_user_by_email
        from portal.cities.queries import city_by_slug
        from portal.extensions import db
        from portal.monitoring.data_entry import Entry, save_values
        with app.test_request_context():
            create_account(name="Olive Officer", email=OFFICER, password=DEMO_PASSWORD, language=language,
                           verified=True)
            save_values([Entry(city_by_slug("hume"), 2023, "adult-literacy-rate",
                               fields={"value": 50, "source": "official"})],
                        actor=find_user_by_email("hume@demo.example.org"))
            db.session.commit()
    return prepare


@pytest.mark.parametrize("language", JOURNEY_LANGUAGES)
def test_an_appointed_data_officer_enters_and_publishes_a_focus_area(browser, databases, tmp_path, language):
    t = words(language)
    with _serving(databases, tmp_path, _prepare(language)) as (base_url, _):
        context = browser.new_context(locale=locale(language), base_url=base_url)
        page = context.new_page()
        try:
            _journey(page, t)
        finally:
            context.close()


def _journey(page, t):
    # Hume's coordinator appoints the data officer.
    sign_in(page, "hume@demo.example.org", t)
    page.goto("/cities/hume")
    page.get_by_role("link", name=t("Key Features data"), exact=True).click()
    page.get_by_role("link", name=t("Data officers of the city")).click()
    page.get_by_label(t("Email address of the person's account")).fill("nobody@example.org")
    page.get_by_role("button", name=t("Appoint"), exact=True).click()
    expect(page.locator(".error-summary")).to_contain_text("nobody@example.org")
    page.get_by_label(t("Email address of the person's account")).fill(OFFICER)
    page.get_by_role("button", name=t("Appoint"), exact=True).click()
    expect(page.locator(".flash")).to_contain_text("Olive Officer")
    sign_out(page, t)

    # The officer opens 2024 and the focus area 1.1.
    sign_in(page, OFFICER, t)
    page.goto("/cities/hume/data")
    page.get_by_role("spinbutton", name=t("Reference year")).fill("2024")
    page.get_by_role("button", name=t("Open the year"), exact=True).click()
    expect(page).to_have_url(re.compile(r"/cities/hume/data/2024$"))
    page.locator("a[href='/cities/hume/data/2024/1.1']").click()

    # One value the unit cannot hold is refused, and what was typed stays.
    literacy = page.locator("#f-adult-literacy-rate-all-value")
    literacy.fill("90")
    page.locator("#f-adult-literacy-rate-sex-female-value").fill("91")
    page.locator("#f-adult-literacy-rate-citation_publisher").fill("Hume City Council")
    voters = page.locator("#f-voter-participation-all-value")
    voters.fill("140")
    page.get_by_role("button", name=t("Save as a draft"), exact=True).click()
    expect(page.locator("#f-voter-participation-all-value-error")).to_be_visible()
    expect(page.locator(".error-summary")).to_contain_text("140")
    expect(literacy).to_have_value("90")
    expect(voters).to_have_value("140")

    # Corrected, the large change from 2023 is a warning the officer confirms.
    voters.fill("64")
    page.get_by_role("button", name=t("Save as a draft"), exact=True).click()
    expect(page.locator("#f-adult-literacy-rate-all-confirm-warning")).to_be_visible()
    page.locator("#f-adult-literacy-rate-all-confirm").check()
    page.get_by_role("button", name=t("Save as a draft"), exact=True).click()
    expect(page.locator(".flash")).to_be_visible()
    expect(literacy).to_have_value("90")
    expect(voters).to_have_value("64")
    expect(page.locator("#focus-complete")).to_contain_text("2")

    # The year is published.
    page.get_by_role("link", name=t("Back to the year %(year)s", year=2024)).click()
    page.get_by_role("button", name=t("Publish the data of %(year)s", year=2024), exact=True).click()
    expect(page.locator(".lead .state")).to_have_text(t("Published, version %(version)s", version=1))
    sign_out(page, t)
