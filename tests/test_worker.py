"""The worker (portal/worker/): runs each task, keeps going when one fails, works off a
backlog without waiting for the next turn."""
from models.notifications import MailStatus, OutgoingMail
from portal import mail
from portal.extensions import db
from portal.worker.loop import Worker
from portal.worker.tasks import Task


def test_a_failing_task_does_not_stop_the_others(app):
    calls = []

    def broken():
        raise RuntimeError("boom")

    worker = Worker(app, tasks=(Task("broken", 10, broken), Task("counting", 10, lambda: calls.append(1) or 0)))
    worker.run_once()
    assert calls == [1]


def test_a_task_with_a_backlog_runs_again_at_once(app):
    backlog = [3, 2, 1, 0]
    worker = Worker(app, tasks=(Task("backlog", 60, lambda: backlog.pop(0)),))
    assert [worker.run_once() for _ in range(5)] == [3, 2, 1, 0, 0]
    assert backlog == []   # the last call found nothing; the next waits its 60 s


def test_flask_worker_once_delivers_waiting_mail(app, runner):
    with app.app_context():
        queued = mail.queue_mail("someone@example.org", "Hello", "A message.")
        db.session.commit()
        mail_id = queued.id
    result = runner.invoke(args=["worker", "--once"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.get(OutgoingMail, mail_id).status is MailStatus.kept


def test_a_slow_task_does_not_hold_back_the_others(app):
    """The mail to a slow SMTP server must not delay the search index."""
    import threading
    import time
    release, counted = threading.Event(), []
    worker = Worker(app, tasks=(Task("slow", 10, lambda: release.wait(10) and 0),
                                Task("quick", 0.01, lambda: counted.append(1) or 0)))
    thread = worker.in_thread()
    try:
        time.sleep(0.3)
        assert len(counted) >= 5   # the quick task kept its pace while the slow one waited
    finally:
        release.set()
        worker.stop()
        thread.join(5)
    assert not thread.is_alive()
