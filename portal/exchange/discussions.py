"""Discussions: questions on a practice (public, answered by its author and its city's
coordinators, whose answers can be marked), cluster discussions (public) and the private
threads of accepted exchanges. Operations check their rule, change the models, audit,
notify, and flush."""
from flask_babel import gettext as _
from sqlalchemy import select

from models.auth import Role, User
from models.base import utcnow
from models.exchange import Post, Thread, ThreadKind, ThreadParticipant
from portal import audit
from portal.auth.operations import users_with_role
from portal.domain_errors import Conflict, Invalid
from portal.exchange import rules
from portal.extensions import db
from portal.notifications.operations import notify
from portal.permissions import check


def clean_title(title):
    title = (title or "").strip()
    if not title or len(title) > rules.MAX_TITLE_LENGTH:
        raise Invalid(_("Give a title of at most %(n)s characters.", n=rules.MAX_TITLE_LENGTH))
    return title


def _clean_body(body):
    body = (body or "").strip()
    if not body:
        raise Invalid(_("Write something first."))
    if len(body) > rules.MAX_POST_LENGTH:
        raise Invalid(_("A post has at most %(n)s characters; this one has %(count)s.",
                        n=rules.MAX_POST_LENGTH, count=len(body)))
    return body


def practice_team(practice):
    """Who answers questions on a practice: its author and its city's coordinators."""
    team = users_with_role(Role.city_coordinator, city_id=practice.city_id)
    if practice.author is not None:
        team = [practice.author, *team]
    return team


def ask_question(practice, title, body, *, actor):
    """A signed-in person asks a public question on a published practice."""
    check(actor, "question.ask", practice)
    thread = Thread(kind=ThreadKind.question, practice=practice, title=clean_title(title),
                    author=actor)
    db.session.add(thread)
    post = add_post(thread, body, actor)
    audit.record(thread, "thread.ask", actor)
    notify([u for u in practice_team(practice) if u.id != actor.id], "question.asked",
           {"user": actor.name, "title": practice},
           endpoint="exchange.thread", thread_id=thread.id, _anchor=f"post-{post.id}")
    return thread


def reply(thread, body, *, actor):
    """Add a post to a thread the actor may write in."""
    check(actor, "thread.post", thread)
    post = add_post(thread, body, actor)
    audit.record(post, "post.write", actor)
    _notify_reply(thread, post, actor)
    return post


def add_post(thread, body, actor):
    post = Post(thread=thread, author=actor, body=_clean_body(body))
    db.session.add(post)
    thread.last_post_at = utcnow()
    db.session.flush()
    return post


def _notify_reply(thread, post, actor):
    anchor = {"endpoint": "exchange.thread", "thread_id": thread.id, "_anchor": f"post-{post.id}"}
    if thread.kind is ThreadKind.exchange:
        people = [p.user for p in thread.participants if p.user_id != actor.id]
        notify(people, "message.posted", {"user": actor.name, "title": thread}, **anchor)
        return
    # Everyone who wrote in the thread hears of the reply; on a question, so does the team.
    people = {p.author.id: p.author for p in thread.posts}
    if thread.kind is ThreadKind.question:
        people.update({u.id: u for u in practice_team(thread.practice)})
    people.pop(actor.id, None)
    kind = "answer.posted" if thread.kind is ThreadKind.question else "cluster.post"
    notify(list(people.values()), kind, {"user": actor.name, "title": thread}, **anchor)


def mark_answer(post, *, actor, is_answer=True):
    """The asker or the practice's team marks (or unmarks) a reply as an answer."""
    thread = post.thread
    check(actor, "answer.mark", post)
    if post.id == thread.posts[0].id:
        raise Conflict(_("The question itself cannot be its answer."))
    if post.is_answer == is_answer:
        return post
    post.is_answer = is_answer
    audit.record(post, "post.mark_answer" if is_answer else "post.unmark_answer", actor)
    if is_answer:
        notify([post.author] if post.author_id != actor.id else [], "answer.marked",
               {"title": thread}, endpoint="exchange.thread", thread_id=thread.id,
               _anchor=f"post-{post.id}")
    db.session.flush()
    return post


def add_participant(thread, user, *, actor):
    """A participant of a private thread brings someone in (by their account)."""
    check(actor, "thread.invite", thread)
    if user is None or user.is_suspended:
        raise Invalid(_("No active account has this email address."))
    if any(p.user_id == user.id for p in thread.participants):
        raise Conflict(_("%(name)s already takes part.", name=user.name))
    db.session.add(ThreadParticipant(thread=thread, user=user, added_by_id=actor.id))
    audit.record(thread, "thread.add_participant", actor, changes={"participant": (None, user.email)})
    notify([user], "exchange.added", {"user": actor.name, "title": thread},
           endpoint="exchange.thread", thread_id=thread.id)
    db.session.flush()


def user_by_email(email):
    return db.session.scalar(select(User).where(User.email == (email or "").strip().lower()))
