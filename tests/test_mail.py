"""Mail leaves in the worker, never in a request; each message is claimed before it is sent,
so that two processes never send one twice; failures are retried with backoff, and a delivery
cut short once the message was handed over is not repeated on its own."""
import datetime as dt
import email
import email.policy
import smtplib
import threading

import pytest
from sqlalchemy import delete, select, text, update

from models.base import utcnow
from models.notifications import MailStatus, OutgoingMail
from portal import mail
from portal.extensions import db
from portal.mail import RETRY_AFTER, claim, deliver_pending, queue_mail
from tests.account_helpers import delivered
from tests.conftest import ROLE_EMAILS, session_token
from tests.databases import is_postgresql


class FakeSMTP:
    """Stands for smtplib.SMTP: records what would have gone out; `fail` says how it breaks:
    "connect" (nothing listens), "rcpt 550"/"rcpt 451" (the server answers no), "data" (the
    connection drops while the message is handed over)."""
    connections, messages, fail = [], [], None

    def __init__(self, host, port, timeout):
        if FakeSMTP.fail == "connect":
            raise ConnectionRefusedError("nothing listens there")
        FakeSMTP.connections.append((host, port, timeout))

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def ehlo_or_helo_if_needed(self):
        pass

    def mail(self, sender):
        return 250, b"ok"

    def rcpt(self, recipient):
        if (FakeSMTP.fail or "").startswith("rcpt"):
            return int(FakeSMTP.fail.split()[1]), b"no"
        self.recipient = recipient
        return 250, b"ok"

    def data(self, message):
        if FakeSMTP.fail == "data":
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        FakeSMTP.messages.append(email.message_from_bytes(message, policy=email.policy.default))
        return 250, b"queued"

    def rset(self):
        pass


def _empty_outbox(app):
    """The demo data leaves mail waiting; these tests count their own."""
    with app.app_context():
        db.session.execute(delete(OutgoingMail))
        db.session.commit()
    return app


@pytest.fixture
def smtp(app_with, monkeypatch):
    """An app with MAIL_SERVER set and a fake SMTP server behind it; its outbox empty."""
    FakeSMTP.connections, FakeSMTP.messages, FakeSMTP.fail = [], [], None
    monkeypatch.setattr(smtplib, "SMTP", FakeSMTP)
    return _empty_outbox(app_with(MAIL_SERVER="smtp.example.org", MAIL_PORT=2525))


@pytest.fixture
def quiet_app(app):
    return _empty_outbox(app)


def _queue(app, recipient="someone@example.org", **values):
    with app.app_context():
        queued = queue_mail(recipient, "Hello", "A message.")
        db.session.flush()
        if values:
            db.session.execute(update(OutgoingMail).where(OutgoingMail.id == queued.id).values(**values))
        db.session.commit()
        return queued.id


def _mail(app, mail_id):
    with app.app_context():
        found = db.session.get(OutgoingMail, mail_id)
        db.session.expunge(found)
        return found


def _utc(moment):
    """SQLite gives back naive UTC datetimes, PostgreSQL aware ones."""
    return moment.replace(tzinfo=dt.timezone.utc) if moment.tzinfo is None else moment


def _deliver(app):
    with app.app_context():
        return deliver_pending()


def _make_due(app, mail_id):
    with app.app_context():
        db.session.execute(update(OutgoingMail).where(OutgoingMail.id == mail_id)
                           .values(next_attempt_at=utcnow() - dt.timedelta(seconds=1)))
        db.session.commit()


def test_a_request_queues_mail_and_never_talks_to_the_smtp_server(smtp):
    response = smtp.test_client().post("/password/forgot", data={"email": "natcom@demo.example.org"})
    assert response.status_code == 302
    assert FakeSMTP.connections == []
    with smtp.app_context():
        waiting = db.session.scalars(select(OutgoingMail)).one()
        assert (waiting.status, waiting.attempts) == (MailStatus.pending, 0)
    assert _deliver(smtp) == 1      # the worker's mail step
    assert FakeSMTP.connections == [("smtp.example.org", 2525, mail.SMTP_TIMEOUT)]
    [sent] = FakeSMTP.messages
    assert sent["To"] == "natcom@demo.example.org" and "/password/reset/" in sent.get_content()
    assert _mail(smtp, waiting.id).status is MailStatus.sent


def test_a_request_does_not_retry_failed_mail(app, client):
    old = _queue(app, "old@example.org", status=MailStatus.failed, error="server away")
    client.post("/password/forgot", data={"email": "natcom@demo.example.org"})
    assert _mail(app, old).status is MailStatus.failed
    assert app.test_cli_runner().invoke(args=["mail-send"]).exit_code == 0   # due at once: no backoff yet
    assert delivered(app, "old@example.org")


