"""Seeing the data: the reads behind a city's Key Features profile, a measurement point's
page, coverage and the panel beside an application (portal/monitoring/queries.py), and the
pages as each role sees them."""
import pytest
from sqlalchemy import select

from models.framework import MeasurementPoint
from portal.cities.queries import city_by_slug
from portal.extensions import db
from portal.monitoring import peer_groups, queries
from tests.monitoring_data import MEMBER_SINCE, assess, member_cities, publish, without_data

POINT = "adult-learning-participation"       # key feature 2.1.3 (no breakdown)
CODE = "2.1.3"


def point_id(key=POINT):
    return db.session.scalar(select(MeasurementPoint.id).filter_by(key=key))


@pytest.fixture
def peers(app_context, make_city):
    """Four small French members (10, 20, 30, 40), a large one (50) and Hume (small, Asia-Pacific: 90)."""
    without_data()
    small = member_cities(make_city, 4)
    large = make_city(country="FR", slug="large-peer", member_since=MEMBER_SINCE,
                      population=2_000_000)
    publish({**{(slug, POINT, 2023): 10 * (n + 1) for n, slug in enumerate(small)},
             (large, POINT, 2023): 50, ("hume", POINT, 2023): 90})
    return small + [large]


def summary_of(group):
    return queries.group_summaries(queries.peer_group_cities(city_by_slug("hume"), group))[point_id()]


def test_the_median_and_quartiles_of_each_peer_group(peers):
    assert summary_of("all") == {"cities": 6, "min": 10, "q1": 22.5, "median": 35, "q3": 47.5, "max": 90}
    assert summary_of("population") == {"cities": 5, "min": 10, "q1": 20, "median": 30, "q3": 40, "max": 90}
    assert summary_of("region")["cities"] == 1 and summary_of("region")["median"] == 90


def test_the_api_filter_by_region_code_and_band_is_the_same(peers):
    ids = set(db.session.scalars(peer_groups.member_city_ids(region_code="europe-north-america",
                                                         population_band="small")))
    assert {city_by_slug(slug).id for slug in peers[:4]} <= ids
    assert city_by_slug("large-peer").id not in ids and city_by_slug("hume").id not in ids


def test_a_group_uses_each_citys_most_recent_published_year(peers):
    publish({(peers[0], POINT, 2021): 80})            # an earlier year does not replace 2023's 10
    assert summary_of("all")["min"] == 10
    publish({(peers[0], POINT, 2024): 95})            # a later year does
    assert summary_of("all")["max"] == 95 and summary_of("all")["min"] == 20


def test_drafts_are_never_counted_nor_shown(peers, client):
    publish({(peers[1], POINT, 2024): 99, ("melton", POINT, 2023): 98.5}, publish=False)
    assert summary_of("all")["max"] == 90
    assert queries.city_values(city_by_slug("melton")) == {}
    assert [v.data_set.year for v in queries.city_values(city_by_slug(peers[1]))[point_id()].years] == [2023]
    page = client.get("/cities/melton/key-features").get_data(as_text=True)
    assert "98.5" not in page and "has not published any data yet" in page
    point_page = client.get(f"/key-features/{CODE}/{POINT}").get_data(as_text=True)
    assert "99 %" not in point_page and "2024" not in point_page


def test_the_profile_shows_values_trend_self_assessment_and_the_comparison(peers, client):
    publish({("hume", POINT, 2021): 70, ("hume", POINT, 2022): 80})
    assess("hume", 2023, CODE, 2, "Few adults take courses yet.")
    page = client.get("/cities/hume/key-features").get_data(as_text=True)
    assert "<strong>90 %</strong> (2023)" in page
    assert 'role="img"' in page and "Participation in adult learning and education in Hume by year" in page
    assert "<th scope=\"row\">2021</th><td>70 %</td>" in page
    assert "Self-assessment (2023):" in page and "2 out of 5" in page and "Few adults take courses yet." in page
    assert "Median of 6 cities: 35 %; middle half from 22.5 to 47.5." in page
    by_size = client.get("/cities/hume/key-features?group=population").get_data(as_text=True)
    assert "Median of 5 cities: 30 %; middle half from 20 to 40." in by_size
    assert "in the strongest quarter of the group" in by_size
    assert 'value="population" checked' in by_size


def test_a_group_not_offered_is_refused_with_a_reason(client, app_context):
    response = client.get("/cities/hume/key-features?group=friends")
    assert response.status_code == 400 and "choose one of the groups" in response.get_data(as_text=True)


def test_the_point_page_shows_the_distribution_by_city_and_region_and_its_coverage(peers, client):
    page = client.get(f"/key-features/{CODE}/{POINT}?sort=-value").get_data(as_text=True)
    assert 'class="chart dots"' in page
    assert page.index(">Hume<") < page.index(">Peer 0<")
    ascending = client.get(f"/key-features/{CODE}/{POINT}?sort=value").get_data(as_text=True)
    assert ascending.index(">Peer 0<") < ascending.index(">Hume<")
    assert "6 of" in page and "member cities reported it." in page
    assert "Official city data: 6 cities" in page


@pytest.mark.parametrize("query, status", [("?year=1999", 400), ("?year=abc", 400), ("?sort=size", 400)])
def test_bad_choices_on_the_point_page_are_refused(peers, client, query, status):
    assert client.get(f"/key-features/{CODE}/{POINT}{query}").status_code == status


