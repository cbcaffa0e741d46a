"""The network's guiding documents: the Beijing Declaration's 12 commitments with their
actions, and the Key Features of Learning Cities (areas → focus areas → key features →
measurement points). Loaded from `data/` by `flask load-reference`; read-only on the site."""
import datetime as dt
import enum

from sqlalchemy import JSON, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Translated, db, str_enum


class Unit(enum.Enum):
    percent = "percent"
    count = "count"
    per_100k = "per_100k"
    years = "years"
    hours = "hours"
    usd_ppp = "usd_ppp"
    tonnes_per_capita = "tonnes_per_capita"
    kg_per_capita = "kg_per_capita"
    visits_per_month = "visits_per_month"
    ratio = "ratio"
    rating = "rating"
    volume = "volume"


class Breakdown(enum.Enum):
    sex = "sex"
    income_quintile = "income_quintile"
    sector = "sector"
    education_level = "education_level"                # pre-primary to tertiary, adult and continuing
    school_and_adult_level = "school_and_adult_level"  # the same without tertiary (teachers, 2.5.1)
    learning_setting = "learning_setting"


class DataSource(enum.Enum):
    official = "official"
    survey = "survey"
    expert = "expert"


class Commitment(Translated, db.Model):
    __tablename__ = "commitments"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(Integer, unique=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    translated_texts = {"title": String(200), "summary": Text}

    actions: Mapped[list["CommitmentAction"]] = relationship(
        back_populates="commitment", order_by="CommitmentAction.position",
        cascade="all, delete-orphan")
    focus_area: Mapped["FocusArea | None"] = relationship(back_populates="commitment")

    def __repr__(self):
        return f"<Commitment {self.number}>"


class CommitmentAction(Translated, db.Model):
    __tablename__ = "commitment_actions"
    __table_args__ = (UniqueConstraint("commitment_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    commitment_id: Mapped[int] = mapped_column(ForeignKey("commitments.id"))
    position: Mapped[int] = mapped_column(Integer)
    translated_texts = {"text": Text}

    commitment: Mapped[Commitment] = relationship(back_populates="actions")


class Area(Translated, db.Model):
    """One of the three areas of the Key Features (wider benefits, building blocks,
    fundamental conditions)."""
    __tablename__ = "key_feature_areas"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(8), unique=True)
    translated_texts = {"title": String(200), "description": Text}

    focus_areas: Mapped[list["FocusArea"]] = relationship(
        back_populates="area", order_by="FocusArea.code")


class FocusArea(Translated, db.Model):
    __tablename__ = "focus_areas"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(8), unique=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("key_feature_areas.id"))
    commitment_id: Mapped[int] = mapped_column(ForeignKey("commitments.id"), unique=True)
    translated_texts = {"title": String(200)}

    area: Mapped[Area] = relationship(back_populates="focus_areas")
    commitment: Mapped[Commitment] = relationship(back_populates="focus_area")
    key_features: Mapped[list["KeyFeature"]] = relationship(
        back_populates="focus_area", order_by="KeyFeature.position")


class KeyFeature(Translated, db.Model):
    __tablename__ = "key_features"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(12), unique=True)
    # Codes sort wrongly as text once a number reaches 10; position keeps the seed's order.
    position: Mapped[int] = mapped_column(Integer)
    focus_area_id: Mapped[int] = mapped_column(ForeignKey("focus_areas.id"))
    translated_texts = {"title": String(300)}

    focus_area: Mapped[FocusArea] = relationship(back_populates="key_features")
    measurement_points: Mapped[list["MeasurementPoint"]] = relationship(
        back_populates="key_feature", order_by="MeasurementPoint.position")


class MeasurementPoint(Translated, db.Model):
    __tablename__ = "measurement_points"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(100), unique=True)
    key_feature_id: Mapped[int] = mapped_column(ForeignKey("key_features.id"))
    position: Mapped[int] = mapped_column(Integer)
    translated_texts = {"name": String(300), "definition": Text}
    unit: Mapped[Unit] = mapped_column(str_enum(Unit))
    source: Mapped[DataSource] = mapped_column(str_enum(DataSource))
    # A short list of Breakdown values, in display order.
    breakdowns: Mapped[list[str]] = mapped_column(JSON, default=list)

    key_feature: Mapped[KeyFeature] = relationship(back_populates="measurement_points")

    @property
    def breakdown_list(self):
        return [Breakdown(value) for value in self.breakdowns or []]


class Declaration(Translated, db.Model):
    """The Beijing Declaration itself (one row): what it is, where and when adopted."""
    __tablename__ = "declaration"

    id: Mapped[int] = mapped_column(primary_key=True)
    adopted: Mapped[dt.date] = mapped_column(Date)
    translated_texts = {"title": String(300), "place": String(200), "summary": Text}

    calls_to_action: Mapped[list["CallToAction"]] = relationship(
        order_by="CallToAction.position", cascade="all, delete-orphan")


class CallToAction(Translated, db.Model):
    __tablename__ = "declaration_calls_to_action"
    __table_args__ = (UniqueConstraint("declaration_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    declaration_id: Mapped[int] = mapped_column(ForeignKey("declaration.id"))
    position: Mapped[int] = mapped_column(Integer)
    translated_texts = {"text": Text}
