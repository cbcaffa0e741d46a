"""Accounts and roles: every change here flushes, writes its audit entry, and tells whoever
should know. The request's single commit happens elsewhere."""

import functools
import secrets

from flask_babel import force_locale, get_locale
from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from models.auth import GrantStatus, Role, RoleGrant, TokenPurpose, User
from models.base import LANGUAGES, utcnow
from models.cities import MemberState
from portal import audit
from portal.auth import sessions, tokens
from portal.cities.operations import add_city
from portal.domain_errors import Conflict, Invalid, NotAllowed
from portal.extensions import db
from portal.mail import SECRET_MARK, queue_mail
from portal.notifications.operations import notify
from portal.permissions import check
from portal.urls import absolute_url_for

MIN_PASSWORD_LENGTH = 10
CITY_ROLES = (Role.city_coordinator, Role.practitioner, Role.data_officer)
STAFF_ROLES = (Role.secretariat, Role.administrator)


def normalise_email(email):
    return (email or "").strip().lower()


def find_user_by_email(email):
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def hash_password(password):
    if len(password) < MIN_PASSWORD_LENGTH:
        raise Invalid(_("Choose a password of at least %(n)s characters.", n=MIN_PASSWORD_LENGTH))
    return generate_password_hash(password)  # scrypt, salted


@functools.cache
def _dummy_hash():
    """A hash to check a password against when the address has no account, so that a wrong
    password and an unknown address take the same time."""
    return generate_password_hash(secrets.token_urlsafe(16))


def create_account(*, name, email, password, language="en", verified=False):
    """An account that exists at once (the command line, demo data, a confirmed sign-up)."""
    if find_user_by_email(email) is not None:
        raise Conflict(_("This address already has an account. Sign in, or reset your password."))
    user = User(name=name.strip(), email=normalise_email(email),
                password_hash=hash_password(password),
                language=language if language in LANGUAGES else "en",
                email_verified_at=utcnow() if verified else None)
    db.session.add(user)
    db.session.flush()
    audit.record(user, "user.sign_up", user)
    return user


def sign_up(*, email, language="en"):
    """Someone asks for an account for `email`: a link goes to that address, to choose a name
    and a password. Whether or not the address already has an account, the answer on the page
    is the same; the mail tells its owner which it is."""
    email = normalise_email(email)
    language = language if language in LANGUAGES else "en"
    existing = find_user_by_email(email)
    if existing is None:
        raw = tokens.issue(TokenPurpose.sign_up, email=email, language=language)
        with force_locale(language):
            queue_mail(email, _("Finish creating your account"), "\n\n".join([
                _("Hello,"),
                _("Someone (we hope you) asked for an account on the Learning Cities Network "
                  "portal with this address. Choose your name and password here:"),
                SECRET_MARK,
                _("The link works once, for %(lifetime)s. If you did not ask for it, ignore "
                  "this mail: no account is created.", lifetime=tokens.lifetime(TokenPurpose.sign_up)),
            ]), secret=absolute_url_for("auth.confirm_sign_up", token=raw))
        return
    with force_locale(existing.language):
        queue_mail(email, _("You already have an account"), "\n\n".join([
            _("Hello %(name)s,", name=existing.name),
            _("Someone (we hope you) asked to create an account on the Learning Cities Network "
              "portal with this address, which already has one. Sign in here:"),
            absolute_url_for("auth.login"),
            _("If you forgot your password, choose a new one here:"),
            absolute_url_for("auth.forgot_password"),
            _("If you did not ask, ignore this mail: nothing changes."),
        ]))
    audit.record(existing, "user.repeat_sign_up", None)


def confirm_sign_up(token, *, name, password):
    """The owner of the address followed the sign-up link: the account is created, its
    address confirmed."""
    tokens.spend(token)
    user = create_account(name=name, email=token.email, password=password,
                          language=token.language, verified=True)
    tokens.revoke_sign_ups(token.email)
    return user


def authenticate(email, password):
    """The user with these credentials, or None. Suspended accounts cannot sign in."""
    user = find_user_by_email(email)
    if user is None:
        check_password_hash(_dummy_hash(), password)
        return None
    if not check_password_hash(user.password_hash, password):
        return None
    if user.is_suspended:
        raise NotAllowed(_("This account is suspended. Contact the network secretariat."))
    user.last_login_at = utcnow()
    return user


def request_password_reset(email):
    """Mail a reset link if the address has an account, and a mail saying it has none
    otherwise: the page answers the same, and both cost the same work."""
    user = find_user_by_email(email)
    if user is None:
        with force_locale(str(get_locale() or "en")):
            queue_mail(normalise_email(email), _("Reset your password"), "\n\n".join([
                _("Hello,"),
                _("Someone (we hope you) asked to reset the password of an account on the "
                  "Learning Cities Network portal with this address, but no account uses it. "
                  "Perhaps you signed up with another address. To create an account:"),
                absolute_url_for("auth.signup"),
                _("If you did not ask, ignore this mail: nothing changes."),
            ]))
        return
    if user.is_suspended:
        return
    raw = tokens.issue(TokenPurpose.password_reset, email=user.email, user=user,
                       language=user.language)
    with force_locale(user.language):
        queue_mail(user.email, _("Reset your password"), "\n\n".join([
            _("Hello %(name)s,", name=user.name),
            _("Someone (we hope you) asked to reset the password of your account on the "
              "Learning Cities Network portal. Choose a new password here:"),
            SECRET_MARK,
            _("The link works once, for %(lifetime)s. If you did not ask for it, ignore this "
              "mail: your password stays as it is.",
              lifetime=tokens.lifetime(TokenPurpose.password_reset)),
        ]), secret=absolute_url_for("auth.reset_password", token=raw))
    audit.record(user, "user.request_password_reset", None)


