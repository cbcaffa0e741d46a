"""Accounts and roles: every change here flushes, writes its audit entry, and tells whoever
should know. The request's single commit happens elsewhere."""

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from models.auth import GrantStatus, Role, RoleGrant, User, utcnow
from models.cities import MemberState
from portal import audit
from portal.auth.tokens import make_reset_token
from portal.cities.operations import add_city
from portal.domain_errors import Conflict, Invalid, NotAllowed
from portal.extensions import db
from portal.mail import queue_mail
from portal.notifications.operations import notify
from portal.urls import absolute_url_for

MIN_PASSWORD_LENGTH = 10
CITY_ROLES = (Role.city_coordinator, Role.practitioner)
STAFF_ROLES = (Role.secretariat, Role.administrator)


def normalise_email(email):
    return (email or "").strip().lower()


def find_user_by_email(email):
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def hash_password(password):
    if len(password) < MIN_PASSWORD_LENGTH:
        raise Invalid(_("Choose a password of at least %(n)s characters.", n=MIN_PASSWORD_LENGTH))
    return generate_password_hash(password)  # scrypt, salted


def sign_up(*, name, email, password, language="en"):
    """Create an account (no role yet). Raises Conflict if the email is taken."""
    if find_user_by_email(email) is not None:
        raise Conflict(_("An account with this email address already exists. "
                         "Sign in, or reset your password if you forgot it."))
    user = User(name=name.strip(), email=normalise_email(email),
                password_hash=hash_password(password),
                language=language if language in ("en", "zh") else "en")
    db.session.add(user)
    db.session.flush()
    audit.record(user, "user.signed_up", user)
    return user


def authenticate(email, password):
    """The user with these credentials, or None. Suspended accounts cannot sign in."""
    user = find_user_by_email(email)
    if user is None or not check_password_hash(user.password_hash, password):
        return None
    if user.is_suspended:
        raise NotAllowed(_("This account is suspended. Contact the network secretariat."))
    user.last_login_at = utcnow()
    return user


def request_password_reset(email):
    """Mail a reset link if the address has an account; say nothing either way."""
    user = find_user_by_email(email)
    if user is None or user.is_suspended:
        return
    link = absolute_url_for("auth.reset_password", token=make_reset_token(user))
    with force_locale(user.language):
        queue_mail(user.email, _("Reset your password"), "\n\n".join([
            _("Hello %(name)s,", name=user.name),
            _("Someone (we hope you) asked to reset the password of your account on the "
              "Learning Cities Network portal. Choose a new password here:"),
            link,
            _("The link works once, for one hour. If you did not ask for it, ignore this mail: "
              "your password stays as it is."),
        ]))
    audit.record(user, "user.password_reset_requested", None)


def reset_password(user, password):
    user.password_hash = hash_password(password)
    audit.record(user, "user.password_reset", user)


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
    audit.record(grant, "role.requested", user, changes={"role": (None, role)},
                 comment=grant.justification)
    notify(staff_users(), "role.requested", {"user": user.name, "role": role.value},
           endpoint="admin.role_requests")
    return grant


def decide_role(grant, *, grant_it, actor, comment=None):
    """The secretariat grants or refuses a requested role."""
    if grant.status is not GrantStatus.requested:
        raise Conflict(_("This request was already decided."))
    if grant_it and grant.role in CITY_ROLES and grant.city is None:
        grant.city = _create_proposed_city(grant)
    grant.status = GrantStatus.granted if grant_it else GrantStatus.refused
    grant.decided_at, grant.decided_by, grant.decision_comment = utcnow(), actor, comment or None
    db.session.flush()
    audit.record(grant, f"role.{grant.status.value}", actor,
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
    audit.record(grant, "role.granted", actor, changes={"role": (None, grant.role)})
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
