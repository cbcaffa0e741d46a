"""Outgoing mail. Every message is queued in the database inside the request's transaction;
the worker (`flask worker`, portal/worker/) delivers it afterwards: to the SMTP server when one
is configured (MAIL_SERVER), otherwise to a folder of `.eml` files (MAILBOX_DIR,
`instance/mailbox/`) for developers to read. No request ever talks to an SMTP server.

Each message is sent at most once, across every host:
- a worker claims a batch first (`claim`: one UPDATE whose row choice takes
  `FOR UPDATE SKIP LOCKED` on PostgreSQL, so two hosts never pick the same row; SQLite has one
  writer at a time) and marks it `sending`;
- just before the message itself goes over SMTP (the DATA command) the worker records
  `handed_over_at`, and only if it still holds the claim;
- a failure before that point is harmless and retried with backoff (RETRY_AFTER), then given
  up with its error shown on /admin/mail; a refusal (5xx) is given up at once;
- a delivery cut short after that point (the connection dropped, a timeout, a worker that
  died: its claim goes stale after CLAIM_TIMEOUT) may have reached the recipient: it becomes
  `uncertain` and is *not* sent again unless someone asks (`flask mail-send --again ID`).

A mail may carry a secret (a reset or sign-up link). It is kept apart from the body
(`OutgoingMail.secret`), put into the message only when it is delivered, and erased then:
the stored copy that the secretariat can read (`/admin/mail`, `flask mail-outbox`) never
holds a usable link."""
import datetime as dt
import os
import secrets
import smtplib
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

import click
from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from models.base import utcnow
from models.notifications import MailStatus, OutgoingMail
from portal.extensions import db

# Where the secret goes in the stored body.
SECRET_MARK = "[[private-link]]"
# A delivery claimed longer ago than this was cut short (a worker died): see the docstring.
CLAIM_TIMEOUT = dt.timedelta(minutes=10)
# After the first failed attempt, wait this long; after the second, the next; … then give up.
RETRY_AFTER = (dt.timedelta(minutes=1), dt.timedelta(minutes=5), dt.timedelta(minutes=30),
               dt.timedelta(hours=2), dt.timedelta(hours=12))
SMTP_TIMEOUT = 10   # seconds; only the worker ever waits for it
WAITING = (MailStatus.pending, MailStatus.failed)

# What each state of a mail is called on the secretariat's outbox page.
STATUS_LABELS = {
    MailStatus.pending: _l("waiting to be sent"),
    MailStatus.sending: _l("being sent"),
    MailStatus.sent: _l("sent"),
    MailStatus.kept: _l("delivered to the mailbox folder: no mail server is configured"),
    MailStatus.failed: _l("sending failed; it will be tried again"),
    MailStatus.gave_up: _l("not sent: every attempt failed"),
    MailStatus.uncertain: _l("perhaps sent: the delivery was cut short, so it is not sent again on its own"),
}


def status_label(status):
    return STATUS_LABELS[status]


def queue_mail(recipient, subject, body, *, secret=None):
    """Queue a mail (the worker delivers it once the transaction is committed); with
    `secret`, `body` must contain SECRET_MARK where it belongs."""
    if secret is not None and SECRET_MARK not in body:
        raise ValueError("a mail with a secret needs SECRET_MARK in its body")
    mail = OutgoingMail(recipient=recipient, subject=subject, body=body, secret=secret)
    db.session.add(mail)
    return mail


def shown_body(mail):
    """The stored copy as staff may read it: the private link is not in it."""
    return mail.body.replace(SECRET_MARK, _("[a private link, sent only to the recipient]"))


def _message(mail, sender):
    message = EmailMessage()
    message["From"] = sender
    message["To"] = mail.recipient
    message["Subject"] = mail.subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain="learning-cities.invalid")
    message.set_content(mail.body.replace(SECRET_MARK, mail.secret or ""))
    return message


def _recover_stale_claims(now):
    """Claims older than CLAIM_TIMEOUT were left by a worker that died. Conditional updates,
    so that two hosts recovering at once do it once."""
    stale = (OutgoingMail.status == MailStatus.sending,
             OutgoingMail.claimed_at < now - CLAIM_TIMEOUT)
    released = {"claim": None, "claimed_at": None}
    db.session.execute(update(OutgoingMail).where(*stale, OutgoingMail.handed_over_at.is_not(None))
                       .values(status=MailStatus.uncertain, **released,
                               error="The delivery stopped while the message was being handed over.")
                       .execution_options(synchronize_session=False))
    cut_short = "The delivery stopped before the message was handed over."
    db.session.execute(update(OutgoingMail).where(*stale, OutgoingMail.attempts > len(RETRY_AFTER))
                       .values(status=MailStatus.gave_up, secret=None, error=cut_short, **released)
                       .execution_options(synchronize_session=False))
    db.session.execute(update(OutgoingMail).where(*stale)
                       .values(status=MailStatus.failed, next_attempt_at=now, error=cut_short, **released)
                       .execution_options(synchronize_session=False))


