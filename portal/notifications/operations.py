"""Telling people: an in-app notification and a mail, each in the recipient's language."""
from flask import url_for
from flask_babel import force_locale
from flask_babel import gettext as _

from models.auth import utcnow
from models.notifications import Notification
from portal.extensions import db
from portal.mail import queue_mail
from portal.notifications.messages import render


def notify(users, kind, params, *, endpoint=None, **url_values):
    """Notify each user once (in-app and by mail); `params` must be plain strings."""
    link = url_for(endpoint, **url_values) if endpoint else None
    seen = set()
    for user in users:
        if user is None or user.id in seen or user.is_suspended:
            continue
        seen.add(user.id)
        db.session.add(Notification(user=user, kind=kind, params=params, link=link))
        with force_locale(user.language or "en"):
            text = render(kind, params)
            full_link = url_for(endpoint, _external=True, **url_values) if endpoint else ""
            body = "\n\n".join(part for part in (
                _("Hello %(name)s,", name=user.name), text,
                _("Open it on the portal: %(link)s", link=full_link) if full_link else "",
                _("— Learning Cities Network")) if part)
            queue_mail(user.email, _("[Learning Cities Network] %(text)s", text=text)[:300], body)


def mark_read(user, notification_ids=None):
    """Mark the user's notifications (all, or the given ids) as read."""
    query = db.select(Notification).where(Notification.user_id == user.id,
                                          Notification.read_at.is_(None))
    if notification_ids is not None:
        query = query.where(Notification.id.in_(notification_ids))
    for notification in db.session.scalars(query):
        notification.read_at = utcnow()
