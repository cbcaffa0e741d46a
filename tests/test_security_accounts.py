"""Account security, tested as an attacker would try it: links and sessions that must not
outlive their purpose, secrets staff must not read, and answers that must not tell whether
an address has an account."""
import hashlib

from sqlalchemy import select

from models.auth import LoginSession, MailedToken, User
from models.notifications import OutgoingMail
from portal.extensions import db
from tests.account_helpers import PASSWORD, deliver_mail, delivered, link, sign_up
from tests.conftest import ROLE_EMAILS

NATCOM = ROLE_EMAILS["natcom_officer"]
DEMO_PASSWORD = "learning-cities-demo"


def sign_in(client, email, password=DEMO_PASSWORD, remember=False):
    data = {"email": email, "password": password} | ({"remember": "y"} if remember else {})
    response = client.post("/login", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    return client


def signed_in(client):
    response = client.get("/account")
    return response.status_code == 200


def copy_cookies(source, target, names=("session", "remember_token")):
    for name in names:
        cookie = source.get_cookie(name)
        if cookie is not None:
            target.set_cookie(name, cookie.value)
    return target


def test_the_secretariat_cannot_read_a_live_reset_link(app, client, login_as):
    client.post("/password/forgot", data={"email": NATCOM})
    mailed = delivered(app, NATCOM)[-1]
    reset = link(mailed, "/password/reset/")
    raw = reset.rsplit("/", 1)[1]
    login_as("secretariat")
    outbox = client.get("/admin/mail").get_data(as_text=True)
    assert "Reset your password" in outbox
    assert raw not in outbox and "/password/reset/" not in outbox
    with app.app_context():
        stored = db.session.scalars(select(OutgoingMail).where(OutgoingMail.recipient == NATCOM)).all()
        assert all(raw not in (m.body + (m.secret or "")) for m in stored)
        token = db.session.scalar(select(MailedToken).where(MailedToken.email == NATCOM))
        assert token.token_hash == hashlib.sha256(raw.encode()).hexdigest() != raw
    # The recipient's own link still works.
    login_as(None)
    assert client.get(reset).status_code == 200


def test_a_mail_waiting_for_a_broken_smtp_server_shows_no_secret(app_with):
    app = app_with(MAIL_SERVER="127.0.0.1", MAIL_PORT=9)   # nothing listens on the discard port
    client = app.test_client()
    client.post("/password/forgot", data={"email": NATCOM})
    deliver_mail(app)   # the worker's attempt fails
    with app.app_context():
        waiting = db.session.scalars(select(OutgoingMail).where(OutgoingMail.recipient == NATCOM)).one()
        assert waiting.status.value == "failed" and "/password/reset/" in waiting.secret
        secret = waiting.secret
    sign_in(client, ROLE_EMAILS["secretariat"])
    outbox = client.get("/admin/mail").get_data(as_text=True)
    assert secret not in outbox and "a private link" in outbox


def test_a_new_reset_link_replaces_the_old_one(app, client):
    client.post("/password/forgot", data={"email": NATCOM})
    first = link(delivered(app, NATCOM)[-1], "/password/reset/")
    client.post("/password/forgot", data={"email": NATCOM})
    second = link(delivered(app, NATCOM)[-1], "/password/reset/")
    assert client.get(first).status_code == 400 and client.get(second).status_code == 200


def test_signing_out_ends_the_session_wherever_its_cookies_were_copied(app):
    victim = sign_in(app.test_client(), NATCOM, remember=True)
    thief = copy_cookies(victim, app.test_client())
    remembered_only = copy_cookies(victim, app.test_client(), names=("remember_token",))
    assert signed_in(thief) and signed_in(remembered_only)
    victim.post("/logout")
    assert not signed_in(thief) and not signed_in(remembered_only)
    assert not signed_in(victim)


def test_a_password_change_ends_every_other_session(app):
    here = sign_in(app.test_client(), NATCOM)
    elsewhere = sign_in(app.test_client(), NATCOM, remember=True)
    copied = copy_cookies(elsewhere, app.test_client())
    wrong = here.post("/account/password", data={"current": "not it at all", "password": "a new long password",
                                                 "confirm": "a new long password"})
    assert wrong.status_code == 400 and signed_in(elsewhere)
    response = here.post("/account/password", data={"current": DEMO_PASSWORD, "password": "a new long password",
                                                     "confirm": "a new long password"})
    assert response.status_code == 302
    assert signed_in(here)
    assert not signed_in(elsewhere) and not signed_in(copied)
    assert delivered(app, NATCOM)[-1]["Subject"] == "Your password was changed"
    sign_in(app.test_client(), NATCOM, "a new long password")


def test_a_password_reset_ends_every_session_and_every_other_link(app):
    signed = sign_in(app.test_client(), NATCOM, remember=True)
    copied = copy_cookies(signed, app.test_client())
    anonymous = app.test_client()
    anonymous.post("/password/forgot", data={"email": NATCOM})
    reset = link(delivered(app, NATCOM)[-1], "/password/reset/")
    assert anonymous.post(reset, data={"password": "brand new password",
                                       "confirm": "brand new password"}).status_code == 302
    assert not signed_in(signed) and not signed_in(copied)
    assert anonymous.get(reset).status_code == 400
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == NATCOM))
        assert db.session.scalars(select(LoginSession).where(LoginSession.user_id == user.id)).all() == []


