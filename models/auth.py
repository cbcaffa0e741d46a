"""People, the roles they hold for a city, a Member State or the network, their signed-in
sessions and the single-use links mailed to them."""
import datetime as dt
import enum

from flask_login import UserMixin
from sqlalchemy import Boolean, CheckConstraint, DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import db, str_enum, utcnow
from models.cities import City, MemberState


class Role(enum.Enum):
    city_coordinator = "city_coordinator"        # acts for a city
    natcom_officer = "natcom_officer"            # acts for a Member State's National Commission
    practitioner = "practitioner"                # an organisation in a city (e.g. a library)
    data_officer = "data_officer"                # enters a city's data (appointed by its coordinator)
    secretariat = "secretariat"                  # the network secretariat: reviews, admits
    administrator = "administrator"              # runs the portal


class GrantStatus(enum.Enum):
    requested = "requested"
    granted = "granted"
    refused = "refused"
    revoked = "revoked"


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
    # When the person proved they read this address (a sign-up or reset link). Accounts made
    # before addresses were confirmed have none until their next password reset.
    email_verified_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    grants: Mapped[list["RoleGrant"]] = relationship(
        back_populates="user", foreign_keys="RoleGrant.user_id",
        order_by="RoleGrant.requested_at")

    # The raw token of the signed-in session this object was loaded for (never stored):
    # Flask-Login keeps it in the session and the remember-me cookie instead of the user id,
    # so that ending the session in the database ends the cookie too.
    session_token = None

    @property
    def is_active(self):  # Flask-Login: a suspended account cannot sign in
        return not self.is_suspended

    def get_id(self):
        if self.session_token is None:
            raise RuntimeError("Sign people in with portal.auth.sessions.sign_in, which opens "
                               "a session for them.")
        return self.session_token

    def granted(self, role=None):
        return [g for g in self.grants if g.status is GrantStatus.granted
                and (role is None or g.role is role)]

    def has_role(self, *roles):
        return any(g.role in roles for g in self.granted())

    def coordinated_city_ids(self):
        return {g.city_id for g in self.granted(Role.city_coordinator)}

    def data_team_city_ids(self):
        """The cities whose data this person enters: those they coordinate or are a data
        officer of."""
        return {g.city_id for g in self.granted() if g.role in (Role.city_coordinator, Role.data_officer)}

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
            "role NOT IN ('city_coordinator', 'practitioner', 'data_officer') OR city_id IS NOT NULL "
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


class LoginSession(db.Model):
    """One signed-in browser. The cookie holds a random token; only its SHA-256 is kept here,
    so signing out, a new password or a reset ends the session wherever its cookie was
    copied to."""
    __tablename__ = "login_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    remember: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    user_agent: Mapped[str | None] = mapped_column(String(200))

    user: Mapped[User] = relationship()


class TokenPurpose(enum.Enum):
    password_reset = "password_reset"
    sign_up = "sign_up"          # confirms an address and lets its owner choose a password


class MailedToken(db.Model):
    """A single-use link sent by mail. Only the SHA-256 of the token is stored; the mail's
    stored copy keeps no usable link either (portal/mail.py)."""
    __tablename__ = "mailed_tokens"
    __table_args__ = (
        CheckConstraint("purpose != 'password_reset' OR user_id IS NOT NULL",
                        name="resets_belong_to_an_account"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    purpose: Mapped[TokenPurpose] = mapped_column(str_enum(TokenPurpose))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # A reset is for an account; a sign-up is for an address that has none yet.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                                index=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    language: Mapped[str] = mapped_column(String(8), default="en")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    user: Mapped[User | None] = relationship()
