"""Two demo member cities, Espoo and Hume, run a whole peer exchange in a real browser, in
English, Chinese, French and Arabic: a question on Hume's case study and its answer, a request,
an accepted exchange with messages, a public outcome, an adoption in the transfer graph. The
coordinators write in English on the English and Chinese pages, in French and in Arabic on the
French and Arabic ones."""
import datetime as dt
import json
import re

import pytest
from playwright.sync_api import expect

from portal.reference.demo_exchange import ADOPTIONS
from portal.text import slugify
from tests.browser.languages import JOURNEY_LANGUAGES, locale, sign_in, sign_out, words

HUME_CASE = slugify(json.loads(open("data/practices/case_studies.jsonl", encoding="utf-8").readline())["title"])
# What the coordinators write, in the language they write it in.
WRITTEN = {
    "en": {
        "question": "How did the libraries and the council share the work?",
        "details": "We are planning a *learning village* of our own.",
        "reply": "A joint board met every month; libraries ran the hubs.",
        "reply seen": "A joint board met every month",
        "request": "Three of our librarians would like to visit the hubs.",
        "welcome": "Welcome! We will show you three hubs in one day.",
        "welcome seen": "We will show you three hubs",
        "thanks": "Thank you, we learned a lot.",
        "outcome": "Espoo will open two library learning hubs next year.",
        "changes": "Hubs in school libraries instead of council buildings.",
        "results": "400 adults joined courses in the first term.",
    },
    "fr": {
        "question": "Comment les bibliothèques et le conseil municipal se sont-ils partagé le travail ?",
        "details": "Nous préparons notre propre *village de l'apprentissage*.",
        "reply": "Un comité commun se réunissait chaque mois ; les bibliothèques animaient les pôles.",
        "reply seen": "Un comité commun se réunissait chaque mois",
        "request": "Trois de nos bibliothécaires aimeraient visiter les pôles.",
        "welcome": "Bienvenue ! Nous vous montrerons trois pôles en une journée.",
        "welcome seen": "Nous vous montrerons trois pôles",
        "thanks": "Merci, nous avons beaucoup appris.",
        "outcome": "Espoo ouvrira l'an prochain deux pôles d'apprentissage dans ses bibliothèques.",
        "changes": "Des pôles dans les bibliothèques scolaires plutôt que dans les bâtiments municipaux.",
        "results": "400 adultes ont suivi des cours dès le premier trimestre.",
    },
    "ar": {
        "question": "كيف تقاسمت المكتبات والمجلس البلدي العمل؟",
        "details": "نحن نخطط لإنشاء *قرية تعلّم* خاصة بنا.",
        "reply": "اجتمع مجلس مشترك كل شهر، وأدارت المكتبات المراكز.",
        "reply seen": "اجتمع مجلس مشترك كل شهر",
        "request": "يودّ ثلاثة من أمناء مكتباتنا زيارة المراكز.",
        "welcome": "أهلاً بكم! سنريكم ثلاثة مراكز في يوم واحد.",
        "welcome seen": "سنريكم ثلاثة مراكز",
        "thanks": "شكراً، لقد تعلّمنا الكثير.",
        "outcome": "ستفتح إسبو في العام المقبل مركزين للتعلّم في مكتباتها.",
        "changes": "مراكز في المكتبات المدرسية بدلاً من المباني البلدية.",
        "results": "التحق 400 بالغ بالدورات في الفصل الأول.",
    },
}
WRITTEN["zh"] = WRITTEN["en"]   # English posts on Chinese pages


@pytest.mark.parametrize("language", JOURNEY_LANGUAGES)
def test_two_member_cities_run_a_whole_exchange(browser, live_server, language):
    t = words(language)
    context = browser.new_context(locale=locale(language), base_url=live_server)
    page = context.new_page()
    try:
        _journey(page, t, WRITTEN[language])
    finally:
        context.close()


