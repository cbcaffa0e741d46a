"""Peer exchange between member cities: discussion threads and their posts (questions on a
practice, cluster discussions, the private thread of an exchange), reports on posts,
peer-learning requests, adopted practices and thematic clusters."""
import datetime as dt
import enum

from sqlalchemy import Boolean, CheckConstraint, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.auth import User
from models.base import Translated, db, str_enum, utcnow
from models.cities import City
from models.framework import Commitment
from models.markdown import keeps_html
from models.practices import Practice


class ThreadKind(enum.Enum):
    question = "question"    # public, on a practice
    cluster = "cluster"      # public, in a thematic cluster
    exchange = "exchange"    # private, between the cities of an accepted peer-learning request


class Thread(db.Model):
    __tablename__ = "threads"
    __table_args__ = (
        CheckConstraint("kind != 'question' OR practice_id IS NOT NULL", name="questions_have_a_practice"),
        CheckConstraint("kind != 'cluster' OR cluster_id IS NOT NULL", name="cluster_threads_have_a_cluster"),
        CheckConstraint("kind != 'exchange' OR request_id IS NOT NULL", name="exchange_threads_have_a_request"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[ThreadKind] = mapped_column(str_enum(ThreadKind))
    title: Mapped[str] = mapped_column(String(200))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    practice_id: Mapped[int | None] = mapped_column(ForeignKey("practices.id", ondelete="CASCADE"), index=True)
    cluster_id: Mapped[int | None] = mapped_column(ForeignKey("clusters.id"), index=True)
    request_id: Mapped[int | None] = mapped_column(ForeignKey("peer_requests.id"), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_post_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    author: Mapped[User] = relationship()
    practice: Mapped[Practice | None] = relationship()
    cluster: Mapped["Cluster | None"] = relationship(back_populates="threads")
    request: Mapped["PeerRequest | None"] = relationship(back_populates="thread")
    posts: Mapped[list["Post"]] = relationship(back_populates="thread", order_by="Post.id",
                                               cascade="all, delete-orphan")
    participants: Mapped[list["ThreadParticipant"]] = relationship(
        back_populates="thread", cascade="all, delete-orphan")

    @property
    def is_private(self):
        return self.kind is ThreadKind.exchange


class ThreadParticipant(db.Model):
    """Who may read and write a private thread."""
    __tablename__ = "thread_participants"
    __table_args__ = (UniqueConstraint("thread_id", "user_id", name="one_participation"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("threads.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    added_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    thread: Mapped[Thread] = relationship(back_populates="participants")
    user: Mapped[User] = relationship(foreign_keys=[user_id])


class HiddenReason(enum.Enum):
    reports = "reports"        # reported by several people, waiting for review
    moderator = "moderator"    # hidden by the secretariat


@keeps_html("body")
class Post(db.Model):
    """Something a user wrote in a thread (Markdown, kept with its sanitised HTML)."""
    __tablename__ = "posts"
    __table_args__ = (
        CheckConstraint("(hidden_reason IS NULL) = (hidden_at IS NULL)", name="hidden_posts_say_why"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("threads.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    body: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    is_answer: Mapped[bool] = mapped_column(Boolean, default=False)
    hidden_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    hidden_reason: Mapped[HiddenReason | None] = mapped_column(str_enum(HiddenReason))
    reviewed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    thread: Mapped[Thread] = relationship(back_populates="posts")
    author: Mapped[User] = relationship()
    reports: Mapped[list["PostReport"]] = relationship(back_populates="post", cascade="all, delete-orphan")

    @property
    def is_hidden(self):
        return self.hidden_at is not None

    def open_reports(self):
        return [r for r in self.reports if r.resolved_at is None]


class PostReport(db.Model):
    __tablename__ = "post_reports"
    __table_args__ = (UniqueConstraint("post_id", "reporter_id", name="one_report_per_person"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"), index=True)
    reporter_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    resolved_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    post: Mapped[Post] = relationship(back_populates="reports")
    reporter: Mapped[User] = relationship()


class ExchangeFormat(enum.Enum):
    online_call = "online_call"
    study_visit = "study_visit"
    documents = "documents"
    staff_exchange = "staff_exchange"


class RequestState(enum.Enum):
    proposed = "proposed"              # waiting for the other city
    counter_proposed = "counter_proposed"  # the other city proposed another period
    accepted = "accepted"
    declined = "declined"
    withdrawn = "withdrawn"
    closed = "closed"                  # done, with an outcome note


@keeps_html("message", "outcome")
class PeerRequest(db.Model):
    """A member city asks another for a peer-learning exchange about a practice or a
    commitment, in a format and a period; the period may be renegotiated."""
    __tablename__ = "peer_requests"
    __table_args__ = (
        CheckConstraint("practice_id IS NOT NULL OR commitment_id IS NOT NULL", name="requests_have_a_topic"),
        CheckConstraint("from_city_id != to_city_id", name="requests_go_to_another_city"),
        CheckConstraint("period_end >= period_start", name="periods_end_after_they_start"),
        CheckConstraint("state != 'closed' OR (outcome IS NOT NULL AND closed_at IS NOT NULL)",
                        name="closed_requests_have_an_outcome"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    from_city_id: Mapped[int] = mapped_column(ForeignKey("cities.id"), index=True)
    to_city_id: Mapped[int] = mapped_column(ForeignKey("cities.id"), index=True)
    practice_id: Mapped[int | None] = mapped_column(ForeignKey("practices.id", ondelete="SET NULL"))
    commitment_id: Mapped[int | None] = mapped_column(ForeignKey("commitments.id"))
    format: Mapped[ExchangeFormat] = mapped_column(str_enum(ExchangeFormat))
    period_start: Mapped[dt.date] = mapped_column(Date)
    period_end: Mapped[dt.date] = mapped_column(Date)
    message: Mapped[str] = mapped_column(Text)
    message_html: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[RequestState] = mapped_column(str_enum(RequestState), default=RequestState.proposed)
    # Who must answer now: the city that did not make the last proposal.
    awaiting_city_id: Mapped[int] = mapped_column(ForeignKey("cities.id"))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    outcome: Mapped[str | None] = mapped_column(Text)
    outcome_html: Mapped[str] = mapped_column(Text, default="")
    outcome_public: Mapped[bool] = mapped_column(Boolean, default=False)
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    from_city: Mapped[City] = relationship(foreign_keys=[from_city_id])
    to_city: Mapped[City] = relationship(foreign_keys=[to_city_id])
    awaiting_city: Mapped[City] = relationship(foreign_keys=[awaiting_city_id])
    practice: Mapped[Practice | None] = relationship()
    commitment: Mapped[Commitment | None] = relationship()
    created_by: Mapped[User] = relationship()
    thread: Mapped[Thread | None] = relationship(back_populates="request")

    def city_ids(self):
        return {self.from_city_id, self.to_city_id}


class AdoptionKind(enum.Enum):
    adopted = "adopted"    # taken over as it was
    adapted = "adapted"    # changed to fit the city


@keeps_html("changes", "results")
class Adoption(db.Model):
    """A city records that it adopted or adapted another city's practice."""
    __tablename__ = "adoptions"
    __table_args__ = (UniqueConstraint("city_id", "practice_id", name="one_adoption_per_city_and_practice"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    city_id: Mapped[int] = mapped_column(ForeignKey("cities.id"), index=True)
    practice_id: Mapped[int] = mapped_column(ForeignKey("practices.id", ondelete="CASCADE"), index=True)
    kind: Mapped[AdoptionKind] = mapped_column(str_enum(AdoptionKind))
    changes: Mapped[str] = mapped_column(Text)
    results: Mapped[str] = mapped_column(Text)
    changes_html: Mapped[str] = mapped_column(Text, default="")
    results_html: Mapped[str] = mapped_column(Text, default="")
    year: Mapped[int | None] = mapped_column(Integer)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    city: Mapped[City] = relationship()
    practice: Mapped[Practice] = relationship()
    recorded_by: Mapped[User] = relationship()


cluster_commitments = db.Table(
    "cluster_commitments",
    db.Column("cluster_id", ForeignKey("clusters.id", ondelete="CASCADE"), primary_key=True),
    db.Column("commitment_id", ForeignKey("commitments.id"), primary_key=True),
)


class Cluster(Translated, db.Model):
    """A thematic cluster of member cities, configured by the secretariat; its practices are
    its members' practices on its commitments."""
    __tablename__ = "clusters"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    translated_texts = {"name": String(160), "description": Text}
    is_open: Mapped[bool] = mapped_column(Boolean, default=True)   # cities may join
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    commitments: Mapped[list[Commitment]] = relationship(secondary=cluster_commitments,
                                                         order_by="Commitment.number")
    memberships: Mapped[list["ClusterMembership"]] = relationship(back_populates="cluster",
                                                                  cascade="all, delete-orphan")
    threads: Mapped[list[Thread]] = relationship(back_populates="cluster")

    def name(self, language):
        return self.localized("name", language)

    def description(self, language):
        return self.localized("description", language)


class ClusterMembership(db.Model):
    __tablename__ = "cluster_memberships"
    __table_args__ = (UniqueConstraint("cluster_id", "city_id", name="one_membership_per_cluster"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cluster_id: Mapped[int] = mapped_column(ForeignKey("clusters.id", ondelete="CASCADE"), index=True)
    city_id: Mapped[int] = mapped_column(ForeignKey("cities.id"), index=True)
    joined_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    cluster: Mapped[Cluster] = relationship(back_populates="memberships")
    city: Mapped[City] = relationship()
