"""Practice cases (and case studies) shared by learning cities, their published versions,
and the outbox that keeps the search index in step with the database."""
import datetime as dt
import enum

from sqlalchemy import (JSON, Boolean, CheckConstraint, Column, DateTime, ForeignKey, Integer,
                        String, Table, Text, UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.auth import User, utcnow
from models.base import str_enum
from models.cities import City
from models.framework import Commitment, KeyFeature
from portal.extensions import db

practice_commitments = Table(
    "practice_commitments",
    db.metadata,
    Column("practice_id", ForeignKey("practices.id", ondelete="CASCADE"), primary_key=True),
    Column("commitment_id", ForeignKey("commitments.id"), primary_key=True),
)

practice_key_features = Table(
    "practice_key_features",
    db.metadata,
    Column("practice_id", ForeignKey("practices.id", ondelete="CASCADE"), primary_key=True),
    Column("key_feature_id", ForeignKey("key_features.id"), primary_key=True),
)


class PracticeKind(enum.Enum):
    practice = "practice"
    case_study = "case_study"


class PracticeStatus(enum.Enum):
    draft = "draft"
    submitted = "submitted"      # waiting for the secretariat or the city's coordinator
    returned = "returned"        # sent back to the author with comments
    published = "published"
    unpublished = "unpublished"  # taken down; can be published again


class OrganisationType(enum.Enum):
    public_library = "public_library"
    school = "school"
    university = "university"
    museum = "museum"
    community_learning_centre = "community_learning_centre"
    ngo = "ngo"
    municipality = "municipality"
    business = "business"
    other = "other"


TARGET_GROUPS = ("children", "young_people", "adults", "older_people", "families", "migrants",
                 "people_with_disabilities", "women", "unemployed", "low_literacy", "all")
LICENCES = ("CC-BY-4.0", "CC-BY-SA-4.0", "CC-BY-NC-4.0", "all-rights-reserved")


class Practice(db.Model):
    __tablename__ = "practices"
    __table_args__ = (
        CheckConstraint("status != 'published' OR published_at IS NOT NULL",
                        name="published_is_dated"),
        CheckConstraint("language IN ('en', 'zh')", name="language_known"),
        CheckConstraint("start_year IS NULL OR start_year BETWEEN 1900 AND 2100",
                        name="start_year_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(160), unique=True)
    external_id: Mapped[str | None] = mapped_column(String(120), unique=True)
    kind: Mapped[PracticeKind] = mapped_column(str_enum(PracticeKind), default=PracticeKind.practice)
    status: Mapped[PracticeStatus] = mapped_column(str_enum(PracticeStatus),
                                                   default=PracticeStatus.draft, index=True)
    language: Mapped[str] = mapped_column(String(8))
    title: Mapped[str] = mapped_column(String(300))
    summary: Mapped[str] = mapped_column(Text)
    need: Mapped[str] = mapped_column(Text, default="")
    activities: Mapped[str] = mapped_column(Text, default="")
    partners: Mapped[str] = mapped_column(Text, default="")
    results: Mapped[str] = mapped_column(Text, default="")
    lessons: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text, default="")
    start_year: Mapped[int | None] = mapped_column(Integer)
    ongoing: Mapped[bool] = mapped_column(Boolean, default=True)
    city_id: Mapped[int] = mapped_column(ForeignKey("cities.id"), index=True)
    organisation: Mapped[str | None] = mapped_column(String(200))
    organisation_type: Mapped[OrganisationType | None] = mapped_column(str_enum(OrganisationType))
    target_groups: Mapped[list[str]] = mapped_column(JSON, default=list)
    url: Mapped[str | None] = mapped_column(String(500))
    licence: Mapped[str] = mapped_column(String(40), default="CC-BY-4.0")
    cover_image_path: Mapped[str | None] = mapped_column(String(200))
    cover_image_alt: Mapped[str | None] = mapped_column(String(300))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow,
                                                    onupdate=utcnow)
    submitted_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # First publication (feeds, "newest") and the last published change (shown on the page).
    published_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    last_published_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    city: Mapped[City] = relationship()
    author: Mapped[User | None] = relationship()
    commitments: Mapped[list[Commitment]] = relationship(
        secondary=practice_commitments, order_by=Commitment.number)
    key_features: Mapped[list[KeyFeature]] = relationship(
        secondary=practice_key_features, order_by=KeyFeature.code)
    translations: Mapped[list["PracticeTranslation"]] = relationship(
        back_populates="practice", cascade="all, delete-orphan")
    versions: Mapped[list["PracticeVersion"]] = relationship(
        back_populates="practice", cascade="all, delete-orphan", order_by="PracticeVersion.number")

    @property
    def is_published(self):
        return self.status is PracticeStatus.published

    def translation(self, language):
        return next((t for t in self.translations if t.language == language), None)

    def text_in(self, language, field):
        """`field` (title, summary, body) in `language` if written or translated, else the original."""
        if language != self.language:
            translated = self.translation(language)
            if translated is not None and getattr(translated, field):
                return getattr(translated, field)
        return getattr(self, field)

    def shown_language(self, language, field="title"):
        translated = self.translation(language)
        if language != self.language and translated is not None and getattr(translated, field):
            return language
        return self.language


class PracticeTranslation(db.Model):
    """The practice's title, summary (and body) in the other language."""
    __tablename__ = "practice_translations"
    __table_args__ = (UniqueConstraint("practice_id", "language"),
                      CheckConstraint("language IN ('en', 'zh')", name="language_known"))

    id: Mapped[int] = mapped_column(primary_key=True)
    practice_id: Mapped[int] = mapped_column(ForeignKey("practices.id", ondelete="CASCADE"))
    language: Mapped[str] = mapped_column(String(8))
    title: Mapped[str] = mapped_column(String(300))
    summary: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text, default="")

    practice: Mapped[Practice] = relationship(back_populates="translations")


class PracticeVersion(db.Model):
    """Every published version is kept: a snapshot of what readers saw."""
    __tablename__ = "practice_versions"
    __table_args__ = (UniqueConstraint("practice_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    practice_id: Mapped[int] = mapped_column(ForeignKey("practices.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    published_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    snapshot: Mapped[dict] = mapped_column(JSON)

    practice: Mapped[Practice] = relationship(back_populates="versions")
    published_by: Mapped[User | None] = relationship()


class SearchOutbox(db.Model):
    """A change the search index has still to apply, written in the same transaction as the
    change itself; the indexer applies and deletes entries after the commit, and a crashed
    writer's entries are simply applied again (updates are idempotent)."""
    __tablename__ = "search_outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    document: Mapped[str] = mapped_column(String(40))   # "practice:12" or "city:3"
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