def test_the_other_sessions_can_be_ended_from_the_account_page(app):
    here = sign_in(app.test_client(), NATCOM)
    elsewhere = sign_in(app.test_client(), NATCOM)
    assert "1 other browser" in here.get("/account").get_data(as_text=True)
    here.post("/account/sessions/end-others")
    assert signed_in(here) and not signed_in(elsewhere)


def test_a_suspension_ends_the_accounts_sessions(app, login_as):
    from portal.auth.operations import find_user_by_email
    from portal.moderation.operations import suspend_user
    victim = sign_in(app.test_client(), ROLE_EMAILS["practitioner"])
    with app.test_request_context():
        suspend_user(find_user_by_email(ROLE_EMAILS["practitioner"]),
                     actor=find_user_by_email(ROLE_EMAILS["secretariat"]), reason="Spam.")
        db.session.commit()
        user = find_user_by_email(ROLE_EMAILS["practitioner"])
        assert db.session.scalars(select(LoginSession).where(LoginSession.user_id == user.id)).all() == []
    assert not signed_in(victim)


def test_sign_up_answers_the_same_whether_or_not_the_address_has_an_account(app, client):
    known = client.post("/signup", data={"email": NATCOM, "language": "en"})
    unknown = client.post("/signup", data={"email": "someone.new@example.org", "language": "en"})
    assert (known.status_code, known.headers["Location"]) == (unknown.status_code, unknown.headers["Location"])
    assert not signed_in(client)
    # The mail tells each owner which it is; the existing account is untouched.
    assert delivered(app, NATCOM)[-1]["Subject"] == "You already have an account"
    assert "/signup/confirm/" not in delivered(app, NATCOM)[-1].get_content()
    assert delivered(app, "someone.new@example.org")[-1]["Subject"] == "Finish creating your account"
    sign_in(client, NATCOM)


def test_someone_else_cannot_choose_the_password_of_an_address_they_do_not_read(app, client):
    """Signing up with another person's address does nothing but mail that person."""
    client.post("/signup", data={"email": "victim@example.org", "language": "en"})
    with app.app_context():
        assert db.session.scalar(select(User).where(User.email == "victim@example.org")) is None
    sign_up(app.test_client(), app, "victim@example.org", password="the victim's own password")
    later = link(delivered(app, "victim@example.org")[0], "/signup/confirm/")
    taken = client.post(later, data={"name": "Attacker", "password": PASSWORD, "confirm": PASSWORD})
    assert taken.status_code == 400 and not signed_in(client)   # its other links died with it


def test_a_wrong_password_and_an_unknown_address_both_cost_a_password_check(app, client, monkeypatch):
    """Both take a scrypt verification, so their timing says nothing (measured over HTTP in
    bench/auth_timing.py)."""
    from portal.auth import operations
    checked = []
    real = operations.check_password_hash
    monkeypatch.setattr(operations, "check_password_hash",
                        lambda stored, given: checked.append(stored.split("$")[0]) or real(stored, given))
    for email in (NATCOM, "nobody-at-all@example.org"):
        response = client.post("/login", data={"email": email, "password": "wrong password here"})
        assert response.status_code == 401
    assert len(checked) == 2 and checked[0] == checked[1]   # same method and cost


