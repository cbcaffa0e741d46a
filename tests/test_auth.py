"""Accounts: sign-up, sign-in, rate limits, password reset, role requests, bootstrap."""
import re

import pytest
from sqlalchemy import func, select

from models.auth import GrantStatus, Role, RoleGrant, User
from models.cities import City
from models.notifications import Notification, OutgoingMail
from portal.extensions import db
from tests.account_helpers import PASSWORD, delivered, link, sign_up
from tests.conftest import make_app


def signup(client, app):
    return sign_up(client, app)


def mails_to(app, email):
    with app.app_context():
        return db.session.scalars(select(OutgoingMail).where(OutgoingMail.recipient == email)
                                  .order_by(OutgoingMail.id)).all()


def test_sign_up_confirms_the_address_then_signs_in_and_hashes_the_password(app, client):
    response = client.post("/signup", data={"email": "New.Person@Example.org", "language": "en"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/signup/sent")
    assert "Check your mail" in client.get("/signup/sent").get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(User).filter_by(email="new.person@example.org")) is None
    confirm = link(delivered(app, "new.person@example.org")[-1], "/signup/confirm/")
    assert "new.person@example.org" in client.get(confirm).get_data(as_text=True)
    response = client.post(confirm, data={"name": "New Person", "password": PASSWORD,
                                          "confirm": PASSWORD})
    assert response.status_code == 302 and response.headers["Location"].endswith("/start")
    assert "New Person" in client.get("/account").get_data(as_text=True)
    with app.app_context():
        user = db.session.scalar(select(User).filter_by(email="new.person@example.org"))
        assert user.password_hash.startswith("scrypt:") and PASSWORD not in user.password_hash
        assert user.email_verified_at is not None
    client.post("/logout")
    assert client.get(confirm).status_code == 400   # the link worked once


def test_sign_up_offers_mail_in_each_of_the_portals_languages(app, client):
    page = client.get("/signup").get_data(as_text=True)
    offered = re.findall(r'<input[^>]*name="language" type="radio" value="([a-z]+)"', page)
    assert offered == list(app.config["LANGUAGES"])


def test_sign_up_refuses_a_short_password_and_keeps_the_name(app, client):
    client.post("/signup", data={"email": "other@example.org", "language": "zh"})
    confirm = link(delivered(app, "other@example.org")[-1], "/signup/confirm/")
    short = client.post(confirm, data={"name": "Ada", "password": "short", "confirm": "short"})
    assert short.status_code == 400
    page = short.get_data(as_text=True)
    assert "at least 10" in page and 'value="Ada"' in page
    with app.app_context():
        assert db.session.scalar(select(func.count(User.id)).where(User.email == "other@example.org")) == 0


def test_sign_in_with_wrong_and_right_password(app, client):
    signup(client, app)
    client.post("/logout")
    wrong = client.post("/login", data={"email": "new.person@example.org", "password": "nope nope nope"})
    assert wrong.status_code == 401
    assert "not right" in wrong.get_data(as_text=True)
    right = client.post("/login?next=/membership/",
                        data={"email": "new.person@example.org", "password": "a long enough password"})
    assert right.status_code == 302 and right.headers["Location"] == "/membership/"


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil.example",
                                    "/\t/evil.example", "/%0a/evil.example".replace("%0a", "\n")])
def test_sign_in_never_redirects_to_another_site(app, client, target):
    signup(client, app)
    client.post("/logout")
    response = client.post("/login", query_string={"next": target},
                           data={"email": "new.person@example.org", "password": "a long enough password"})
    assert response.headers["Location"] == "/start"


def test_remember_me_sets_a_lasting_cookie(app, client):
    signup(client, app)
    client.post("/logout")
    response = client.post("/login", data={"email": "new.person@example.org",
                                           "password": "a long enough password", "remember": "y"})
    assert "remember_token=" in " ".join(response.headers.getlist("Set-Cookie"))


def test_a_suspended_account_cannot_sign_in(app, client):
    signup(client, app)
    client.post("/logout")
    with app.app_context():
        db.session.scalar(select(User).filter_by(email="new.person@example.org")).is_suspended = True
        db.session.commit()
    response = client.post("/login", data={"email": "new.person@example.org",
                                           "password": "a long enough password"})
    assert response.status_code == 403 and "suspended" in response.get_data(as_text=True)


def test_sign_in_is_rate_limited(databases, tmp_path):
    url = databases.copy("loaded")
    app = make_app(url, tmp_path, RATELIMIT_ENABLED=True)
    client = app.test_client()
    # Per account: five wrong passwords a minute, wherever they come from.
    statuses = [client.post("/login", data={"email": "x@example.org", "password": "wrong password"},
                            environ_base={"REMOTE_ADDR": f"10.0.0.{n}"}).status_code for n in range(6)]
    assert statuses == [401] * 5 + [429]
    page = client.post("/login", data={"email": "X@example.org", "password": "p"},
                       environ_base={"REMOTE_ADDR": "10.0.1.1"}).get_data(as_text=True)
    assert "Too many attempts" in page
    # Per client address: ten attempts a minute, whatever the accounts.
    statuses = [client.post("/login", data={"email": f"y{n}@example.org", "password": "wrong password"},
                            environ_base={"REMOTE_ADDR": "10.0.2.1"}).status_code for n in range(11)]
    assert statuses == [401] * 10 + [429]
    with app.app_context():
        db.engine.dispose()
    databases.drop(url)


