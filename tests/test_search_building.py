"""Full rebuilds (search_index/building.py): the parallel segment builder writes the same
index Whoosh's own writer writes, a failed rebuild leaves the live index as it was, and a
writer that waited through a rebuild writes into the new index."""
import datetime as dt
import os
import random

import pytest
from whoosh.analysis import StemmingAnalyzer
from whoosh.formats import Positions

from search_index import engine_internals, english_fast, indexer, storage
from search_index.schema import TEXT_FIELDS
from search_index.searcher import Searcher

WORDS = ("library libraries learning learn learned festival festivals city cities older people "
         "digital skills migrants volunteers the and of a an it is in e.g. U.S.A. 2024 co-operation "
         "naïve café Ünïcode x y don't well-being résumé").split()
ZH = ["社区", "图书馆", "老年人", "数字技能", "终身学习", "学习型城市", "志愿者"]
# Words of the other four languages (accented and not, prefixed, with short vowels).
OTHER = {
    "fr": "bibliothèque bibliotheques éducation numérique adultes les la quartier cours élèves".split(),
    "es": "biblioteca bibliotecas educación educacion adultos los ciudad participación niños".split(),
    "ru": "библиотека библиотеки обучение пожилых людей город учёба учеба занятия в".split(),
    "ar": "المكتبة والمكتبة بالمكتبات مَكْتَبَة التعليم في المدينة للكبار فالمدرسة مكتبه".split(),
}


def _documents(n, seed=3):
    rng = random.Random(seed)
    documents = []
    for number in range(n):
        english = " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 60)))
        document = {"id": f"practice:{number}", "type": "practice",
                    "title_en": " ".join(rng.choice(WORDS) for _ in range(5)).capitalize(),
                    "text_en": english + ".\n" + english.upper(),
                    "commitment": [1 + number % 12], "target_group": ["older_people"],
                    "country": rng.choice(["FI", "CN", "AU"]), "language": "en",
                    "published": dt.datetime(2020, 1, 1) + dt.timedelta(days=number)}
        if number % 3 == 0:
            document["title_zh"] = "".join(rng.sample(ZH, 2))
            document["text_zh"] = "，".join(rng.choice(ZH) for _ in range(20))
        language = list(OTHER)[number % 5] if number % 5 < 4 else None
        if language:
            document[f"title_{language}"] = " ".join(rng.choice(OTHER[language]) for _ in range(4))
            document[f"text_{language}"] = " ".join(rng.choice(OTHER[language]) for _ in range(rng.randint(3, 40)))
        documents.append(document)
    return documents


def _postings(root):
    """Everything a search reads: per field and term, the documents (by id) with their
    weights and positions; field lengths; columns; spelling words."""
    _, ix = storage.open_index(root)
    with ix.searcher() as searcher:
        reader = searcher.reader()
        ids = {n: fields["id"] for n, fields in searcher.iter_docs()}
        postings = {}
        for fieldname, term in reader.all_terms():
            if fieldname.startswith("spell_"):
                continue
            matcher = reader.postings(fieldname, term)
            entries = set()
            while matcher.is_active():
                positions = tuple(matcher.value_as("positions")) if matcher.supports("positions") else ()
                entries.add((ids[matcher.id()], round(matcher.weight(), 4), positions))
                matcher.next()
            postings[(fieldname, term)] = entries
        lengths = {(ids[n], f): reader.doc_field_length(n, f) for n in ids for f in TEXT_FIELDS}
        columns = {(ids[n], f): reader.column_reader(f)[n] for n in ids
                   for f in ("commitment_mask", "target_group_mask", "country", "published")}
        spelling = set(reader.lexicon("spell_text_en"))
        suggestion = searcher.suggest("text_en", "libary", limit=1)
    return postings, lengths, columns, spelling, suggestion


def _with_whoosh(root, documents):
    with indexer.writing(root) as writer:
        for document in documents:
            writer.put(document)


def _load(documents):
    by_id = {d["id"]: d for d in documents}
    return lambda keys: (by_id[key] for key in keys)


@pytest.mark.parametrize("procs", [1, 2])
def test_the_segment_builder_writes_what_whoosh_writes(tmp_path, procs, monkeypatch):
    documents = _documents(120)
    _with_whoosh(str(tmp_path / "whoosh"), documents)
    monkeypatch.setattr("search_index.building.SEGMENT_SIZE", 50)   # three segments
    seen = []
    count = indexer.rebuild(str(tmp_path / "built"), [d["id"] for d in documents], _load(documents),
                            procs=procs, progress=seen.append)
    assert count == 120 and sum(seen) == 120
    assert _postings(str(tmp_path / "built")) == _postings(str(tmp_path / "whoosh"))
    assert Searcher(str(tmp_path / "built")).search("libary").suggestion == "library"


