"""Writing to the index: documents are added or replaced by id, or deleted, under Whoosh's
writer lock. A writer that finds the lock taken waits up to `timeout` seconds and then
raises LockError; callers leave their work in the change log for the next attempt."""
import time
from contextlib import contextmanager

from whoosh.index import LockError  # noqa: F401  (re-exported for callers)

from search_index import building, position, storage
from search_index.schema import is_current, to_fields


class DocumentWriter:
    def __init__(self, writer, generation):
        self._writer, self.generation = writer, generation
        self.count = self.changes = 0

    def put(self, document):
        self._writer.update_document(**to_fields(document))
        self.count += 1
        self.changes += 1

    def delete(self, document_id):
        self._writer.delete_by_term("id", document_id)
        self.changes += 1


@contextmanager
def writing(root, *, timeout=10.0):
    """Write to the live index; commits on success (if anything was written), cancels on
    error. The writer says which generation it writes to (`.generation`)."""
    deadline = time.monotonic() + timeout
    while True:
        generation, ix = storage.open_index(root)
        writer = ix.writer(timeout=max(0.0, deadline - time.monotonic()))
        if storage.current_generation(root) == generation:
            break
        # A rebuild swapped in a new index while we waited for the old one's lock.
        writer.cancel()
    documents = DocumentWriter(writer, generation)
    try:
        yield documents
    except BaseException:
        writer.cancel()
        raise
    if documents.changes:
        writer.commit(mergetype=merge_when_too_many)
    else:
        writer.cancel()


def tidy(root, *, timeout=1.0):
    """Merge the small segments incremental commits left behind, when there are MERGE_AFTER
    of them (the worker calls it when the change log has been quiet for a moment, so that a
    change never waits for a merge). Returns whether it merged."""
    _, ix = storage.open_index(root)
    if _small_count(_segments(ix)) < MERGE_AFTER:
        return False
    writer = ix.writer(timeout=timeout)
    writer.commit(mergetype=merge_tiny_segments)
    return True


# Incremental writes add one small segment per commit. Whoosh's default policy (MERGE_SMALL)
# would, on a rebuilt index of 20 segments of 5 000 documents, merge *all* of them on the first
# commit: minutes with the lock held, at 100 000 practices. We merge only the small segments
# that commits leave behind, once there are enough of them; rebuilds tidy up the rest. Merging
# ten small segments takes about a second (Whoosh re-reads every posting in Python), so it is
# done by `tidy` between changes; a commit merges only when a long busy spell has left
# MERGE_WHILE_BUSY of them (each small segment costs every search a little).
SMALL_SEGMENT = 500    # documents
MERGE_AFTER = 10       # small segments, merged by tidy()
MERGE_WHILE_BUSY = 40  # small segments, merged by the commit that finds them


def _segments(ix):
    from search_index import engine_internals
    return engine_internals.segments_of(ix)


def _small_count(segments):
    return sum(1 for segment in segments if segment.doc_count_all() < SMALL_SEGMENT)


def merge_when_too_many(writer, segments):
    """The merge policy of ordinary commits: keep every segment, unless MERGE_WHILE_BUSY small
    ones have piled up."""
    return merge_tiny_segments(writer, segments) if _small_count(segments) >= MERGE_WHILE_BUSY else segments


def merge_tiny_segments(writer, segments):
    """A Whoosh merge policy: fold the small segments into the writer's new one when there
    are MERGE_AFTER of them; leave the big ones alone. Returns the segments kept as they are."""
    from whoosh.reading import SegmentReader

    small = [segment for segment in segments if segment.doc_count_all() < SMALL_SEGMENT]
    if len(small) < min(MERGE_AFTER, MERGE_WHILE_BUSY):
        return segments
    for segment in small:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        writer.add_reader(reader)
        reader.close()
    return [segment for segment in segments if segment.doc_count_all() >= SMALL_SEGMENT]


def rebuild(root, keys, load, *, position_read_at=None, procs=1, progress=None, worker_setup=None):
    """Build a complete new index aside (see building.py), store with it the change-log
    position its documents were read at, then swap it in; returns the number of documents.
    The caller holds `storage.rebuilding`; incremental writers go on writing to the live
    generation meanwhile (`writing` notices the swap)."""
    generation = storage.new_generation(root)
    try:
        count = building.build(storage.index_at(root, generation), keys, load, procs=procs,
                               progress=progress, worker_setup=worker_setup)
        if position_read_at is not None:
            position.write(storage.generation_path(root, generation), position_read_at)
    except BaseException:
        storage.discard(root, generation)
        raise
    storage.swap_in(root, generation)
    return count


def all_ids(root):
    """Every document id in the live index (for drift checks)."""
    _, ix = storage.open_index(root)
    with ix.searcher() as searcher:
        return {fields["id"] for fields in searcher.all_stored_fields()}


def schema_is_current(root, generation=None):
    """Whether the live index (or the given generation of it) has the schema this version builds."""
    ix = storage.index_at(root, generation) if generation else storage.open_index(root)[1]
    return is_current(ix.schema)
