"""Outgoing mail. Every message is queued in the database inside the request's transaction;
after the commit it is handed to the SMTP server when one is configured (MAIL_SERVER), and
otherwise delivered to a folder of `.eml` files (MAILBOX_DIR, `instance/mailbox/`) for
developers to read. `flask mail-send` retries what failed.

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
from sqlalchemy import inspect, or_, select, update

from models.base import utcnow
from models.notifications import MailStatus, OutgoingMail
from portal.extensions import db

# Where the secret goes in the stored body.
SECRET_MARK = "[[private-link]]"
# A delivery claimed longer ago than this was cut short (a crash): the mail may be taken again.
CLAIM_TIMEOUT = dt.timedelta(minutes=10)

# What each state of a mail is called on the secretariat's outbox page.
STATUS_LABELS = {
    MailStatus.pending: _l("waiting to be sent"),
    MailStatus.sent: _l("sent"),
    MailStatus.kept: _l("delivered to the mailbox folder: no mail server is configured"),
    MailStatus.failed: _l("sending failed; it will be tried again"),
}


def status_label(status):
    return STATUS_LABELS[status]


def queue_mail(recipient, subject, body, *, secret=None):
    """Queue a mail; with `secret`, `body` must contain SECRET_MARK where it belongs."""
    if secret is not None and SECRET_MARK not in body:
        raise ValueError("a mail with a secret needs SECRET_MARK in its body")
    mail = OutgoingMail(recipient=recipient, subject=subject, body=body, secret=secret)
    db.session.add(mail)
    # The request delivers what it queued, once its transaction is committed.
    db.session.info.setdefault("mail_queued", []).append(mail)
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


def _delivered(mail):
    mail.secret = None   # the link is in the recipient's mailbox now, and nowhere else
    mail.error = None
    mail.sent_at = utcnow()


def claim(ids=None, limit=100):
    """Mark waiting mail (these ids, or the oldest) as being delivered by this process, and
    commit: a mail claimed here is skipped by every other process, so it is sent at most once
    (PostgreSQL re-checks the WHERE clause of a row another transaction changed). A claim
    older than CLAIM_TIMEOUT belonged to a process that died: it may be taken again."""
    token, now = secrets.token_hex(8), utcnow()
    waiting = (select(OutgoingMail.id)
               .where(OutgoingMail.status.in_([MailStatus.pending, MailStatus.failed]),
                      or_(OutgoingMail.claim.is_(None), OutgoingMail.claimed_at < now - CLAIM_TIMEOUT))
               .order_by(OutgoingMail.id).limit(limit))
    if ids is not None:
        waiting = waiting.where(OutgoingMail.id.in_(ids))
    db.session.execute(
        update(OutgoingMail).where(OutgoingMail.id.in_(waiting.scalar_subquery()),
                                   or_(OutgoingMail.claim.is_(None), OutgoingMail.claimed_at < now - CLAIM_TIMEOUT))
        .values(claim=token, claimed_at=now).execution_options(synchronize_session=False))
    db.session.commit()
    return db.session.scalars(select(OutgoingMail).where(OutgoingMail.claim == token)
                              .order_by(OutgoingMail.id)).all()


def _deliver_to_folder(mails, config):
    folder = config["MAILBOX_DIR"]
    os.makedirs(folder, exist_ok=True)
    for mail in mails:
        path = os.path.join(folder, f"{mail.id:08d}.eml")
        with open(path, "wb") as handle:
            handle.write(bytes(_message(mail, config["MAIL_DEFAULT_SENDER"])))
        mail.status = MailStatus.kept
        _delivered(mail)


def _deliver_by_smtp(mails, config):
    try:
        with smtplib.SMTP(config["MAIL_SERVER"], config.get("MAIL_PORT", 25), timeout=10) as smtp:
            if config.get("MAIL_USE_TLS"):
                smtp.starttls()
            if config.get("MAIL_USERNAME"):
                smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD", ""))
            for mail in mails:
                try:
                    smtp.send_message(_message(mail, config["MAIL_DEFAULT_SENDER"]))
                    mail.status = MailStatus.sent
                    _delivered(mail)
                except smtplib.SMTPException as exc:
                    mail.status, mail.error = MailStatus.failed, str(exc)
    except (OSError, smtplib.SMTPException) as exc:
        for mail in mails:
            if mail.status is not MailStatus.sent:
                mail.status, mail.error = MailStatus.failed, str(exc)


def deliver_pending(limit=100, ids=None):
    """Deliver waiting mail (these ids, or any), each claimed first; commits its own status
    changes. Returns the number handled."""
    config = current_app.config
    mails = claim(ids, limit)
    if not mails:
        return 0
    if config.get("MAIL_SERVER"):
        _deliver_by_smtp(mails, config)
    else:
        _deliver_to_folder(mails, config)
    for mail in mails:
        mail.claim = mail.claimed_at = None
    db.session.commit()
    return len(mails)


def deliver_after_commit():
    """Called once the request's transaction is committed: delivers the mail this request
    queued (failed mail waits for `flask mail-send`); never fails the request."""
    queued = db.session.info.pop("mail_queued", [])
    if not queued:
        return
    try:
        deliver_pending(ids=[inspect(mail).identity[0] for mail in queued])
    except Exception:  # the mail stays queued; `flask mail-send` will retry
        current_app.logger.exception("Mail delivery failed; the mail stays in the outbox")
        db.session.rollback()


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
    def mail_send():
        """Send pending and failed mail through the configured SMTP server."""
        click.echo(f"{deliver_pending(limit=10_000)} mail(s) handled.")
