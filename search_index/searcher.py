"""Searching: a query string and filters in, ranked document ids, the exact total, facet
counts and a spelling suggestion out. One searcher is kept per process and refreshed when
the index changes (checking costs well under a millisecond; opening one per query would
cost tens of milliseconds)."""
import operator
import re
import threading
from collections import Counter
from dataclasses import dataclass, field

from whoosh import qparser
from whoosh.highlight import ContextFragmenter, HtmlFormatter, highlight
from whoosh.query import Every, Term

from search_index import analyzers, storage
from search_index.schema import MULTI_FACETS, SINGLE_FACETS, mask_field

TEXT_FIELDS = ["title_en", "title_zh", "text_en", "text_zh"]
MAX_QUERY_LENGTH = 200
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


# A query in Latin script searches the English fields, one in Chinese characters the
# Chinese fields, a mixed one all four: half the work for most queries.
FIELDS_BY_SCRIPT = {"en": ["title_en", "text_en"], "zh": ["title_zh", "text_zh"], "all": TEXT_FIELDS}
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z0-9]")


_OPERATORS = re.compile(r"\b(AND|OR|NOT)\b")


def _script(text):
    has_cjk = bool(_CJK.search(text))
    has_latin = bool(_LATIN.search(_OPERATORS.sub("", text)))
    return "all" if has_cjk and has_latin else ("zh" if has_cjk else "en")


def _keep_lengths_in_memory(state):
    """BM25 reads each matching document's field length; from the index files (we open them
    without mmap to keep workers small) that is a seek and a read per document. The lengths
    are one byte per document and field: keep them in memory, per segment."""
    from whoosh.codec import whoosh3
    for leaf, _offset in state.searcher.reader().leaf_readers():
        perdoc = getattr(leaf, "_perdoc", None)
        if perdoc is None or not hasattr(leaf, "segment"):
            continue
        segment = leaf.segment().segment_id()
        for fieldname in TEXT_FIELDS:
            lenfield = whoosh3._lenfield(fieldname)
            key = (segment, lenfield)
            if key not in state.lengths:
                column = perdoc._cached_reader(lenfield, whoosh3.LENGTHS_COLUMN)
                if column is None:
                    continue
                state.lengths[key] = bytes(list(column))
            perdoc._readers[lenfield] = state.lengths[key]


