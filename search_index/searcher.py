"""Searching: a query string and filters in, ranked document ids, the exact total, facet
counts and a spelling suggestion out. One searcher is kept per process and refreshed when
the index changes (checking costs well under a millisecond; opening one per query would
cost tens of milliseconds)."""
import re
import threading
from dataclasses import dataclass, field

import numpy as np
from whoosh import qparser
from whoosh import query as wq
from whoosh.highlight import ContextFragmenter, HtmlFormatter, highlight
from whoosh.query import Every

from search_index import analyzers, chinese_suggestions, engine_internals, matching, partial, storage
from search_index.schema import (
    LANGUAGE_OF_FIELD,
    LANGUAGES,
    MULTI_FACETS,
    SINGLE_FACETS,
    SPELLING_FIELD,
    TEXT_FIELDS,
    fields_of,
    mask_field,
)

MAX_QUERY_LENGTH = 200
DEFAULT_CACHE_BYTES = 16 * 1024 * 1024   # posting arrays kept per process (SEARCH_CACHE_MB)
CHINESE_PHRASE = re.compile(r'"([\u3400-\u9fff\uf900-\ufaff\s]+)"')
CURLY_QUOTES = str.maketrans({"“": '"', "”": '"', "＂": '"'})


class QueryError(ValueError):
    """The query cannot be understood; the message says why (in English; the view translates)."""

    def __init__(self, code):
        super().__init__(code)
        self.code = code   # "unbalanced_quotes", "unbalanced_parentheses", "too_long"


@dataclass
class Results:
    ids: list
    total: int
    facets: dict = field(default_factory=dict)
    suggestion: str | None = None
    terms: dict = field(default_factory=dict)   # language -> [(field, text)] for highlighting
    # No practice had every word: these are the practices with most of them (partial.py),
    # and `missing` the words found nowhere, as typed.
    partial: bool = False
    missing: list = field(default_factory=list)


# A query searches the fields of the languages written in its scripts: Latin letters the
# English, French and Spanish fields, Cyrillic the Russian ones, Arabic script the Arabic ones,
# Chinese characters the Chinese ones (analyzers.LANGUAGES says which language is written in
# which script); a query mixing scripts searches the fields of all of them, and one with no
# letters at all (a year) every field. A third of the work, or less, for most queries.
LATIN_LETTERS = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff"
SCRIPTS = {
    "latin": re.compile(f"[{LATIN_LETTERS}]"),
    "cyrillic": re.compile(r"[\u0400-\u052f]"),
    "arabic": re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufefc]"),
    "han": re.compile(r"[\u3400-\u9fff\uf900-\ufaff]"),
}
_CJK = SCRIPTS["han"]
_LATIN_WORD = re.compile(f"(?<![\\w])[{LATIN_LETTERS}]{{3,}}(?![\\w])")
_OPERATORS = re.compile(r"\b(AND|OR|NOT|ANDNOT|ANDMAYBE)\b")


def query_languages(text):
    """The languages whose fields a query searches, in the order of LANGUAGES."""
    text = _OPERATORS.sub("", text)
    written = {script for script, letters in SCRIPTS.items() if letters.search(text)}
    if not written:
        return LANGUAGES
    return tuple(language for language in LANGUAGES if analyzers.LANGUAGES[language][1] in written)


def _keep_lengths_in_memory(state):
    """BM25 reads each matching document's field length; from the index files (we open them
    without mmap to keep workers small) that is a seek and a read per document. The lengths
    are one byte per document and field: keep them in memory, per segment."""
    for leaf, _offset in state.searcher.reader().leaf_readers():
        if getattr(leaf, "segment", lambda: None)() is None:   # an empty index has no segment
            continue
        segment = leaf.segment().segment_id()
        for fieldname in TEXT_FIELDS:
            if fieldname not in leaf.schema:   # an index of an older schema (search-check says so)
                continue
            key = (segment, fieldname)
            if key not in state.lengths:
                lengths = engine_internals.field_length_bytes(leaf, fieldname)
                if lengths is None:
                    continue
                state.lengths[key] = lengths
            engine_internals.serve_field_lengths_from(leaf, fieldname, state.lengths[key])


