"""Full rebuilds, in parallel: the documents are split into slices of `segment_size`, and each
slice is analysed and written as one finished segment by a worker process (fork), which
loads its own documents; the parent only counts progress and, at the end, writes the table
of contents that lists the segments. Nothing is merged afterwards.

Why not Whoosh's own multiprocessing writer: there the parent loads and pickles every
document to the workers, which share two cores with it, and each worker's postings spill to
disk and are merged back. Measured on 3 300 practices (one process): 64 s with Whoosh's
writer, 27 s here. The savings, all inside `_SegmentBuilder`:

- a posting pool large enough to sort a segment in memory (no runs written to disk);
- Whoosh adds one "spelling" posting per word *per document* (all with document 0, as the
  spelling list needs only the word); we add each word once per segment. Suggestions rank
  by the frequency of the main field, so nothing they show changes;
- while writing postings, Whoosh asks the file system whether a length column exists once
  per posting of a field without lengths (a `stat` call each); we ask once per field, and
  read each field's lengths once rather than once per posting;
- English text is analysed in one pass (english_fast.py), the same terms as Whoosh's.
"""
import copy
import functools
import math
import multiprocessing

from whoosh.index import TOC

from search_index import engine_internals, english_fast
from search_index.schema import ENGLISH_FIELDS, to_fields

SEGMENT_SIZE = 5000   # documents per segment: ~1.5 M postings, sorted in ~300 MB
POOL_LIMIT_MB = 1024  # Whoosh's estimate of the pool's size before it spills to disk


class _SegmentBuilder(engine_internals.unlocked_segment_writer_class()):
    """A writer of one new segment in a fresh index, without the index lock (the rebuild
    holds the live index's lock, and nobody else writes to a generation being built)."""

    def __init__(self, ix):
        super().__init__(ix, limitmb=POOL_LIMIT_MB)
        self.schema = _build_schema(ix.schema)

    def per_document_reader(self):
        """Writing the postings asks this reader for a document's field length once per
        posting; read each field's lengths once instead."""
        reader = super().per_document_reader()
        reader.has_column = functools.lru_cache(maxsize=None)(reader.has_column)
        whoosh_length, count, by_field = reader.doc_field_length, self.docnum, {}

        def doc_field_length(docnum, fieldname, default=0):
            lengths = by_field.get(fieldname)
            if lengths is None:
                lengths = by_field[fieldname] = [whoosh_length(n, fieldname, 0) for n in range(count)]
            return lengths[docnum] or default

        reader.doc_field_length = doc_field_length
        return reader


def _build_schema(schema):
    """A copy of the index's schema whose English fields index in one pass and hand each
    spelling word to the writer only the first time it appears in the segment."""
    schema = copy.deepcopy(schema)   # Schema.copy() fails on a field with a spelling subfield
    for name in ENGLISH_FIELDS:
        faster = english_fast.faster_field(schema[name], spelled=set())
        schema.remove(name)
        schema.add(name, faster)
    return schema


# What a worker needs, set in the parent before it forks (functions cannot be pickled).
_job = {}


def _build_segment(keys):
    ix, load, counter = _job["index"], _job["load"], _job["counter"]
    writer = _SegmentBuilder(ix)
    try:
        added = 0
        for document in load(keys):
            writer.add_document(**to_fields(document))
            added += 1
            if added % 50 == 0:
                _count(counter, 50)
        _count(counter, added % 50)
        if not added:
            writer.cancel()
            return None
        return engine_internals.finish_segment(writer)
    except BaseException:
        writer.cancel()
        raise


def _count(counter, n):
    if counter is not None and n:
        with counter.get_lock():
            counter.value += n


def build(ix, keys, load, *, procs=1, progress=None, segment_size=None, worker_setup=None):
    """Write every document of `load(keys slice)` into `ix` (an empty index) as finished
    segments, then list them in a new table of contents. Returns the number of documents.

    `load(keys)` yields the documents (see schema.to_fields) for a slice of the keys; it runs
    in the worker processes when procs > 1, after `worker_setup()` (e.g. fresh database
    connections). `progress(n)` is called in this process as documents are written."""
    try:
        return _build(ix, list(keys), load, procs, progress, segment_size or SEGMENT_SIZE, worker_setup)
    finally:
        _job.clear()


def _build(ix, keys, load, procs, progress, segment_size, worker_setup):
    size = max(1, min(segment_size, math.ceil(len(keys) / max(procs, 1)) or 1))
    slices = [keys[start:start + size] for start in range(0, len(keys), size)]
    if procs <= 1 or len(slices) <= 1:
        _job.update(index=ix, load=load, counter=None)
        segments = []
        for part in slices:
            segments.append(_build_segment(part))
            if progress:
                progress(len(part))
    else:
        segments = _build_in_workers(ix, load, slices, procs, progress, worker_setup)
    segments = [segment for segment in segments if segment is not None]
    TOC(ix.schema, segments, ix.latest_generation() + 1).write(ix.storage, ix.indexname)
    return sum(segment.doc_count_all() for segment in segments)


def _build_in_workers(ix, load, slices, procs, progress, worker_setup):
    context = multiprocessing.get_context("fork")
    counter = context.Value("q", 0)
    _job.update(index=ix, load=load, counter=counter)
    with context.Pool(min(procs, len(slices)), initializer=worker_setup) as pool:
        pending = pool.map_async(_build_segment, slices, chunksize=1)
        reported = 0
        while True:
            pending.wait(0.2)
            if progress and counter.value > reported:
                done = counter.value
                progress(done - reported)
                reported = done
            if pending.ready():
                return pending.get()  # raises a worker's error here
