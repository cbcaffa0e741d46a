"""What the worker keeps in the database: the scheduled jobs and who is running each."""
import datetime as dt

from sqlalchemy import DateTime, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import db


class ScheduledJob(db.Model):
    """One row per job of portal/worker/schedule.py. A worker runs a job only after claiming
    its row (a conditional UPDATE that one host wins), so each job runs on one host at a time;
    a claim older than the job's timeout was left by a worker that died and may be taken."""
    __tablename__ = "scheduled_jobs"

    name: Mapped[str] = mapped_column(String(60), primary_key=True)
    schedule: Mapped[str] = mapped_column(String(60))   # what next_due_at was worked out from
    next_due_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    claimed_by: Mapped[str | None] = mapped_column(String(80))
    running_since: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    last_started_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    last_finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    last_result: Mapped[str | None] = mapped_column(String(200))
    last_error: Mapped[str | None] = mapped_column(Text)
    failures: Mapped[int] = mapped_column(default=0, server_default="0")  # in a row
