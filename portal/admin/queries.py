"""Reads for the secretariat's tools."""
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from models.auth import GrantStatus, RoleGrant
from portal.extensions import db


def role_requests(limit=200):
    """Role requests for the secretariat's page: those waiting first, newest first."""
    return db.session.scalars(
        select(RoleGrant).options(selectinload(RoleGrant.user), selectinload(RoleGrant.city),
                                  selectinload(RoleGrant.member_state))
        .order_by(RoleGrant.status != GrantStatus.requested, RoleGrant.requested_at.desc())
        .limit(limit)).all()


def role_request(grant_id):
    return db.session.get(RoleGrant, grant_id)


def pending_role_requests():
    """Role requests waiting for the secretariat, oldest first."""
    return db.session.scalars(
        select(RoleGrant).where(RoleGrant.status == GrantStatus.requested)
        .options(selectinload(RoleGrant.user), selectinload(RoleGrant.city),
                 selectinload(RoleGrant.member_state))
        .order_by(RoleGrant.requested_at)).all()
