"""Digests: one mail per person gathering the notifications that waited for their daily or
weekly digest, grouped by topic. A person with nothing waiting gets no mail.
`flask send-digests --period daily` (from cron, once a day) and `--period weekly`."""
import click
from flask import current_app
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from models.base import utcnow
from models.notifications import Notification
from portal.extensions import db
from portal.mail import deliver_pending, queue_mail
from portal.notifications import subjects
from portal.notifications.messages import render
from portal.notifications.topics import TOPICS, topic_of
from portal.urls import absolute_url, absolute_url_for

PERIODS = ("daily", "weekly")


def send_digests(period):
    """Queue one digest mail per person with notifications waiting for `period`; marks them
    mailed. Returns the number of mails queued."""
    if period not in PERIODS:
        raise ValueError(period)
    waiting = db.session.scalars(
        select(Notification).where(Notification.digest == period, Notification.emailed_at.is_(None))
        .options(selectinload(Notification.user)).order_by(Notification.user_id, Notification.id)).all()
    by_user = {}
    for notification in waiting:
        by_user.setdefault(notification.user, []).append(notification)
    now = utcnow()
    found = subjects.load(waiting)
    for user, notifications in by_user.items():
        if not user.is_suspended:
            _queue_digest(user, period, notifications, found)
        for notification in notifications:
            notification.emailed_at = now
    db.session.flush()
    return sum(1 for user in by_user if not user.is_suspended)


def _queue_digest(user, period, notifications, found):
    groups = {}
    for notification in notifications:
        groups.setdefault(topic_of(notification.kind), []).append(notification)
    with force_locale(user.language or "en"):
        lines = [_("Hello %(name)s,", name=user.name), ""]
        lines.append(ngettext("Here is %(num)s notification from the Learning Cities Network.",
                              "Here are %(num)s notifications from the Learning Cities Network.",
                              len(notifications)))
        for topic in TOPICS:
            if topic not in groups:
                continue
            lines += ["", f"## {TOPICS[topic][0]}"]
            for notification in groups[topic]:
                link = f" {absolute_url(notification.link)}" if notification.link else ""
                lines.append(f"- {render(notification, found)}{link}")
        lines += ["", _("Choose how often we write to you: %(link)s",
                        link=absolute_url_for("auth.notification_settings")),
                  _("— Learning Cities Network")]
        subject = (_("[Learning Cities Network] Your daily digest") if period == "daily"
                   else _("[Learning Cities Network] Your weekly digest"))
        queue_mail(user.email, subject, "\n".join(lines))


def register_commands(app):
    @app.cli.command("send-digests")
    @click.option("--period", type=click.Choice(PERIODS), required=True,
                  help="Which digests to send: run daily ones every day, weekly ones every week.")
    def send_digests_command(period):
        """Mail each person the notifications waiting for their daily or weekly digest."""
        with current_app.test_request_context(base_url=current_app.config["BASE_URL"]):
            count = send_digests(period)
            db.session.commit()
            deliver_pending(limit=1000)
        click.echo(f"{count} {period} digest(s) queued.")
