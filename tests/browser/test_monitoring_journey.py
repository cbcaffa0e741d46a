"""Issue 13's whole journey in a real browser, in English, Chinese, French and Arabic: Hume's
coordinator appoints a data officer, who enters a focus area's data (one value refused, one
warning confirmed), uploads the rest from CSV (a file with a bad row is refused whole and the
row named, then the corrected file is saved) and self-assesses; the coordinator writes and
submits the progress report; the secretariat returns it with a comment, the city answers and
resubmits, the secretariat accepts and publishes it; a visitor then reads the values, their
trend and the comparison with peers on Hume's Key Features profile, and the report itself."""
import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from portal.reference.demo_membership import DEMO_PASSWORD
from tests.browser.conftest import _serving
from tests.browser.languages import JOURNEY_LANGUAGES, city_name, locale, sign_in, sign_out, words
from tests.browser.test_csv_upload_journey import filled, says_bad_row
from tests.browser.test_progress_report_journey import _act

YEAR = dt.date.today().year   # the last year of the open cycle: the year its reports carry
COORDINATOR, SECRETARIAT = "hume@demo.example.org", "secretariat@demo.example.org"
OFFICER, OFFICER_NAME = "dana.officer@example.org", "Dana Officer"
LITERACY = "adult-literacy-rate"
# Adult literacy a year earlier, published: Hume's (the new value is a large change from it)
# and three peers' (so that the profile has a group to compare with).
EARLIER = {"hume": 50, "espoo": 95, "melton": 85, "cork": 92}
# What the CSV file adds: the rest of focus area 1.1.
REST = {("volunteering-and-community-activities", ""): "38", ("gender-equality-in-politics", ""): "41",
        ("gender-equality-in-business-management", ""): "33", ("crime-level", ""): "2100",
        ("social-mobility", ""): "12"}
BAD_ROW = ("volunteering-and-community-activities", "")
NARRATIVE = {"en": "Every library branch now runs a family learning hour on Saturdays.",
             "zh": "每个图书馆分馆现在每周六都开设家庭学习时间，居民反响热烈。",
             "fr": "Chaque bibliothèque de quartier propose désormais une heure d'apprentissage en famille le samedi.",
             "ar": "تنظّم كل فروع المكتبة الآن ساعة للتعلّم العائلي أيام السبت."}
ANSWER = {"en": "About 1 200 families took part.", "zh": "约有一千二百个家庭参加。",
          "fr": "Environ 1 200 familles y ont participé.", "ar": "شاركت نحو 1200 أسرة."}
COMMENT = "Please say how many families took part."


def _prepare(language):
    def prepare(app):
        """The officer's account (not yet appointed), last year's published literacy values,
        and an open reporting cycle (the tests' database has none) that Hume is due in."""
        from portal.auth.operations import create_account, find_user_by_email
        from portal.extensions import db
        from portal.monitoring import reports
        from tests.monitoring_data import publish
        with app.test_request_context():
            create_account(name=OFFICER_NAME, email=OFFICER, password=DEMO_PASSWORD, language=language,
                           verified=True)
            publish({(slug, LITERACY, YEAR - 1): value for slug, value in EARLIER.items()})
            reports.open_cycle(title=f"Progress reports {YEAR - 1}–{YEAR}", period_start=YEAR - 1,
                               period_end=YEAR, deadline=dt.date.today() + dt.timedelta(days=60),
                               actor=find_user_by_email(SECRETARIAT))
            db.session.commit()
    return prepare


@pytest.mark.parametrize("language", JOURNEY_LANGUAGES)
def test_a_city_records_reports_and_publishes_its_progress(browser, databases, tmp_path, language):
    t = words(language)
    with _serving(databases, tmp_path, _prepare(language)) as (base_url, _):
        context = browser.new_context(locale=locale(language), base_url=base_url)
        page = context.new_page()
        try:
            _appoint_the_officer(page, t, language)
            sign_in(page, OFFICER, t)
            _enter_focus_area(page, t)
            _upload_the_rest(page, t, language, tmp_path)
            _self_assess(page, t, language)
            sign_out(page, t)
            report_url = _write_and_submit(page, t, language)
            _return_with_a_comment(page, t, report_url)
            _answer_and_resubmit(page, t, language, report_url)
            _accept_and_publish(page, t, report_url)
            _visitor_reads_the_profile(page, t, language)
            _visitor_reads_the_report(page, t, language, report_url)
        finally:
            context.close()


