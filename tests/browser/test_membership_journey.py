"""The membership journey in a real browser: a city applies; its National Commission
returns it, the city resubmits, the Commission endorses; the secretariat admits; the city
appears in the directory."""
import re

from playwright.sync_api import expect

from portal.reference.demo_membership import DEMO_PASSWORD, minimal_pdf


def sign_in(page, email):
    page.goto("/login")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/start$"))


def sign_out(page):
    page.get_by_role("button", name="Sign out").click()


def act(page, button, comment=None, confirm=False):
    if comment:
        form = page.locator("form.transition-form").filter(has=page.get_by_role("button", name=button))
        form.get_by_label(re.compile("Comment")).fill(comment)
    page.get_by_role("button", name=button).click()
    if confirm:   # a step that cannot be undone asks first
        expect(page.get_by_role("heading", name="Please confirm")).to_be_visible()
        page.get_by_role("button", name=button).click()


def test_a_city_applies_and_becomes_a_member(page, tmp_path):
    letter = tmp_path / "letter.pdf"
    letter.write_bytes(minimal_pdf("Letter of the Mayor of Columbus"))

    sign_in(page, "coordinator@demo.example.org")
    page.goto("/membership/")
    page.get_by_role("link", name="Call for membership 2026 (demo)").click()
    page.get_by_role("button", name="Start an application").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Columbus")

    page.get_by_label("Year the figures describe").fill("2025")
    page.get_by_label("Population", exact=True).fill("913000")
    page.get_by_label("Area (km²)").fill("580")
    page.get_by_label("GDP per capita of the city (USD)").fill("72000")
    page.get_by_label("GDP per capita of the country (USD)").fill("80000")
    page.get_by_label("Average years of schooling, men").fill("13.4")
    page.get_by_label("Average years of schooling, women").fill("13.7")
    page.get_by_label("Mayor's title").fill("Mayor")
    page.get_by_label("Mayor's name").fill("A. Mayor")
    page.get_by_label("Contact person").fill("Learning city office")
    page.get_by_label("Contact email").fill("learning@columbus.example")
    page.get_by_label("Language of communication").select_option("en")
    motivation = page.get_by_label("Motivation")
    motivation.fill("Columbus wants its library learning labs to learn from peers.")
    expect(page.locator("#motivation-count")).to_contain_text("10 of 200 words")
    page.get_by_label(re.compile("How the city implements")).fill(
        "Learning labs in every branch library, see https://example.org/labs.")
    for number in range(1, 13):
        page.locator(f'input[name="challenge_{number}"][value="{(number % 5) + 1}"]').check()
    page.get_by_label(re.compile(r"^2\. ")).check()
    page.get_by_label(re.compile("pledges to adopt")).check()
    page.get_by_label(re.compile("signed letter")).set_input_files(str(letter))
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Your answers are saved.")).to_be_visible()

    act(page, "Submit to the National Commission")
    expect(page.locator(".lead .state")).to_have_text("With the National Commission")
    sign_out(page)

    sign_in(page, "natcom@demo.example.org")
    page.goto("/membership/nominations")
    page.get_by_role("link", name="Columbus").click()
    act(page, "Return to the city for changes", "Please add links to the council's plan.")
    expect(page.locator(".lead .state")).to_have_text("Returned for changes")
    sign_out(page)

    sign_in(page, "coordinator@demo.example.org")
    page.goto("/account/notifications")
    page.get_by_role("button", name=re.compile("returned the application of Columbus")).click()
    expect(page.get_by_text("Please add links to the council's plan.")).to_be_visible()
    page.get_by_role("link", name="Edit the answers").click()
    page.get_by_label(re.compile("How the city implements")).fill(
        "Learning labs in every branch library; council plan: https://example.org/plan.")
    page.get_by_role("button", name="Save").click()
    act(page, "Submit to the National Commission")
    sign_out(page)

    sign_in(page, "natcom@demo.example.org")
    page.goto("/membership/nominations")
    page.get_by_role("link", name="Columbus").click()
    act(page, "Endorse (nominate)", confirm=True)
    expect(page.locator(".lead .state")).to_have_text("Endorsed, waiting for review")
    sign_out(page)

    sign_in(page, "secretariat@demo.example.org")
    page.goto("/membership/review")
    page.get_by_role("link", name="Columbus").click()
    act(page, "Start the review")
    act(page, "Admit to the network", confirm=True)
    expect(page.locator(".lead .state")).to_have_text("Admitted")
    sign_out(page)

    page.goto("/cities?membership=members")
    page.get_by_role("link", name="Columbus").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Columbus")
    expect(page.get_by_text("Columbus wants its library learning labs to learn from peers.")).to_be_visible()
    expect(page.get_by_text("learning@columbus.example")).to_have_count(0)


def test_the_journey_reads_in_chinese_too(page):
    sign_in(page, "natcom@demo.example.org")
    page.goto("/membership/nominations?lang=zh")
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Applications to endorse")
