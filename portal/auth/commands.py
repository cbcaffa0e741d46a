"""`flask create-user`: bootstrap accounts (the first administrator) from the command line;
`flask purge-expired`."""
import click

from models.auth import Role
from portal.auth import operations
from portal.domain_errors import DomainError
from portal.extensions import db


def purge_expired():
    """Delete expired sessions and used or expired links, and erase the links of mail that was
    never delivered while they worked. Returns the three counts; the caller commits. (The
    worker runs it daily: portal/worker/schedule.py.)"""
    from portal.auth import sessions, tokens
    from portal.mail import erase_stale_secrets
    return sessions.purge_expired(), tokens.purge_expired(), erase_stale_secrets()


def register_commands(app):
    @app.cli.command("purge-expired")
    def purge_expired_command():
        """Delete expired sessions and used or expired links, and erase the links of mail
        that was never delivered while they worked (the worker does it daily; or from cron)."""
        counts = purge_expired()
        db.session.commit()
        click.echo("{} expired session(s), {} link(s) deleted; {} undelivered link(s) erased."
                   .format(*counts))

    @app.cli.command("create-user")
    @click.option("--email", required=True)
    @click.option("--name", default=None, help="Display name (default: the part before @).")
    @click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
    @click.option("--city", "city_slug", default=None, help="City slug, for city roles.")
    @click.option("--member-state", "iso", default=None, help="ISO code, for National Commission officers.")
    @click.password_option(envvar="PORTAL_NEW_USER_PASSWORD")
    def create_user(email, name, role, city_slug, iso, password):
        """Create an account that holds a role at once (e.g. the first administrator)."""
        from portal.cities.queries import city_by_slug
        try:
            user = operations.find_user_by_email(email) or operations.create_account(
                name=name or email.split("@")[0], email=email, password=password,
                verified=True)
            city = city_by_slug(city_slug) if city_slug else None
            state = operations.member_state_by_iso(iso.upper()) if iso else None
            if city_slug and city is None:
                raise click.ClickException(f"No city with slug {city_slug!r}.")
            if iso and state is None:
                raise click.ClickException(f"No Member State with code {iso!r}.")
            operations.grant_role(user, Role(role), city=city, member_state=state)
            db.session.commit()
        except DomainError as error:
            db.session.rollback()
            raise click.ClickException(error.message) from None
        except Exception:
            db.session.rollback()
            raise
        click.echo(f"{user.email} now has the role {role}.")
