"""Calls for membership, city applications, and National Commission nominations.

The application's workflow is one explicit state machine: the states are below, the
allowed transitions and who may make them are in `portal/membership/workflow.py`, and the
database ties each state to the fields it requires.
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
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.auth import User
from models.base import Translated, db, str_enum, utcnow
from models.cities import City, MemberState
from models.framework import Commitment


class Call(Translated, db.Model):
    """A call for membership: open between two dates, with a quota of nominations per
    Member State and a decision window for National Commissions; what it is about and who
    may apply are said in any of the portal's languages (plain text; a language left empty
    falls back to English)."""
    __tablename__ = "calls"
    __table_args__ = (
        CheckConstraint("closes_on >= opens_on", name="closes_after_opening"),
        CheckConstraint("nomination_quota BETWEEN 1 AND 50", name="quota_range"),
        CheckConstraint("decision_window_days BETWEEN 1 AND 365", name="window_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    opens_on: Mapped[dt.date] = mapped_column(Date)
    closes_on: Mapped[dt.date] = mapped_column(Date)
    nomination_quota: Mapped[int] = mapped_column(Integer, default=3)
    decision_window_days: Mapped[int] = mapped_column(Integer, default=30)
    translated_texts = {"description": Text, "eligibility": Text}
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    def is_open(self, today):
        return self.opens_on <= today <= self.closes_on


class ApplicationState(enum.Enum):
    draft = "draft"
    submitted = "submitted"              # with the National Commission
    returned = "returned"                # sent back to the city for changes
    declined = "declined"                # the National Commission will not nominate it
    endorsed = "endorsed"                # nominated; waiting for the secretariat
    under_review = "under_review"
    info_requested = "info_requested"    # the secretariat asked the city for more
    admitted = "admitted"
    not_admitted = "not_admitted"
    withdrawn = "withdrawn"


ENDORSED_STATES = ("endorsed", "under_review", "info_requested", "admitted", "not_admitted")
DECIDED_STATES = ("admitted", "not_admitted")

application_expertise = Table(
    "application_expertise",
    db.metadata,
    Column("application_id", ForeignKey("applications.id", ondelete="CASCADE"), primary_key=True),
    Column("commitment_id", ForeignKey("commitments.id"), primary_key=True),
)


class Application(db.Model):
    __tablename__ = "applications"
    __table_args__ = (
        CheckConstraint(
            f"state NOT IN {ENDORSED_STATES} OR (endorsed_at IS NOT NULL AND endorsed_by_id IS NOT NULL)",
            name="endorsed_has_endorser"),
        CheckConstraint(
            f"state NOT IN {DECIDED_STATES} OR (decided_at IS NOT NULL AND decided_by_id IS NOT NULL)",
            name="decision_has_decider"),
        CheckConstraint("state IN ('draft', 'withdrawn') OR submitted_at IS NOT NULL",
                        name="submitted_is_dated"),
        CheckConstraint("state != 'not_admitted' OR decision_reason IS NOT NULL",
                        name="refusal_has_reasons"),
        # One live application per city and call (a withdrawn one does not count).
        Index("uq_applications_live_per_city_and_call", "call_id", "city_id", unique=True,
              sqlite_where=text("state != 'withdrawn'"),
              postgresql_where=text("state != 'withdrawn'")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("calls.id"), index=True)
    city_id: Mapped[int] = mapped_column(ForeignKey("cities.id"), index=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    state: Mapped[ApplicationState] = mapped_column(str_enum(ApplicationState),
                                                    default=ApplicationState.draft, index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow,
                                                    onupdate=utcnow)

    # City profile, for the year the figures describe.
    data_year: Mapped[int | None] = mapped_column(Integer)
    population: Mapped[int | None] = mapped_column(Integer)
    area_km2: Mapped[float | None] = mapped_column(Numeric(12, 2))
    gdp_per_capita_city_usd: Mapped[float | None] = mapped_column(Numeric(12, 2))
    gdp_per_capita_country_usd: Mapped[float | None] = mapped_column(Numeric(12, 2))
    schooling_years_men: Mapped[float | None] = mapped_column(Numeric(4, 1))
    schooling_years_women: Mapped[float | None] = mapped_column(Numeric(4, 1))
    website: Mapped[str | None] = mapped_column(String(300))
    # People (private).
    mayor_title: Mapped[str | None] = mapped_column(String(80))
    mayor_name: Mapped[str | None] = mapped_column(String(160))
    contact_name: Mapped[str | None] = mapped_column(String(160))
    contact_email: Mapped[str | None] = mapped_column(String(254))
    contact_phone: Mapped[str | None] = mapped_column(String(60))
    communication_language: Mapped[str | None] = mapped_column(String(8))
    # What the city says (public once admitted).
    motivation: Mapped[str] = mapped_column(Text, default="")
    implementation: Mapped[str] = mapped_column(Text, default="")
    expertise_tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    pledge: Mapped[bool] = mapped_column(Boolean, default=False)
    # The mayor's signed letter (private), stored outside static/.
    letter_path: Mapped[str | None] = mapped_column(String(200))
    letter_filename: Mapped[str | None] = mapped_column(String(200))
    letter_size: Mapped[int | None] = mapped_column(Integer)

    submitted_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    endorsed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    endorsed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decision_reason: Mapped[str | None] = mapped_column(Text)

    call: Mapped[Call] = relationship()
    city: Mapped[City] = relationship()
    created_by: Mapped[User] = relationship(foreign_keys=[created_by_id])
    endorsed_by: Mapped[User | None] = relationship(foreign_keys=[endorsed_by_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])
    challenges: Mapped[list["ApplicationChallenge"]] = relationship(
        cascade="all, delete-orphan", order_by="ApplicationChallenge.commitment_id")
    expertise: Mapped[list[Commitment]] = relationship(
        secondary=application_expertise, order_by=Commitment.number)
    nomination: Mapped["Nomination | None"] = relationship(back_populates="application",
                                                           cascade="all, delete-orphan")

    @property
    def member_state(self):
        return self.city.member_state

    def decision_deadline(self):
        """The day by which the National Commission should decide (None before submission)."""
        if self.submitted_at is None:
            return None
        return self.submitted_at.date() + dt.timedelta(days=self.call.decision_window_days)

    def decision_overdue(self, today):
        """Whether the National Commission let the decision window pass without deciding."""
        return self.state is ApplicationState.submitted and self.decision_deadline() < today

    def challenge_ratings(self):
        return {c.commitment_id: c.rating for c in self.challenges}


class ApplicationChallenge(db.Model):
    """How hard the city finds one of the 12 commitments: 1 (minor) to 5 (major)."""
    __tablename__ = "application_challenges"
    __table_args__ = (CheckConstraint("rating BETWEEN 1 AND 5", name="rating_range"),)

    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), primary_key=True)
    commitment_id: Mapped[int] = mapped_column(ForeignKey("commitments.id"), primary_key=True)
    rating: Mapped[int] = mapped_column(Integer)

    commitment: Mapped[Commitment] = relationship()


class Nomination(db.Model):
    """One of a Member State's nomination slots in a call, used by an endorsement.

    The quota holds under concurrency because slots are numbered 1..quota and unique per
    call and Member State: two officers taking the last slot at the same moment write the
    same (call, state, slot) and the database lets only one of them through."""
    __tablename__ = "nominations"
    __table_args__ = (
        UniqueConstraint("call_id", "member_state_id", "slot", name="uq_nominations_slot"),
        CheckConstraint("slot >= 1", name="slot_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("calls.id"))
    member_state_id: Mapped[int] = mapped_column(ForeignKey("member_states.id"))
    slot: Mapped[int] = mapped_column(Integer)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"),
                                                unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    application: Mapped[Application] = relationship(back_populates="nomination")
    member_state: Mapped[MemberState] = relationship()
