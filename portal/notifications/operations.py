"""Telling people: an in-app notification always, and mail as each person chose for the
notification's topic: at once, in a daily or weekly digest (`flask send-digests`), or never."""
from flask import url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from models.base import utcnow
from models.notifications import Frequency, Notification, NotificationPreference
from portal import audit
from portal.domain_errors import Invalid
from portal.extensions import db
from portal.mail import queue_mail
from portal.notifications import subjects
from portal.notifications.messages import render
from portal.notifications.topics import TOPICS, default_frequency, topic_of
from portal.urls import absolute_url_for


def notify(users, kind, params, *, endpoint=None, **url_values):
    """Notify each user once. `params` are plain strings (a person's name, a role) or what
    the notification is about (a City, Practice, Call, Cluster, Thread or PeerRequest): those
    are kept by reference and named in each reader's language (portal/notifications/subjects.py)."""
    link = url_for(endpoint, **url_values) if endpoint else None
    topic = topic_of(kind)
    texts, about = subjects.split(params)
    found = subjects.found_in(params)
    seen = set()
    for user in users:
        if user is None or user.id in seen or user.is_suspended:
            continue
        seen.add(user.id)
        notification = Notification(user=user, kind=kind, params=texts, subjects=about, link=link)
        db.session.add(notification)
        frequency = frequency_for(user, topic)
        if frequency is Frequency.immediately:
            _mail_now(user, notification, found, endpoint, url_values)
            notification.emailed_at = utcnow()
        elif frequency in (Frequency.daily, Frequency.weekly):
            notification.digest = frequency.value


def _mail_now(user, notification, found, endpoint, url_values):
    with force_locale(user.language or "en"):
        text = render(notification, found)
        full_link = absolute_url_for(endpoint, **url_values) if endpoint else ""
        body = "\n\n".join(part for part in (
            _("Hello %(name)s,", name=user.name), text,
            _("Open it on the portal: %(link)s", link=full_link) if full_link else "",
            _("— Learning Cities Network"),
            _("Choose how often we write to you: %(link)s",
              link=absolute_url_for("auth.notification_settings"))) if part)
        queue_mail(user.email, _("[Learning Cities Network] %(text)s", text=text)[:300], body)


def frequencies(user):
    """{topic: Frequency} for every topic, the user's choice or the default."""
    chosen = {p.topic: p.frequency for p in db.session.scalars(
        select(NotificationPreference).where(NotificationPreference.user_id == user.id))}
    return {topic: chosen.get(topic, default_frequency(topic)) for topic in TOPICS}


def frequency_for(user, topic):
    preference = db.session.scalar(select(NotificationPreference).where(
        NotificationPreference.user_id == user.id, NotificationPreference.topic == topic))
    return preference.frequency if preference else default_frequency(topic)


def set_frequencies(user, choices):
    """Save the user's mail frequency per topic ({topic: "daily", ...})."""
    current = frequencies(user)
    changes = {}
    for topic, value in choices.items():
        if topic not in TOPICS:
            raise Invalid(_("Unknown kind of notification."))
        try:
            frequency = Frequency(value)
        except ValueError:
            raise Invalid(_("Choose immediately, daily, weekly or never.")) from None
        if frequency is current[topic]:
            continue
        changes[topic] = (current[topic], frequency)
        preference = db.session.scalar(select(NotificationPreference).where(
            NotificationPreference.user_id == user.id, NotificationPreference.topic == topic))
        if preference is None:
            preference = NotificationPreference(user_id=user.id, topic=topic, frequency=frequency)
            db.session.add(preference)
        preference.frequency = frequency
    if changes:
        audit.record(user, "user.change_notification_settings", user, changes=changes)
    db.session.flush()
    return changes


def open_notification(user, notification_id):
    """The user opens one of their notifications: it is marked read. Returns it, or None
    when it is not theirs (or does not exist)."""
    notification = db.session.scalar(select(Notification).where(
        Notification.id == notification_id, Notification.user_id == user.id))
    if notification is not None and notification.read_at is None:
        notification.read_at = utcnow()
        db.session.flush()
    return notification


def mark_read(user, notification_ids=None):
    """Mark the user's notifications (all, or the given ids) as read."""
    query = db.select(Notification).where(Notification.user_id == user.id,
                                          Notification.read_at.is_(None))
    if notification_ids is not None:
        query = query.where(Notification.id.in_(notification_ids))
    for notification in db.session.scalars(query):
        notification.read_at = utcnow()
