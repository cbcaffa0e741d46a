"""Mail is claimed before it is sent, so that two processes never send one twice; a request
delivers what it queued and nothing else."""
import datetime as dt

from sqlalchemy import select

from models.base import utcnow
from models.notifications import MailStatus, OutgoingMail
from portal.extensions import db
from portal.mail import claim, deliver_pending, queue_mail
from tests.account_helpers import delivered


def test_a_claimed_mail_is_not_claimed_again(app):
    with app.app_context():
        mail = queue_mail("one@example.org", "One", "Body.")
        db.session.commit()
        mail_id = mail.id
        first = claim([mail_id])
        assert [m.recipient for m in first] == ["one@example.org"]
    with app.app_context():          # another process, meanwhile
        assert claim([mail_id]) == []
        assert deliver_pending(ids=[mail_id]) == 0
    assert delivered(app, "one@example.org") == []


def test_a_claim_left_by_a_process_that_died_is_taken_again(app):
    with app.app_context():
        mail = queue_mail("two@example.org", "Two", "Body.")
        db.session.commit()
        mail_id = mail.id
        claim([mail_id])
        db.session.get(OutgoingMail, mail_id).claimed_at = utcnow() - dt.timedelta(hours=1)
        db.session.commit()
        assert deliver_pending(ids=[mail_id]) == 1
    assert delivered(app, "two@example.org")[-1]["Subject"] == "Two"


def test_a_request_delivers_its_own_mail_and_leaves_failed_mail_to_the_command(app, client):
    with app.app_context():
        db.session.add(OutgoingMail(recipient="old@example.org", subject="Old", body="Body.",
                                    status=MailStatus.failed, error="server away"))
        db.session.commit()
    client.post("/password/forgot", data={"email": "natcom@demo.example.org"})
    assert delivered(app, "natcom@demo.example.org")
    with app.app_context():
        old = db.session.scalar(select(OutgoingMail).where(OutgoingMail.recipient == "old@example.org"))
        assert old.status is MailStatus.failed
    assert app.test_cli_runner().invoke(args=["mail-send"]).exit_code == 0
    assert delivered(app, "old@example.org")
