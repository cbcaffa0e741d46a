"""The moderation queue: posts with reports not yet reviewed, most reported first."""
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from models.auth import User
from models.exchange import Post, PostReport, Thread
from portal.extensions import db


def queue():
    open_reports = (select(PostReport.post_id, func.count(PostReport.id).label("n"))
                    .where(PostReport.resolved_at.is_(None)).group_by(PostReport.post_id).subquery())
    rows = db.session.execute(
        select(Post, open_reports.c.n).join(open_reports, open_reports.c.post_id == Post.id)
        .options(selectinload(Post.author).selectinload(User.grants),   # who may be suspended
                 selectinload(Post.reports).selectinload(PostReport.reporter),
                 selectinload(Post.thread).selectinload(Thread.practice))
        .order_by(open_reports.c.n.desc(), Post.id.desc())).all()
    return [(post, count) for post, count in rows]


def recently_decided(limit=20):
    return db.session.scalars(
        select(Post).where(Post.reviewed_at.is_not(None))
        .options(selectinload(Post.author), selectinload(Post.thread))
        .order_by(Post.reviewed_at.desc()).limit(limit)).all()


def account(user_id):
    return db.session.get(User, user_id)
