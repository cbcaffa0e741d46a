"""The array evaluation of queries (search_index/matching.py) finds exactly the documents
Whoosh's own matchers find, ranks by the same scores, and forgets deleted documents, in the
fields of all six languages."""
import datetime as dt

import numpy as np
import pytest
from whoosh.query import Term

from search_index import indexer, matching
from search_index.searcher import Searcher

DOCUMENTS = [
    ("p1", "Learning festival in the library", "The city library runs a learning festival every spring."),
    ("p2", "Library for older people", "Older volunteers teach digital skills in the library."),
    ("p3", "Cities learn at a festival", "Cities learning together at a learning festival in June."),
    ("p4", "Digital skills for migrants", "Migrants learn digital skills with volunteers."),
    ("p5", "Community gardens", "Gardens where neighbours learn from each other."),
    ("p6", "社区图书馆", "社区图书馆为老年人开设数字技能课程，推动终身学习。"),
]
# (id, language, title, text): French and Spanish with and without accents (a word indexed
# under two stems at one position), Russian, Arabic with its prefixes and short vowels.
MULTILINGUAL = [
    ("m1", "fr", "Les bibliothèques de quartier", "La bibliothèque municipale ouvre un atelier d'éducation numérique."),
    ("m2", "fr", "Cours du soir", "Des cours du soir à la bibliotheque municipale pour les adultes."),
    ("m3", "es", "Bibliotecas para todos", "La biblioteca municipal ofrece educación para adultos."),
    ("m4", "es", "Educacion de adultos", "Clases de educacion en la biblioteca del barrio."),
    ("m5", "ru", "Библиотека для всех", "Городская библиотека проводит занятия для пожилых людей."),
    ("m6", "ru", "Занятия в библиотеках", "Пожилые люди учатся в библиотеке."),
    ("m7", "ar", "المكتبات العامة", "تنظم المَكْتَبَة دروسا للكبار في المدينة."),
    ("m8", "ar", "برنامج القراءة", "يقرأ الأطفال والمكتبة مفتوحة للكبار."),
    ("m9", "ar", "لقاءات أسبوعية", "يلتقي السكان بالمكتبة كل أسبوع."),
]


@pytest.fixture()
def index_root(tmp_path):
    return str(tmp_path / "index")   # created empty on first use


def _write(root, documents, *, segments=1):
    """Documents (id, title, text), in English or Chinese, or (id, language, title, text)."""
    chunks = [documents[i::segments] for i in range(segments)]
    for chunk in chunks:
        with indexer.writing(root) as writer:
            for n, document in enumerate(chunk):
                if len(document) == 4:
                    doc_id, language, title, text = document
                else:
                    doc_id, title, text = document
                    language = "zh" if any("\u4e00" <= c <= "\u9fff" for c in text) else "en"
                writer.put({"id": doc_id, "type": "practice", f"title_{language}": title,
                            f"text_{language}": text, "country": "FI", "commitment": [1 + n % 3],
                            "key_feature": KEY_FEATURES[int(doc_id[1:]) % len(KEY_FEATURES)],
                            "published": dt.datetime(2020, 1, 1 + n)})


# Key features of the documents (by number), from the first and the last bits of the mask.
KEY_FEATURES = [["1.1.1"], ["3.3.3", "2.2.1"], [], ["3.3.3"]]


def _whoosh(searcher, query):
    return {searcher.stored_fields(hit.docnum)["id"]: round(hit.score, 3)
            for hit in searcher.search(query, limit=None, optimize=False)}


def _ours(state, query):
    mask, scores = matching.evaluate(state.view, query)
    mask &= state.view.alive
    return {state.searcher.stored_fields(int(d))["id"]: round(float(scores[d]), 3) for d in np.flatnonzero(mask)}


@pytest.mark.parametrize("text", [
    "library", "learning festival", '"learning festival"', "library OR migrants",
    "digital NOT migrants", "(library OR gardens) AND learn", "learning ANDNOT festival",
    "skills ANDMAYBE volunteers", '"festival learning"', "nothinghere", "图书馆", "老年人 数字",
    "bibliothèques", "bibliotheque", '"bibliothèque municipale"', '"bibliotheque municipale"', "educacion",
    "educación adultos", '"educación para"', "adultes OR adultos", "municipal NOT soir",
    "библиотеки", "библиотека OR занятия", '"пожилые люди"', "библиотеки NOT городская",
    "مكتبة", "المكتبات للكبار", "مكتبة NOT القراءة", '"المكتبة مفتوحة"', "library مكتبة", "2024",
])
@pytest.mark.parametrize("segments", [1, 3])
def test_the_array_evaluation_agrees_with_whoosh(index_root, text, segments):
    _write(index_root, DOCUMENTS + MULTILINGUAL, segments=segments)
    searcher = Searcher(index_root)
    state = searcher._state()
    query = searcher.parse(text)
    expected = _whoosh(state.searcher, query)
    found = _ours(state, query)
    assert found.keys() == expected.keys()
    for doc_id, score in expected.items():
        assert found[doc_id] == pytest.approx(score, rel=1e-3)


