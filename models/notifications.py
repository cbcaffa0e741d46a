"""In-app notifications and the outgoing mail queue."""
import datetime as dt
import enum

from sqlalchemy import JSON, DateTime, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.auth import User
from models.base import db, str_enum, utcnow


class Notification(db.Model):
    """Something a user should know; `kind` + `params` are rendered in the reader's language.
    `subjects` says what it is about by reference ({"city": ["city", 12]}), so that the city,
    the practice, the cluster… are named in the reader's language when it is shown or mailed;
    `params` keeps the text it was written with, for anything deleted since."""
    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    kind: Mapped[str] = mapped_column(String(60))
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    subjects: Mapped[dict | None] = mapped_column(JSON)
    link: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    read_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # Mail: "daily" or "weekly" while it waits for its digest; emailed_at once mailed.
    digest: Mapped[str | None] = mapped_column(String(10), index=True)
    emailed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    user: Mapped[User] = relationship()


class MailStatus(enum.Enum):
    pending = "pending"   # waiting for the worker to hand it to the SMTP server
    sending = "sending"   # claimed by a worker, which is delivering it now
    sent = "sent"
    kept = "kept"         # no SMTP server configured: delivered as a file to MAILBOX_DIR
    failed = "failed"     # the last attempt failed; tried again at next_attempt_at
    gave_up = "gave_up"   # failed at every attempt (portal/mail.py RETRY_AFTER); not tried again
    # The delivery stopped after the message was handed over (DATA): it may have arrived, so
    # it is not sent again unless someone asks (`flask mail-send --again ID`).
    uncertain = "uncertain"


class OutgoingMail(db.Model):
    """Every mail the portal sends is written here first, in the request's transaction, so
    none is lost when the SMTP server is away."""
    __tablename__ = "outgoing_mail"

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    # A private link (password reset, sign-up) that replaces SECRET_MARK in the body when the
    # mail is delivered, and is erased then: the stored copy keeps no usable secret.
    secret: Mapped[str | None] = mapped_column(Text)
    status: Mapped[MailStatus] = mapped_column(str_enum(MailStatus), default=MailStatus.pending,
                                               index=True)
    # Who is delivering it right now (portal/mail.py): a mail is claimed before it is sent, so
    # that two processes never send it twice; a claim older than a few minutes is a crash.
    claim: Mapped[str | None] = mapped_column(String(32))
    claimed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # Deliveries tried so far, and when the next one is due after a failure (backoff).
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    next_attempt_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # When this attempt began handing the message over (SMTP DATA): from then on the server
    # may have it, so a delivery cut short after this is never repeated on its own.
    handed_over_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    error: Mapped[str | None] = mapped_column(Text)


class Frequency(enum.Enum):
    immediately = "immediately"
    daily = "daily"
    weekly = "weekly"
    never = "never"


class NotificationPreference(db.Model):
    """How a user wants mail about one topic of notifications (in-app ones always appear).
    No row means the topic's default (see portal/notifications/topics.py)."""
    __tablename__ = "notification_preferences"
    __table_args__ = (UniqueConstraint("user_id", "topic", name="one_preference_per_topic"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    topic: Mapped[str] = mapped_column(String(40))
    frequency: Mapped[Frequency] = mapped_column(str_enum(Frequency))
