"""A city's data officer loads a year's values from CSV in a real browser, in English and in
Chinese: downloads the template, uploads it with a bad row (refused whole, the row named),
then the corrected file (saved)."""
import re

import pytest
from playwright.sync_api import expect

from portal.reference.demo_membership import DEMO_PASSWORD

SAYS = {
    "en": {"bad": "line {line}, column value:", "saved": "The file is saved: 2 values added"},
    "zh": {"bad": "第 {line} 行，value 列：", "saved": "文件已保存：新增 2 个数值"},
}


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


@pytest.mark.parametrize("language", ["en", "zh"])
def test_a_data_officer_uploads_a_years_values_from_csv(page, tmp_path, language):
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
    expect(page.locator(".error-summary")).to_contain_text(SAYS[language]["bad"].format(line=line))

    good, _line = filled(template, {("adult-literacy-rate", ""): "97.5", ("voter-participation", ""): "61"})
    (tmp_path / "good.csv").write_text(good, encoding="utf-8")
    page.locator("input[type=file]").set_input_files(str(tmp_path / "good.csv"))
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".flashes")).to_contain_text(SAYS[language]["saved"])