def test_a_phrase_needs_its_words_side_by_side_and_in_order(index_root):
    _write(index_root, DOCUMENTS)
    results = Searcher(index_root).search('"learning festival"')
    assert sorted(results.ids) == ["p1", "p3"]
    assert Searcher(index_root).search('"festival learning"').ids == []


def test_deleted_and_replaced_documents_are_not_found(index_root):
    _write(index_root, DOCUMENTS)
    searcher = Searcher(index_root)
    assert searcher.search("library").total == 2
    with indexer.writing(index_root) as writer:
        writer.delete("p1")
        writer.put({"id": "p2", "type": "practice", "title_en": "Reading club", "text_en": "Books.",
                    "published": dt.datetime(2021, 1, 1)})
    results = searcher.search("library")
    assert results.total == 0 and results.ids == []
    assert searcher.search("reading").ids == ["p2"]
    assert searcher.search("").total == len(DOCUMENTS) - 1


def test_ranking_totals_and_facets_span_segments(index_root):
    _write(index_root, DOCUMENTS, segments=3)
    searcher = Searcher(index_root)
    results = searcher.search("learn", per_page=2)
    assert results.total == 4   # p1, p3, p4, p5 (p2 and p6 do not say "learn")
    assert len(results.ids) == 2
    assert sum(results.facets["commitment"].values()) == 4
    assert results.facets["country"] == {"FI": 4}
    page_two = searcher.search("learn", per_page=2, page=2)
    assert not set(page_two.ids) & set(results.ids)
    newest = searcher.search("", sort="newest").ids
    assert len(newest) == len(DOCUMENTS)


def test_an_unknown_query_shape_falls_back_to_whoosh(index_root, monkeypatch):
    _write(index_root, DOCUMENTS)
    searcher = Searcher(index_root)

    def refuse(view, node):
        raise matching.Unsupported("test")

    monkeypatch.setattr(matching, "evaluate", refuse)
    results = searcher.search("library")
    assert sorted(results.ids) == ["p1", "p2"] and results.total == 2


def test_the_posting_cache_stays_within_its_budget(index_root):
    _write(index_root, DOCUMENTS)
    searcher = Searcher(index_root, cache_bytes=64)
    for word in ("library", "festival", "gardens", "digital", "migrants"):
        searcher.search(word)
    cache = searcher._state().cache
    assert cache.used <= 64 or len(cache._entries) == 1
    assert searcher.search("library").total == 2


def test_filters_restrict_matches(index_root):
    _write(index_root, DOCUMENTS)
    searcher = Searcher(index_root)
    assert searcher.search("learn", filters={"commitment": "1"}).total == len(
        [d for d in searcher._state().searcher.docs_for_query(Term("commitment", "1"))
         if d in set(searcher._state().searcher.docs_for_query(Term("text_en", "learn")))
         or d in set(searcher._state().searcher.docs_for_query(Term("title_en", "learn")))])
    assert searcher.search("learn", filters={"country": "SE"}).total == 0


def _whoosh_ids(searcher, query):
    state = searcher._state()
    return {state.searcher.stored_fields(d)["id"] for d in state.searcher.docs_for_query(query)}


@pytest.mark.parametrize("segments", [1, 3])
@pytest.mark.parametrize("code", ["1.1.1", "2.2.1", "3.3.3", "2.5.4"])
def test_key_feature_filters_and_counts_agree_with_whoosh(index_root, segments, code):
    from whoosh.query import Every, Or
    _write(index_root, DOCUMENTS, segments=segments)
    searcher = Searcher(index_root)
    expected = _whoosh_ids(searcher, Term("key_feature", code))
    assert set(searcher.search("", filters={"key_feature": code}).ids) == expected
    counts = searcher.search("").facets["key_feature"]
    assert counts.get(code, 0) == len(expected)
    learn = _whoosh_ids(searcher, Or([Term("text_en", "learn"), Term("title_en", "learn")]))
    found = searcher.search("learn", filters={"key_feature": code})
    assert set(found.ids) == expected & learn
    assert searcher.search("learn").facets["key_feature"].get(code, 0) == len(expected & learn)
    assert _whoosh_ids(searcher, Every()) >= expected
