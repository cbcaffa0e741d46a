"""Between member cities: a peer-learning request negotiated, accepted and closed with an
outcome; its private thread closed to everyone else (by URL and by API); adoptions shown on
the practice, both cities and the transfer graph; thematic clusters; suggestions."""
import datetime as dt

import pytest
from sqlalchemy import func, select

from models.exchange import Adoption, PeerRequest, Post, RequestState, Thread
from portal.extensions import db
from tests.conftest import ROLE_EMAILS

HUME, ESPOO, OUTSIDER = "hume.coordinator@example.org", "espoo.coordinator@example.org", "cork.coordinator@example.org"
SOON = dt.date.today() + dt.timedelta(days=30)


@pytest.fixture
def coordinators(app):
    runner = app.test_cli_runner()
    for email, city in ((HUME, "hume"), (ESPOO, "espoo"), (OUTSIDER, "cork")):
        result = runner.invoke(args=["create-user", "--email", email, "--role", "city_coordinator",
                                     "--city", city, "--password", "a long enough password"])
        assert result.exit_code == 0, result.output


def _request(client, to="hume", **overrides):
    data = {"from_city": _city_id(client.application, "espoo"), "format": "study_visit",
            "period_start": SOON.isoformat(), "period_end": (SOON + dt.timedelta(days=3)).isoformat(),
            "commitment": _commitment_id(client.application, 3), "practice": "",
            "message": "We would like to see your learning festival."}
    data.update(overrides)
    return client.post(f"/cities/{to}/exchange-request", data=data)


def _accepted_request(app, client, login_as):
    """Espoo asks Hume, Hume accepts (and stays signed in); the request's id."""
    login_as(ESPOO)
    _request(client)
    request_id = _latest(app, PeerRequest)
    login_as(HUME)
    client.post(f"/exchanges/{request_id}/answer", data={"action": "accept"})
    return request_id


def _city_id(app, slug):
    from models.cities import City
    with app.app_context():
        return db.session.scalar(select(City.id).where(City.slug == slug))


def _commitment_id(app, number):
    from models.framework import Commitment
    with app.app_context():
        return db.session.scalar(select(Commitment.id).where(Commitment.number == number))


def _latest(app, model):
    with app.app_context():
        return db.session.scalar(select(func.max(model.id)))


def test_a_full_exchange_from_request_to_public_outcome(app, client, login_as, coordinators):
    login_as(ESPOO)
    assert _request(client).status_code == 302
    request_id = _latest(app, PeerRequest)
    login_as(HUME)
    page = client.get(f"/exchanges/{request_id}").get_data(as_text=True)
    assert "We would like to see your learning festival." in page and "Accept" in page
    later = dt.date.today()   # the exchange can be closed once its period has started
    response = client.post(f"/exchanges/{request_id}/period", data={
        "period_start": later.isoformat(), "period_end": (later + dt.timedelta(days=2)).isoformat()})
    assert response.status_code == 302
    # Now Espoo must answer; Hume cannot accept its own proposal.
    assert client.post(f"/exchanges/{request_id}/answer", data={"action": "accept"}).status_code == 403
    login_as(ESPOO)
    response = client.post(f"/exchanges/{request_id}/answer", data={"action": "accept"})
    assert response.status_code == 302 and "/threads/" in response.headers["Location"]
    thread_id = _latest(app, Thread)
    assert client.post(f"/threads/{thread_id}/posts",
                       data={"body": "Shall we say 10:00 at the library?"}).status_code == 302
    login_as(HUME)
    assert "10:00 at the library" in client.get(f"/threads/{thread_id}").get_data(as_text=True)
    response = client.post(f"/exchanges/{request_id}/close", data={
        "outcome": "Espoo will run its own learning festival next spring.", "public": "y"})
    assert response.status_code == 302
    for city in ("hume", "espoo"):
        assert "its own learning festival" in client.get(f"/cities/{city}").get_data(as_text=True)
    with app.app_context():
        assert db.session.get(PeerRequest, request_id).state is RequestState.closed