def test_one_pass_english_gives_the_analyzers_terms_and_positions():
    analyzer, position_format = StemmingAnalyzer(), Positions(field_boost=3.0)
    rng = random.Random(5)
    for _ in range(200):
        text = " ".join(rng.choice(WORDS + [",", ".", "—", "(x)", "A.B.", "ŞEHİR", "İstanbul"])
                        for _ in range(rng.randint(0, 40)))
        expected = list(position_format.word_values(text, analyzer, mode="index"))
        expected = [(term.encode(), freq, weight, value) for term, freq, weight, value in expected]
        assert english_fast.index_items(english_fast.words(text), position_format) == expected
        unstemmed = sorted({t.text for t in analyzer(text, no_morph=True)})
        assert sorted({word for _, word in english_fast.words(text)}) == unstemmed


def test_a_failed_rebuild_leaves_the_live_index_as_it_was(tmp_path):
    root = str(tmp_path / "index")
    documents = _documents(10)
    _with_whoosh(root, documents)
    live = storage.current_generation(root)

    def broken(keys):
        yield documents[0]
        raise RuntimeError("the database went away")

    with pytest.raises(RuntimeError):
        indexer.rebuild(root, [d["id"] for d in documents], broken, procs=1)
    assert storage.current_generation(root) == live
    assert sorted(os.listdir(root)) == sorted(["CURRENT", live])
    assert Searcher(root).search("").total == 10


def test_a_writer_that_waited_through_a_rebuild_writes_into_the_new_index(tmp_path, monkeypatch):
    root = str(tmp_path / "index")
    documents = _documents(5)
    _with_whoosh(root, documents)
    rebuilt = []

    real_open = storage.open_index

    def open_then_rebuild(path):
        opened = real_open(path)
        if not rebuilt:   # the writer has opened the old index; a rebuild swaps a new one in
            rebuilt.append(opened[0])
            indexer.rebuild(root, [d["id"] for d in documents], _load(documents))
        return opened

    monkeypatch.setattr(storage, "open_index", open_then_rebuild)
    extra = dict(documents[0], id="practice:99", title_en="Brand new practice")
    with indexer.writing(root) as writer:
        writer.put(extra)
    monkeypatch.undo()
    assert storage.current_generation(root) != rebuilt[0]
    assert "practice:99" in Searcher(root).search("brand").ids



def test_an_index_of_an_older_schema_is_reported_for_a_rebuild():
    from whoosh.fields import DATETIME

    from search_index.schema import build_schema, is_current
    assert is_current(build_schema())
    older = build_schema()
    older.remove("published")
    older.add("published", DATETIME(sortable=True))   # how the index was built before
    assert not is_current(older)


def test_small_commits_merge_among_themselves_and_leave_big_segments_alone(tmp_path, monkeypatch):
    """After a rebuild in many segments, an ordinary write must not merge them all (Whoosh's
    default policy would, holding the lock for minutes at 100 000 practices)."""
    root = str(tmp_path / "index")
    documents = _documents(300)
    monkeypatch.setattr("search_index.building.SEGMENT_SIZE", 50)
    monkeypatch.setattr(indexer, "SMALL_SEGMENT", 10)
    monkeypatch.setattr(indexer, "MERGE_AFTER", 4)
    indexer.rebuild(root, [d["id"] for d in documents], _load(documents))

    def segments():
        _, ix = storage.open_index(root)
        return {s.segment_id(): s.doc_count_all() for s in engine_internals.segments_of(ix)}

    big = segments()
    assert len(big) == 6
    for n in range(4):
        _with_whoosh(root, [dict(documents[0], id=f"practice:new-{n}")])
    assert len(segments()) == 10 and set(big) <= set(segments())
    _with_whoosh(root, [dict(documents[0], id="practice:new-4")])   # a commit does not merge
    assert len(segments()) == 11
    assert indexer.tidy(root)                                      # between changes: merged
    after = segments()
    assert set(big) <= set(after) and len(after) == 7 and sum(after.values()) == 305
    assert Searcher(root).search("").total == 305
    assert not indexer.tidy(root)                                  # nothing to merge
    monkeypatch.setattr(indexer, "MERGE_WHILE_BUSY", 3)   # a busy spell piles them up:
    for n in range(5, 8):
        _with_whoosh(root, [dict(documents[0], id=f"practice:new-{n}")])
    assert len(segments()) == 7     # the third commit folds the three small ones into its own
    assert Searcher(root).search("").total == 308
