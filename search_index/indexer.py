"""Writing to the index: documents are added or replaced by id, or deleted, under Whoosh's
writer lock. A writer that finds the lock taken waits up to `timeout` seconds and then
raises LockError; callers leave their work in the outbox for the next attempt."""
import datetime as dt
from contextlib import contextmanager

from whoosh.index import LockError  # noqa: F401  (re-exported for callers)

from search_index import storage
from search_index.schema import MULTI_FACETS, mask_field


def to_fields(document):
    """A plain document (see portal/search/documents.py) as Whoosh fields."""
    fields = {"id": document["id"], "type": document["type"]}
    for name in ("title_en", "title_zh", "text_en", "text_zh"):
        if document.get(name):
            fields[name] = document[name]
    for facet, bits in MULTI_FACETS.items():
        values = [str(v) for v in document.get(facet, [])]
        if values:
            fields[facet] = ",".join(values)
        fields[mask_field(facet)] = sum(1 << bits.index(v) for v in values if v in bits)
    for facet in ("region", "country", "organisation_type", "language", "year"):
        if document.get(facet) not in (None, ""):
            fields[facet] = str(document[facet])
    fields["published"] = document.get("published") or dt.datetime(1970, 1, 1)
    return fields


class DocumentWriter:
    def __init__(self, writer):
        self._writer = writer
        self.count = 0

    def put(self, document):
        self._writer.update_document(**to_fields(document))
        self.count += 1

    def delete(self, document_id):
        self._writer.delete_by_term("id", document_id)


@contextmanager
def writing(root, *, timeout=10.0):
    """Write to the live index; commits on success, cancels on error."""
    generation, ix = storage.open_index(root)
    writer = ix.writer(timeout=timeout)
    try:
        yield DocumentWriter(writer)
    except BaseException:
        writer.cancel()
        raise
    writer.commit()


@contextmanager
def rebuilding(root, *, procs=1, timeout=30.0):
    """Build a complete new index aside, then swap it in. The live index's writer lock is
    held throughout, so incremental writers wait (and leave their work in the outbox, to be
    applied to the new index after the swap)."""
    _, live = storage.open_index(root)
    lock = live.writer(timeout=timeout)  # held only as a lock; nothing is written to it
    try:
        generation = storage.new_generation(root)
        ix = storage.index_at(root, generation)
        options = {"procs": procs, "multisegment": True, "limitmb": 256} if procs > 1 else {}
        writer = ix.writer(**options)
        try:
            yield DocumentWriter(writer)
        except BaseException:
            writer.cancel()
            raise
        writer.commit()
        storage.swap_in(root, generation)
    finally:
        lock.cancel()


def all_ids(root):
    """Every document id in the live index (for drift checks)."""
    _, ix = storage.open_index(root)
    with ix.searcher() as searcher:
        return {fields["id"] for fields in searcher.all_stored_fields()}
