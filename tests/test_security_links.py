"""Absolute links come from PORTAL_BASE_URL, never from the request's Host header, and the
portal answers only for its own hosts."""
import re

from sqlalchemy import select

from models.notifications import OutgoingMail
from portal.extensions import db
from tests.account_helpers import delivered

BASE = "https://learningcities.example.org"


def last_mail_to(app, email):
    with app.app_context():
        return db.session.scalars(select(OutgoingMail).where(OutgoingMail.recipient == email)
                                  .order_by(OutgoingMail.id.desc())).first()


def test_a_request_for_another_host_is_refused_and_mails_nothing(app_with):
    app = app_with(BASE_URL=BASE)
    client = app.test_client()
    response = client.post("/password/forgot", data={"email": "natcom@demo.example.org"},
                           headers={"Host": "attacker.example"})
    assert response.status_code == 400
    assert "does not belong to the portal" in response.get_data(as_text=True)
    assert last_mail_to(app, "natcom@demo.example.org") is None
    for path in ("/", "/api/v1/openapi.json", "/practices/feed.atom", "/no-such-page"):
        assert client.get(path, headers={"Host": "attacker.example"}).status_code == 400


def test_reset_links_use_the_configured_address_whatever_the_host(app_with):
    app = app_with(BASE_URL=BASE)
    client = app.test_client()
    # localhost is trusted outside production; the link must still be on the base address.
    assert client.post("/password/forgot", data={"email": "natcom@demo.example.org"},
                       headers={"Host": "localhost:8000"}).status_code == 302
    links = re.findall(r"https?://\S+", delivered(app, "natcom@demo.example.org")[-1].get_content())
    assert links and all(link.startswith(BASE + "/") for link in links)


def test_api_feeds_and_alternates_use_the_configured_address(app_with):
    app = app_with(BASE_URL=BASE)
    client = app.test_client()
    listing = client.get("/api/v1/practices", headers={"Host": "127.0.0.1:9999"}).get_json()
    assert listing["results"] and all(r["url"].startswith(BASE + "/practices/")
                                      for r in listing["results"])
    servers = client.get("/api/v1/openapi.json").get_json()["servers"]
    assert servers == [{"url": BASE + "/api/v1"}]
    feed = client.get("/practices/feed.atom").get_data(as_text=True)
    hrefs = re.findall(r'href="([^"]+)"', feed)
    assert hrefs and all(h.startswith(BASE + "/") for h in hrefs)
    page = client.get("/commitments?x=1").get_data(as_text=True)
    alternates = re.findall(r'<link rel="alternate" hreflang="[^"]+" href="([^"]+)"', page)
    assert alternates and all(a.startswith(BASE + "/commitments?") for a in alternates)


def test_notification_mail_links_use_the_configured_address(app_with):
    from portal.auth.operations import find_user_by_email
    from portal.notifications.operations import notify
    app = app_with(BASE_URL=BASE)
    with app.test_request_context("/", headers={"Host": "localhost"}):
        user = find_user_by_email("hume@demo.example.org")
        notify([user], "practice.published", {"title": "A practice"},
               endpoint="practices.practice", slug="some-practice")
        db.session.commit()
    links = re.findall(r"https?://\S+", last_mail_to(app, "hume@demo.example.org").body)
    assert links and all(link.startswith(BASE + "/") for link in links)


def test_production_answers_only_for_its_own_host(app_with):
    app = app_with(BASE_URL=BASE, PORTAL_ENV="production", EXTRA_TRUSTED_HOSTS="www.example.org",
                   SINGLE_PROCESS=True)
    client = app.test_client()
    assert client.get("/about", headers={"Host": "learningcities.example.org"}).status_code == 200
    assert client.get("/about", headers={"Host": "www.example.org"}).status_code == 200
    assert client.get("/about", headers={"Host": "localhost"}).status_code == 400


def test_forwarded_addresses_are_believed_only_from_configured_proxies(app_with):
    def login_statuses(app, forwarded_for, attempts):
        client = app.test_client()
        return [client.post("/login", data={"email": f"z{n}@example.org", "password": "wrong password"},
                            headers={"X-Forwarded-For": forwarded_for}).status_code
                for n in range(attempts)]

    behind_proxy = app_with(RATELIMIT_ENABLED=True, PROXY_HOPS=1)
    assert login_statuses(behind_proxy, "203.0.113.1", 11)[-1] == 429
    assert login_statuses(behind_proxy, "203.0.113.2", 1) == [401]     # another visitor
    direct = app_with(RATELIMIT_ENABLED=True)
    assert login_statuses(direct, "203.0.113.3", 11)[-1] == 429
    assert login_statuses(direct, "203.0.113.4", 1) == [429]           # the header is not believed


def test_behind_two_proxies_the_visitor_is_the_address_the_outer_proxy_saw(app_with):
    """A load balancer, then nginx: each appends the address it saw, so the last two entries are
    the proxies' own; whatever the client put before them is not believed."""
    client = app_with(RATELIMIT_ENABLED=True, PROXY_HOPS=2).test_client()

    def attempt(n, visitor):
        return client.post("/login", data={"email": f"y{n}@example.org", "password": "wrong password"},
                           headers={"X-Forwarded-For": f"198.51.100.{n}, {visitor}, 10.0.0.2"}).status_code
    assert [attempt(n, "203.0.113.7") for n in range(11)][-1] == 429   # a new made-up address each time
    assert attempt(11, "203.0.113.8") == 401                          # another visitor
