"""Authors write practices for the cities their roles are tied to (the secretariat for any):
one rule, `practice.write_for_city`, that the operation enforces and the form's city choices
ask, so a request that bypasses the form is refused the same way."""
import pytest
from sqlalchemy import func, select

from models.practices import Practice
from portal.cities.queries import city_by_slug
from portal.domain_errors import NotAllowed
from portal.extensions import db
from portal.practices import operations
from tests.test_practice_schema import data


def _count():
    return db.session.scalar(select(func.count(Practice.id)))


@pytest.mark.parametrize("role", ["practitioner", "city_coordinator"])
def test_an_author_cannot_write_a_practice_for_another_city(app_context, actors, role):
    before = _count()
    with pytest.raises(NotAllowed, match="for your own city only"):
        operations.create_practice(data(city=city_by_slug("hume")), actor=actors[role])
    assert _count() == before


def test_an_author_writes_for_their_own_city_and_the_secretariat_moves_one_to_any(app_context, actors):
    own = operations.create_practice(data(), actor=actors["practitioner"])
    assert own.city.slug == "columbus"
    with pytest.raises(NotAllowed, match="for your own city only"):
        operations.update_practice(own, {"city": city_by_slug("hume")}, actor=actors["practitioner"])
    operations.update_practice(own, {"city": city_by_slug("hume")}, actor=actors["secretariat"])
    assert own.city.slug == "hume"


def test_the_form_offers_the_cities_the_rule_allows(app, client, login_as, make_practice):
    slug = make_practice(city="columbus", title="Columbus reading circles")
    login_as("practitioner")
    page = client.get("/practices/new").get_data(as_text=True)
    assert ">Columbus<" in page and ">Hume<" not in page
    login_as("secretariat")
    page = client.get(f"/practices/{slug}/edit").get_data(as_text=True)
    assert ">Columbus<" in page and ">Hume<" in page


def test_a_posted_city_outside_the_rule_is_refused(app, client, login_as):
    login_as("practitioner")
    with app.app_context():
        hume = city_by_slug("hume").id
    response = client.post("/practices/new", data={
        "title": "Circles", "language": "en", "city": hume, "summary": "Short.", "kind": "practice"})
    assert response.status_code == 400
    with app.app_context():
        assert db.session.scalar(select(func.count(Practice.id)).where(Practice.title == "Circles")) == 0