def _journey(page, t, w):
    # Espoo asks a question on Hume's case study.
    sign_in(page, "espoo@demo.example.org", t)
    page.goto(f"/practices/{HUME_CASE}")
    page.get_by_role("link", name=t("Ask a question about this practice")).click()
    page.get_by_label(t("Your question in one line")).fill(w["question"])
    page.get_by_label(t("Details")).fill(w["details"])
    page.get_by_role("button", name=t("Publish the question"), exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(w["question"])
    sign_out(page, t)

    # Hume's coordinator is told, answers; Espoo marks the answer.
    sign_in(page, "hume@demo.example.org", t)
    expect(page.locator(".account .count")).to_be_visible()
    page.goto("/account/notifications")
    # The notification names Espoo's coordinator (and the case study, in the reader's language).
    page.get_by_role("button", name=re.compile("Eero Espoo")).first.click()
    page.get_by_label(t("Your reply")).fill(w["reply"])
    page.get_by_role("button", name=t("Publish the reply"), exact=True).click()
    expect(page.get_by_text(w["reply seen"])).to_be_visible()
    sign_out(page, t)
    sign_in(page, "espoo@demo.example.org", t)
    page.goto(f"/practices/{HUME_CASE}#questions")
    page.get_by_role("link", name=w["question"], exact=True).click()
    page.get_by_role("button", name=t("Mark as the answer"), exact=True).click()
    expect(page.locator(".post-answer")).to_contain_text(w["reply seen"])

    # Espoo asks Hume for a study visit about the case study.
    page.goto(f"/practices/{HUME_CASE}")
    page.locator("a[href^='/cities/hume/exchange-request']").click()
    page.get_by_label(t("Study visit")).check()
    start = dt.date.today()   # an exchange can be closed once its period has started
    page.get_by_label(t("From", context="date range"), exact=True).fill(start.isoformat())
    page.get_by_label(t("To", context="date range"), exact=True).fill((start + dt.timedelta(days=2)).isoformat())
    page.get_by_label(t("Your message")).fill(w["request"])
    page.get_by_role("button", name=t("Send the request"), exact=True).click()
    expect(page.locator(".state")).to_have_text(t("waiting for an answer"))
    sign_out(page, t)

    # Hume accepts; the coordinators write in the private thread.
    sign_in(page, "hume@demo.example.org", t)
    page.goto("/exchanges")
    page.locator("ul.plain-list a[href^='/exchanges/']").first.click()
    page.get_by_role("button", name=t("Accept"), exact=True).click()
    expect(page.get_by_text(t("Only the people taking part can read this thread."), exact=False)).to_be_visible()
    page.get_by_label(t("Your reply")).fill(w["welcome"])
    page.get_by_role("button", name=t("Publish the reply"), exact=True).click()
    expect(page.get_by_text(w["welcome seen"])).to_be_visible()
    thread_url = page.url.split("#")[0]
    sign_out(page, t)

    # Someone outside the exchange cannot read it.
    sign_in(page, "secretariat@demo.example.org", t)
    response = page.goto(thread_url)
    assert response.status == 403
    page.goto("/account")
    sign_out(page, t)

    # Espoo replies, then closes the exchange with a public outcome and records the adoption.
    sign_in(page, "espoo@demo.example.org", t)
    page.goto(thread_url)
    page.get_by_label(t("Your reply")).fill(w["thanks"])
    page.get_by_role("button", name=t("Publish the reply"), exact=True).click()
    page.goto("/exchanges")
    page.locator("ul.plain-list a[href^='/exchanges/']").first.click()
    page.get_by_label(t("What came out of the exchange")).fill(w["outcome"])
    page.get_by_label(t("Show this outcome on both cities' pages")).check()
    page.get_by_role("button", name=t("Close with this outcome"), exact=True).click()
    expect(page.locator(".state")).to_have_text(t("closed", context="exchange state"))
    page.goto("/cities/hume")
    expect(page.get_by_text(w["outcome"])).to_be_visible()

    page.goto(f"/practices/{HUME_CASE}")
    page.get_by_role("link", name=t("We adapted this: record it")).click()
    page.get_by_label(t("Adapted it")).check()
    page.get_by_label(t("What the city changed")).fill(w["changes"])
    page.get_by_label(t("What happened")).fill(w["results"])
    page.get_by_role("button", name=t("Record it"), exact=True).click()
    expect(page.locator("#adoptions a[href='/cities/espoo']")).to_have_count(1)
    page.goto("/network/transfers")
    # One more arrow than the demo's own adoptions: Hume → Espoo, with both cities named.
    expect(page.locator("svg line")).to_have_count(len(ADOPTIONS) + 1)
    expect(page.locator("#transfer-list-title + ul li")).to_have_count(len(ADOPTIONS) + 1)
    adoption = page.locator("#transfer-list-title + ul li").filter(
        has=page.locator(f"a[href='/practices/{HUME_CASE}']"))
    expect(adoption.locator("a[href='/cities/espoo']")).to_have_count(1)