def test_forms_need_a_csrf_token(databases, tmp_path):
    url = databases.copy("loaded")
    app = make_app(url, tmp_path, WTF_CSRF_ENABLED=True)
    response = app.test_client().post("/login", data={"email": "a@b.org", "password": "whatever it is"})
    assert response.status_code == 400
    with app.app_context():
        db.engine.dispose()
    databases.drop(url)


def reset_link(app, email):
    return link(delivered(app, email)[-1], "/password/reset/")


def test_password_reset_by_mail_works_once(app, client):
    signup(client, app)
    client.post("/logout")
    response = client.post("/password/forgot", data={"email": "new.person@example.org"})
    assert response.status_code == 302
    link = reset_link(app, "new.person@example.org")
    assert client.get(link).status_code == 200
    new = {"password": "another long password", "confirm": "another long password"}
    assert client.post(link, data=new).status_code == 302
    assert client.post("/login", data={"email": "new.person@example.org",
                                       "password": "another long password"}).status_code == 302
    client.post("/logout")
    used = client.post(link, data={"password": "third long password", "confirm": "third long password"})
    assert used.status_code == 400
    assert "works once" in used.get_data(as_text=True)


def test_password_reset_link_expires(app, client):
    signup(client, app)
    client.post("/logout")
    client.post("/password/forgot", data={"email": "new.person@example.org"})
    reset = reset_link(app, "new.person@example.org")
    with app.app_context():
        from models.auth import MailedToken
        for token in db.session.scalars(select(MailedToken)):
            token.expires_at = token.created_at
        db.session.commit()
    assert client.get(reset).status_code == 400


def test_an_unknown_address_gets_the_same_answer_and_a_mail_without_a_link(app, client):
    known = client.post("/password/forgot", data={"email": "natcom@demo.example.org"})
    unknown = client.post("/password/forgot", data={"email": "Nobody@Example.org"})
    assert (known.status_code, known.headers["Location"]) == (unknown.status_code, unknown.headers["Location"])
    assert "If an account uses this address" in client.get("/login").get_data(as_text=True)
    mailed = delivered(app, "nobody@example.org")[-1].get_content()
    assert "no account uses it" in mailed and "/password/reset/" not in mailed and "/signup" in mailed


def test_mail_goes_to_the_mailbox_folder_without_an_smtp_server(app, client, runner):
    signup(client, app)
    client.post("/logout")
    client.post("/password/forgot", data={"email": "new.person@example.org"})
    assert mails_to(app, "new.person@example.org")[-1].status.value == "pending"   # for the worker
    assert delivered(app, "new.person@example.org")[-1]["Subject"] == "Reset your password"
    assert mails_to(app, "new.person@example.org")[-1].status.value == "kept"
    output = runner.invoke(args=["mail-outbox", "--limit", "1"]).output
    assert "Reset your password" in output and "new.person@example.org" in output
    assert "/password/reset/" not in output and app.config["MAILBOX_DIR"] in output


def test_asking_for_a_role_and_the_secretariat_granting_it(app, client, login_as):
    signup(client, app)
    response = client.post("/account/roles", data={"role": "practitioner", "city": "",
                                                   "justification": "I run the learning lab."})
    assert response.status_code == 400  # no city
    with app.app_context():
        columbus = db.session.scalar(select(City).filter_by(slug="columbus"))
    response = client.post("/account/roles", data={"role": "practitioner", "city": str(columbus.id),
                                                   "justification": "I run the learning lab."})
    assert response.status_code == 400 and "organisation" in response.get_data(as_text=True)
    response = client.post("/account/roles", data={
        "role": "practitioner", "city": str(columbus.id), "organisation": "Main Library",
        "justification": "I run the learning lab."})
    assert response.status_code == 302
    with app.app_context():
        grant = db.session.scalar(select(RoleGrant).join(User, RoleGrant.user_id == User.id)
                                  .filter(User.email == "new.person@example.org"))
        assert grant.status is GrantStatus.requested
        grant_id = grant.id
    login_as("secretariat")
    assert "I run the learning lab." in client.get("/admin/role-requests").get_data(as_text=True)
    assert client.post(f"/admin/role-requests/{grant_id}", data={"decision": "grant"}).status_code == 302
    assert client.post(f"/admin/role-requests/{grant_id}", data={"decision": "grant"}).status_code == 409
    with app.app_context():
        user = db.session.scalar(select(User).filter_by(email="new.person@example.org"))
        assert user.has_role(Role.practitioner)
        assert db.session.scalar(select(func.count(Notification.id)).where(
            Notification.user_id == user.id, Notification.kind == "role.granted")) == 1


