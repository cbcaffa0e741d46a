"""Keeping this host's index in step with the database by following the change log
(change_log.py): operations append "document X changed" in their transaction; this host's
worker (`flask worker`) applies the entries it has not applied yet, in order, building each
document from the database as it is now, and stores how far it got with the index
(search_index/position.py). Applying an entry twice is harmless, so a worker killed mid-way
simply applies the same entries again. Requests never write the index.

A rebuild reads the database as of one moment into a new generation, which carries that
moment's position; once it is swapped in, the worker goes on from there."""
import logging
import os
import socket
import time

from flask import current_app

from portal.extensions import db
from portal.search import change_log, documents
from search_index import indexer, position, storage

log = logging.getLogger(__name__)
queue = change_log.queue
REPORT_EVERY = 10.0    # seconds between two reports of an idle host's position
TIDY_WHEN_QUIET = 1.0  # seconds without a change before small segments are merged
_last_report = {}
_last_applied = {}     # index folder -> when the worker last applied something (monotonic)


class RebuildNeeded(Exception):
    """The log no longer holds entries this index has not applied (the host was away longer
    than the retention period, or the index is new on a site whose log was trimmed), or the
    index was built by an older version of the portal, with other fields or analyzers (its
    documents cannot be written as this version makes them)."""


class OutdatedIndex(RebuildNeeded):
    """The index was built by an older version of the portal (other fields or analyzers)."""


_schema_checked = {}   # (index folder, generation) -> whether its schema is the current one


def schema_is_current(root, generation):
    """Whether the generation's schema is the one this version builds (read once per generation)."""
    key = (os.path.realpath(root), generation)
    if key not in _schema_checked:
        _schema_checked[key] = indexer.schema_is_current(root, generation)
    return _schema_checked[key]


OUTDATED = "the index was built by an older version of the portal (other fields or analyzers)"


def host_id():
    """This host's index, as the housekeeping knows it: the configured SEARCH_HOST_ID, or the
    machine's name and the index folder (two portals on one machine are two hosts)."""
    configured = current_app.config.get("SEARCH_HOST_ID")
    return (configured or f"{socket.gethostname()}:{os.path.realpath(index_root())}")[:200]


def index_root():
    return current_app.config["SEARCH_INDEX_DIR"]


def _live_position(root):
    generation = storage.current_generation(root) or storage.open_index(root)[0]
    return generation, position.read(storage.generation_path(root, generation))


def _report(done_through, *, force=False):
    host = host_id()
    if force or time.monotonic() - _last_report.get(host, 0) >= REPORT_EVERY:
        change_log.report(host, done_through)
        _last_report[host] = time.monotonic()


def follow(*, timeout=None, limit=2000):
    """Apply up to `limit` log entries this host's index has not applied; returns how many
    (0 when there are none, or when the index lock stayed busy for `timeout` seconds)."""
    root = index_root()
    timeout = current_app.config["SEARCH_WRITE_TIMEOUT"] if timeout is None else timeout
    db.session.commit()   # read what is committed now, in a fresh transaction
    generation, before = _live_position(root)
    if not schema_is_current(root, generation):
        raise OutdatedIndex(OUTDATED)
    if before.done_through < change_log.removed_through():
        raise RebuildNeeded(f"the index has applied the change log up to {before.done_through}, "
                            f"but entries up to {change_log.removed_through()} have been removed")
    if not change_log.entries_after(before, 1):
        settled = before.after((), now=time.time(), grace=change_log.grace())
        if settled != before:   # holes given up on: rolled-back transactions
            position.write(storage.generation_path(root, _live_position(root)[0]), settled)
        _report(settled.done_through)
        _tidy_when_quiet(root)
        return 0
    try:
        with indexer.writing(root, timeout=timeout) as writer:
            directory = storage.generation_path(root, writer.generation)
            current = position.read(directory)
            rows = change_log.entries_after(current, limit)
            to_put, to_delete = documents.documents_for({row.document for row in rows})
            for document in to_put:
                writer.put(document)
            for document_id in to_delete:
                writer.delete(document_id)
    except indexer.LockError:
        db.session.rollback()
        log.warning("Search index busy; the change log is applied at the next turn")
        return 0
    after = current.after([row.id for row in rows], now=time.time(), grace=change_log.grace(),
                          floor=change_log.removed_through())
    position.write(directory, after)   # after the index's commit: a crash in between re-applies
    _last_applied[root] = time.monotonic()
    db.session.rollback()
    _report(after.done_through, force=True)
    return len(rows)


