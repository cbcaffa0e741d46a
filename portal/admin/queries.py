"""Reads for the secretariat's tools."""
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from models.auth import GrantStatus, RoleGrant
from portal.extensions import db


def pending_role_requests():
    """Role requests waiting for the secretariat, oldest first."""
    return db.session.scalars(
        select(RoleGrant).where(RoleGrant.status == GrantStatus.requested)
        .options(selectinload(RoleGrant.user), selectinload(RoleGrant.city),
                 selectinload(RoleGrant.member_state))
        .order_by(RoleGrant.requested_at)).all()
