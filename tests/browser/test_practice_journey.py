"""Publishing and finding a practice, in a real browser, in English, Chinese, French and Arabic.
The practice is written in English and translated (title and summary) into the language of the
pages (into Chinese on the English run), and found by a word of either."""
import re

import pytest
from playwright.sync_api import expect

from tests.browser.languages import JOURNEY_LANGUAGES, sign_in, sign_out, words, words_counted

TITLE = "Teen podcast studio in the branch library"
# The translation, and a word of it that finds the practice: into the pages' language.
TRANSLATIONS = {
    "zh": ("分馆青少年播客工作室", "青少年用图书馆设备录制关于社区的播客。", "播客"),
    "fr": ("Un studio de podcasts pour adolescents à la bibliothèque de quartier",
           "Des adolescents enregistrent des podcasts sur leur quartier avec le matériel de la bibliothèque.",
           "adolescents podcasts"),
    "ar": ("استوديو بودكاست للمراهقين في فرع المكتبة",
           "يسجّل المراهقون حلقات بودكاست عن حيّهم بمعدات المكتبة.", "بودكاست"),
}
TRANSLATIONS["en"] = TRANSLATIONS["zh"]


@pytest.mark.parametrize("language", JOURNEY_LANGUAGES)
def test_a_librarian_shares_a_practice_that_the_coordinator_publishes_and_anyone_finds(page, language):
    t = words(language)
    into = "zh" if language == "en" else language
    translated_title, translated_summary, query = TRANSLATIONS[language]
    sign_in(page, "librarian@demo.example.org", t)
    page.goto("/practices/new")
    page.get_by_label(t("Language it is written in")).select_option("en")
    page.get_by_label(t("Title"), exact=True).fill(TITLE)
    page.get_by_label(t("Summary"), exact=True).fill(
        "Teenagers record podcasts about their neighbourhood with library equipment, coached by a "
        "local radio journalist, and the best episodes are played on the city's community radio.")
    expect(page.locator("#summary-count")).to_contain_text(words_counted(t, 26, 80))
    page.get_by_label(t("The need or challenge it answers"), exact=True).fill(
        "Young people had no place in the district to create media or to be heard.")
    page.get_by_label(t("What was done"), exact=True).fill(
        "A studio with **microphones** in the branch library, weekly coaching by a journalist, "
        "and an evening each month when teenagers present their episodes to families.")
    page.get_by_label(t("Results and evidence of change"), exact=True).fill(
        "Thirty teenagers recorded forty episodes in the first year; six now host a radio show.")
    page.get_by_label(t("Type of organisation")).select_option("public_library")
    page.get_by_label(t("Young people")).check()
    page.get_by_label(re.compile(r"^7\. ")).check()
    page.locator("#new-translation > summary").click()
    page.get_by_label(t("Language of the new translation")).select_option(into)
    page.get_by_label(t("%(field)s in the new translation", field=t("Title")), exact=True).fill(translated_title)
    page.get_by_label(t("%(field)s in the new translation", field=t("Summary")), exact=True).fill(
        translated_summary)
    page.get_by_role("button", name=t("Save"), exact=True).click()
    expect(page.get_by_text(t("Your practice is saved as a draft. Submit it when it is ready."))).to_be_visible()
    page.get_by_role("button", name=t("Submit for publication"), exact=True).click()
    expect(page.locator(".state")).to_have_text(t("Waiting to be published"))
    sign_out(page, t)

    sign_in(page, "coordinator@demo.example.org", t)
    page.goto("/practices/review")
    page.get_by_role("link", name=TITLE).click()   # the queue names a practice as written
    page.get_by_role("button", name=t("Publish"), exact=True).click()
    expect(page.get_by_text(t("Last changed"))).to_be_visible()
    sign_out(page, t)

    # Found by an English word; the result is named in the reader's language if it can be.
    shown = TITLE if language == "en" else translated_title
    page.goto("/search")
    page.get_by_label(t("Search practices, in any of the six UN languages")).fill("podcasts")
    page.get_by_role("button", name=t("Search"), exact=True).click()
    expect(page.get_by_role("status")).to_have_text(t.plural("%(num)s practice", "%(num)s practices", 1))
    expect(page.locator("mark").first).to_be_visible()
    page.get_by_role("link", name=shown).click()
    expect(page.locator("strong", has_text="microphones")).to_be_visible()

    # Found by a word of its translation, by a reader of that language.
    page.goto(f"/search?q={query}&lang={into}")
    expect(page.get_by_role("link", name=translated_title)).to_be_visible()


@pytest.mark.parametrize("language", JOURNEY_LANGUAGES)
def test_searching_with_facets_and_a_suggestion(page, language):
    t = words(language)
    page.goto("/search?q=libary")
    page.get_by_role("link", name="library").click()
    expect(page).to_have_url(re.compile(r"q=library"))
    status = page.get_by_role("status")
    everything = status.inner_text()
    total = int(re.search(r"\d+", everything).group())
    facet = page.locator(".facet").filter(has_text=t("UNESCO region"))
    link = facet.get_by_role("link").first
    expected = int(re.search(r"\((\d+)\)", facet.locator("li").first.inner_text()).group(1))
    link.click()
    expect(status).to_have_text(t.plural("%(num)s practice", "%(num)s practices", expected))
    assert expected <= total
    page.get_by_role("link", name=re.compile("^" + re.escape(t("Remove filter")))).click()
    expect(status).to_have_text(everything)


SAMPLES = ["learning city", "学习型城市", "城" * 161, "我们的城市。图书馆，学校！", "- a list item",
           "Hume 学习村 2024", "  spaces\n\tand\u3000full-width space ", "naïve café, 2½ hours", "終身學習",
           "l'apprentissage tout au long de la vie", "مدينة التعلّم، مكتبة عامة.", "Hume — مدينة 2024"]


@pytest.mark.parametrize("language", JOURNEY_LANGUAGES)
def test_the_live_counter_counts_words_as_the_server_does(page, language):
    from portal.text import count_words
    t = words(language)
    sign_in(page, "librarian@demo.example.org", t)
    page.goto("/practices/new")
    for text in SAMPLES:
        assert page.evaluate("text => window.portalCountWords(text)", text) == count_words(text), text
    summary = page.get_by_label(t("Summary"), exact=True)
    summary.fill("学" * 160)
    expect(page.locator("#summary-count")).to_have_text(words_counted(t, 80, 80))
    summary.fill("学" * 161)
    expect(page.locator("#summary-count")).to_have_text(words_counted(t, 81, 80))
    expect(page.locator("#summary-count-rule")).to_contain_text(
        t("In Chinese, two characters count as one word: %(n)s words allow %(chars)s characters.", n=80, chars=160))