def test_failed_mail_is_retried_with_backoff_then_given_up_with_its_error_shown(smtp):
    FakeSMTP.fail = "connect"
    mail_id = _queue(smtp)
    for attempt, wait in enumerate(RETRY_AFTER, start=1):
        assert _deliver(smtp) == 1
        failed = _mail(smtp, mail_id)
        assert (failed.status, failed.attempts) == (MailStatus.failed, attempt)
        assert abs(_utc(failed.next_attempt_at) - (utcnow() + wait)) < dt.timedelta(seconds=30)
        assert _deliver(smtp) == 0          # not due yet
        _make_due(smtp, mail_id)
    assert _deliver(smtp) == 1
    given_up = _mail(smtp, mail_id)
    assert given_up.status is MailStatus.gave_up and "nothing listens there" in given_up.error
    assert _deliver(smtp) == 0
    client = smtp.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = session_token(smtp, ROLE_EMAILS["secretariat"])
    page = client.get("/admin/mail").get_data(as_text=True)
    assert "every attempt failed" in page and "nothing listens there" in page


def test_a_refusal_is_given_up_at_once_and_a_delay_is_retried(smtp):
    FakeSMTP.fail = "rcpt 550"
    refused = _queue(smtp, "nobody@example.org")
    _deliver(smtp)
    assert _mail(smtp, refused).status is MailStatus.gave_up
    FakeSMTP.fail = "rcpt 451"
    delayed = _queue(smtp, "busy@example.org")
    _deliver(smtp)
    assert (_mail(smtp, delayed).status, _mail(smtp, delayed).attempts) == (MailStatus.failed, 1)


def test_a_delivery_cut_short_while_handing_over_is_not_sent_again(smtp):
    FakeSMTP.fail = "data"
    mail_id = _queue(smtp)
    assert _deliver(smtp) == 1
    cut_short = _mail(smtp, mail_id)
    assert cut_short.status is MailStatus.uncertain and cut_short.handed_over_at is not None
    FakeSMTP.fail = None
    _make_due(smtp, mail_id)
    assert _deliver(smtp) == 0 and FakeSMTP.messages == []
    # Someone checked with the recipient and asks for it again.
    result = smtp.test_cli_runner().invoke(args=["mail-send", "--again", str(mail_id)])
    assert "1 mail(s) put back" in result.output and "1 mail(s) handled" in result.output
    assert [m["To"] for m in FakeSMTP.messages] == ["someone@example.org"]


def test_a_claimed_mail_is_not_claimed_again(app):
    mail_id = _queue(app, "one@example.org")
    with app.app_context():
        first = claim([mail_id])
        assert [m.recipient for m in first] == ["one@example.org"]
    with app.app_context():          # another process, meanwhile
        assert claim([mail_id]) == []
        assert deliver_pending(ids=[mail_id]) == 0
    assert delivered(app, "one@example.org") == []


def _worker_died(app, mail_id, *, handed_over):
    with app.app_context():
        claim([mail_id])
        long_ago = utcnow() - dt.timedelta(hours=1)
        db.session.execute(update(OutgoingMail).where(OutgoingMail.id == mail_id).values(
            claimed_at=long_ago, handed_over_at=long_ago if handed_over else None))
        db.session.commit()


def test_a_claim_left_by_a_worker_that_died_before_handing_over_is_taken_again(quiet_app):
    app = quiet_app
    mail_id = _queue(app, "two@example.org")
    _worker_died(app, mail_id, handed_over=False)
    assert _deliver(app) == 1
    assert delivered(app, "two@example.org")[-1]["Subject"] == "Hello"


def test_a_claim_left_by_a_worker_that_died_while_handing_over_is_not_taken_again(quiet_app):
    app = quiet_app
    mail_id = _queue(app, "three@example.org")
    _worker_died(app, mail_id, handed_over=True)
    assert _deliver(app) == 0
    assert _mail(app, mail_id).status is MailStatus.uncertain
    assert delivered(app, "three@example.org") == []


def test_workers_claiming_at_once_never_claim_a_mail_twice(quiet_app):
    app = quiet_app
    with app.app_context():
        for number in range(60):
            queue_mail(f"p{number}@example.org", "Hello", "A message.")
        db.session.commit()
    claimed, errors = [], []

    def worker():
        try:
            with app.app_context():
                while batch := claim(limit=7):
                    claimed.extend(m.id for m in batch)
        except Exception as exc:   # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(claimed) == len(set(claimed)) == 60


@pytest.mark.skipif(not is_postgresql(), reason="SKIP LOCKED is PostgreSQL's")
def test_on_postgresql_a_claim_skips_rows_another_host_is_claiming(quiet_app):
    app = quiet_app
    first, second = _queue(app, "a@example.org"), _queue(app, "b@example.org")
    with app.app_context():
        engine = db.engine
    with engine.connect() as other_host:   # holds the first row, as a claim in progress does
        other_host.execute(text("SELECT id FROM outgoing_mail WHERE id = :id FOR UPDATE"), {"id": first})
        with app.app_context():
            db.session.execute(text("SET lock_timeout = '2s'"))   # without SKIP LOCKED: an error
            assert [m.id for m in claim()] == [second]
        other_host.rollback()