def test_a_coordinator_of_a_new_city_gets_the_city_created_on_grant(app, client, login_as):
    signup(client, app)
    client.post("/account/roles", data={"role": "city_coordinator", "new_city_name": "Ghent",
                                        "member_state": "BE", "justification": "I coordinate Ghent's plan."})
    with app.app_context():
        assert db.session.scalar(select(City).filter_by(slug="ghent")) is None
        grant_id = db.session.scalar(select(RoleGrant.id).where(RoleGrant.proposed_city_name == "Ghent"))
    login_as("secretariat")
    client.post(f"/admin/role-requests/{grant_id}", data={"decision": "grant"})
    with app.app_context():
        ghent = db.session.scalar(select(City).filter_by(slug="ghent"))
        assert ghent.member_state.iso == "BE" and ghent.member_since is None


def test_staff_roles_cannot_be_requested(app, client):
    signup(client, app)
    response = client.post("/account/roles", data={"role": "secretariat", "justification": "Let me in please."})
    assert response.status_code == 400


def test_create_user_bootstraps_an_administrator(app, runner):
    result = runner.invoke(args=["create-user", "--email", "boss@example.org", "--role", "administrator"],
                           env={"PORTAL_NEW_USER_PASSWORD": "a very long password"})
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session.scalar(select(User).filter_by(email="boss@example.org"))
        assert user.has_role(Role.administrator)
    bad = runner.invoke(args=["create-user", "--email", "c@example.org", "--role", "city_coordinator",
                              "--city", "atlantis"], env={"PORTAL_NEW_USER_PASSWORD": "a very long password"})
    assert bad.exit_code != 0 and "atlantis" in bad.output


def unread_of(app, email):
    with app.app_context():
        return db.session.scalar(select(func.count(Notification.id)).join(User, Notification.user_id == User.id)
                                 .where(User.email == email, Notification.read_at.is_(None)))


def test_notifications_show_an_unread_count_and_can_be_marked_read(app, client, login_as):
    from tests.conftest import ROLE_EMAILS
    login_as("secretariat")
    unread = unread_of(app, ROLE_EMAILS["secretariat"])
    assert unread == 5   # the demo's endorsed applications
    page = client.get("/").get_data(as_text=True)
    assert re.search(r'<span class="count"[^>]*>(\d+)</span>', page).group(1) == str(unread)
    listing = client.get("/account/notifications").get_data(as_text=True)
    assert listing.count("<strong>New:</strong>") == unread
    assert listing.count("was endorsed by its National Commission.") == unread
    client.post("/account/notifications/read")
    assert 'class="count"' not in client.get("/").get_data(as_text=True)
    assert "<strong>New:</strong>" not in client.get("/account/notifications").get_data(as_text=True)
    assert unread_of(app, ROLE_EMAILS["secretariat"]) == 0


def test_load_demo_refuses_to_run_in_production(app_with):
    app = app_with(PORTAL_ENV="production", SINGLE_PROCESS=True)
    result = app.test_cli_runner().invoke(args=["load-demo"])
    assert result.exit_code != 0 and "public password" in result.output


def test_sign_up_mail_is_written_in_the_language_chosen(app, client):
    client.post("/signup", data={"email": "amina@example.org", "language": "ar"})
    mail = delivered(app, "amina@example.org")[-1]
    assert re.search(r"[\u0600-\u06ff]", mail["Subject"]) and "/signup/confirm/" in mail.get_content()


def test_the_sign_up_form_offers_the_pages_language_first(client):
    page = client.get("/signup?lang=es").get_data(as_text=True)
    assert re.search(r'<input[^>]*checked[^>]*value="es"|<input[^>]*value="es"[^>]*checked', page)
    for code in ("en", "fr", "es", "ru", "ar", "zh"):
        assert f'value="{code}"' in page


def test_the_mail_language_is_kept_on_the_account_and_used_for_mail(app, client):
    sign_up(client, app, "reader@example.org", language="en")
    from portal.notifications.topics import TOPICS
    every_topic = {topic: "immediately" for topic in TOPICS}
    response = client.post("/account/notifications/settings?lang=zh",
                           data={"mail_language": "ru", **every_topic})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(User.language).filter_by(email="reader@example.org")) == "ru"
    # The pages stay in the language being read; the mail comes in Russian.
    client.post("/account/password?lang=fr", data={"current": PASSWORD, "password": "another long password",
                                                   "confirm": "another long password"})
    assert delivered(app, "reader@example.org")[-1]["Subject"] == "Ваш пароль изменён"
    refused = client.post("/account/notifications/settings", data={"mail_language": "de", **every_topic})
    assert refused.status_code == 400
    with app.app_context():
        assert db.session.scalar(select(User.language).filter_by(email="reader@example.org")) == "ru"


def test_set_language_accepts_only_the_portals_languages(app_context):
    from portal.auth.operations import set_language
    from portal.domain_errors import Invalid
    user = db.session.scalar(select(User).limit(1))
    set_language(user, "ar")
    assert user.language == "ar"
    with pytest.raises(Invalid):
        set_language(user, "klingon")
    assert user.language == "ar"