def claim(ids=None, limit=100):
    """Mark waiting mail that is due (these ids, or the oldest) as being sent by this process,
    and commit: a mail claimed here is skipped by every other process. Returns the mails."""
    token, now = secrets.token_hex(8), utcnow()
    _recover_stale_claims(now)
    due = (select(OutgoingMail.id)
           .where(OutgoingMail.status.in_(WAITING),
                  (OutgoingMail.next_attempt_at.is_(None)) | (OutgoingMail.next_attempt_at <= now))
           .order_by(OutgoingMail.id).limit(limit))
    if ids is not None:
        due = due.where(OutgoingMail.id.in_(ids))
    if db.session.get_bind().dialect.name == "postgresql":
        due = due.with_for_update(skip_locked=True)   # rows another host is claiming: skipped
    db.session.execute(
        update(OutgoingMail).where(OutgoingMail.id.in_(due.scalar_subquery()),
                                   OutgoingMail.status.in_(WAITING))
        .values(status=MailStatus.sending, claim=token, claimed_at=now, handed_over_at=None,
                attempts=OutgoingMail.attempts + 1)
        .execution_options(synchronize_session=False))
    db.session.commit()
    return db.session.scalars(select(OutgoingMail).where(OutgoingMail.claim == token)
                              .order_by(OutgoingMail.id)).all()


def _record(mail_id, token, **values):
    """Write what happened to a claimed mail, only while this process still holds the claim;
    commits. Returns whether it did."""
    done = db.session.execute(update(OutgoingMail)
                              .where(OutgoingMail.id == mail_id, OutgoingMail.claim == token)
                              .values(**values).execution_options(synchronize_session=False)).rowcount
    db.session.commit()
    return done == 1


def _delivered(status):
    # The link is in the recipient's mailbox now, and nowhere else.
    return {"status": status, "secret": None, "error": None, "sent_at": utcnow(),
            "next_attempt_at": None, "claim": None, "claimed_at": None}


def _failed(attempts, error, *, refused=False):
    """Not handed over: try again after the backoff, or give up (at once when refused)."""
    released = {"claim": None, "claimed_at": None, "handed_over_at": None, "error": str(error)}
    if refused or attempts > len(RETRY_AFTER):
        return {"status": MailStatus.gave_up, "secret": None, "next_attempt_at": None, **released}
    return {"status": MailStatus.failed, "next_attempt_at": utcnow() + RETRY_AFTER[attempts - 1],
            **released}


def _uncertain(error):
    return {"status": MailStatus.uncertain, "error": str(error), "next_attempt_at": None,
            "claim": None, "claimed_at": None}


class _Outgoing:
    """What a claimed mail needs for its delivery, read before any commit expires it."""

    def __init__(self, mail, sender):
        self.id, self.attempts, self.recipient = mail.id, mail.attempts, mail.recipient
        self.message = _message(mail, sender)


def _deliver_to_folder(outgoing, token, config):
    folder = config["MAILBOX_DIR"]
    os.makedirs(folder, exist_ok=True)
    for mail in outgoing:
        with open(os.path.join(folder, f"{mail.id:08d}.eml"), "wb") as handle:
            handle.write(bytes(mail.message))
        _record(mail.id, token, **_delivered(MailStatus.kept))


def _send_one(smtp, mail, token, sender):
    """Send one mail over an open connection and record the outcome. Raises (after recording
    this mail) only when the connection can no longer be used."""
    try:
        code, reply = smtp.mail(sender)
        if code != 250:
            raise smtplib.SMTPSenderRefused(code, reply, sender)
        code, reply = smtp.rcpt(mail.recipient)
        if code not in (250, 251):
            raise smtplib.SMTPRecipientsRefused({mail.recipient: (code, reply)})
    except smtplib.SMTPSenderRefused as refused:
        return _refused(smtp, mail, token, refused.smtp_code, refused)
    except smtplib.SMTPRecipientsRefused as refused:
        return _refused(smtp, mail, token, code, refused)
    if not _record(mail.id, token, handed_over_at=utcnow()):
        smtp.rset()   # the claim went stale meanwhile: another worker decides about this mail
        return
    try:
        code, reply = smtp.data(mail.message.as_bytes(policy=mail.message.policy.clone(linesep="\r\n")))
    except smtplib.SMTPDataError as refused:   # DATA itself refused: nothing was handed over
        return _refused(smtp, mail, token, refused.smtp_code, refused)
    except (OSError, smtplib.SMTPException) as exc:
        _record(mail.id, token, **_uncertain(exc))
        raise
    if code == 250:
        _record(mail.id, token, **_delivered(MailStatus.sent))
    else:
        _refused(smtp, mail, token, code, f"{code} {reply.decode(errors='replace')}")


