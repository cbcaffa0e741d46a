from sqlalchemy import func, select

from models.notifications import Notification
from portal.extensions import db


def unread_count(user):
    return db.session.scalar(select(func.count(Notification.id)).where(
        Notification.user_id == user.id, Notification.read_at.is_(None)))


def recent(user, limit=50):
    return db.session.scalars(select(Notification).where(Notification.user_id == user.id)
                              .order_by(Notification.id.desc()).limit(limit)).all()
