"""Practice cases shared by learning cities.

Only the core of a practice lives here for now (what the home page, commitment and city
pages list); authoring, review and search extend it.
"""
import datetime as dt

from sqlalchemy import Column, DateTime, ForeignKey, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.cities import City
from models.framework import Commitment
from portal.extensions import db

practice_commitments = Table(
    "practice_commitments",
    db.metadata,
    Column("practice_id", ForeignKey("practices.id", ondelete="CASCADE"), primary_key=True),
    Column("commitment_id", ForeignKey("commitments.id"), primary_key=True),
)


class Practice(db.Model):
    __tablename__ = "practices"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(160), unique=True)
    language: Mapped[str] = mapped_column(String(8))
    title: Mapped[str] = mapped_column(String(300))
    summary: Mapped[str] = mapped_column(Text)
    city_id: Mapped[int] = mapped_column(ForeignKey("cities.id"), index=True)
    # Published when set; drafts and reviews arrive with the practices workflow.
    published_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), index=True)

    city: Mapped[City] = relationship()
    commitments: Mapped[list[Commitment]] = relationship(
        secondary=practice_commitments, order_by=Commitment.number)
