"""What the search index has still to do (the index itself lives in search_index/)."""
import datetime as dt

from sqlalchemy import DateTime, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import db, utcnow


class SearchOutbox(db.Model):
    """A change the search index has still to apply, written in the same transaction as the
    change itself; the indexer applies and deletes entries after the commit, and a crashed
    writer's entries are simply applied again (updates are idempotent)."""
    __tablename__ = "search_outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    document: Mapped[str] = mapped_column(String(40))   # "practice:12" or "city:3"
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
