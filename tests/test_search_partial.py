"""When not every word is found: the practices with most of the words, ranked, and the words
found nowhere named (engine, page and API); a Chinese word with one wrong character gets a
suggestion."""
import pytest

from search_index import chinese_suggestions
from search_index.searcher import Searcher
from tests.test_search_matching import DOCUMENTS, _write

MORE = [
    ("p7", "Library festival for families", "Families read at the library festival."),
    ("p8", "终身学习节", "图书馆在终身学习节为市民举办阅读活动。"),
    ("p9", "老年大学", "老年人在社区学习数字技能。"),
]


@pytest.fixture()
def searcher(tmp_path):
    root = str(tmp_path / "index")
    _write(root, DOCUMENTS + MORE)
    return Searcher(root)


def test_a_word_found_nowhere_gives_the_practices_with_the_other_words(searcher):
    found = searcher.search("library festival xyzzyq")
    assert found.partial and found.missing == ["xyzzyq"]
    # p1 and p7 have both other words, p2 only one: most words first.
    assert set(found.ids[:2]) == {"p1", "p7"} and "p2" in found.ids[2:]
    assert found.total == len({d for d, title, text in DOCUMENTS + MORE
                               if "librar" in (title + text).lower() or "festival" in (title + text).lower()})


def test_a_query_that_matches_is_not_relaxed(searcher):
    found = searcher.search("library festival")
    assert not found.partial and found.missing == [] and set(found.ids) == {"p1", "p7"}


def test_missing_words_are_named_as_typed_and_phrases_keep_their_quotes(searcher):
    found = searcher.search('Libraries "purple elephants"')
    assert found.partial and found.missing == ["“purple elephants”"]
    assert searcher.search("Libraries Zorblat").missing == ["Zorblat"]   # not its stem


def test_words_that_exist_but_never_together_give_partial_matches_naming_nothing(searcher):
    found = searcher.search("gardens migrants")
    assert found.partial and found.missing == [] and set(found.ids) == {"p4", "p5"}


def test_a_single_unknown_word_and_not_clauses_are_not_relaxed_away(searcher):
    assert not searcher.search("xyzzyq").partial and searcher.search("xyzzyq").total == 0
    found = searcher.search("library NOT older xyzzyq")
    assert found.partial and "p2" not in found.ids and "p1" in found.ids


def test_a_chinese_run_is_relaxed_word_by_word(searcher):
    found = searcher.search("终身学习火星")
    assert found.partial and found.missing == ["火星"] and "p6" in found.ids and "p8" in found.ids


def test_partial_results_respect_filters(searcher):
    found = searcher.search("library festival xyzzyq", filters={"commitment": "1"})
    assert found.partial and found.ids and all(i in {"p1", "p4", "p7"} for i in found.ids)


def test_a_chinese_word_with_one_wrong_character_gets_a_suggestion(searcher):
    assert searcher.search("图书管").suggestion == "图书馆"
    assert searcher.search("终生学习").suggestion == "终身学习"
    assert searcher.search("老年人 数子技能").suggestion == "老年人 数字技能"
    assert searcher.search("图书馆").suggestion is None


def test_words_one_character_apart_are_found_in_either_half():
    lexicon = chinese_suggestions.Lexicon(dict.fromkeys(["图书馆", "图书室", "终身学习", "数字技能", "社区"], 1))
    assert lexicon.one_character_apart("图书管") == {"图书馆", "图书室"}
    assert lexicon.one_character_apart("终生学习") == {"终身学习"}
    assert lexicon.one_character_apart("数子技能") == {"数字技能"}
    assert lexicon.one_character_apart("杜区") == {"社区"}
    assert lexicon.one_character_apart("图书馆") == {"图书室"}   # never the word itself


def test_the_page_and_the_api_say_that_not_every_word_was_found(client, make_practice):
    make_practice(title="Homework club in the library", summary="Pupils do homework with volunteers.")
    page = client.get("/search?q=homework+library+qwertyzz").get_data(as_text=True)
    assert "Homework club in the library" in page
    assert "No practice has the word qwertyzz." in page
    data = client.get("/api/v1/practices?q=homework+library+qwertyzz").get_json()
    assert data["partial"] is True and data["missing_words"] == ["qwertyzz"]
    assert "Homework club in the library" in [r["title"] for r in data["results"]]
    data = client.get("/api/v1/practices?q=homework+library").get_json()
    assert data["partial"] is False and data["missing_words"] == []
