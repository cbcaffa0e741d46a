"""The search change log in the database (models/search.py): appending to it in a change's
transaction, reading what a host has still to apply, the moment a rebuild reads the database
at, the hosts' reports and the housekeeping that removes what every host has applied."""
import datetime as dt

from flask import current_app
from sqlalchemy import delete, func, or_, select
from sqlalchemy.dialects import postgresql, sqlite

from models.base import utcnow
from models.search import SearchChange, SearchHost, SearchLogState
from portal.extensions import db
from search_index.position import Position


def queue(*document_ids):
    """Append "this document changed" for each id, in the current transaction."""
    for document_id in document_ids:
        db.session.add(SearchChange(document=document_id))


def grace():
    return current_app.config["SEARCH_LOG_GRACE_SECONDS"]


def _waiting_clause(position):
    clause = SearchChange.id > position.high
    return or_(clause, SearchChange.id.in_(sorted(position.holes))) if position.holes else clause


def entries_after(position, limit):
    """[(id, document)] of the entries `position` has not applied, in order, at most `limit`."""
    return db.session.execute(select(SearchChange.id, SearchChange.document)
                              .where(_waiting_clause(position))
                              .order_by(SearchChange.id).limit(limit)).all()


def waiting(position):
    """How many entries `position` has not applied."""
    return db.session.scalar(select(func.count()).select_from(SearchChange).where(_waiting_clause(position)))


def last_entry():
    """The number of the last entry committed (or removed, when the log is empty)."""
    return max(db.session.scalar(select(func.max(SearchChange.id))) or 0, removed_through())


def removed_through():
    return db.session.scalar(select(SearchLogState.removed_through).where(SearchLogState.id == 1)) or 0


def snapshot(now):
    """The position of a rebuild that reads the database from now on: every entry committed
    now is in what it reads; the numbers below the last one that are missing and recent
    may belong to transactions still open, and stay holes to apply when they commit."""
    high = last_entry()
    settled = db.session.scalar(select(func.max(SearchChange.id)).where(
        SearchChange.created_at < utcnow() - dt.timedelta(seconds=grace()))) or 0
    low = max(settled, removed_through())
    present = set(db.session.scalars(select(SearchChange.id).where(SearchChange.id > low)))
    return Position(high=high, holes={entry: now for entry in range(low + 1, high) if entry not in present})


def _upsert(table, values, key, update_columns):
    insert = postgresql.insert if db.session.get_bind().dialect.name == "postgresql" else sqlite.insert
    statement = insert(table).values(**values)
    db.session.execute(statement.on_conflict_do_update(
        index_elements=[key], set_={name: statement.excluded[name] for name in update_columns}))


def report(host, done_through):
    """Record that `host` has applied every entry up to `done_through`; commits."""
    _upsert(SearchHost, {"host": host, "done_through": done_through, "seen_at": utcnow()},
            "host", ("done_through", "seen_at"))
    db.session.commit()


def housekeeping(now=None):
    """Remove the entries every host seen within the retention period has applied, and
    every entry older than the retention period (a host that had not applied them rebuilds).
    Returns the number removed."""
    now = now or utcnow()
    retention = dt.timedelta(days=current_app.config["SEARCH_LOG_RETENTION_DAYS"])
    live = select(func.min(SearchHost.done_through)).where(SearchHost.seen_at >= now - retention)
    applied_everywhere = db.session.scalar(live)
    expired = db.session.scalar(select(func.max(SearchChange.id))
                                .where(SearchChange.created_at < now - retention)) or 0
    through = max(applied_everywhere or 0, expired)
    if through <= removed_through():
        return 0
    removed = db.session.execute(delete(SearchChange).where(SearchChange.id <= through)).rowcount
    _upsert(SearchLogState, {"id": 1, "removed_through": through}, "id", ("removed_through",))
    db.session.execute(delete(SearchHost).where(SearchHost.seen_at < now - retention))
    db.session.commit()
    return removed


def forget(host):
    """Stop waiting for a host that is gone for good; returns whether it was known."""
    gone = db.session.execute(delete(SearchHost).where(SearchHost.host == host)).rowcount
    db.session.commit()
    return bool(gone)


def hosts():
    return db.session.execute(select(SearchHost.host, SearchHost.done_through, SearchHost.seen_at)
                              .order_by(SearchHost.host)).all()