def test_a_point_under_another_key_feature_is_not_found(client, app_context):
    assert client.get(f"/key-features/1.1.1/{POINT}").status_code == 404


def test_the_key_feature_page_links_each_point_with_its_coverage(peers, client):
    page = client.get(f"/key-features/{CODE}").get_data(as_text=True)
    assert f'href="/key-features/{CODE}/{POINT}"' in page and "(6 member cities reported it)" in page


def test_the_secretariat_sees_coverage_by_region(peers, client, login_as):
    login_as("secretariat")
    page = client.get("/monitoring/coverage").get_data(as_text=True)
    row = next(line for line in page.split("<tr>") if f"/key-features/{CODE}/{POINT}" in line)
    assert "<td>1</td>" in row and "<td>5</td>" in row
    assert 'href="/monitoring/coverage"' in client.get("/membership/dashboard").get_data(as_text=True)


@pytest.mark.parametrize("path", ["/cities/hume/key-features", f"/key-features/{CODE}/{POINT}",
                                  "/monitoring/coverage"])
def test_the_number_of_queries_does_not_grow_with_the_rows(client, count_queries, make_city, login_as,
                                                          app_context, path):
    login_as("secretariat")
    without_data()
    points = [POINT, "adult-literacy-rate", "crime-level"]

    def add_cities(prefix, count):
        slugs = member_cities(make_city, count, prefix=prefix)
        publish({(slug, point, year): 10 + n for n, slug in enumerate(slugs + ["hume"])
                 for point in points for year in (2022, 2023)})

    def counted():
        """The queries of the first request after a change (summaries computed), then of
        the next (summaries kept: portal/monitoring/published_cache.py)."""
        with count_queries() as first:
            assert client.get(path).status_code == 200
        with count_queries() as again:
            assert client.get(path).status_code == 200
        return len(first), len(again)

    client.get(path)   # what a first request of the app loads once
    add_cities("few", 3)
    before = counted()
    add_cities("many", 30)
    assert counted() == before


def test_the_natcom_officer_sees_the_applicants_drafts_beside_the_application(app, client, login_as, actors):
    from portal.membership import operations
    from tests.membership_helpers import complete_application
    application = complete_application(actors["city_coordinator"])
    operations.transition_application(application, "submit", actor=actors["city_coordinator"])
    db.session.commit()
    publish({("columbus", POINT, 2022): 41.5})
    publish({("columbus", POINT, 2023): 43.25}, publish=False)
    assess("columbus", 2023, CODE, 3, "Draft view of ourselves.")
    for role in ("natcom_officer", "secretariat"):
        page = login_as(role).get(f"/membership/applications/{application.id}").get_data(as_text=True)
        assert "43.25 %" in page and "draft" in page and "Draft view of ourselves." in page
    public = login_as(None).get("/cities/columbus/key-features").get_data(as_text=True)
    assert "41.5 %" in public and "43.25" not in public and "Draft view of ourselves." not in public


def test_a_kept_profile_shows_newly_published_data(app, client, app_context):
    """The heavy part of the profile and of a point's page is kept per process
    (published_cache.rendered): a publication shows at the next request."""
    publish({("hume", POINT, 2022): 41.5})
    assert "41.5 %" in client.get("/cities/hume/key-features").get_data(as_text=True)
    point_page = f"/key-features/{CODE}/{POINT}?year=2022"
    assert "41.5 %" in client.get(point_page).get_data(as_text=True)
    publish({("hume", POINT, 2022): 47.25})
    for path in ("/cities/hume/key-features", point_page):
        page = client.get(path).get_data(as_text=True)
        assert "47.25 %" in page and "41.5 %" not in page


def test_a_kept_page_is_never_served_in_another_language(app, client):
    with app.app_context():
        publish({("hume", POINT, 2022): 41.5})
    for path in ("/cities/hume/key-features", f"/key-features/{CODE}/{POINT}?year=2022"):
        joiner = "&" if "?" in path else "?"
        english = client.get(path + joiner + "lang=en").get_data(as_text=True)
        chinese = client.get(path + joiner + "lang=zh").get_data(as_text=True)
        assert "Median of" in english or "Member cities in" in english
        assert "Median of" not in chinese and "Member cities in" not in chinese


@pytest.mark.parametrize("language", ["en", "zh", "fr", "es", "ru", "ar"])
def test_numbers_read_as_babel_writes_them_in_each_language(app, language):
    """display.number_text formats the common case itself (a page shows hundreds of values):
    it must read exactly as Babel's "#,##0.##" in every language the portal may speak."""
    import random

    from flask_babel import force_locale, format_decimal

    from portal.monitoring.display import number_text
    rng = random.Random(language)
    numbers = [0, 1, 2.675, 0.005, 0.015, 1234.5, 10**9, 12_345_678.125, -3.5, -1234.567]
    numbers += [rng.uniform(0, 1e7) for _ in range(300)] + [round(rng.uniform(0, 100), 3) for _ in range(300)]
    with app.test_request_context("/"), force_locale(language):
        assert [number_text(n) for n in numbers] == [format_decimal(n, format="#,##0.##") for n in numbers]
