"""Monitoring with the Key Features: a city's data set for a reference year (its values
against the measurement points, and its self-assessment on the key features), the
secretariat's reporting cycles, and the biennial progress reports cities write in them.

A data set is a draft seen by the city's team, its National Commission and the secretariat
until the city publishes it (or submits a progress report holding it); every change after
that is kept as a version (`IndicatorValueChange`), with who and when. The report's workflow
is declared in `portal/monitoring/workflow.py`; the database ties each state to its fields.
"""
import datetime as dt
import enum

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.auth import User
from models.base import db, str_enum, utcnow
from models.cities import City
from models.framework import DataSource, KeyFeature, MeasurementPoint
from models.practices import Practice


class DataSetState(enum.Enum):
    draft = "draft"
    published = "published"


class CityDataSet(db.Model):
    """What a city reports for one reference year."""
    __tablename__ = "city_data_sets"
    __table_args__ = (
        UniqueConstraint("city_id", "year"),
        CheckConstraint("state != 'published' OR published_at IS NOT NULL", name="published_is_dated"),
        CheckConstraint("version >= 0", name="version_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    city_id: Mapped[int] = mapped_column(ForeignKey("cities.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    state: Mapped[DataSetState] = mapped_column(str_enum(DataSetState), default=DataSetState.draft)
    # 0 while a draft; 1 when first published; one more for each change after that.
    version: Mapped[int] = mapped_column(Integer, default=0)
    published_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)

    city: Mapped[City] = relationship()
    published_by: Mapped[User | None] = relationship()
    values: Mapped[list["IndicatorValue"]] = relationship(
        back_populates="data_set", cascade="all, delete-orphan")
    assessments: Mapped[list["SelfAssessment"]] = relationship(
        back_populates="data_set", cascade="all, delete-orphan")

    @property
    def is_published(self):
        return self.state is DataSetState.published


class IndicatorValue(db.Model):
    """The value of one measurement point, as a whole (`breakdown` empty) or for one group of
    a dimension the framework names for it (`breakdown` "sex=female"), with its source."""
    __tablename__ = "indicator_values"
    __table_args__ = (
        UniqueConstraint("data_set_id", "measurement_point_id", "breakdown"),
        CheckConstraint("(not_available AND value IS NULL AND reason IS NOT NULL) "
                        "OR (NOT not_available AND value IS NOT NULL)", name="a_value_or_a_reason"),
        Index("ix_indicator_values_point_set", "measurement_point_id", "data_set_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    data_set_id: Mapped[int] = mapped_column(ForeignKey("city_data_sets.id"))
    measurement_point_id: Mapped[int] = mapped_column(ForeignKey("measurement_points.id"))
    breakdown: Mapped[str] = mapped_column(String(80), default="")
    value: Mapped[float | None] = mapped_column(Float)
    currency: Mapped[str | None] = mapped_column(String(3))      # for amounts of money
    not_available: Mapped[bool] = mapped_column(Boolean, default=False)
    reason: Mapped[str | None] = mapped_column(Text)             # why not available
    source: Mapped[DataSource] = mapped_column(str_enum(DataSource))
    citation_publisher: Mapped[str] = mapped_column(String(200), default="")
    citation_title: Mapped[str] = mapped_column(String(300), default="")
    citation_year: Mapped[int | None] = mapped_column(Integer)
    citation_url: Mapped[str] = mapped_column(String(500), default="")
    note: Mapped[str] = mapped_column(Text, default="")          # on method
    # The warning the person confirmed when saving this value (a big change, an outlier).
    confirmed_warning: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    data_set: Mapped[CityDataSet] = relationship(back_populates="values")
    measurement_point: Mapped[MeasurementPoint] = relationship()


class IndicatorValueChange(db.Model):
    """One change to a published data set: which value, what it was and became (None: it did
    not exist / was removed), the data set's version it made, who and when."""
    __tablename__ = "indicator_value_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    data_set_id: Mapped[int] = mapped_column(ForeignKey("city_data_sets.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    measurement_point_id: Mapped[int] = mapped_column(ForeignKey("measurement_points.id"))
    breakdown: Mapped[str] = mapped_column(String(80), default="")
    before: Mapped[dict | None] = mapped_column(JSON)
    after: Mapped[dict | None] = mapped_column(JSON)
    changed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    measurement_point: Mapped[MeasurementPoint] = relationship()
    changed_by: Mapped[User | None] = relationship()


class SelfAssessment(db.Model):
    """The city's own rating (1 to 5) of its progress on one key feature, why, and its
    evidence (its practices, its measurement points)."""
    __tablename__ = "self_assessments"
    __table_args__ = (
        UniqueConstraint("data_set_id", "key_feature_id"),
        CheckConstraint("rating BETWEEN 1 AND 5", name="rating_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    data_set_id: Mapped[int] = mapped_column(ForeignKey("city_data_sets.id"))
    key_feature_id: Mapped[int] = mapped_column(ForeignKey("key_features.id"))
    rating: Mapped[int] = mapped_column(Integer)
    justification: Mapped[str] = mapped_column(Text, default="")
    evidence_practice_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    evidence_points: Mapped[list[str]] = mapped_column(JSON, default=list)   # measurement point keys
    language: Mapped[str] = mapped_column(String(8), default="en")
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    data_set: Mapped[CityDataSet] = relationship(back_populates="assessments")
    key_feature: Mapped[KeyFeature] = relationship()


class ReportingCycle(db.Model):
    """A period the secretariat opens for progress reports, with its deadline. Every city
    that was a member before the cycle opened is due to report in it."""
    __tablename__ = "reporting_cycles"
    __table_args__ = (
        CheckConstraint("period_end >= period_start", name="period_in_order"),
        CheckConstraint("deadline >= opened_on", name="deadline_after_opening"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    period_start: Mapped[int] = mapped_column(Integer)       # first year reported on
    period_end: Mapped[int] = mapped_column(Integer)         # last year (the data's year)
    opened_on: Mapped[dt.date] = mapped_column(Date)
    deadline: Mapped[dt.date] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    reports: Mapped[list["ProgressReport"]] = relationship(back_populates="cycle")


class ReportState(enum.Enum):
    draft = "draft"
    submitted = "submitted"
    returned = "returned"
    accepted = "accepted"
    published = "published"


report_practices = Table(
    "progress_report_practices", db.Model.metadata,
    Column("report_id", ForeignKey("progress_reports.id", ondelete="CASCADE"), primary_key=True),
    Column("practice_id", ForeignKey("practices.id", ondelete="CASCADE"), primary_key=True),
)


class ProgressReport(db.Model):
    """A city's report for a reporting cycle: a narrative per commitment, achievements,
    challenges, plans, its data set for the cycle's last year, and links to its practices."""
    __tablename__ = "progress_reports"
    __table_args__ = (
        UniqueConstraint("cycle_id", "city_id"),
        CheckConstraint("state = 'draft' OR submitted_at IS NOT NULL", name="submitted_is_dated"),
        CheckConstraint("state NOT IN ('accepted', 'published') OR accepted_at IS NOT NULL",
                        name="accepted_is_dated"),
        CheckConstraint("state != 'published' OR published_at IS NOT NULL", name="published_is_dated"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("reporting_cycles.id"), index=True)
    city_id: Mapped[int] = mapped_column(ForeignKey("cities.id"), index=True)
    state: Mapped[ReportState] = mapped_column(str_enum(ReportState), default=ReportState.draft)
    language: Mapped[str] = mapped_column(String(8), default="en")
    achievements: Mapped[str] = mapped_column(Text, default="")
    challenges: Mapped[str] = mapped_column(Text, default="")
    plans: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    submitted_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    accepted_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    published_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)

    cycle: Mapped[ReportingCycle] = relationship(back_populates="reports")
    city: Mapped[City] = relationship()
    narratives: Mapped[list["ReportNarrative"]] = relationship(
        back_populates="report", order_by="ReportNarrative.commitment_number",
        cascade="all, delete-orphan")
    practices: Mapped[list[Practice]] = relationship(secondary=report_practices)

    @property
    def data_year(self):
        return self.cycle.period_end


class ReportNarrative(db.Model):
    """What the city tells of its progress on one of the 12 commitments."""
    __tablename__ = "report_narratives"
    __table_args__ = (
        UniqueConstraint("report_id", "commitment_number"),
        CheckConstraint("commitment_number BETWEEN 1 AND 12", name="commitment_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("progress_reports.id", ondelete="CASCADE"))
    commitment_number: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text, default="")

    report: Mapped[ProgressReport] = relationship(back_populates="narratives")