def test_an_exchange_cannot_be_closed_before_its_period_starts(app, client, login_as, coordinators):
    from portal.auth.operations import find_user_by_email
    from portal.domain_errors import Conflict
    from portal.exchange import peer_requests
    request_id = _accepted_request(app, client, login_as)
    page = client.get(f"/exchanges/{request_id}").get_data(as_text=True)
    assert "once its period has started" in page and "Close with this outcome" not in page
    response = client.post(f"/exchanges/{request_id}/close", data={"outcome": "Nothing yet."})
    assert response.status_code == 409
    assert "once its period has started" in response.get_data(as_text=True)
    with app.test_request_context():
        found, hume = db.session.get(PeerRequest, request_id), find_user_by_email(HUME)
        with pytest.raises(Conflict):
            peer_requests.close(found, "Too early.", public=False, actor=hume,
                                today=SOON - dt.timedelta(days=1))
        peer_requests.close(found, "We met.", public=False, actor=hume, today=SOON)
        assert found.state is RequestState.closed


def test_a_private_thread_is_closed_to_others_by_url_and_by_api(app, client, login_as, coordinators):
    request_id = _accepted_request(app, client, login_as)
    thread_id = _latest(app, Thread)
    client.post(f"/threads/{thread_id}/posts", data={"body": "Our budget figures, in confidence."})
    for outsider in (OUTSIDER, "secretariat", "natcom_officer", None):
        login_as(outsider)
        refused = (lambda r: r.status_code == 302 and "/login" in r.headers["Location"]) if outsider is None \
            else (lambda r: r.status_code == 403)
        page = client.get(f"/threads/{thread_id}")
        assert refused(page) and "budget figures" not in page.get_data(as_text=True), outsider
        assert client.get(f"/api/v1/threads/{thread_id}").status_code == 404
        assert refused(client.get(f"/exchanges/{request_id}")), outsider
    login_as(ESPOO)
    assert (client.get(f"/api/v1/threads/{thread_id}").get_json()["posts"][0]["body"]
            == "Our budget figures, in confidence.")
    # A participant brings someone in; then they can read it.
    response = client.post(f"/threads/{thread_id}/participants", data={"email": OUTSIDER})
    assert response.status_code == 302
    login_as(OUTSIDER)
    assert "budget figures" in client.get(f"/threads/{thread_id}").get_data(as_text=True)


def test_the_secretariat_reads_a_private_thread_only_once_it_is_reported(app, client, login_as, coordinators):
    _accepted_request(app, client, login_as)
    thread_id = _latest(app, Thread)
    client.post(f"/threads/{thread_id}/posts", data={"body": "Something offensive."})
    post_id = _latest(app, Post)
    login_as("secretariat")
    assert client.get(f"/threads/{thread_id}").status_code == 403
    login_as(ESPOO)
    assert client.post(f"/posts/{post_id}/report", data={"reason": "Insulting"}).status_code == 302
    login_as("secretariat")
    assert "Something offensive." in client.get(f"/threads/{thread_id}").get_data(as_text=True)


@pytest.mark.parametrize("overrides, message", [
    ({"period_start": "2001-01-01", "period_end": "2001-01-05"}, "cannot start in the past"),
    ({"period_end": SOON.replace(year=SOON.year - 1).isoformat()}, "must end after it starts"),
    ({"commitment": "", "practice": ""}, "Say what the exchange is about"),
    ({"format": "carrier pigeon"}, "Not a valid choice"),
])
def test_a_bad_request_is_refused_with_a_reason(app, client, login_as, coordinators, overrides, message):
    login_as(ESPOO)
    response = _request(client, **overrides)
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert _latest(app, PeerRequest) is None


def test_only_member_cities_exchange(app, client, login_as, coordinators):
    login_as(ESPOO)
    response = _request(client, to="columbus")   # not a member
    assert response.status_code == 409 and "between member cities" in response.get_data(as_text=True)


def test_an_adoption_shows_on_the_practice_both_cities_and_the_transfer_graph(
        app, client, login_as, coordinators, make_practice):
    slug = make_practice(city="hume", title="Hume learning festival", commitments=(10,))
    login_as(ESPOO)
    data = {"city": _city_id(app, "espoo"), "kind": "adapted", "changes": "Held in winter, indoors.",
            "results": "1 200 visitors the first year.", "year": "2024"}
    assert client.post(f"/practices/{slug}/adoptions/new", data=data).status_code == 302
    adoption_id = _latest(app, Adoption)
    assert client.post(f"/practices/{slug}/adoptions/new", data=data).status_code == 409
    assert "Held in winter" in client.get(f"/practices/{slug}").get_data(as_text=True)
    for city in ("hume", "espoo"):
        assert "Hume learning festival" in client.get(f"/cities/{city}").get_data(as_text=True)
    login_as(None)
    graph = client.get("/network/transfers").get_data(as_text=True)
    assert "<svg" in graph and "<line" in graph and "Espoo" in graph and "Hume" in graph
    login_as(HUME)   # a city does not adopt its own practice: Hume has no city to record it for
    response = client.post(f"/practices/{slug}/adoptions/new", data=dict(data, city=_city_id(app, "hume")))
    assert response.status_code == 409 and "for practices of other cities" in response.get_data(as_text=True)
    assert _latest(app, Adoption) == adoption_id


