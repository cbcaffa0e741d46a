"""Every use of Whoosh's and jieba's private names, in one place.

The search is fast because it reaches under the public API of the pinned Whoosh-Reloaded and
jieba in a few places (posting lists read a block at a time, field lengths kept in memory,
segments written by parallel workers, a compact Chinese dictionary shared by web workers).
Those names can change in any release without notice, so:

- no other module touches them (tests/test_search_engine_adapter.py reads the code and fails
  if one does): each is used here, by a small function that says which name and why;
- `check_engine()` runs when the app starts and before an index is opened: on another version
  of either package, or when a name used here is gone, the portal stops with an error naming
  the package, the version found and the version expected, instead of searching wrongly.

Upgrading Whoosh-Reloaded or jieba: see docs/search-engine.md.
"""
import functools
import importlib.metadata
import inspect

WRITTEN_FOR = {"Whoosh-Reloaded": "2.7.5", "jieba": "0.42.1"}


class EngineVersionError(RuntimeError):
    """The installed search engine is not the one this adapter was written for."""


# -- the start-up check ---------------------------------------------------------------------------

def installed_version(distribution):
    """The installed version of a package (its metadata, as pip recorded it)."""
    return importlib.metadata.version(distribution)


def check_engine():
    """Raise EngineVersionError unless the installed Whoosh-Reloaded and jieba are the versions
    this module was written for and still have every private name it uses. Costs ~1 ms."""
    for distribution, expected in WRITTEN_FOR.items():
        try:
            found = installed_version(distribution)
        except importlib.metadata.PackageNotFoundError:
            found = None
        if found != expected:
            what = (f"{distribution} {found} is installed, but the search adapter "
                    f"(search_index/engine_internals.py) was written for {distribution} {expected}" if found
                    else f"{distribution} is not installed; the search adapter needs {distribution} {expected}")
            raise EngineVersionError(f"{what}. Install {distribution}=={expected} (requirements.txt), or read "
                                     "docs/search-engine.md before moving to another version.")
    missing = [name for name, present in _private_names() if not _safely(present)]
    if missing:
        raise EngineVersionError(
            "the installed search engine lacks what search_index/engine_internals.py uses: "
            + ", ".join(missing) + ". Read docs/search-engine.md before changing Whoosh-Reloaded or jieba.")


@functools.cache
def ensure_engine():
    """check_engine() once per process (only a success is remembered)."""
    check_engine()
    return True


def _safely(present):
    try:
        return bool(present())
    except Exception:   # an import or an attribute gone: the name is missing
        return False


def _sets(function, *names):
    """Whether a function's code reads or writes these attribute names (instance attributes
    cannot be looked up without an instance)."""
    return set(names) <= set(function.__code__.co_names)


def _private_names():
    """(name, test that it exists) for each private name used below."""
    from whoosh.codec import whoosh3
    from whoosh.index import FileIndex
    from whoosh.reading import SegmentReader
    from whoosh.writing import SegmentWriter
    matcher, perdoc = whoosh3.W3LeafMatcher, whoosh3.W3PerDocReader

    def jieba_tokenizer():
        import jieba
        return jieba.dt

    return [
        ("SegmentWriter(_lk=…)", lambda: "_lk" in inspect.signature(SegmentWriter.__init__).parameters),
        ("SegmentWriter._finalize_segment", lambda: callable(SegmentWriter._finalize_segment)),
        ("SegmentReader._terms", lambda: _sets(SegmentReader.__init__, "_terms")),
        ("SegmentReader._perdoc", lambda: _sets(SegmentReader.__init__, "_perdoc")),
        *[(f"W3LeafMatcher.{name}", lambda name=name: callable(getattr(matcher, name)))
          for name in ("_read_ids", "_read_weights", "_read_values", "_next_block")],
        ("W3LeafMatcher._ids", lambda: _sets(matcher._read_ids, "_ids")),
        ("W3LeafMatcher._weights", lambda: _sets(matcher._read_weights, "_weights")),
        ("W3LeafMatcher._values", lambda: _sets(matcher._read_values, "_values")),
        ("whoosh3._lenfield", lambda: whoosh3._lenfield("f") == "_f_len"),
        ("whoosh3.LENGTHS_COLUMN", lambda: whoosh3.LENGTHS_COLUMN),
        ("FileIndex._segments", lambda: callable(FileIndex._segments)),
        ("W3PerDocReader._cached_reader", lambda: callable(perdoc._cached_reader)),
        ("W3PerDocReader._readers", lambda: _sets(perdoc._cached_reader, "_readers")),
        ("jieba.dt", jieba_tokenizer),
        ("jieba.Tokenizer.FREQ", lambda: hasattr(jieba_tokenizer(), "FREQ")),
    ]


# -- writing segments (building.py) --------------------------------------------------------------