def test_reports_from_throwaway_accounts_do_not_hide_a_post(app, make_practice):
    """Three brand-new accounts report a post: it stays, and waits for the secretariat."""
    import datetime as dt

    from portal.auth.operations import create_account, find_user_by_email
    from portal.exchange import discussions
    from portal.moderation.operations import report_post
    from portal.practices.queries import practice_by_slug
    slug = make_practice(title="A practice to discuss")
    with app.test_request_context():
        author = find_user_by_email(ROLE_EMAILS["practitioner"])
        thread = discussions.ask_question(practice_by_slug(slug), "A fair question", "Body.", actor=author)
        post = thread.posts[0]
        fresh = [create_account(name=f"Throwaway {n}", email=f"t{n}@example.org", password=PASSWORD,
                                verified=True) for n in range(3)]
        for user in fresh:
            report_post(post, "I do not like it.", actor=user)
        assert not post.is_hidden and len(post.open_reports()) == 3
        established = [create_account(name=f"Member {n}", email=f"m{n}@example.org", password=PASSWORD,
                                      verified=True) for n in range(3)]
        for user in established:
            user.created_at = user.created_at - dt.timedelta(days=30)
        unverified = create_account(name="Old but unconfirmed", email="u@example.org", password=PASSWORD)
        unverified.created_at -= dt.timedelta(days=30)
        for user in established[:2] + [unverified]:
            report_post(post, "Offensive.", actor=user)
        assert not post.is_hidden
        report_post(post, "Offensive.", actor=established[2])
        assert post.is_hidden


def test_a_link_followed_twice_at_the_same_moment_works_once(app, client):
    from portal.auth import tokens
    from portal.domain_errors import Conflict
    client.post("/password/forgot", data={"email": NATCOM})
    raw = link(delivered(app, NATCOM)[-1], "/password/reset/").rsplit("/", 1)[1]
    with app.app_context():
        from models.auth import TokenPurpose
        first = tokens.find_valid(raw, TokenPurpose.password_reset)
        second = tokens.find_valid(raw, TokenPurpose.password_reset)   # read before either spends
        tokens.spend(first)
        try:
            tokens.spend(second)
            raise AssertionError("a link worked twice")
        except Conflict:
            pass


def test_a_suspension_also_kills_the_reset_links_sent_before(app, client):
    from portal.auth.operations import find_user_by_email
    from portal.moderation.operations import reinstate_user, suspend_user
    client.post("/password/forgot", data={"email": ROLE_EMAILS["practitioner"]})
    reset = link(delivered(app, ROLE_EMAILS["practitioner"])[-1], "/password/reset/")
    with app.test_request_context():
        staff, user = find_user_by_email(ROLE_EMAILS["secretariat"]), find_user_by_email(ROLE_EMAILS["practitioner"])
        suspend_user(user, actor=staff, reason="Spam.")
        reinstate_user(user, actor=staff, reason="Cleared.")
        db.session.commit()
    assert client.get(reset).status_code == 400


def test_guessing_the_current_password_is_rate_limited(app_with):
    app = app_with(RATELIMIT_ENABLED=True)
    client = sign_in(app.test_client(), NATCOM)
    wrong = {"current": "a wrong guess!", "password": "a new long password", "confirm": "a new long password"}
    statuses = [client.post("/account/password", data=wrong).status_code for _ in range(6)]
    assert statuses == [400] * 5 + [429]


def test_purging_removes_expired_sessions_and_links(app, runner):
    import datetime as dt

    from models.base import utcnow
    client = sign_in(app.test_client(), NATCOM)
    client.post("/password/forgot", data={"email": NATCOM})
    with app.app_context():
        for row in db.session.scalars(select(LoginSession)):
            row.expires_at = utcnow() - dt.timedelta(minutes=1)
        for row in db.session.scalars(select(MailedToken)):
            row.expires_at = utcnow() - dt.timedelta(minutes=1)
        db.session.commit()
    output = runner.invoke(args=["purge-expired"]).output
    assert "session(s)" in output
    with app.app_context():
        assert db.session.scalars(select(LoginSession)).all() == []
        assert db.session.scalars(select(MailedToken)).all() == []
