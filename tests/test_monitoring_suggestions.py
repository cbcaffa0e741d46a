"""The coordinator's suggestions drawn from the city's published data
(portal/exchange/data_suggestions.py through portal/exchange/suggestions.py)."""
import pytest

from portal.cities.queries import city_by_slug
from portal.exchange import suggestions
from tests.monitoring_data import assess, member_cities, publish, without_data

POINT, CODE = "adult-learning-participation", "2.1.3"


@pytest.fixture
def small_peers(app_context, make_city):
    without_data()
    return member_cities(make_city, 4)


def suggested(kind):
    return {s.target.slug: s.reason for s in suggestions.for_city(city_by_slug("hume")) if s.kind == kind}


def test_a_point_in_the_lowest_quarter_of_cities_of_its_size_suggests_the_best_and_their_practices(
        small_peers, make_practice):
    publish({("hume", POINT, 2023): 10,
             **{(slug, POINT, 2023): v for slug, v in zip(small_peers, (20, 30, 40, 90), strict=True)}})
    practice = make_practice(city=small_peers[3], title="Learning circles for adults", key_features=[CODE])
    make_practice(city=small_peers[0], title="Not among the best", key_features=[CODE])
    cities, practices = suggested("city"), suggested("practice")
    assert set(cities) == {small_peers[2], small_peers[3]}
    assert list(practices) == [practice]
    assert cities[small_peers[3]] == ("Your participation in adult learning and education is in the lowest "
                                      "quarter of cities of your size; these cities are in the highest.")


def test_where_lower_is_better_the_highest_quarter_is_the_weak_one(small_peers):
    publish({("hume", "crime-level", 2023): 900,
             **{(slug, "crime-level", 2023): v for slug, v in zip(small_peers, (100, 200, 300, 400), strict=True)}})
    cities = suggested("city")
    assert set(cities) == {small_peers[0], small_peers[1]}
    assert "highest quarter of cities of your size (lower is better here)" in cities[small_peers[0]]
    without_data()
    publish({("hume", "crime-level", 2023): 50,
             **{(slug, "crime-level", 2023): v for slug, v in zip(small_peers, (100, 200, 300, 400), strict=True)}})
    assert suggested("city") == {}


def test_the_lowest_self_rating_suggests_cities_that_rated_themselves_well(small_peers):
    publish({("hume", POINT, 2023): 50, **{(slug, POINT, 2023): 50 for slug in small_peers}})
    assess("hume", 2023, CODE, 2)
    assess("hume", 2023, "1.1.1", 3)
    assess(small_peers[1], 2023, CODE, 5)
    assess(small_peers[2], 2023, CODE, 3)
    cities = suggested("city")
    assert list(cities) == [small_peers[1]]
    assert "You rated yourself 2 out of 5 on key feature 2.1.3" in cities[small_peers[1]]

