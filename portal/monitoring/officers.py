"""A city's data officers: the people its coordinators appoint to enter its data on the Key
Features. An appointment is a granted RoleGrant (decided by the coordinator), audited and
told to the person as other role decisions are; the role can also be requested and granted
by the secretariat (portal/auth/operations.py)."""
from flask_babel import gettext as _
from sqlalchemy import select

from models.auth import GrantStatus, Role, RoleGrant
from models.base import utcnow
from portal import audit
from portal.auth.operations import find_user_by_email, normalise_email
from portal.domain_errors import Conflict, InvalidFields
from portal.extensions import db
from portal.notifications.operations import notify
from portal.permissions import check
from portal.validation import Problem

APPOINTED = "Appointed by a coordinator of the city."


def data_officers(city):
    """The city's granted data officer roles, by the person's name."""
    return db.session.scalars(
        select(RoleGrant).where(RoleGrant.city_id == city.id, RoleGrant.role == Role.data_officer,
                                RoleGrant.status == GrantStatus.granted)
        .order_by(RoleGrant.decided_at)).all()


def appoint_data_officer(city, email, *, actor):
    """A coordinator of `city` makes the holder of the account `email` one of its data
    officers (a request they made for the role, if any, is granted)."""
    check(actor, "data_officer.appoint", city)
    user = find_user_by_email(email)
    if user is None:
        raise InvalidFields([Problem("email", _(
            "No account uses the address %(email)s. Ask the person to create an account on the "
            "portal first, then appoint them.", email=normalise_email(email) or "—"))])
    if user.is_suspended:
        raise InvalidFields([Problem("email", _("This account is suspended: it cannot be appointed."))])
    mine = [g for g in user.grants if g.role is Role.data_officer and g.city_id == city.id]
    if any(g.status is GrantStatus.granted for g in mine):
        raise Conflict(_("%(name)s is already a data officer of this city.", name=user.name))
    requested = [g for g in mine if g.status is GrantStatus.requested]
    grant = requested[0] if requested else RoleGrant(user=user, role=Role.data_officer, city=city,
                                                     justification=APPOINTED)
    before = grant.status if requested else None
    grant.status, grant.decided_at, grant.decided_by = GrantStatus.granted, utcnow(), actor
    db.session.add(grant)
    db.session.flush()
    audit.record(grant, "role_grant.grant", actor,
                 changes={"status": (before, GrantStatus.granted), "role": (None, Role.data_officer)})
    notify([user], "role.appointed", {"user": actor.name, "city": city},
           endpoint="monitoring.city_data", slug=city.slug)
    return grant


def remove_data_officer(grant, *, actor):
    """A coordinator of the city ends a data officer's role: from then on they enter nothing."""
    check(actor, "data_officer.appoint", grant.city)
    if grant.role is not Role.data_officer or grant.city is None:
        raise Conflict(_("This is not a data officer's role."))
    if grant.status is not GrantStatus.granted:
        raise Conflict(_("%(name)s is no longer a data officer of this city.", name=grant.user.name))
    grant.status, grant.decided_at, grant.decided_by = GrantStatus.revoked, utcnow(), actor
    db.session.flush()
    audit.record(grant, "role_grant.revoke", actor, changes={"status": (GrantStatus.granted, GrantStatus.revoked)})
    notify([grant.user], "role.removed", {"user": actor.name, "city": grant.city},
           endpoint="auth.account")
    return grant
