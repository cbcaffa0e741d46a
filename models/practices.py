"""Practice cases (and case studies) shared by learning cities, their published versions,
and the outbox that keeps the search index in step with the database."""
import datetime as dt
import enum

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.auth import User
from models.base import LANGUAGES, db, str_enum, utcnow
from models.cities import City
from models.framework import Commitment, KeyFeature
from models.markdown import keeps_html
from models.reference_numbers import YEAR_MAX, YEAR_MIN

# A practice and each of its translations are in one of the portal's languages.
LANGUAGE_KNOWN = "language IN ({})".format(", ".join(f"'{code}'" for code in LANGUAGES))
# The sections of a practice, in reading order; written in Markdown, like the body.
SECTIONS = ("need", "activities", "partners", "results", "lessons")
MARKDOWN_FIELDS = SECTIONS + ("body",)
# What a translation can give in the other language.
TRANSLATED_FIELDS = ("title", "summary") + MARKDOWN_FIELDS

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


class InLanguages:
    """Reading a practice (or a published version of it) in the reader's language: each text
    from the translation into that language where it gives it, else from the original. Needs
    `language`, `translations` (each with its `language`), `translation(language)` and
    `html(field)`."""

    def languages(self):
        """The languages it can be read in: the one it is written in, then those of its
        translations, in the order of LANGUAGES."""
        translated = {t.language for t in self.translations}
        return [self.language, *(code for code in LANGUAGES if code in translated and code != self.language)]

    def text_in(self, language, field):
        """`field` (any of TRANSLATED_FIELDS) in `language` if written or translated, else
        the original."""
        return getattr(self._holder(language, field), field)

    def html_in(self, language, field):
        """The stored HTML of a Markdown field in `language` if translated, else the original."""
        return self._holder(language, field).html(field)

    def shown_language(self, language, field="title"):
        return self._holder(language, field).language

    def untranslated(self, language):
        """The fields with a text that a reader of `language` sees in the original language."""
        if language == self.language:
            return []
        return [field for field in TRANSLATED_FIELDS
                if getattr(self, field) and self.shown_language(language, field) != language]

    def _holder(self, language, field):
        """The translation that gives `field` in `language`, or the practice itself."""
        if language != self.language:
            translated = self.translation(language)
            if translated is not None and getattr(translated, field):
                return translated
        return self


class Sections:
    """The Markdown texts of a practice (or of its translation), each with its HTML, rendered
    when the text is set (models/markdown.py)."""
    need: Mapped[str] = mapped_column(Text, default="")
    activities: Mapped[str] = mapped_column(Text, default="")
    partners: Mapped[str] = mapped_column(Text, default="")
    results: Mapped[str] = mapped_column(Text, default="")
    lessons: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text, default="")
    need_html: Mapped[str] = mapped_column(Text, default="")
    activities_html: Mapped[str] = mapped_column(Text, default="")
    partners_html: Mapped[str] = mapped_column(Text, default="")
    results_html: Mapped[str] = mapped_column(Text, default="")
    lessons_html: Mapped[str] = mapped_column(Text, default="")
    body_html: Mapped[str] = mapped_column(Text, default="")


@keeps_html(*MARKDOWN_FIELDS)
class Practice(InLanguages, Sections, db.Model):
    __tablename__ = "practices"
    __table_args__ = (
        CheckConstraint("status != 'published' OR published_at IS NOT NULL",
                        name="published_is_dated"),
        # A revision is a draft of a new version; publishing it updates the practice it
        # revises and removes it, so it is never published itself.
        CheckConstraint("revision_of_id IS NULL OR status IN ('draft', 'submitted', 'returned')",
                        name="revisions_are_drafts"),
        CheckConstraint(LANGUAGE_KNOWN, name="language_known"),
        CheckConstraint(f"start_year IS NULL OR start_year BETWEEN {YEAR_MIN} AND {YEAR_MAX}",
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
    # Where the account comes from (a citation: author, title, journal, year).
    source: Mapped[str | None] = mapped_column(String(500))
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
    # Set on a revision: the published practice it will replace when it is published.
    revision_of_id: Mapped[int | None] = mapped_column(
        ForeignKey("practices.id", ondelete="CASCADE"), unique=True)
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
    revision_of: Mapped["Practice | None"] = relationship(
        remote_side=[id], back_populates="revision")
    revision: Mapped["Practice | None"] = relationship(
        back_populates="revision_of", cascade="all, delete-orphan")

    @property
    def is_published(self):
        return self.status is PracticeStatus.published

    @property
    def is_revision(self):
        return self.revision_of_id is not None

    def translation(self, language):
        return next((t for t in self.translations if t.language == language), None)


@keeps_html(*MARKDOWN_FIELDS)
class PracticeTranslation(Sections, db.Model):
    """The practice in the other language: its title and summary, and whichever sections
    and body the translator gave (an untranslated one is shown in the original)."""
    __tablename__ = "practice_translations"
    __table_args__ = (UniqueConstraint("practice_id", "language"),
                      CheckConstraint(LANGUAGE_KNOWN, name="language_known"))

    id: Mapped[int] = mapped_column(primary_key=True)
    practice_id: Mapped[int] = mapped_column(ForeignKey("practices.id", ondelete="CASCADE"))
    language: Mapped[str] = mapped_column(String(8))
    title: Mapped[str] = mapped_column(String(300))
    summary: Mapped[str] = mapped_column(Text)

    practice: Mapped[Practice] = relationship(back_populates="translations")


class PracticeVersion(db.Model):
    """Every published version is kept: a snapshot of what readers saw (texts, their HTML
    under "html", translations with theirs), readable at /practices/<slug>/versions/<n>."""
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
