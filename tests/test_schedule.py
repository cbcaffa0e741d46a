"""Scheduled jobs (portal/worker/schedule.py): run at their time of day, by one host only, a
failed run tried again at the worker's next turn, a dead worker's claim taken over."""
import datetime as dt
import logging
import threading
import time

import pytest
from sqlalchemy import select, update

from models.auth import User
from models.base import utcnow
from models.notifications import Notification, OutgoingMail
from models.worker import ScheduledJob
from portal.extensions import db
from portal.worker import schedule
from portal.worker.loop import Worker
from portal.worker.schedule import Job, next_time, run_due_jobs
from portal.worker.tasks import Task
from tests.conftest import make_app

UTC = dt.timezone.utc
ALL_OFF = {job.setting: "off" for job in schedule.JOBS}


def test_times_of_day_and_days_of_the_week():
    wednesday_morning = dt.datetime(2025, 3, 5, 5, 30, tzinfo=UTC)
    assert next_time("daily 06:00", wednesday_morning) == dt.datetime(2025, 3, 5, 6, 0, tzinfo=UTC)
    assert next_time("daily 06:00", wednesday_morning.replace(hour=6)) == dt.datetime(2025, 3, 6, 6, 0, tzinfo=UTC)
    assert next_time("weekly monday 06:00", wednesday_morning) == dt.datetime(2025, 3, 10, 6, 0, tzinfo=UTC)
    assert next_time("weekly wednesday 06:00", wednesday_morning) == dt.datetime(2025, 3, 5, 6, 0, tzinfo=UTC)
    assert next_time("off", wednesday_morning) is None
    for wrong in ("daily", "weekly 06:00", "sometimes 06:00", "weekly moonday 06:00", "daily 6h"):
        with pytest.raises(ValueError):
            next_time(wrong, wednesday_morning)


def _counting_job(calls, *, pause=0.0, fail_first=False):
    def run(now):
        calls.append(now)
        time.sleep(pause)
        if fail_first and len(calls) == 1:
            raise RuntimeError("the export disk is full")
        return "done"
    return Job("counting", "SCHEDULE_DAILY_DIGESTS", run)


def _make_due(app, name="counting"):
    with app.app_context():
        db.session.execute(update(ScheduledJob).where(ScheduledJob.name == name)
                           .values(next_due_at=utcnow() - dt.timedelta(minutes=1)))
        db.session.commit()


def _row(app, name="counting"):
    with app.app_context():
        row = db.session.get(ScheduledJob, name)
        db.session.expunge(row)
        return row


def _worker(app, job):
    return Worker(app, tasks=(Task("scheduled jobs", 0, lambda: run_due_jobs(jobs=(job,))),))


@pytest.fixture
def second_host(app, tmp_path):
    """Another app object over the same database, as on another host."""
    other = make_app(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path / "host-b")
    yield other
    with other.app_context():
        db.session.remove()
        db.engine.dispose()


def test_a_job_waits_for_its_time_then_runs_once_between_two_hosts(app, second_host):
    calls = []
    job = _counting_job(calls, pause=0.3)
    hosts = [_worker(app, job), _worker(second_host, job)]
    assert [host.run_once() for host in hosts] == [0, 0]    # planned for 06:00, not due yet
    assert calls == []
    _make_due(app)
    threads = [threading.Thread(target=host.run_once) for host in hosts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(calls) == 1
    assert [host.run_once() for host in hosts] == [0, 0] and len(calls) == 1   # next due tomorrow
    row = _row(app)
    assert row.last_result == "done" and row.claimed_by is None
    assert row.next_due_at.hour == 6 and row.next_due_at.replace(tzinfo=UTC) > utcnow()


def test_a_failed_run_is_logged_and_tried_again_at_the_next_turn(app, caplog):
    calls = []
    worker = _worker(app, _counting_job(calls, fail_first=True))
    worker.run_once()
    _make_due(app)
    with caplog.at_level(logging.ERROR, logger="portal.worker.schedule"):
        assert worker.run_once() == 0
    assert "'counting' failed" in caplog.text and "the export disk is full" in caplog.text
    failed = _row(app)
    assert (failed.failures, failed.claimed_by) == (1, None)
    assert "the export disk is full" in failed.last_error
    assert worker.run_once() == 1 and len(calls) == 2
    recovered = _row(app)
    assert (recovered.failures, recovered.last_error) == (0, None)


def test_a_claim_left_by_a_worker_that_died_is_taken_after_the_timeout(app, second_host):
    calls = []
    job = _counting_job(calls)
    _worker(app, job).run_once()
    _make_due(app)
    with app.app_context():    # host A claimed it, then died
        db.session.execute(update(ScheduledJob).values(claimed_by="host-a:1", running_since=utcnow()))
        db.session.commit()
    assert _worker(second_host, job).run_once() == 0 and calls == []
    with app.app_context():
        db.session.execute(update(ScheduledJob).values(running_since=utcnow() - job.timeout * 2))
        db.session.commit()
    assert _worker(second_host, job).run_once() == 1 and len(calls) == 1


def test_the_worker_sends_the_daily_digest_at_its_time(app_with):
    app = app_with(**{**ALL_OFF, "SCHEDULE_DAILY_DIGESTS": "daily 06:00"})
    with app.app_context():
        person = db.session.scalar(select(User).where(User.email == "natcom@demo.example.org"))
        db.session.add(Notification(user=person, kind="role.granted", params={"role": "coordinator"},
                                     digest="daily"))
        db.session.commit()
        assert run_due_jobs() == 0                       # planned for the next 06:00
        due = db.session.get(ScheduledJob, "daily-digests").next_due_at
        assert set(db.session.scalars(select(ScheduledJob.name))) == {"daily-digests"}
        assert run_due_jobs(now=due.replace(tzinfo=UTC) + dt.timedelta(seconds=5)) == 1
        digest = db.session.scalars(select(OutgoingMail).where(OutgoingMail.recipient == person.email)
                                    .order_by(OutgoingMail.id.desc())).first()
        assert digest.subject == "[Learning Cities Network] Your daily digest"


def test_every_job_runs_what_its_command_runs(app):
    import os

    from portal.api.open_data import export_path
    with app.app_context():
        assert run_due_jobs() == 0
        a_week_later = utcnow() + dt.timedelta(days=8)
        assert run_due_jobs(now=a_week_later) == len(schedule.JOBS)
        rows = db.session.scalars(select(ScheduledJob)).all()
        assert all(row.last_error is None and row.last_result for row in rows)
        with app.test_request_context():
            assert os.path.exists(export_path())
