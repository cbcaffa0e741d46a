"""Password-reset tokens: signed, expiring, and single-use (a token carries a fingerprint
of the password hash it was issued for, so it dies once the password changes)."""
import hashlib

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

RESET_SALT = "password-reset"


def _serializer():
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=RESET_SALT)


def _fingerprint(user):
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


def make_reset_token(user):
    return _serializer().dumps({"user": user.id, "fp": _fingerprint(user)})


def read_reset_token(token, load_user):
    """The user the token was made for, or None if it is bad, expired or already used."""
    try:
        data = _serializer().loads(token, max_age=current_app.config["PASSWORD_RESET_MAX_AGE"])
    except (SignatureExpired, BadSignature):
        return None
    user = load_user(data.get("user"))
    if user is None or data.get("fp") != _fingerprint(user):
        return None
    return user
