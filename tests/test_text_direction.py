"""Arabic reads right to left: the page says so (<html dir="rtl">), user text in another
direction is isolated from the sentence around it, arrows point the way the page reads, and
numbers in messages follow the reader's locale. (How it looks: tests/browser/test_rtl_layout.py.)"""
import json
import re

import pytest

from portal.text import slugify

HUME_CASE = slugify(json.loads(open("data/practices/case_studies.jsonl", encoding="utf-8").readline())["title"])


def html_tag(response):
    return re.search(r"<html[^>]*>", response.get_data(as_text=True)).group(0)


@pytest.mark.parametrize("language, tag", [
    ("ar", '<html lang="ar" dir="rtl">'), ("en", '<html lang="en" dir="ltr">'),
    ("fr", '<html lang="fr" dir="ltr">'), ("zh", '<html lang="zh-Hans" dir="ltr">')])
def test_the_page_says_which_way_it_reads(client, language, tag):
    assert html_tag(client.get(f"/?lang={language}")) == tag
    assert html_tag(client.get(f"/cities/hume?lang={language}")) == tag


def test_english_text_on_an_arabic_page_is_isolated_and_marked(client):
    page = client.get(f"/practices/{HUME_CASE}?lang=ar").get_data(as_text=True)
    # The practice exists in English only: its title and summary run left to right.
    assert re.search(r'<h1 lang="en" dir="auto">Hume Global Learning Village', page)
    assert re.search(r'<p class="lead" lang="en" dir="auto">In Hume City', page)
    # A name inside an Arabic list keeps its place: "(البلدية)" stays after it.
    assert '<bdi lang="en">Hume City Council and Hume Library</bdi> (البلدية)' in page
    # The city's Arabic name, in the Arabic sentence, is isolated too (it needs no lang).
    assert "<bdi>هيوم</bdi>" in page


def test_an_english_page_keeps_its_markup(client):
    page = client.get(f"/practices/{HUME_CASE}?lang=en").get_data(as_text=True)
    assert "<bdi" not in page and 'dir="auto">Hume' not in page
    assert "<h1>Hume Global Learning Village" in page


def test_arabic_text_on_an_english_page_is_isolated(app):
    from portal.language_of_parts import isolated, marked
    with app.test_request_context("/?lang=en"):
        assert str(marked("مدينة 6 أكتوبر")) == '<bdi lang="ar">مدينة 6 أكتوبر</bdi>'
        assert str(marked("Hume")) == "Hume"
        assert str(isolated("info@example.org")) == "info@example.org"
    with app.test_request_context("/?lang=ar"):
        assert str(marked("مدينة 6 أكتوبر")) == "<bdi>مدينة 6 أكتوبر</bdi>"
        assert str(marked("Hume")) == '<bdi lang="en">Hume</bdi>'
        assert str(isolated("info@example.org")) == "<bdi>info@example.org</bdi>"


def test_form_fields_take_the_direction_of_what_is_typed(client):
    page = client.get("/signup?lang=ar").get_data(as_text=True)
    # An email address always runs left to right, even on an Arabic page.
    assert re.search(r'<input[^>]*dir="ltr"[^>]*name="email"|<input[^>]*name="email"[^>]*dir="ltr"', page)
    search = re.search(r'<input type="search" id="site-search-q"[^>]*>', page).group(0)
    assert 'dir="auto"' in search


def test_arrows_point_the_way_the_page_reads(client):
    arabic = client.get("/commitments/3?lang=ar").get_data(as_text=True)
    # Previous and next: the arrows turn round with the page (static/css/portal.css).
    assert arabic.count('<span class="direction-arrow" aria-hidden="true">') == 2
    graph = {language: client.get(f"/network/transfers?lang={language}").get_data(as_text=True)
             for language in ("ar", "en")}
    edge = r"<title>[^<]+ %s [^<]+ \(\d+\)</title>"
    assert re.search(edge % "←", graph["ar"]) and not re.search(edge % "→", graph["ar"])
    assert re.search(edge % "→", graph["en"])


def test_numbers_in_messages_follow_the_readers_locale(app):
    from portal.monitoring.schema import value_warnings
    with app.test_request_context("/?lang=fr"):
        (warning,) = value_warnings(None, 1500.5, previous=100)
        assert "1\u202f500,5" in warning and "1500.5" not in warning
    with app.test_request_context("/?lang=en"):
        (warning,) = value_warnings(None, 1500.5, previous=100)
        assert "1,500.5" in warning


def test_an_adoption_is_punctuated_in_the_readers_language(client):
    arabic = client.get("/network/transfers?lang=ar").get_data(as_text=True)
    assert re.search(r"\(من <bdi>[^<]+</bdi>\)، منذ \d{4}", arabic)
    english = client.get("/network/transfers?lang=en").get_data(as_text=True)
    assert re.search(r"\(from [^<()]+\), since \d{4}", english)
