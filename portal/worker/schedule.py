"""Scheduled jobs: what used to be cron lines (digests, reminders, purges, the open-data file),
run by the worker at configured times of day, each by one host only.

Every job has a row in `scheduled_jobs` (models/worker.py) with its next due time. A worker
runs a due job only after claiming the row with a conditional UPDATE (due, and not claimed,
or claimed longer ago than the job's timeout: that worker died) and committing it: exactly
one host wins, on PostgreSQL (the UPDATE waits for a concurrent one and re-checks its WHERE)
as on SQLite (one writer at a time). The job runs in its own transaction; on success the next
due time is the next scheduled moment after this run (a worker that was down for days runs a
job once, not once per missed day); on failure the error is logged and kept on the row, and
the job is tried again at the worker's next turn.

Times come from the configuration (SCHEDULE_<JOB> in portal/config.py): "daily HH:MM",
"weekly DAY HH:MM" (UTC) or "off". The `flask` commands of the same jobs still work from cron."""
import datetime as dt
import logging
import os
import secrets
import socket
from dataclasses import dataclass
from typing import Callable

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite

from models.base import utcnow
from models.worker import ScheduledJob
from portal.extensions import db

log = logging.getLogger(__name__)
DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass(frozen=True)
class Job:
    name: str
    setting: str                      # the configuration key that holds its schedule
    run: Callable[[dt.datetime], object]   # called with "now", in a request context; returns a summary
    timeout: dt.timedelta = dt.timedelta(hours=1)   # a claim older than this is a dead worker's
    each_host: bool = False           # writes a file on this host's disk: every host runs its own


def next_time(schedule, after):
    """The first moment strictly after `after` that `schedule` names; None when "off"."""
    words = schedule.lower().split()
    if words == ["off"]:
        return None
    try:
        kind, *day, clock = words
        hour, minute = (int(part) for part in clock.split(":"))
        moment = after.astimezone(dt.timezone.utc).replace(hour=hour, minute=minute, second=0,
                                                           microsecond=0)
        if kind == "daily" and not day:
            step = dt.timedelta(days=1)
        elif kind == "weekly" and len(day) == 1:
            moment += dt.timedelta(days=(DAYS.index(day[0]) - moment.weekday()) % 7)
            step = dt.timedelta(days=7)
        else:
            raise ValueError
    except ValueError:
        raise ValueError(f"{schedule!r}: a schedule is “daily HH:MM”, “weekly DAY HH:MM” or “off”") from None
    return moment if moment > after else moment + step


def _daily_digests(now):
    from portal.notifications.digests import send_digests
    return f"{send_digests('daily')} digest(s) queued"


def _weekly_digests(now):
    from portal.notifications.digests import send_digests
    return f"{send_digests('weekly')} digest(s) queued"


def _report_reminders(now):
    from portal.monitoring import reports
    return f"{reports.send_reminders(today=now.date())} cities reminded"


def _purge_expired(now):
    from portal.auth.commands import purge_expired
    return "{} session(s), {} link(s) deleted; {} undelivered link(s) erased".format(*purge_expired())


def _open_data_export(now):
    from portal.api.open_data import write_export
    return f"{write_export()} practices written"


def _search_housekeeping(now):
    from portal.search import change_log
    return f"{change_log.housekeeping(now)} search log entries removed"


JOBS = (
    Job("daily-digests", "SCHEDULE_DAILY_DIGESTS", _daily_digests),
    Job("weekly-digests", "SCHEDULE_WEEKLY_DIGESTS", _weekly_digests),
    Job("report-reminders", "SCHEDULE_REPORT_REMINDERS", _report_reminders),
    Job("purge-expired", "SCHEDULE_PURGE_EXPIRED", _purge_expired),
    Job("search-housekeeping", "SCHEDULE_SEARCH_HOUSEKEEPING", _search_housekeeping),
    # The file lives in each host's OPEN_DATA_DIR, so each host writes its own copy.
    Job("open-data-export", "SCHEDULE_OPEN_DATA_EXPORT", _open_data_export, each_host=True),
)


def row_name(job):
    return f"{job.name}@{socket.gethostname()}"[:60] if job.each_host else job.name


def _insert_ignoring_existing(rows):
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    db.session.execute(insert(ScheduledJob).values(rows).on_conflict_do_nothing())


def _plan(jobs, now):
    """Give every scheduled job its row, and a new due time where its schedule changed;
    commits. Returns {row name: (job, schedule)} of the jobs that are not off."""
    planned = {row_name(job): (job, current_app.config[job.setting]) for job in jobs}
    planned = {name: plan for name, plan in planned.items() if next_time(plan[1], now)}
    known = dict(db.session.execute(select(ScheduledJob.name, ScheduledJob.schedule)
                                    .where(ScheduledJob.name.in_(planned))).all())
    missing = [{"name": name, "schedule": schedule, "next_due_at": next_time(schedule, now)}
               for name, (job, schedule) in planned.items() if name not in known]
    if missing:
        _insert_ignoring_existing(missing)
    for name, (_job, schedule) in planned.items():
        if name in known and known[name] != schedule:
            db.session.execute(update(ScheduledJob).where(ScheduledJob.name == name)
                               .values(schedule=schedule, next_due_at=next_time(schedule, now)))
    db.session.commit()
    return planned


def _claim(name, job, now, token):
    won = db.session.execute(
        update(ScheduledJob)
        .where(ScheduledJob.name == name, ScheduledJob.next_due_at <= now,
               ScheduledJob.running_since.is_(None) | (ScheduledJob.running_since < now - job.timeout))
        .values(claimed_by=token, running_since=now, last_started_at=now)
        .execution_options(synchronize_session=False)).rowcount == 1
    db.session.commit()
    return won


def _finish(name, token, **values):
    db.session.execute(update(ScheduledJob)
                       .where(ScheduledJob.name == name, ScheduledJob.claimed_by == token)
                       .values(claimed_by=None, running_since=None, last_finished_at=utcnow(), **values)
                       .execution_options(synchronize_session=False))
    db.session.commit()


def _run_claimed(name, job, schedule, now, token):
    try:
        with current_app.test_request_context(base_url=current_app.config["BASE_URL"]):  # links
            result = job.run(now)
            db.session.commit()
    except Exception as exc:
        db.session.rollback()
        log.exception("scheduled job %r failed; it will be tried again", name)
        _finish(name, token, last_error=f"{type(exc).__name__}: {exc}",
                failures=ScheduledJob.failures + 1)
        return False
    log.info("scheduled job %r: %s", name, result)
    _finish(name, token, next_due_at=next_time(schedule, now), last_error=None, failures=0,
            last_result=str(result)[:200])
    return True


def run_due_jobs(jobs=JOBS, now=None):
    """Run every job that is due and that this worker can claim. Returns how many succeeded
    (a failed job waits for the worker's next turn)."""
    now = now or utcnow()
    token = f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"[:80]
    succeeded = 0
    for name, (job, schedule) in _plan(jobs, now).items():
        if _claim(name, job, now, token):
            succeeded += _run_claimed(name, job, schedule, now, token)
    return succeeded
