"""Publishing and finding a practice, in a real browser."""
import re

from playwright.sync_api import expect

from tests.browser.test_membership_journey import sign_in, sign_out


def test_a_librarian_shares_a_practice_that_the_coordinator_publishes_and_anyone_finds(page):
    sign_in(page, "librarian@demo.example.org")
    page.goto("/practices/new")
    page.get_by_label("Title", exact=True).fill("Teen podcast studio in the branch library")
    page.get_by_label("Summary", exact=True).fill(
        "Teenagers record podcasts about their neighbourhood with library equipment, coached by a "
        "local radio journalist, and the best episodes are played on the city's community radio.")
    expect(page.locator("#summary-count")).to_contain_text("of 80 words")
    page.get_by_label("The need or challenge it answers", exact=True).fill(
        "Young people had no place in the district to create media or to be heard.")
    page.get_by_label("What was done", exact=True).fill(
        "A studio with **microphones** in the branch library, weekly coaching by a journalist, "
        "and an evening each month when teenagers present their episodes to families.")
    page.get_by_label("Results and evidence of change", exact=True).fill(
        "Thirty teenagers recorded forty episodes in the first year; six now host a radio show.")
    page.get_by_label("Type of organisation").select_option("public_library")
    page.get_by_label("Young people").check()
    page.get_by_label(re.compile(r"^7\. ")).check()
    page.get_by_text("Add a translation", exact=True).click()   # opens the part that adds one
    page.get_by_label("Language of the new translation").select_option("zh")
    page.get_by_label("Title in the new translation").fill("分馆青少年播客工作室")
    page.get_by_label("Summary in the new translation").fill("青少年用图书馆设备录制关于社区的播客。")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Your practice is saved as a draft.")).to_be_visible()
    page.get_by_role("button", name="Submit for publication").click()
    expect(page.locator(".state")).to_have_text("Waiting to be published")
    sign_out(page)

    sign_in(page, "coordinator@demo.example.org")
    page.goto("/practices/review")
    page.get_by_role("link", name="Teen podcast studio in the branch library").click()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("Last changed")).to_be_visible()
    sign_out(page)

    page.goto("/search")
    page.get_by_label("Search practices, in any of the six UN languages").fill("podcasts")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("status")).to_have_text("1 practice")
    expect(page.locator("mark").first).to_be_visible()
    page.get_by_role("link", name="Teen podcast studio in the branch library").click()
    expect(page.locator("strong", has_text="microphones")).to_be_visible()

    page.goto("/search?q=播客&lang=zh")
    expect(page.get_by_role("link", name="分馆青少年播客工作室")).to_be_visible()


def test_searching_with_facets_and_a_suggestion(page):
    page.goto("/search?q=libary")
    page.get_by_role("link", name="library").click()
    expect(page).to_have_url(re.compile(r"q=library"))
    total = int(page.get_by_role("status").inner_text().split()[0])
    facet = page.locator(".facet").filter(has_text="UNESCO region")
    link = facet.get_by_role("link").first
    expected = int(re.search(r"\((\d+)\)", facet.locator("li").first.inner_text()).group(1))
    link.click()
    expect(page.get_by_role("status")).to_have_text(re.compile(rf"^{expected} practice"))
    assert expected <= total
    page.get_by_role("link", name=re.compile("^Remove filter")).click()
    expect(page.get_by_role("status")).to_have_text(re.compile(rf"^{total} practice"))


SAMPLES = ["learning city", "学习型城市", "城" * 161, "我们的城市。图书馆，学校！", "- a list item",
           "Hume 学习村 2024", "  spaces\n\tand\u3000full-width space ", "naïve café, 2½ hours", "終身學習"]


def test_the_live_counter_counts_words_as_the_server_does(page):
    from portal.text import count_words
    sign_in(page, "librarian@demo.example.org")
    page.goto("/practices/new?lang=en")
    for text in SAMPLES:
        assert page.evaluate("text => window.portalCountWords(text)", text) == count_words(text), text
    page.get_by_label("Summary", exact=True).fill("学" * 160)
    expect(page.locator("#summary-count")).to_have_text("80 of 80 words")
    page.get_by_label("Summary", exact=True).fill("学" * 161)
    expect(page.locator("#summary-count")).to_have_text("81 of 80 words")
    expect(page.locator("#summary-count-rule")).to_contain_text("two characters count as one word")