def _parser(schema, fields=TEXT_FIELDS):
    parser = qparser.MultifieldParser(fields, schema, group=qparser.AndGroup)
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

    def __init__(self, root):
        self.root = root
        self._local = threading.local()   # a Whoosh searcher is not shared across threads

    def _state(self):
        state = self._local
        generation = storage.current_generation(self.root)
        if getattr(state, "generation", None) != generation or state.searcher is None:
            if getattr(state, "searcher", None) is not None:
                state.searcher.close()
            state.generation, state.ix = storage.open_index(self.root)
            state.searcher = state.ix.searcher()
            state.parsers = {name: _parser(state.ix.schema, fields) for name, fields in FIELDS_BY_SCRIPT.items()}
            state.columns, state.lengths = {}, {}
            state.filters = {}
            _keep_lengths_in_memory(state)
        elif not state.searcher.up_to_date():
            state.searcher = state.searcher.refresh()
            live = {leaf.segment().segment_id() for leaf, _ in state.searcher.reader().leaf_readers()
                    if hasattr(leaf, "segment")}
            state.columns = {key: value for key, value in state.columns.items() if key[1] in live}
            state.lengths = {key: value for key, value in state.lengths.items() if key[0] in live}
            state.filters = {}
            _keep_lengths_in_memory(state)
        return state

    def _restriction(self, state, conditions):
        """The set of documents matching all the conditions (type and facet filters); each
        condition's set is computed once per index version and reused."""
        docs = None
        for condition in conditions:
            if condition not in state.filters:
                if len(state.filters) > 256:
                    state.filters.clear()
                state.filters[condition] = set(state.searcher.docs_for_query(Term(*condition)))
            docs = state.filters[condition] if docs is None else docs & state.filters[condition]
        return docs

    def search(self, text, *, filters=None, sort="relevance", page=1, per_page=20,
               with_facets=True, document_type="practice"):
        # Chinese keyboards type “curly” quotation marks: they mark a phrase too.
        text = (text or "").strip().translate(CURLY_QUOTES)
        check_query(text)
        # jieba's tokens carry no positions, so a Chinese "phrase" is searched as its words.
        text = CHINESE_PHRASE.sub(r"\1", text)
        state = self._state()
        searcher = state.searcher
        query = state.parsers[_script(text)].parse(text) if text else Every()
        conditions = [("type", document_type)] + [
            (facet, str(value)) for facet, value in (filters or {}).items() if value not in (None, "")]
        allowed = self._restriction(state, conditions)
        limit = page * per_page
        options = {"sortedby": "published", "reverse": True} if sort == "newest" or not text else {}
        # The top of the ranking only: Whoosh may skip blocks that cannot reach it. The exact
        # total and the facet counts come from one unscored pass over the matches.
        hits = searcher.search(query, filter=allowed, limit=limit, **options)
        ids = [hit["id"] for hit in hits[(page - 1) * per_page:limit]]
        matches = [d for d in searcher.docs_for_query(query) if d in allowed] if text else sorted(allowed)
        results = Results(ids=ids, total=len(matches))
        if with_facets:
            results.facets = self._facet_counts(state, matches)
        if text:
            results.terms = _terms_by_language(query)
            if results.total < 3:
                results.suggestion = self._suggest(state, text)
        return results

    def _facet_counts(self, state, docs):
        if not docs:
            return {facet: {} for facet in (*MULTI_FACETS, *SINGLE_FACETS)}
        pick = operator.itemgetter(*docs)
        counts = {}
        for facet in SINGLE_FACETS:
            values = pick(self._column(state, facet))
            counted = Counter(values if len(docs) > 1 else [values])
            counted.pop(None, None)
            counted.pop("", None)
            counts[facet] = dict(counted)
        for facet, bits in MULTI_FACETS.items():
            masks = pick(self._column(state, mask_field(facet)))
            per_mask = Counter(masks if len(docs) > 1 else [masks])
            counts[facet] = {value: n for value, n in (
                (value, sum(c for mask, c in per_mask.items() if mask and mask >> bit & 1))
                for bit, value in enumerate(bits)) if n}
        return counts

    def _column(self, state, fieldname):
        """The column's values for every document, global docnums in order; per-segment
        lists are cached and reused while their segment lives."""
        searcher = state.searcher
        parts = []
        for leaf, _offset in searcher.reader().leaf_readers():
            key = (fieldname, leaf.segment().segment_id() if hasattr(leaf, "segment") else id(leaf))
            if key not in state.columns:
                reader = leaf.column_reader(fieldname)
                state.columns[key] = [reader[n] for n in range(leaf.doc_count_all())]
            parts.append(state.columns[key])
        return parts[0] if len(parts) == 1 else [v for part in parts for v in part]

    def _suggest(self, state, text):
        """The query with misspelt English words corrected, or None."""
        words = re.findall(r"[A-Za-z]{3,}", text)
        corrected, changed = text, False
        reader = state.searcher.reader()
        for word in words:
            lowered = word.lower()
            if any(reader.frequency(f, t) for f, t in
                   (("text_en", analyzers.english_term(lowered)), ("title_en", analyzers.english_term(lowered)))):
                continue
            # Same first letter (prefix=1): a scan of one letter's words, not of every word.
            options = state.searcher.suggest("text_en", lowered, limit=1, maxdist=2, prefix=1)
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


def _terms_by_language(query):
    terms = {"en": set(), "zh": set()}
    for fieldname, text in query.iter_all_terms():
        if fieldname in ("title_en", "text_en"):
            terms["en"].add(text)
        elif fieldname in ("title_zh", "text_zh"):
            terms["zh"].add(text)
    return {language: sorted(t if isinstance(t, str) else t.decode() for t in found)
            for language, found in terms.items()}


_ANALYZERS = {}


def highlight_text(text, language, terms, *, top=2):
    """`text` with the query's terms marked as <mark>…</mark> (HTML-escaped), in fragments;
    None when no term occurs in it."""
    words = terms.get(language) or []
    if not text or not words:
        return None
    if language not in _ANALYZERS:
        _ANALYZERS[language] = analyzers.chinese() if language == "zh" else analyzers.english()
    formatter = HtmlFormatter(tagname="mark", classname="hit", termclass="")
    fragmenter = ContextFragmenter(maxchars=220, surround=60)
    marked = highlight(text, frozenset(words), _ANALYZERS[language], fragmenter, formatter, top=top)
    return marked or None