def test_clusters_are_configured_joined_and_discussed(app, client, login_as, coordinators, make_practice):
    make_practice(city="espoo", title="Green skills for adults", commitments=(6,))
    login_as("secretariat")
    response = client.post("/clusters/new", data={"name_en": "Green cities", "name_zh": "绿色城市",
                                                  "description_en": "Climate learning.",
                                                  "commitments": [_commitment_id(app, 6)], "is_open": "y"})
    assert response.status_code == 302
    login_as(ESPOO)
    assert client.post("/clusters/green-cities/membership",
                       data={"city": _city_id(app, "espoo"), "action": "join"}).status_code == 302
    page = client.get("/clusters/green-cities").get_data(as_text=True)
    assert "Espoo" in page and "Green skills for adults" in page
    assert client.post("/clusters/green-cities/discussions",
                       data={"title": "Who runs repair cafés?", "body": "We do, twice a month."}).status_code == 302
    login_as(HUME)   # Hume is not in the cluster
    hume_joins_later = client.post("/clusters/green-cities/membership",
                                   data={"city": _city_id(app, "hume"), "action": "join"})
    assert hume_joins_later.status_code == 302
    assert client.post("/clusters/green-cities/membership",
                       data={"city": _city_id(app, "hume"), "action": "leave"}).status_code == 302
    assert client.post("/clusters/green-cities/discussions",
                       data={"title": "Hello", "body": "Hi"}).status_code == 403
    assert "Who runs repair cafés?" in client.get("/clusters/green-cities").get_data(as_text=True)


def test_a_cluster_is_named_in_any_language_and_falls_back_to_english(app, client, login_as):
    login_as("secretariat")
    form = client.get("/clusters/new").get_data(as_text=True)
    for language in ("en", "fr", "es", "ru", "ar", "zh"):
        assert f'name="name_{language}"' in form and f'name="description_{language}"' in form
    nameless = client.post("/clusters/new", data={"name_fr": "Villes vertes", "is_open": "y"})
    assert nameless.status_code == 400
    assert 'value="Villes vertes"' in nameless.get_data(as_text=True)   # what was typed stays
    response = client.post("/clusters/new", data={"name_en": "Green cities", "name_fr": "Villes vertes",
                                                  "name_ar": "المدن الخضراء", "is_open": "y"})
    assert response.status_code == 302
    assert "<h1>Villes vertes</h1>" in client.get("/clusters/green-cities?lang=fr").get_data(as_text=True)
    assert "المدن الخضراء" in client.get("/clusters/green-cities?lang=ar").get_data(as_text=True)
    spanish = client.get("/clusters/green-cities?lang=es").get_data(as_text=True)
    assert "Green cities" in spanish and "Villes vertes" not in spanish


def test_suggestions_follow_the_challenges_a_city_rated_major(app, client, login_as, coordinators, make_practice):
    from portal.auth.operations import find_user_by_email
    from portal.membership import operations
    from tests.membership_helpers import complete_application
    make_practice(city="hume", title="Healthy ageing circles", commitments=(5,))
    make_practice(city="hume", title="Coding club for girls", commitments=(4,))
    with app.test_request_context():   # Columbus applies, rating commitment 5 its major challenge
        coordinator = find_user_by_email(ROLE_EMAILS["city_coordinator"])
        application = complete_application(coordinator, slug="columbus")
        for challenge in application.challenges:
            challenge.rating = 5 if challenge.commitment.number == 5 else 1
        operations.transition_application(application, "submit", actor=coordinator)
        application.city.member_since = dt.date.today()   # and is admitted (as the workflow would)
        db.session.commit()
    login_as("city_coordinator")
    page = client.get("/exchanges").get_data(as_text=True)
    assert "Healthy ageing circles" in page and "Coding club for girls" not in page
    assert "rated commitment 5" in page and "major challenge" in page