def _parser(schema, fields=TEXT_FIELDS):
    # (Fields an index of an older schema lacks are left out: it answers for those it has
    # until it is rebuilt.)
    parser = qparser.MultifieldParser([f for f in fields if f in schema], schema, group=qparser.AndGroup)
    # Prefix, wildcard and fuzzy queries are the slow worst case (seconds at 100k
    # documents); field prefixes would let visitors query internal fields.
    for plugin in (qparser.WildcardPlugin, qparser.FuzzyTermPlugin, qparser.FieldsPlugin,
                   qparser.RegexPlugin, qparser.RangePlugin, qparser.BoostPlugin):
        parser.remove_plugin_class(plugin)
    return parser


def check_query(text):
    if len(text) > MAX_QUERY_LENGTH:
        raise QueryError("too_long")
    if text.count('"') % 2:
        raise QueryError("unbalanced_quotes")
    depth = 0
    for char in text:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0:
            break
    if depth != 0:
        raise QueryError("unbalanced_parentheses")


class Searcher:
    """Per-process access to the live index."""

    def __init__(self, root, *, cache_bytes=DEFAULT_CACHE_BYTES):
        self.root = root
        self.cache_bytes = cache_bytes
        self._local = threading.local()   # a Whoosh searcher is not shared across threads

    def _state(self):
        state = self._local
        generation = storage.current_generation(self.root)
        # (No index yet on this host, e.g. before its worker's first step: open_index creates
        # an empty one, so a search answers "nothing found" rather than failing.)
        if getattr(state, "searcher", None) is None or state.generation != generation:
            if getattr(state, "searcher", None) is not None:
                state.searcher.close()
            state.generation, state.ix = storage.open_index(self.root)
            state.searcher = state.ix.searcher()
            state.parsers = {}   # languages -> the parser over their fields, made when first needed
            state.columns, state.lengths = {}, {}
            state.codes = {}   # facet value -> small integer, for counting with numpy
            state.cache = matching.PostingCache(self.cache_bytes)
            state.chinese_words = chinese_suggestions.Lexicons()
            self._new_view(state)
        elif not state.searcher.up_to_date():
            # A new searcher rather than Whoosh's refresh(), which reuses the reader of a
            # segment whose deletions changed and so keeps showing deleted documents.
            state.searcher.close()
            state.searcher = state.ix.searcher()
            live = {leaf.segment().segment_id() for leaf, _ in state.searcher.reader().leaf_readers()
                    if getattr(leaf, "segment", lambda: None)() is not None}
            state.columns = {key: value for key, value in state.columns.items() if key[1] in live}
            state.lengths = {key: value for key, value in state.lengths.items() if key[0] in live}
            state.cache.keep_segments(live)
            self._new_view(state)
        return state

    def parse(self, text):
        """The parsed query for `text`, as `search` parses it (for benchmarks and tests)."""
        return self._parse(self._state(), text)

    @staticmethod
    def _parse(state, text):
        languages = query_languages(text)
        parser = state.parsers.get(languages)
        if parser is None:
            parser = state.parsers[languages] = _parser(state.ix.schema, fields_of(languages))
        return parser.parse(text)

    def whoosh_searcher(self):
        """This thread's Whoosh searcher of the live index (for benchmarks and tests)."""
        return self._state().searcher

    def warm(self):
        """Open the index and read what every search needs (live documents, field lengths,
        facet and date columns, the practice filter, the Chinese words for suggestions), so a
        new worker's first visitor does not wait for it."""
        state = self._state()
        for fieldname in (*SINGLE_FACETS, *(mask_field(facet) for facet in MULTI_FACETS)):
            self._global_column(state, fieldname)
        self._global_column(state, "published", raw=True)
        self._restriction(state, [("type", "practice")])
        for fieldname in TEXT_FIELDS:
            state.view.lengths(fieldname)
        for sample in ("a", "а", "ا", "字"):   # a letter of each script: its parser made now
            self._parse(state, sample)
        state.chinese_words.of(state.view)

    def _new_view(self, state):
        _keep_lengths_in_memory(state)
        state.view = matching.View(state.searcher, state.cache, state.lengths)
        state.filters = {}
        state.global_columns = {}

    def _restriction(self, state, conditions):
        """The documents matching all the conditions (type and facet filters), as a mask; each
        condition's mask is computed once per index version and reused."""
        allowed = state.view.alive.copy()
        for condition in conditions:
            if condition not in state.filters:
                if len(state.filters) > 256:
                    state.filters.clear()
                state.filters[condition] = state.view.term_mask(*condition)
            allowed &= state.filters[condition]
        return allowed

    def search(self, text, *, filters=None, sort="relevance", page=1, per_page=20,
               with_facets=True, document_type="practice"):
        # Chinese keyboards type “curly” quotation marks: they mark a phrase too.
        text = (text or "").strip().translate(CURLY_QUOTES)
        check_query(text)
        # jieba's tokens carry no positions, so a Chinese "phrase" is searched as its words.
        text = CHINESE_PHRASE.sub(r"\1", text)
        state = self._state()
        query = self._parse(state, text) if text else Every()
        conditions = [("type", document_type)] + [
            (facet, str(value)) for facet, value in (filters or {}).items() if value not in (None, "")]
        allowed = self._restriction(state, conditions)
        newest = sort == "newest" or not text
        try:
            mask, scores = matching.evaluate(state.view, query)
        except matching.Unsupported:
            mask, scores = self._whoosh_matches(state, query, allowed)
        mask &= allowed
        matches = np.flatnonzero(mask)
        exact_total = len(matches)
        relaxed = partial.partial_matches(state.view, query, allowed) if text and not exact_total else None
        if relaxed is None:
            ranked = self._rank(state, matches, scores, newest, page * per_page)
        else:
            mask, matches = relaxed.mask, np.flatnonzero(relaxed.mask)
            ranked = self._rank_by_words(state, matches, relaxed, newest, page * per_page)
        reader = state.searcher
        ids = [reader.stored_fields(int(docnum))["id"] for docnum in ranked[(page - 1) * per_page:]]
        results = Results(ids=ids, total=int(len(matches)))
        if relaxed is not None:
            results.partial, results.missing = True, _as_typed(relaxed.missing, text)
        if with_facets:
            results.facets = self._facet_counts(state, mask, len(matches))
        if text:
            results.terms = _terms_by_language(query)
            if exact_total < 3:
                results.suggestion = self._suggest(state, text, allowed, exact_total)
        return results

    def _whoosh_matches(self, state, query, allowed):
        """Whoosh's own matchers, for query shapes the array evaluation does not know."""
        size = state.view.size
        mask = np.zeros(size, dtype=bool)
        scores = np.zeros(size, dtype=np.float32)
        hits = state.searcher.search(query, limit=None, filter=set(np.flatnonzero(allowed).tolist()))
        for hit in hits:
            mask[hit.docnum] = True
            scores[hit.docnum] = hit.score or 0.0
        return mask, scores

    def _rank(self, state, matches, scores, newest, limit):
        """The first `limit` matches: best score first (ties: older document first), or newest."""
        if not len(matches):
            return matches
        if newest:
            keys = -self._global_column(state, "published", raw=True)[matches]
        else:
            keys = -scores[matches]
        if len(matches) > limit:
            top = np.argpartition(keys, limit - 1)[:limit]
            matches, keys = matches[top], keys[top]
        return matches[np.lexsort((matches, keys))]

    def _rank_by_words(self, state, matches, relaxed, newest, limit):
        """Partial matches: most words first; among those with as many, as `_rank` orders."""
        counts = relaxed.counts[matches]
        ranked, taken = [], 0
        for level in np.unique(counts)[::-1]:
            best = self._rank(state, matches[counts == level], relaxed.scores, newest, limit - taken)
            ranked.append(best)
            taken += len(best)
            if taken >= limit:
                break
        return np.concatenate(ranked) if ranked else matches

    def _facet_counts(self, state, mask, total):
        if not total:
            return {facet: {} for facet in (*MULTI_FACETS, *SINGLE_FACETS)}
        counts = {}
        for facet in SINGLE_FACETS:
            codes = self._global_column(state, facet)[mask]
            found = np.bincount(codes, minlength=len(state.codes.get(facet, ())))
            names = state.codes[facet]
            counts[facet] = {name: int(n) for name, n in zip(names, found, strict=True) if n and name not in (None, "")}
        for facet, bits in MULTI_FACETS.items():
            masks = self._global_column(state, mask_field(facet))[mask]
            counts[facet] = {value: n for value, n in (
                (value, int(np.count_nonzero(masks & (1 << bit)))) for bit, value in enumerate(bits)) if n}
        return counts

    def _global_column(self, state, fieldname, raw=False):
        """A column for every document of the view, as a numpy array: integers as they are,
        other values as codes into `state.codes[fieldname]`."""
        if fieldname not in state.global_columns:
            parts = []
            for leaf, segment_id, _offset, count in state.view.leaves:
                key = (fieldname, segment_id)
                if key not in state.columns:
                    state.columns[key] = self._segment_column(state, leaf, fieldname, count, raw)
                parts.append(state.columns[key])
            state.global_columns[fieldname] = np.concatenate(parts) if parts else np.zeros(0, np.int64)
        return state.global_columns[fieldname]

    def _segment_column(self, state, leaf, fieldname, count, raw):
        reader = leaf.column_reader(fieldname, translate=not raw)
        values = [reader[n] for n in range(count)]
        if raw or fieldname.endswith("_mask"):
            return np.asarray([value or 0 for value in values], dtype=np.int64)
        names = state.codes.setdefault(fieldname, [])
        index = {name: code for code, name in enumerate(names)}
        codes = np.empty(count, dtype=np.int32)
        for n, value in enumerate(values):
            if value not in index:
                index[value] = len(names)
                names.append(value)
            codes[n] = index[value]
        return codes

    def _suggest(self, state, text, allowed, total):
        """The query with misspelt words corrected (English, then one Chinese word), or None."""
        english = self._suggest_english(state, text)
        if not _CJK.search(text):
            return english
        return self._suggest_chinese(state, english or text, allowed, total) or english

    def _suggest_chinese(self, state, text, allowed, total):
        def count(candidate):
            try:
                mask, _scores = matching.evaluate(state.view, self._parse(state, candidate))
            except matching.Unsupported:
                return 0
            return int(np.count_nonzero(mask & allowed))

        return chinese_suggestions.suggest(text, state.chinese_words.of(state.view), count, total)

    def _suggest_english(self, state, text):
        """The query with misspelt English words corrected, or None. A word is not misspelt
        when a language written in Latin letters has it (a French or Spanish word, or one of
        their stop words); a word with letters English does not use (é, ñ) gets no English
        suggestion."""
        corrected, changed = text, False
        reader = state.searcher.reader()
        latin = analyzers.languages_of_script("latin")
        for word in _LATIN_WORD.findall(_OPERATORS.sub(" ", text)):
            lowered = word.lower()
            indexed = [analyzers.terms(language, lowered) for language in latin]
            if not all(indexed) or any(reader.frequency(field, terms[0])
                                       for language, terms in zip(latin, indexed, strict=True)
                                       for field in fields_of([language])):
                continue
            if not lowered.isascii():
                continue
            # Same first letter (prefix=1): a scan of one letter's words, not of every word.
            options = state.searcher.suggest(SPELLING_FIELD, lowered, limit=1, maxdist=2, prefix=1)
            if options and options[0] != lowered:
                corrected = re.sub(rf"\b{re.escape(word)}\b", options[0], corrected, count=1)
                changed = True
        return corrected if changed else None

    def ids(self):
        state = self._state()
        return {fields["id"] for fields in state.searcher.all_stored_fields()}

    def close(self):
        state = self._local
        if getattr(state, "searcher", None) is not None:
            state.searcher.close()
            state.searcher = None


