"""Outgoing mail. Every message is queued in the database inside the request's transaction;
after the commit it is handed to the SMTP server when one is configured (MAIL_SERVER), and
otherwise kept in the outbox for developers to read (`flask mail-outbox`, or the
secretariat's Mail outbox page). `flask mail-send` retries what failed."""
import smtplib
from email.message import EmailMessage

import click
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from models.auth import utcnow
from models.notifications import MailStatus, OutgoingMail
from portal.extensions import db

# What each state of a mail is called on the secretariat's outbox page.
STATUS_LABELS = {
    MailStatus.pending: _l("waiting to be sent"),
    MailStatus.sent: _l("sent"),
    MailStatus.kept: _l("kept here: no mail server is configured"),
    MailStatus.failed: _l("sending failed; it will be tried again"),
}


def status_label(status):
    return STATUS_LABELS[status]


def queue_mail(recipient, subject, body):
    mail = OutgoingMail(recipient=recipient, subject=subject, body=body)
    db.session.add(mail)
    db.session.info["mail_queued"] = True  # tells the request to deliver after its commit
    return mail


def deliver_pending(limit=100):
    """Send (or keep) pending mail; commits its own status changes. Returns the number handled."""
    config = current_app.config
    mails = db.session.scalars(
        select(OutgoingMail).where(OutgoingMail.status.in_([MailStatus.pending, MailStatus.failed]))
        .order_by(OutgoingMail.id).limit(limit)).all()
    if not mails:
        return 0
    if not config.get("MAIL_SERVER"):
        for mail in mails:
            mail.status = MailStatus.kept
        db.session.commit()
        return len(mails)
    try:
        with smtplib.SMTP(config["MAIL_SERVER"], config.get("MAIL_PORT", 25), timeout=10) as smtp:
            if config.get("MAIL_USE_TLS"):
                smtp.starttls()
            if config.get("MAIL_USERNAME"):
                smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD", ""))
            for mail in mails:
                message = EmailMessage()
                message["From"] = config["MAIL_DEFAULT_SENDER"]
                message["To"] = mail.recipient
                message["Subject"] = mail.subject
                message.set_content(mail.body)
                try:
                    smtp.send_message(message)
                    mail.status, mail.sent_at, mail.error = MailStatus.sent, utcnow(), None
                except smtplib.SMTPException as exc:
                    mail.status, mail.error = MailStatus.failed, str(exc)
    except (OSError, smtplib.SMTPException) as exc:
        for mail in mails:
            if mail.status is not MailStatus.sent:
                mail.status, mail.error = MailStatus.failed, str(exc)
    db.session.commit()
    return len(mails)


def deliver_after_commit():
    """Called once the request's transaction is committed; never fails the request."""
    if not db.session.info.pop("mail_queued", False):
        return
    try:
        deliver_pending()
    except Exception:  # the mail stays queued; `flask mail-send` will retry
        current_app.logger.exception("Mail delivery failed; the mail stays in the outbox")
        db.session.rollback()


def recent_mail(limit=50):
    return db.session.scalars(select(OutgoingMail).order_by(OutgoingMail.id.desc()).limit(limit)).all()


def register_commands(app):
    @app.cli.command("mail-outbox")
    @click.option("--limit", default=10, show_default=True, help="How many of the newest mails.")
    def mail_outbox(limit):
        """Print the newest mails in the outbox (development: this is where mail goes)."""
        for mail in reversed(recent_mail(limit)):
            click.echo(f"--- #{mail.id} [{mail.status.value}] {mail.created_at:%Y-%m-%d %H:%M} "
                       f"to {mail.recipient}\nSubject: {mail.subject}\n\n{mail.body}\n")

    @app.cli.command("mail-send")
    def mail_send():
        """Send pending and failed mail through the configured SMTP server."""
        click.echo(f"{deliver_pending(limit=10_000)} mail(s) handled.")
