"""Uploaded files (mayors' letters, cover images), kept in the database so that every web host
serves the same bytes and a pg_dump backs them up with the records that point at them
(docs/uploads.md). A record names its file by `key` (e.g. "letters/3f2c….pdf")."""
import datetime as dt

from sqlalchemy import DateTime, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, deferred, mapped_column

from models.base import db, utcnow


class StoredFile(db.Model):
    __tablename__ = "stored_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    # Loaded only when the bytes are sent, not when a page asks whether a file is there.
    content: Mapped[bytes] = deferred(mapped_column(LargeBinary, nullable=False))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
