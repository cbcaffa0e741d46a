"""Search: English stemming, Chinese segmentation, both languages of a practice, facets,
filters, suggestions, snippets, and friendly errors."""
import re

import pytest


def titles(response):
    return re.findall(r'<h3 lang="[\w-]+"(?: dir="auto")?><a href="/practices/[^"]+">([^<]+)</a>',
                      response.get_data(as_text=True))


def total(response):
    return int(re.search(r'id="results-title"[^>]*>(?:<[^>]*>)*(\d+)', response.get_data(as_text=True)).group(1))


def test_english_words_are_stemmed(client, make_practice):
    make_practice(title="Libraries open learning labs", summary="Teens learning with mentors.")
    for query in ("library", "libraries", "learn"):
        assert "Libraries open learning labs" in titles(client.get(f"/search?q={query}")), query


@pytest.mark.parametrize("query", ["图书馆", "学习型城市", "终身学习"])
def test_chinese_queries_are_segmented(client, make_practice, query):
    make_practice(title="社区图书馆推动终身学习", summary="这座学习型城市的图书馆为居民开设终身学习课程。",
                  language="zh", city="beijing")
    assert "社区图书馆推动终身学习" in titles(client.get(f"/search?q={query}"))


def test_a_chinese_query_finds_an_english_practice_by_its_chinese_summary(client, make_practice):
    make_practice(title="Reading garden for grandparents", summary="Older people read with children.",
                  translation={"language": "zh", "title": "祖孙阅读花园", "summary": "老年人和孩子在花园里一起阅读。"})
    chinese = client.get("/search?q=祖孙&lang=zh")
    assert titles(chinese) == ["祖孙阅读花园"] and total(chinese) == 1
    english = client.get("/search?q=祖孙&lang=en")
    assert titles(english) == ["Reading garden for grandparents"] and total(english) == 1


def test_facet_counts_agree_with_the_filters(client):
    page = client.get("/search?q=learning").get_data(as_text=True)
    counts = dict(re.findall(r'href="/search\?q=learning&amp;page=1&amp;commitment=(\d+)">[^<]+</a>'
                             r' <span class="meta">\((\d+)\)', page))
    assert counts, "commitment facet shown"
    for number, count in list(counts.items())[:4]:
        assert total(client.get(f"/search?q=learning&commitment={number}")) == int(count)


def test_filters_narrow_the_results_and_can_be_removed(client):
    everything = total(client.get("/search?q=learning"))
    europe = client.get("/search?q=learning&region=europe-north-america")
    assert 0 < total(europe) < everything
    assert "Remove filter" in europe.get_data(as_text=True)


def test_sort_by_newest_and_pagination(app, client, make_practice):
    app.config["SEARCH_PER_PAGE"] = 2
    for n in range(5):
        make_practice(title=f"Zebra crossing lessons {n}", summary="Road safety for children.")
    first = titles(client.get("/search?q=zebra&sort=newest"))
    assert len(first) == 2 and first[0] == "Zebra crossing lessons 4"
    assert titles(client.get("/search?q=zebra&sort=newest&page=3")) == ["Zebra crossing lessons 0"]
    assert "Page 1 of 3" in client.get("/search?q=zebra").get_data(as_text=True)


def test_a_misspelt_english_word_gets_a_suggestion(client):
    page = client.get("/search?q=libary").get_data(as_text=True)
    assert "Did you mean" in page and ">library<" in page


def test_matches_are_highlighted_in_snippets(client):
    page = client.get("/search?q=library").get_data(as_text=True)
    assert re.search(r'<mark class="hit[^"]*">[Ll]ibrar', page)


def test_a_query_that_cannot_be_parsed_gets_a_friendly_message(client):
    response = client.get('/search?q="learning festival')
    assert response.status_code == 400
    assert "quotation mark is not closed" in response.get_data(as_text=True)
    assert client.get("/search?q=" + "x" * 201).status_code == 400


@pytest.mark.parametrize("query", ["commitment=13", "region=atlantis", "country=XX", "page=0",
                                   "sort=random", "language=xx", "year=abc"])
def test_bad_filters_get_a_clear_400(client, query):
    response = client.get(f"/search?{query}")
    assert response.status_code == 400
    assert 'class="error-summary"' in response.get_data(as_text=True)


def test_wildcards_are_not_run_as_prefix_queries(client):
    response = client.get("/search?q=libr*")
    assert response.status_code == 200


def test_city_names_are_found_too(client):
    page = client.get("/search?q=Espoo").get_data(as_text=True)
    assert 'Cities: <a href="/cities/espoo">' in page


def test_visibility_is_applied_in_sql_even_if_the_index_lags(app, client, make_practice):
    slug = make_practice(title="Quietly withdrawn practice", summary="Soon unpublished.")
    from models.practices import Practice, PracticeStatus
    from portal.extensions import db
    with app.app_context():  # change the row without telling the index
        practice = db.session.scalar(db.select(Practice).filter_by(slug=slug))
        practice.status = PracticeStatus.unpublished
        db.session.commit()
    assert "Quietly withdrawn practice" not in titles(client.get("/search?q=quietly"))


def test_the_practices_list_shows_everything_newest_first(client, make_practice):
    make_practice(title="The very newest practice")
    names = titles(client.get("/practices"))
    assert names[0] == "The very newest practice"


def test_chinese_quotation_marks_make_a_phrase(client, make_practice):
    make_practice(title="学习节活动", summary="社区举办学习节。", language="zh", city="beijing")
    response = client.get("/search?q=“学习节”")
    assert response.status_code == 200 and "学习节活动" in response.get_data(as_text=True)


def test_the_total_is_exact_across_index_segments(client, make_practice):
    # Each practice is indexed by its own commit, so the index holds several segments.
    for n in range(7):
        make_practice(title=f"Quokka walk {n}", summary="A walk to meet quokkas.")
    assert total(client.get("/search?q=quokka")) == 7
    assert client.get("/api/v1/practices?q=quokka").json["total"] == 7