def _appoint_the_officer(page, t, language):
    sign_in(page, COORDINATOR, t)
    page.goto("/cities/hume/data/team")
    page.get_by_label(t("Email address of the person's account")).fill(OFFICER)
    page.get_by_role("button", name=t("Appoint"), exact=True).click()
    expect(page.locator(".flash")).to_contain_text(
        t("%(name)s is now a data officer of %(city)s.", name=OFFICER_NAME, city=city_name("hume", language)))
    expect(page.locator("section[aria-labelledby=officers-title]")).to_contain_text(OFFICER)
    sign_out(page, t)


def _enter_focus_area(page, t):
    page.goto("/cities/hume/data")
    page.get_by_role("spinbutton", name=t("Reference year")).fill(str(YEAR))
    page.get_by_role("button", name=t("Open the year"), exact=True).click()
    page.locator(f"a[href='/cities/hume/data/{YEAR}/1.1']").click()
    literacy, voters = page.locator(f"#f-{LITERACY}-all-value"), page.locator("#f-voter-participation-all-value")
    literacy.fill("90")
    page.locator(f"#f-{LITERACY}-sex-female-value").fill("91")
    page.locator(f"#f-{LITERACY}-citation_publisher").fill("Hume City Council")
    voters.fill("140")   # a share of 140 %: refused, and what was typed stays
    page.get_by_role("button", name=t("Save as a draft"), exact=True).click()
    expect(page.locator("#f-voter-participation-all-value-error")).to_be_visible()
    expect(page.locator(".error-summary")).to_contain_text("140")
    expect(literacy).to_have_value("90")
    voters.fill("64")    # corrected: literacy from 50 % to 90 % is a warning to confirm
    page.get_by_role("button", name=t("Save as a draft"), exact=True).click()
    expect(page.locator(f"#f-{LITERACY}-all-confirm-warning")).to_be_visible()
    page.locator(f"#f-{LITERACY}-all-confirm").check()
    page.get_by_role("button", name=t("Save as a draft"), exact=True).click()
    expect(page.locator(".flash")).to_contain_text(
        t("Saved: %(added)s added, %(changed)s changed, %(removed)s removed.", added=3, changed=0, removed=0))
    expect(literacy).to_have_value("90")


def _line_of(csv_text, point, breakdown=""):
    """The line number of a point's row in the file (the header is line 1)."""
    return next(number for number, line in enumerate(csv_text.splitlines(), start=1)
                if line.split(",")[2:4] == [point, breakdown])


def _upload(page, t, path, text):
    path.write_text(text, encoding="utf-8")
    page.locator("input[type=file]").set_input_files(str(path))
    page.get_by_role("button", name=t("Upload and save"), exact=True).click()


def _upload_the_rest(page, t, language, tmp_path):
    page.get_by_role("link", name=t("Back to the year %(year)s", year=YEAR)).click()
    page.get_by_role("link", name=t("Upload a CSV file of %(year)s", year=YEAR)).click()
    with page.expect_download() as download:
        page.get_by_role("link", name=t("Download the CSV template of %(year)s", year=YEAR)).click()
    template = download.value.path().read_text(encoding="utf-8")
    # A file with one bad row is refused whole, the row named.
    bad, _line = filled(template, {**REST, BAD_ROW: "140"})
    _upload(page, t, tmp_path / "bad.csv", bad)
    expect(page.locator(".error-summary")).to_contain_text(
        says_bad_row(t, _line_of(bad, *BAD_ROW)))
    # The corrected file is saved; what was entered on the page comes back unchanged.
    good, _line = filled(template, REST)
    _upload(page, t, tmp_path / "good.csv", good)
    expect(page.locator(".flashes")).to_contain_text(
        t("The file is saved: %(added)s values added, %(changed)s changed, %(unchanged)s unchanged.",
          added=len(REST), changed=0, unchanged=3))


def _self_assess(page, t, language):
    page.goto(f"/cities/hume/data/{YEAR}/self-assessment")
    page.locator('input[id="rating-1.1.1-4"]').check()
    page.locator('textarea[id="justification-1.1.1"]').fill(NARRATIVE[language])
    page.get_by_role("button", name=t("Save the self-assessment"), exact=True).click()
    expect(page.locator(".flash")).to_contain_text(
        t("The self-assessment of %(city)s for %(year)s is saved.", city=city_name("hume", language), year=YEAR))
    expect(page.locator('input[id="rating-1.1.1-4"]')).to_be_checked()