_rebuild_warned = {}


def follow_or_rebuild():
    """The worker's turn: follow the log; when this index can no longer catch up from it,
    rebuild it if SEARCH_AUTO_REBUILD is on, or say so in the log (once a minute)."""
    try:
        return follow(timeout=1)
    except RebuildNeeded as reason:
        if current_app.config["SEARCH_AUTO_REBUILD"]:
            log.warning("%s: rebuilding the index", reason)
            return rebuild()
        if time.monotonic() - _rebuild_warned.get(index_root(), -60) >= 60:
            log.error("%s: run `flask search-reindex` on this host (or set SEARCH_AUTO_REBUILD=1)", reason)
            _rebuild_warned[index_root()] = time.monotonic()
        return 0


def _tidy_when_quiet(root):
    """Merge small segments once the log has been quiet for a moment (indexer.tidy), so that
    no change waits for a merge."""
    applied = _last_applied.get(root)
    if applied is None or time.monotonic() - applied < TIDY_WHEN_QUIET:
        return
    try:
        indexer.tidy(root)
    except indexer.LockError:
        return
    _last_applied.pop(root, None)


def follow_all(*, timeout=None, skip_outdated=True):
    """Apply every waiting entry (commands, tests); returns how many. On an index built by an
    older version (which cannot be written to) nothing is applied and a warning says to
    rebuild it, unless `skip_outdated` is false (then OutdatedIndex is raised): the commands
    that load data (load-reference, load-demo, practices-import) still succeed after an
    upgrade, and their entries wait in the log for the rebuild."""
    total = 0
    try:
        while applied := follow(timeout=timeout):
            total += applied
    except OutdatedIndex as reason:
        if not skip_outdated:
            raise
        log.warning("%s: run `flask search-reindex` on this host; the changes wait in the change log", reason)
    return total


def status():
    """How far this host's index has followed the log (for /healthz and search-check)."""
    root = index_root()
    generation, at = _live_position(root)
    outdated = not schema_is_current(root, generation)
    return {"index_position": at.done_through, "log_position": change_log.last_entry(),
            "behind": change_log.waiting(at),
            "rebuild_needed": outdated or at.done_through < change_log.removed_through(),
            "schema_outdated": outdated}


def queue_everything():
    queue(*sorted(documents.expected_ids()))


PACE_EVERY = 100   # documents between two pauses of a paced rebuild


def rebuild(progress=None, procs=1, pace=1.0):
    """Rebuild the whole index from the database into a new generation and swap it in.
    With procs > 1, worker processes load and index slices of the documents in parallel.
    The worker goes on applying the log to the old generation meanwhile; the new one
    carries the position of the moment the rebuild started reading, and what was applied
    to the old one after that is applied to the new one again. With `pace` below 1 the
    rebuild pauses so that it is busy only that share of the time (for a host whose cores
    its requests and its database share)."""
    root = index_root()
    with storage.rebuilding(root):
        db.session.commit()
        start = change_log.snapshot(time.time())
        keys = documents.ordered_ids()     # read after the snapshot: it sees at least as much
        db.session.rollback()
        app = current_app._get_current_object()
        if procs > 1:
            db.session.remove()
            db.engine.dispose()  # the workers open their own connections

        def load(ids):
            with app.app_context():
                started = time.monotonic()
                for n, document in enumerate(documents.documents_in_batches(ids), 1):
                    yield document
                    if pace < 1 and n % PACE_EVERY == 0:
                        time.sleep((time.monotonic() - started) * (1 / pace - 1))
                        started = time.monotonic()

        def worker_setup():
            with app.app_context():
                db.engine.dispose(close=False)

        return indexer.rebuild(root, keys, load, position_read_at=start, procs=procs, progress=progress,
                               worker_setup=worker_setup)


def drift():
    """(in the database but not the index, in the index but not the database)."""
    expected = documents.expected_ids()
    present = indexer.all_ids(index_root())
    return sorted(expected - present), sorted(present - expected)
