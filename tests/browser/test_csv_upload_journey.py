"""A city's data officer loads a year's values from CSV in a real browser, in English, Chinese,
French and Arabic: downloads the template, uploads it with a bad row (refused whole, the row named),
then the corrected file (saved)."""
import re

import pytest
from playwright.sync_api import expect

from portal.reference.demo_membership import DEMO_PASSWORD
from tests.browser.languages import JOURNEY_LANGUAGES, words


def says_bad_row(t, line):
    """How the error summary names a refused value in the column `value` on line `line`."""
    return t("line %(line)s, column %(column)s: %(reason)s", line=line, column="value", reason="").strip()


def sign_in(page, email, language):
    page.goto(f"/login?lang={language}")
    page.locator("input[type=email]").fill(email)
    page.locator("input[type=password]").fill(DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/start$"))


def filled(template, value_of):
    """The template with the values of `value_of` {(point, breakdown): value} written in."""
    lines = template.lstrip("\ufeff").splitlines()
    for number, line in enumerate(lines):
        cells = line.split(",")
        if (cells[2], cells[3]) in value_of:
            cells[4] = value_of[(cells[2], cells[3])]
            lines[number] = ",".join(cells)
    return "\n".join(lines) + "\n", next(n + 1 for n, line in enumerate(lines)
                                           if line.split(",")[2:4] == ["adult-literacy-rate", ""])


@pytest.mark.parametrize("language", JOURNEY_LANGUAGES)
def test_a_data_officer_uploads_a_years_values_from_csv(page, tmp_path, language):
    t = words(language)
    sign_in(page, "data@demo.example.org", language)
    page.goto("/cities/columbus/data/2024/upload")
    with page.expect_download() as download:
        page.locator("main a[href$='/data/2024/template.csv']").first.click()
    template = download.value.path().read_text(encoding="utf-8")
    assert template.startswith("\ufeffcity,year,measurement_point")

    bad, line = filled(template, {("adult-literacy-rate", ""): "140", ("voter-participation", ""): "61"})
    (tmp_path / "bad.csv").write_text(bad, encoding="utf-8")
    page.locator("input[type=file]").set_input_files(str(tmp_path / "bad.csv"))
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".error-summary")).to_contain_text(says_bad_row(t, line))

    good, _line = filled(template, {("adult-literacy-rate", ""): "97.5", ("voter-participation", ""): "61"})
    (tmp_path / "good.csv").write_text(good, encoding="utf-8")
    page.locator("input[type=file]").set_input_files(str(tmp_path / "good.csv"))
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".flashes")).to_contain_text(
        t("The file is saved: %(added)s values added, %(changed)s changed, %(unchanged)s unchanged.",
          added=2, changed=0, unchanged=0))
