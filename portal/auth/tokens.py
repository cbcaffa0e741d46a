"""Single-use links mailed to a person: a password reset (for an account) and a sign-up (for
an address that has no account yet). The token is random; only its SHA-256 is stored, so
neither the database nor the mail's stored copy holds a usable link."""
import datetime as dt
import hashlib
import secrets

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import delete, select, update

from models.auth import MailedToken, TokenPurpose
from models.base import utcnow
from portal.domain_errors import Conflict
from portal.extensions import db

LIFETIMES = {
    TokenPurpose.password_reset: dt.timedelta(hours=1),
    TokenPurpose.sign_up: dt.timedelta(hours=48),
}


def digest(raw):
    return hashlib.sha256(raw.encode()).hexdigest()


def new_token():
    return secrets.token_urlsafe(32)


def issue(purpose, *, email, user=None, language="en"):
    """Store a new token for this purpose and return it raw (to be mailed, never stored).
    A new reset link replaces the account's earlier ones."""
    if purpose is TokenPurpose.password_reset:
        revoke(user, purpose)
    raw = new_token()
    db.session.add(MailedToken(purpose=purpose, token_hash=digest(raw), user=user, email=email,
                               language=language, expires_at=utcnow() + LIFETIMES[purpose]))
    return raw


def find_valid(raw, purpose):
    """The unused, unexpired token row for this raw token, or None."""
    if not raw or len(raw) > 100:
        return None
    token = db.session.scalar(select(MailedToken).where(
        MailedToken.token_hash == digest(raw), MailedToken.purpose == purpose,
        MailedToken.used_at.is_(None), MailedToken.expires_at > utcnow()))
    if token is None:
        return None
    if token.user is not None and token.user.is_suspended:
        return None
    return token


def lifetime(purpose):
    """How long a link of this purpose works, in words ("48 hours"), for mails and pages."""
    hours = int(LIFETIMES[purpose].total_seconds() // 3600)
    return ngettext("%(num)s hour", "%(num)s hours", hours)


def spend(token):
    """Use the token up, once: of two requests that follow the same link at the same moment,
    the second is refused (Conflict)."""
    spent = db.session.execute(update(MailedToken).where(
        MailedToken.id == token.id, MailedToken.used_at.is_(None)).values(used_at=utcnow()))
    if spent.rowcount != 1:
        raise Conflict(_("This link was used a moment ago."))
    db.session.refresh(token)


def revoke_sign_ups(email):
    """Once an address has its account, its other sign-up links stop working."""
    db.session.execute(delete(MailedToken).where(
        MailedToken.email == email, MailedToken.purpose == TokenPurpose.sign_up,
        MailedToken.used_at.is_(None)))


def revoke(user, purpose=None):
    """Every unused token of this account (of one purpose, or all) stops working."""
    if user is None or user.id is None:
        return
    query = delete(MailedToken).where(MailedToken.user_id == user.id, MailedToken.used_at.is_(None))
    if purpose is not None:
        query = query.where(MailedToken.purpose == purpose)
    db.session.execute(query)



def purge_expired():
    """Delete the tokens that can no longer be used (spent or expired); returns how many."""
    now = utcnow()
    gone = db.session.execute(delete(MailedToken).where(
        (MailedToken.expires_at < now) | MailedToken.used_at.is_not(None)))
    return gone.rowcount
