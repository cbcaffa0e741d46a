"""Reading discussions: a fixed number of queries whatever the number of threads and posts."""
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from models.exchange import Post, Thread, ThreadKind
from portal.extensions import db


def _with_posts(query):
    return query.options(selectinload(Thread.posts).selectinload(Post.author),
                         selectinload(Thread.posts).selectinload(Post.reports),
                         selectinload(Thread.author), selectinload(Thread.participants))


def questions_on(practice):
    return db.session.scalars(_with_posts(
        select(Thread).where(Thread.kind == ThreadKind.question, Thread.practice_id == practice.id)
        .order_by(Thread.last_post_at.desc()))).all()


def thread(thread_id):
    return db.session.scalar(_with_posts(select(Thread).where(Thread.id == thread_id)))


def post(post_id):
    return db.session.get(Post, post_id)