def _refused(smtp, mail, token, code, error):
    """The server answered no: given up when it says so for good (5xx), else retried."""
    _record(mail.id, token, **_failed(mail.attempts, error, refused=code >= 500))
    smtp.rset()


def _deliver_by_smtp(outgoing, token, config):
    sender = config["MAIL_DEFAULT_SENDER"]
    try:
        with smtplib.SMTP(config["MAIL_SERVER"], config.get("MAIL_PORT", 25),
                          timeout=SMTP_TIMEOUT) as smtp:
            if config.get("MAIL_USE_TLS"):
                smtp.starttls()
            if config.get("MAIL_USERNAME"):
                smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD", ""))
            smtp.ehlo_or_helo_if_needed()
            for mail in outgoing:
                _send_one(smtp, mail, token, sender)
    except (OSError, smtplib.SMTPException) as exc:
        # The connection is gone: what it had not handed over failed (already-recorded mail
        # is left as recorded, since its claim is released).
        for mail in outgoing:
            _record(mail.id, token, **_failed(mail.attempts, exc))


def deliver_pending(limit=100, ids=None):
    """Deliver waiting mail that is due (these ids, or any), each claimed first; commits its
    own status changes. Returns the number handled. The worker's "mail" task calls it."""
    config = current_app.config
    mails = claim(ids, limit)
    if not mails:
        return 0
    token = mails[0].claim
    outgoing = [_Outgoing(mail, config["MAIL_DEFAULT_SENDER"]) for mail in mails]
    if config.get("MAIL_SERVER"):
        _deliver_by_smtp(outgoing, token, config)
    else:
        _deliver_to_folder(outgoing, token, config)
    return len(mails)


def send_again(ids):
    """Put mail that was given up or perhaps sent back in the queue, as someone decided after
    checking with the recipient. Returns how many; the caller commits."""
    return db.session.execute(
        update(OutgoingMail).where(OutgoingMail.id.in_(ids),
                                   OutgoingMail.status.in_([MailStatus.gave_up, MailStatus.uncertain]))
        .values(status=MailStatus.pending, attempts=0, next_attempt_at=None, handed_over_at=None)
        .execution_options(synchronize_session=False)).rowcount


def erase_stale_secrets():
    """A mail that could not be delivered while its link worked no longer needs the link:
    erase it (the longest link lasts 48 hours). Returns how many."""
    stale = utcnow() - dt.timedelta(hours=48)
    return db.session.execute(update(OutgoingMail).where(
        OutgoingMail.secret.is_not(None), OutgoingMail.created_at < stale)
        .values(secret=None)).rowcount


def recent_mail(limit=50):
    return db.session.scalars(select(OutgoingMail).order_by(OutgoingMail.id.desc()).limit(limit)).all()


def register_commands(app):
    @app.cli.command("mail-outbox")
    @click.option("--limit", default=10, show_default=True, help="How many of the newest mails.")
    def mail_outbox(limit):
        """Print the newest mails in the outbox, as stored (private links removed)."""
        for mail in reversed(recent_mail(limit)):
            click.echo(f"--- #{mail.id} [{mail.status.value}] {mail.created_at:%Y-%m-%d %H:%M} "
                       f"to {mail.recipient}\nSubject: {mail.subject}\n\n{shown_body(mail)}\n")
        if not app.config.get("MAIL_SERVER"):
            click.echo(f"Without MAIL_SERVER, mail is delivered as .eml files (links included) "
                       f"to {app.config['MAILBOX_DIR']}")

    @app.cli.command("mail-send")
    @click.option("--again", "again", multiple=True, type=int, metavar="ID",
                  help="Send this mail again although it was given up or perhaps sent (repeatable).")
    def mail_send(again):
        """Deliver the mail that is due now, as the worker does (failed mail waits for its
        next attempt)."""
        if again:
            click.echo(f"{send_again(again)} mail(s) put back in the queue.")
            db.session.commit()
        click.echo(f"{deliver_pending(limit=10_000)} mail(s) handled.")