def unlocked_segment_writer_class():
    """Whoosh's SegmentWriter, made without taking the index's writer lock.

    Private name: the `_lk` argument of SegmentWriter. `ix.writer()` always takes the lock, but
    a rebuild's workers each write one segment of a fresh generation at the same time (the
    rebuild holds the live index's lock, and nobody else writes to a generation being built)."""
    from whoosh.writing import SegmentWriter

    class UnlockedSegmentWriter(SegmentWriter):
        def __init__(self, ix, **kwargs):
            super().__init__(ix, _lk=False, **kwargs)

    return UnlockedSegmentWriter


def finish_segment(writer):
    """Write out the writer's segment and return it, without a table of contents.

    Private name: SegmentWriter._finalize_segment. The public `commit()` also merges segments
    and writes a table of contents listing only this writer's segment; the rebuild lists the
    segments of all its workers in one table of contents at the end."""
    return writer._finalize_segment()


# -- reading posting lists (matching.py) ---------------------------------------------------------

def posting_blocks(leaf, fieldname, btext, *, positions=False):
    """Yield (document numbers, weights, encoded positions or None) of a term in one segment,
    one block of postings at a time (deleted documents included: the caller masks them).

    Private names: SegmentReader._terms (the segment's terms reader), and W3LeafMatcher's
    _read_ids, _read_weights, _read_values, _ids, _weights, _values and _next_block. The public
    `leaf.postings()` wraps the matcher in a filter for deletions, and its id()/weight()/
    value()/next() go one posting at a time: a Python call per posting, which is what made
    searches slow. A block's arrays are read here at once."""
    matcher = leaf._terms.matcher(fieldname, btext, leaf.schema[fieldname].format)
    if not hasattr(matcher, "_read_ids"):   # pragma: no cover - another codec: one posting at a time
        yield from _one_at_a_time(matcher, positions)
        return
    while matcher.is_active():
        matcher._read_ids()
        matcher._read_weights()
        values = None
        if positions:
            matcher._read_values()
            values = matcher._values
        yield matcher._ids, matcher._weights, values
        matcher._next_block()


def _one_at_a_time(matcher, positions):   # pragma: no cover - the pinned codec has blocks
    ids, weights, values = [], [], []
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        if positions:
            values.append(matcher.value())
        matcher.next()
    yield ids, weights, values if positions else None


# -- field lengths in memory (searcher.py) -------------------------------------------------------

def field_length_bytes(leaf, fieldname):
    """A segment's length column of a field (one byte per document, Whoosh's length code), as
    bytes, or None when the segment has no such column (or the reader is not a segment's).

    Private names: SegmentReader._perdoc, whoosh3._lenfield (the column's name) and
    W3PerDocReader._cached_reader. The public reader gives one document's length at a time
    (`doc_field_length`, a seek and a read each, as the index is opened without mmap); BM25 over
    every match needs the whole column."""
    from whoosh.codec import whoosh3
    perdoc = getattr(leaf, "_perdoc", None)
    if perdoc is None or not hasattr(leaf, "segment"):
        return None
    column = perdoc._cached_reader(whoosh3._lenfield(fieldname), whoosh3.LENGTHS_COLUMN)
    return None if column is None else bytes(list(column))


def serve_field_lengths_from(leaf, fieldname, lengths):
    """Make Whoosh's own scoring (the fallback for query shapes matching.py does not know) read
    a field's lengths from `lengths` (bytes from field_length_bytes) instead of the file.

    Private names: SegmentReader._perdoc, W3PerDocReader._readers (its cache of column readers,
    which a bytes object can stand in for: both answer `[docnum]`), whoosh3._lenfield. Whoosh
    has no public way to give a reader a column it already holds."""
    from whoosh.codec import whoosh3
    perdoc = getattr(leaf, "_perdoc", None)
    if perdoc is not None:
        perdoc._readers[whoosh3._lenfield(fieldname)] = lengths


def segments_of(ix):
    """The segments an index's table of contents lists (the merge policy counts them).

    Private name: Index._segments. The public way (a reader's leaf readers) opens every
    segment's files to list them."""
    return ix._segments()


# -- jieba's dictionary (chinese_dictionary.py) --------------------------------------------------

def jieba_dictionary(jieba):
    """The prefix dictionary ({word or prefix of a word: frequency}) of jieba's default
    tokenizer, the one `jieba.tokenize` and `jieba.cut` use.

    Name: jieba.dt.FREQ (no underscore, but not documented: jieba's API offers only
    `get_FREQ(word)`, one word at a time)."""
    return jieba.dt.FREQ


def replace_jieba_dictionary(jieba, frequencies):
    """Make jieba's default tokenizer use `frequencies` (a read-only mapping with the same keys
    and values, e.g. chinese_dictionary.CompactFrequencies) as its prefix dictionary.

    Name: jieba.dt.FREQ. jieba's `set_dictionary`/`initialize` only read a dictionary file
    and build a dict from it again; there is no public way to hand it a smaller structure."""
    jieba.dt.FREQ = frequencies
