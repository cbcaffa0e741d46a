"""Signed-in sessions, kept in the database so that they can be ended.

Flask-Login stores `User.get_id()` in the session cookie and in the remember-me cookie; here
that is a random session token, not the user id. Only its SHA-256 is stored (`LoginSession`):
signing out ends that session, a new password ends every other session of the person, and a
password reset or a suspension ends them all — a copied cookie then signs in nobody.
Loading a session never writes (GET requests do not write the database)."""
import datetime as dt

from flask import request
from flask_login import login_user, logout_user
from sqlalchemy import delete, func, select
from sqlalchemy.orm import joinedload

from models.auth import LoginSession
from models.base import utcnow
from portal.auth.tokens import digest, new_token
from portal.extensions import db

SESSION_LIFETIME = dt.timedelta(hours=24)        # without "keep me signed in"
REMEMBERED_LIFETIME = dt.timedelta(days=30)      # matches REMEMBER_COOKIE_DURATION


def open_session(user, *, remember=False, user_agent=None):
    """Store a new session for `user` (dropping their expired ones); returns its raw token."""
    now = utcnow()
    db.session.execute(delete(LoginSession).where(LoginSession.user_id == user.id,
                                                  LoginSession.expires_at < now))
    raw = new_token()
    db.session.add(LoginSession(user_id=user.id, token_hash=digest(raw), remember=remember,
                                expires_at=now + (REMEMBERED_LIFETIME if remember else SESSION_LIFETIME),
                                user_agent=(user_agent or "")[:200] or None))
    user.session_token = raw
    return raw


def sign_in(user, *, remember=False):
    """Open a session for `user` in this browser (inside a request)."""
    open_session(user, remember=remember, user_agent=request.user_agent.string)
    login_user(user, remember=remember)


def user_for(raw):
    """The user of a live session token (Flask-Login's user loader), or None."""
    if not raw or len(raw) > 100:
        return None
    session = db.session.scalar(select(LoginSession).options(joinedload(LoginSession.user)).where(
        LoginSession.token_hash == digest(raw), LoginSession.expires_at > utcnow()))
    if session is None or session.user.is_suspended:
        return None
    session.user.session_token = raw
    return session.user


def sign_out(user):
    """End this browser's session, here and wherever its cookie was copied."""
    if user is not None and user.session_token:
        db.session.execute(delete(LoginSession).where(
            LoginSession.token_hash == digest(user.session_token)))
    logout_user()


def end_other_sessions(user):
    """Keep only the session this request belongs to (after a password change)."""
    query = delete(LoginSession).where(LoginSession.user_id == user.id)
    if user.session_token:
        query = query.where(LoginSession.token_hash != digest(user.session_token))
    db.session.execute(query)


def end_all_sessions(user):
    """After a reset or a suspension: no cookie of this person signs in any more."""
    db.session.execute(delete(LoginSession).where(LoginSession.user_id == user.id))


def count_sessions(user):
    return db.session.scalar(select(func.count(LoginSession.id)).where(
        LoginSession.user_id == user.id, LoginSession.expires_at > utcnow()))


def purge_expired():
    """Delete every expired session; returns how many."""
    return db.session.execute(delete(LoginSession).where(LoginSession.expires_at < utcnow())).rowcount
