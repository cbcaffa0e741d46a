"""People, and the roles they hold for a city, a Member State or the network."""
import datetime as dt
import enum

from flask_login import UserMixin
from sqlalchemy import Boolean, CheckConstraint, DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import str_enum
from models.cities import City, MemberState
from portal.extensions import db


class Role(enum.Enum):
    city_coordinator = "city_coordinator"        # acts for a city
    natcom_officer = "natcom_officer"            # acts for a Member State's National Commission
    practitioner = "practitioner"                # an organisation in a city (e.g. a library)
    secretariat = "secretariat"                  # the network secretariat: reviews, admits
    administrator = "administrator"              # runs the portal


class GrantStatus(enum.Enum):
    requested = "requested"
    granted = "granted"
    refused = "refused"
    revoked = "revoked"


def utcnow():
    return dt.datetime.now(dt.timezone.utc)


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)  # stored lower-case
    password_hash: Mapped[str] = mapped_column(String(255))
    name: Mapped[str] = mapped_column(String(120))
    language: Mapped[str] = mapped_column(String(8), default="en")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    is_suspended: Mapped[bool] = mapped_column(Boolean, default=False)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)

    grants: Mapped[list["RoleGrant"]] = relationship(
        back_populates="user", foreign_keys="RoleGrant.user_id",
        order_by="RoleGrant.requested_at")

    @property
    def is_active(self):  # Flask-Login: a suspended account cannot sign in
        return not self.is_suspended

    def granted(self, role=None):
        return [g for g in self.grants if g.status is GrantStatus.granted
                and (role is None or g.role is role)]

    def has_role(self, *roles):
        return any(g.role in roles for g in self.granted())

    def coordinated_city_ids(self):
        return {g.city_id for g in self.granted(Role.city_coordinator)}

    def natcom_state_ids(self):
        return {g.member_state_id for g in self.granted(Role.natcom_officer)}

    def __repr__(self):
        return f"<User {self.email}>"


class RoleGrant(db.Model):
    """A role asked for by a user, with what it acts for, and the secretariat's decision."""
    __tablename__ = "role_grants"
    __table_args__ = (
        # A city role names a known city, or proposes a new one (name + Member State)
        # that is created when the role is granted.
        CheckConstraint(
            "role NOT IN ('city_coordinator', 'practitioner') OR city_id IS NOT NULL "
            "OR (status != 'granted' AND proposed_city_name IS NOT NULL "
            "AND member_state_id IS NOT NULL)",
            name="city_roles_have_a_city"),
        CheckConstraint("role != 'natcom_officer' OR member_state_id IS NOT NULL",
                        name="natcom_has_a_member_state"),
        CheckConstraint("status IN ('requested') OR decided_at IS NOT NULL",
                        name="decisions_are_dated"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    role: Mapped[Role] = mapped_column(str_enum(Role))
    status: Mapped[GrantStatus] = mapped_column(str_enum(GrantStatus), default=GrantStatus.requested)
    city_id: Mapped[int | None] = mapped_column(ForeignKey("cities.id"))
    member_state_id: Mapped[int | None] = mapped_column(ForeignKey("member_states.id"))
    proposed_city_name: Mapped[str | None] = mapped_column(String(160))
    organisation: Mapped[str | None] = mapped_column(String(200))
    justification: Mapped[str] = mapped_column(Text)
    requested_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decision_comment: Mapped[str | None] = mapped_column(Text)

    user: Mapped[User] = relationship(back_populates="grants", foreign_keys=[user_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])
    city: Mapped[City | None] = relationship()
    member_state: Mapped[MemberState | None] = relationship()