def _as_typed(words, text):
    """Query words (parsed nodes) as the person typed them: a term is a stem, so it is shown
    as the word of the query that has that stem (in whichever language's fields)."""
    typed = {}
    for word in re.findall(r"\w+", text):
        for language in LANGUAGES:
            typed.setdefault(analyzers.term(language, word), word)
    shown = []
    for node in words:
        label = " ".join(dict.fromkeys(typed.get(t, t) for t in partial.term_texts(node)))
        phrase = any(isinstance(n, wq.Phrase) for n in node.leaves())
        shown.append(f"“{label}”" if phrase else label)
    return shown


def _terms_by_language(query):
    """{language: the query's terms in that language's fields} (for highlighting)."""
    terms = {language: set() for language in LANGUAGES}
    for fieldname, text in query.iter_all_terms():
        if fieldname in LANGUAGE_OF_FIELD:
            terms[LANGUAGE_OF_FIELD[fieldname]].add(text)
    return {language: sorted(t if isinstance(t, str) else t.decode() for t in found)
            for language, found in terms.items()}


def highlight_text(text, language, terms, *, top=2):
    """`text` with the query's terms marked as <mark>…</mark> (HTML-escaped), in fragments;
    None when no term occurs in it. The text is analysed as when it was indexed (a French
    word is marked for the stem of its accented and of its unaccented form)."""
    words = terms.get(language) or []
    if not text or not words:
        return None
    formatter = HtmlFormatter(tagname="mark", classname="hit", termclass="")
    fragmenter = ContextFragmenter(maxchars=220, surround=60)
    marked = highlight(text, frozenset(words), analyzers.for_language(language), fragmenter, formatter,
                       top=top, mode="index")
    return marked or None
