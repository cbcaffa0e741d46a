"""The membership journey in a real browser, in English, Chinese, French and Arabic: a city
applies; its National Commission returns it, the city resubmits, the Commission endorses; the
secretariat admits; the city appears in the directory. (Columbus writes its answers in
English whatever the language of the pages.)"""
import re

import pytest
from playwright.sync_api import expect

from portal.reference.demo_membership import minimal_pdf
from tests.browser.languages import JOURNEY_LANGUAGES, city_name, sign_in, sign_out, words, words_counted


def act(page, t, button, comment=None, confirm=False):
    button = t(button)
    if comment:
        form = page.locator("form.transition-form").filter(has=page.get_by_role("button", name=button, exact=True))
        form.get_by_label(re.compile(re.escape(t("Comment")))).fill(comment)
    page.get_by_role("button", name=button, exact=True).click()
    if confirm:   # a step that cannot be undone asks first
        expect(page.get_by_role("heading", name=t("Please confirm"))).to_be_visible()
        page.get_by_role("button", name=button, exact=True).click()


@pytest.mark.parametrize("language", JOURNEY_LANGUAGES)
def test_a_city_applies_and_becomes_a_member(page, tmp_path, language):
    t = words(language)
    columbus = city_name("columbus", language)
    letter = tmp_path / "letter.pdf"
    letter.write_bytes(minimal_pdf("Letter of the Mayor of Columbus"))

    sign_in(page, "coordinator@demo.example.org", t)
    page.goto("/membership/")
    page.get_by_role("link", name="Call for membership 2026 (demo)").click()
    page.get_by_role("button", name=t("Start an application"), exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(columbus)

    page.get_by_label(t("Year the figures describe"), exact=True).fill("2025")
    page.get_by_label(t("Population"), exact=True).fill("913000")
    page.get_by_label(t("Area (km²)"), exact=True).fill("580")
    page.get_by_label(t("GDP per capita of the city (USD)"), exact=True).fill("72000")
    page.get_by_label(t("GDP per capita of the country (USD)"), exact=True).fill("80000")
    page.get_by_label(t("Average years of schooling, men"), exact=True).fill("13.4")
    page.get_by_label(t("Average years of schooling, women"), exact=True).fill("13.7")
    page.get_by_label(t("Mayor's title"), exact=True).fill("Mayor")
    page.get_by_label(t("Mayor's name"), exact=True).fill("A. Mayor")
    page.get_by_label(t("Contact person"), exact=True).fill("Learning city office")
    page.get_by_label(t("Contact email"), exact=True).fill("learning@columbus.example")
    page.get_by_label(t("Language of communication"), exact=True).select_option("en")
    motivation = page.get_by_label(t("Motivation"), exact=True)
    motivation.fill("Columbus wants its library learning labs to learn from peers.")
    expect(page.locator("#motivation-count")).to_contain_text(words_counted(t, 10, 200))
    implementation = page.get_by_label(
        t("How the city implements, or plans to implement, the learning-city concept"))
    implementation.fill("Learning labs in every branch library, see https://example.org/labs.")
    for number in range(1, 13):
        page.locator(f'input[name="challenge_{number}"][value="{(number % 5) + 1}"]').check()
    page.get_by_label(re.compile(r"^2\. ")).check()
    page.get_by_label(t("The city pledges to adopt the Beijing Declaration on Building Learning Cities and "
                        "the Key Features of Learning Cities.")).check()
    page.get_by_label(t("The mayor's signed letter (PDF, at most 2 MB)"), exact=True).set_input_files(str(letter))
    page.get_by_role("button", name=t("Save"), exact=True).click()
    expect(page.get_by_text(t("Your answers are saved."))).to_be_visible()

    act(page, t, "Submit to the National Commission")
    expect(page.locator(".lead .state")).to_have_text(t("With the National Commission"))
    sign_out(page, t)

    sign_in(page, "natcom@demo.example.org", t)
    page.goto("/membership/nominations")
    page.get_by_role("link", name=columbus).click()
    act(page, t, "Return to the city for changes", "Please add links to the council's plan.")
    expect(page.locator(".lead .state")).to_have_text(t("Returned for changes"))
    sign_out(page, t)

    sign_in(page, "coordinator@demo.example.org", t)
    page.goto("/account/notifications")
    page.get_by_role("button", name=t("Your National Commission returned the application of %(city)s for changes.",
                                      city=columbus), exact=True).click()
    expect(page.get_by_text("Please add links to the council's plan.")).to_be_visible()
    page.get_by_role("link", name=t("Edit the answers")).click()
    implementation.fill("Learning labs in every branch library; council plan: https://example.org/plan.")
    page.get_by_role("button", name=t("Save"), exact=True).click()
    act(page, t, "Submit to the National Commission")
    sign_out(page, t)

    sign_in(page, "natcom@demo.example.org", t)
    page.goto("/membership/nominations")
    page.get_by_role("link", name=columbus).click()
    act(page, t, "Endorse (nominate)", confirm=True)
    expect(page.locator(".lead .state")).to_have_text(t("Endorsed, waiting for review"))
    sign_out(page, t)

    sign_in(page, "secretariat@demo.example.org", t)
    page.goto("/membership/review")
    page.get_by_role("link", name=columbus).click()
    act(page, t, "Start the review")
    act(page, t, "Admit to the network", confirm=True)
    expect(page.locator(".lead .state")).to_have_text(t("Admitted"))
    sign_out(page, t)

    page.goto("/cities?membership=members")
    page.get_by_role("link", name=columbus).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(columbus)
    expect(page.get_by_text("Columbus wants its library learning labs to learn from peers.")).to_be_visible()
    expect(page.get_by_text("learning@columbus.example")).to_have_count(0)
