"""The search change log every host follows (the index itself lives in search_index/).

Every change to something searchable appends an entry, in the same transaction as the change
itself; no request ever deletes one. Each host's worker applies the entries in order to its own
index and keeps how far it got with the index (search_index/storage.py), and reports it here
(`SearchHost`) so that the housekeeping job knows which entries every host has applied."""
import datetime as dt

from sqlalchemy import BigInteger, DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import db, utcnow

# SQLite needs INTEGER PRIMARY KEY AUTOINCREMENT for ids that are never handed out twice
# (without it, ids of deleted entries would be given again and a host would skip them).
LogId = BigInteger().with_variant(Integer(), "sqlite")


class SearchChange(db.Model):
    """Document `document` changed (or was deleted): the indexer reads its current state."""
    __tablename__ = "search_changes"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(LogId, primary_key=True, autoincrement=True)
    document: Mapped[str] = mapped_column(String(40))   # "practice:12" or "city:3"
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)


class SearchHost(db.Model):
    """A host's index, as its worker last reported it: every entry up to `done_through` is
    applied there."""
    __tablename__ = "search_hosts"

    host: Mapped[str] = mapped_column(String(200), primary_key=True)
    done_through: Mapped[int] = mapped_column(BigInteger, default=0)
    seen_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class SearchLogState(db.Model):
    """One row: every entry up to `removed_through` has been removed by housekeeping, so an
    index that has not applied them all must be rebuilt."""
    __tablename__ = "search_log_state"

    id: Mapped[int] = mapped_column(primary_key=True)
    removed_through: Mapped[int] = mapped_column(BigInteger, default=0)