def reset_password(token, password):
    """A reset link was followed: the new password holds, the link and every other one stop
    working, and every session of the account ends (a copied cookie signs in nobody)."""
    user = token.user
    tokens.spend(token)
    user.password_hash = hash_password(password)
    user.email_verified_at = user.email_verified_at or utcnow()   # the link proved the address
    tokens.revoke(user)
    sessions.end_all_sessions(user)
    audit.record(user, "user.reset_password", user)
    return user


def change_password(user, *, current, new):
    """The person changes their password: their other sessions end; this one stays."""
    if not check_password_hash(user.password_hash, current or ""):
        raise Invalid(_("Your current password is not right."))
    user.password_hash = hash_password(new)
    tokens.revoke(user)
    sessions.end_other_sessions(user)
    audit.record(user, "user.change_password", user)
    with force_locale(user.language):
        queue_mail(user.email, _("Your password was changed"), "\n\n".join([
            _("Hello %(name)s,", name=user.name),
            _("The password of your account on the Learning Cities Network portal was just "
              "changed, and every other signed-in session of yours was ended."),
            _("If it was not you, choose a new password at once:"),
            absolute_url_for("auth.forgot_password"),
        ]))


def set_language(user, language):
    """The language the person's mail and digests are written in (any of LANGUAGES)."""
    if language not in LANGUAGES:
        raise Invalid(_("Choose one of the portal's languages."))
    if language != user.language:
        audit.record(user, "user.set_language", user, changes={"language": (user.language, language)})
        user.language = language


def request_role(user, *, role, justification, city=None, new_city_name=None,
                 member_state=None, organisation=None):
    """Ask the secretariat for a role, saying what it is for."""
    role = Role(role)
    if role in STAFF_ROLES:
        raise NotAllowed(_("Staff roles are given by an administrator, not requested."))
    if role in CITY_ROLES:
        if city is None and not (new_city_name and member_state):
            raise Invalid(_("Choose your city, or give the name and Member State of a city "
                            "that is not listed yet."))
        if role is Role.practitioner and not (organisation or "").strip():
            raise Invalid(_("Name the organisation you work for."))
    if role is Role.natcom_officer and member_state is None:
        raise Invalid(_("Choose the Member State whose National Commission you work for."))
    pending = [g for g in user.grants if g.role is role and g.status is GrantStatus.requested]
    if pending:
        raise Conflict(_("You already asked for this role; the secretariat will answer soon."))
    grant = RoleGrant(user=user, role=role, justification=justification.strip(),
                      city=city if role in CITY_ROLES else None,
                      proposed_city_name=(new_city_name.strip() if role in CITY_ROLES
                                          and city is None else None),
                      member_state=(member_state if role is Role.natcom_officer
                                    or (role in CITY_ROLES and city is None) else None),
                      organisation=(organisation or "").strip() or None)
    db.session.add(grant)
    db.session.flush()
    audit.record(grant, "role_grant.request", user, changes={"role": (None, role)},
                 comment=grant.justification)
    notify(staff_users(), "role.requested", {"user": user.name, "role": role.value},
           endpoint="admin.role_requests")
    return grant


def decide_role(grant, *, grant_it, actor, comment=None):
    """The secretariat grants or refuses a requested role."""
    check(actor, "role.decide")
    if grant.status is not GrantStatus.requested:
        raise Conflict(_("This request was already decided."))
    if grant_it and grant.role in CITY_ROLES and grant.city is None:
        grant.city = _create_proposed_city(grant)
    grant.status = GrantStatus.granted if grant_it else GrantStatus.refused
    grant.decided_at, grant.decided_by, grant.decision_comment = utcnow(), actor, comment or None
    db.session.flush()
    audit.record(grant, "role_grant.grant" if grant_it else "role_grant.refuse", actor,
                 changes={"status": (GrantStatus.requested, grant.status)}, comment=comment)
    notify([grant.user], f"role.{grant.status.value}", {"role": grant.role.value},
           endpoint="auth.account")
    return grant


def grant_role(user, role, *, actor=None, city=None, member_state=None, organisation=None):
    """Give a role directly (bootstrap command, demo data)."""
    grant = RoleGrant(user=user, role=Role(role), status=GrantStatus.granted, city=city,
                      member_state=member_state, organisation=organisation,
                      justification="Granted directly.", decided_at=utcnow(), decided_by=actor)
    db.session.add(grant)
    db.session.flush()
    audit.record(grant, "role_grant.grant", actor, changes={"role": (None, grant.role)})
    return grant


def _create_proposed_city(grant):
    return add_city(grant.proposed_city_name, grant.member_state, actor=grant.decided_by,
                    comment=f"Proposed with role request {grant.id}")


def staff_users():
    return db.session.scalars(
        select(User).join(RoleGrant, RoleGrant.user_id == User.id)
        .where(RoleGrant.status == GrantStatus.granted, RoleGrant.role.in_(STAFF_ROLES))
        .distinct()).all()


def users_with_role(role, *, city_id=None, member_state_id=None):
    query = (select(User).join(RoleGrant, RoleGrant.user_id == User.id)
             .where(RoleGrant.status == GrantStatus.granted, RoleGrant.role == role))
    if city_id is not None:
        query = query.where(RoleGrant.city_id == city_id)
    if member_state_id is not None:
        query = query.where(RoleGrant.member_state_id == member_state_id)
    return db.session.scalars(query.distinct()).all()


def member_state_by_iso(iso):
    return db.session.scalar(select(MemberState).where(MemberState.iso == iso))
