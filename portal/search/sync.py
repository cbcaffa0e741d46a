"""Keeping the index in step with the database.

Operations call `queue()` in their transaction: the outbox row commits (or rolls back) with
the change itself. After the request commits, `apply_after_commit()` applies pending rows
under the index writer lock, building each document from the database *inside* the lock so
the last writer always writes the newest state. If the lock is busy past the timeout, or
the process dies mid-write, the rows stay in the outbox and are applied by the next writer,
by the next search, or by `flask search-apply`; applying twice is harmless."""
import logging

from flask import current_app
from sqlalchemy import delete, exists, func, select

from models.search import SearchOutbox  # noqa: F401  (commands count it)
from portal.extensions import db
from portal.search import documents
from search_index import indexer

log = logging.getLogger(__name__)


def queue(*document_ids):
    for document_id in document_ids:
        db.session.add(SearchOutbox(document=document_id))
    db.session.info["search_queued"] = True


def pending():
    return db.session.scalar(select(exists().where(SearchOutbox.id.is_not(None))))


def apply_pending(*, timeout=None, limit=2000):
    """Apply up to `limit` outbox rows; returns how many were applied (0 if the lock was busy)."""
    root = current_app.config["SEARCH_INDEX_DIR"]
    timeout = current_app.config["SEARCH_WRITE_TIMEOUT"] if timeout is None else timeout
    db.session.commit()  # read what is committed now, in a fresh transaction
    if not pending():
        return 0
    try:
        with indexer.writing(root, timeout=timeout) as writer:
            rows = db.session.execute(select(SearchOutbox.id, SearchOutbox.document)
                                      .order_by(SearchOutbox.id).limit(limit)).all()
            to_put, to_delete = documents.documents_for({row.document for row in rows})
            for document in to_put:
                writer.put(document)
            for document_id in to_delete:
                writer.delete(document_id)
    except indexer.LockError:
        db.session.rollback()
        log.warning("Search index busy; %s change(s) stay in the outbox",
                    db.session.scalar(select(func.count(SearchOutbox.id))))
        return 0
    db.session.execute(delete(SearchOutbox).where(SearchOutbox.id.in_([row.id for row in rows])))
    db.session.commit()
    return len(rows)


def apply_after_commit():
    """After a request's commit: apply what it queued. Never fails the request."""
    if not db.session.info.pop("search_queued", False):
        return
    try:
        apply_pending()
    except Exception:
        log.exception("Applying search updates failed; they stay in the outbox")
        db.session.rollback()


def queue_everything():
    queue(*sorted(documents.expected_ids()))


def rebuild(progress=None, procs=1):
    """Rebuild the whole index from the database into a new generation and swap it in.
    With procs > 1, worker processes load and index slices of the documents in parallel."""
    root = current_app.config["SEARCH_INDEX_DIR"]
    db.session.commit()
    # Everything committed from here on is read by the rebuild: these rows are done after it.
    before = list(db.session.scalars(select(SearchOutbox.id)))
    keys = documents.ordered_ids()
    app = current_app._get_current_object()
    if procs > 1:
        db.session.remove()
        db.engine.dispose()  # the workers open their own connections

    def load(ids):
        with app.app_context():
            yield from documents.documents_in_batches(ids)

    def worker_setup():
        with app.app_context():
            db.engine.dispose(close=False)

    count = indexer.rebuild(root, keys, load, procs=procs, progress=progress, worker_setup=worker_setup)
    if before:
        db.session.execute(delete(SearchOutbox).where(SearchOutbox.id.in_(before)))
        db.session.commit()
    return count


def drift():
    """(in the database but not the index, in the index but not the database)."""
    expected = documents.expected_ids()
    present = indexer.all_ids(current_app.config["SEARCH_INDEX_DIR"])
    return sorted(expected - present), sorted(present - expected)