def _write_and_submit(page, t, language):
    """Returns the report's path."""
    sign_in(page, COORDINATOR, t)
    page.goto("/cities/hume/reports")
    page.get_by_role("button", name=t("Start the report"), exact=True).click()
    for number in range(1, 13):
        page.locator(f"#narratives_{number}").fill(f"{NARRATIVE[language]} ({number})")
    for part in ("achievements", "challenges", "plans"):
        page.locator(f"#{part}").fill(NARRATIVE[language])
    page.get_by_role("button", name=t("Save the report"), exact=True).click()
    expect(page.get_by_text(t("The report is saved."))).to_be_visible()
    report_url = re.sub(r"^https?://[^/]+", "", page.url)
    _act(page, t, "submit")
    expect(page.locator(".flash")).to_contain_text(
        t("The progress report of %(city)s is submitted to the secretariat; the data of %(year)s is published "
          "with it.", city=city_name("hume", language), year=YEAR))
    expect(page.locator(".lead .state")).to_have_text(t("Submitted, with the secretariat"))
    sign_out(page, t)
    return report_url


def _return_with_a_comment(page, t, report_url):
    sign_in(page, SECRETARIAT, t)
    page.goto(report_url)
    _act(page, t, "return", COMMENT)
    expect(page.locator(".lead .state")).to_have_text(t("Returned to the city with comments"))
    sign_out(page, t)


def _answer_and_resubmit(page, t, language, report_url):
    sign_in(page, COORDINATOR, t)
    page.goto(report_url)
    expect(page.locator(".timeline")).to_contain_text(COMMENT)
    page.get_by_role("link", name=t("Write the report")).click()
    page.locator("#narratives_4").fill(f"{NARRATIVE[language]} {ANSWER[language]}")
    page.get_by_role("button", name=t("Save the report"), exact=True).click()
    expect(page.get_by_text(t("The report is saved."))).to_be_visible()
    _act(page, t, "resubmit", ANSWER[language])
    expect(page.locator(".lead .state")).to_have_text(t("Submitted, with the secretariat"))
    sign_out(page, t)


def _accept_and_publish(page, t, report_url):
    sign_in(page, SECRETARIAT, t)
    page.goto(report_url)
    _act(page, t, "accept", confirm=True)
    expect(page.locator(".lead .state")).to_have_text(t("Accepted", context="report status"))
    _act(page, t, "publish")
    expect(page.locator(".lead .state")).to_have_text(t("Published", context="report status"))
    sign_out(page, t)


def _visitor_reads_the_profile(page, t, language):
    """Signed out: the values just published, their trend, and Hume among all member cities."""
    page.goto("/cities/hume")
    page.get_by_role("link", name=t("Key Features profile: the data of %(city)s, its trend and how it compares "
                                    "with other member cities", city=city_name("hume", language))).click()
    literacy = page.locator(f"article:has(h5#mp-{LITERACY})")
    expect(literacy.locator(".point-value strong")).to_have_text(t("%(value)s %%", value=90))
    expect(literacy.locator(".point-value")).to_contain_text(str(YEAR))
    expect(literacy.locator(".trend-figure").get_by_role("img")).to_be_visible()
    expect(literacy.locator(".trend-figure tbody tr")).to_have_count(2)   # last year's 50 % and this year's
    # All member cities with data: Hume 90, Espoo 95, Melton 85, Cork 92: median 91.
    expect(literacy.locator(".comparison").get_by_role("img")).to_be_visible()
    expect(literacy.locator(".comparison")).to_contain_text(re.compile(r"4\D+91 ?%"))
    volunteering = page.locator("article:has(h5#mp-volunteering-and-community-activities)")
    expect(volunteering.locator(".point-value strong")).to_have_text(t("%(value)s %%", value=38))   # from the CSV file
    expect(page.locator('section.kf-profile:has(h4[id="kf-1.1.1"]) .self-assessment')).to_contain_text(
        NARRATIVE[language])


def _visitor_reads_the_report(page, t, language, report_url):
    page.goto("/cities/hume")
    page.locator(f'a[href="{report_url}"]').click()
    expect(page.locator(".lead .state")).to_have_text(t("Published", context="report status"))
    expect(page.get_by_text(f"{NARRATIVE[language]} (12)")).to_be_visible()
    expect(page.get_by_text(f"{NARRATIVE[language]} {ANSWER[language]}")).to_be_visible()
    expect(page.locator("form.transition-form")).to_have_count(0)
