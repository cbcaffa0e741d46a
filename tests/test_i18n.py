"""The reader's language: Accept-Language, a switcher that sticks, shareable URLs."""
import re

import pytest


def lang_of(response):
    return re.search(r'<html lang="([^"]+)"', response.get_data(as_text=True)).group(1)


def test_accept_language_chooses_chinese(client):
    response = client.get("/commitments", headers={"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5"})
    assert lang_of(response) == "zh-Hans"
    assert "增强个人能力和社会凝聚力" in response.get_data(as_text=True)


def test_unsupported_language_falls_back_to_english(client):
    response = client.get("/", headers={"Accept-Language": "de-DE,it;q=0.8"})
    assert lang_of(response) == "en"


def test_url_choice_overrides_the_browser_and_sticks(client):
    first = client.get("/?lang=zh", headers={"Accept-Language": "en"})
    assert lang_of(first) == "zh-Hans"
    assert "lang=zh" in first.headers["Set-Cookie"]
    later = client.get("/commitments", headers={"Accept-Language": "en"})
    assert lang_of(later) == "zh-Hans"
    back = client.get("/commitments?lang=en")
    assert lang_of(back) == "en"
    assert lang_of(client.get("/key-features")) == "en"


def test_unknown_language_in_the_url_is_ignored(client):
    response = client.get("/?lang=xx", headers={"Accept-Language": "en"})
    assert lang_of(response) == "en"
    assert "Set-Cookie" not in response.headers


def test_switcher_links_keep_the_page_and_its_filters(client):
    page = client.get("/cities?region=africa").get_data(as_text=True)
    assert 'href="/cities?region=africa&amp;lang=zh"' in page
    assert 'hreflang="zh"' in page


def test_responses_vary_on_what_chooses_the_language(client):
    vary = client.get("/").headers["Vary"]
    assert "Accept-Language" in vary and "Cookie" in vary


def test_bilingual_data_follows_the_language(client):
    page = client.get("/cities/hume?lang=zh").get_data(as_text=True)
    assert "休姆" in page and "澳大利亚" in page
    page = client.get("/cities/hume?lang=en").get_data(as_text=True)
    assert "Hume" in page and "Australia" in page


@pytest.mark.parametrize("accept, expected", [
    ("fr-FR,de;q=0.8", "fr"), ("es-PE,es;q=0.9", "es"), ("ar-MA", "ar"), ("ru-KZ,kk;q=0.8", "ru"),
    ("kk,ru;q=0.5", "ru"), ("zh-CN", "zh-Hans")])
def test_each_un_language_is_chosen_from_the_browser(client, accept, expected):
    assert lang_of(client.get("/", headers={"Accept-Language": accept})) == expected
