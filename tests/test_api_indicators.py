"""The open data of cities against the measurement points: /api/v1/indicators, one point
across cities, one city's values. Only published data; the numbers a reader can check."""
import pytest

from portal.cities.queries import city_by_slug
from portal.extensions import db
from portal.monitoring.data_entry import Entry, save_values

YEAR = 2019   # a year the demo data leaves empty
CITATION = {"citation_publisher": "City statistics office", "citation_title": "Annual survey",
            "citation_year": "2020", "citation_url": "https://stats.example.org/2019"}


def enter(app, slug, values, *, year=YEAR, publish=True, source="official", **fields):
    """Save {(point, breakdown): value or None (not available)} for a city's year."""
    with app.test_request_context():
        city = city_by_slug(slug)
        entries = [Entry(city=city, year=year, point_key=point, breakdown=breakdown, where=f"{point}[{breakdown}]",
                         fields={"source": source, **fields, **({"value": value} if value is not None else
                                                               {"not_available": True, "reason": "Not counted yet."})})
                   for (point, breakdown), value in values.items()]
        save_values(entries, actor=None, by_command_line=True, publish=publish, confirmed=True)
        db.session.commit()


@pytest.fixture
def four_cities(app, make_city):
    """Four member cities of France (Europe) and Nigeria (Africa), small to very large, with
    their literacy rate of 2019 published."""
    import datetime as dt
    joined = dt.date(2018, 1, 1)
    slugs = [make_city(country="FR", population=100_000, member_since=joined, slug="aa-small"),
             make_city(country="FR", population=500_000, member_since=joined, slug="ab-medium"),
             make_city(country="NG", population=2_000_000, member_since=joined, slug="ac-large"),
             make_city(country="NG", population=8_000_000, member_since=joined, slug="ad-very-large")]
    for slug, value in zip(slugs, (10, 20, 30, 40), strict=True):
        enter(app, slug, {("adult-literacy-rate", ""): value, ("adult-literacy-rate", "sex=female"): value - 1},
              **CITATION)
    return slugs


def mine(values, slugs):
    return [v for v in values if v["city"] in slugs]


def test_the_catalogue_lists_every_point_with_its_unit_breakdowns_source_and_coverage(client, four_cities):
    indicators = client.get("/api/v1/indicators").json["indicators"]
    assert len(indicators) == 54
    literacy = next(i for i in indicators if i["key"] == "adult-literacy-rate")
    assert literacy["names"]["en"] and literacy["names"]["zh"] and literacy["unit"] == "percent"
    assert literacy["breakdowns"] == [{"dimension": "sex", "groups": ["female", "male"]}]
    assert literacy["source"] == "official" and literacy["key_feature"]
    before = literacy["coverage"]
    enter(client.application, "hume", {("adult-literacy-rate", ""): 90}, year=2018, source="survey")
    after = next(i for i in client.get("/api/v1/indicators").json["indicators"]
                 if i["key"] == "adult-literacy-rate")["coverage"]
    had_hume = client.get("/api/v1/cities/hume/indicators").json["values"]
    counted_before = any(v["measurement_point"] == "adult-literacy-rate" and v["year"] != 2018 for v in had_hume)
    assert after["cities"] == before["cities"] + (0 if counted_before else 1)
    assert after["by_source"]["survey"] == before["by_source"]["survey"] + 1


def test_a_points_values_for_a_year_with_breakdowns_citation_and_the_summary(client, four_cities):
    data = client.get(f"/api/v1/indicators/adult-literacy-rate?year={YEAR}").json
    assert (data["key"], data["unit"], data["year"]) == ("adult-literacy-rate", "percent", YEAR)
    first = mine(data["values"], four_cities)[0]
    assert first == {"city": "aa-small", "country": "FR", "year": YEAR, "value": 10.0, "currency": None,
                     "not_available": False, "reason": None, "breakdowns": {"sex=female": 9.0},
                     "source": "official",
                     "citation": {"publisher": "City statistics office", "title": "Annual survey",
                                  "year": 2020, "url": "https://stats.example.org/2019"}}
    # The demo data has no 2019: the four cities are all there is; numpy's linear quartiles.
    assert data["summary"] == {"cities": 4, "min": 10.0, "q1": 17.5, "median": 25.0, "q3": 32.5, "max": 40.0}


def test_without_a_year_each_city_shows_its_latest_published_year(client, four_cities):
    enter(client.application, "aa-small", {("adult-literacy-rate", ""): 12}, year=2021)
    enter(client.application, "ab-medium", {("adult-literacy-rate", ""): 99}, year=2022, publish=False)
    data = client.get("/api/v1/indicators/adult-literacy-rate").json
    assert data["year"] is None
    years = {v["city"]: (v["year"], v["value"]) for v in mine(data["values"], four_cities)}
    assert years == {"aa-small": (2021, 12.0), "ab-medium": (YEAR, 20.0), "ac-large": (YEAR, 30.0),
                     "ad-very-large": (YEAR, 40.0)}


@pytest.mark.parametrize("query,cities", [
    ("region=europe-north-america", ["aa-small", "ab-medium"]),
    ("region=africa", ["ac-large", "ad-very-large"]),
    ("population_band=small", ["aa-small"]), ("population_band=medium", ["ab-medium"]),
    ("population_band=large", ["ac-large"]), ("population_band=very-large", ["ad-very-large"]),
    ("region=africa&population_band=small", []),
])
def test_peer_groups_by_region_and_population_band(client, four_cities, query, cities):
    data = client.get(f"/api/v1/indicators/adult-literacy-rate?year={YEAR}&{query}").json
    assert [v["city"] for v in data["values"]] == cities
    assert data["summary"]["cities"] == len(cities)


def test_not_available_is_listed_with_its_reason_and_left_out_of_the_summary(client, four_cities):
    enter(client.application, "ab-medium", {("adult-literacy-rate", ""): None,
                                            ("adult-literacy-rate", "sex=female"): None})
    data = client.get(f"/api/v1/indicators/adult-literacy-rate?year={YEAR}").json
    medium = next(v for v in data["values"] if v["city"] == "ab-medium")
    assert (medium["value"], medium["not_available"], medium["reason"]) == (None, True, "Not counted yet.")
    assert medium["breakdowns"] == {}
    assert data["summary"] == {"cities": 3, "min": 10.0, "q1": 20.0, "median": 30.0, "q3": 35.0, "max": 40.0}


def test_drafts_never_appear(client, four_cities, make_city):
    draft_city = make_city(country="FR", population=100_000, slug="draft-only")
    enter(client.application, draft_city, {("adult-literacy-rate", ""): 55, ("voter-participation", ""): 60},
          publish=False)
    values = client.get(f"/api/v1/indicators/adult-literacy-rate?year={YEAR}").json["values"]
    assert "draft-only" not in [v["city"] for v in values]
    assert "draft-only" not in [v["city"] for v in client.get("/api/v1/indicators/voter-participation").json["values"]]
    assert client.get(f"/api/v1/cities/{draft_city}/indicators").json == {"city": draft_city, "values": []}
    voter = next(i for i in client.get("/api/v1/indicators").json["indicators"] if i["key"] == "voter-participation")
    with_draft = voter["coverage"]["cities"]
    enter(client.application, draft_city, {("voter-participation", ""): 60})   # published now
    voter = next(i for i in client.get("/api/v1/indicators").json["indicators"] if i["key"] == "voter-participation")
    assert voter["coverage"]["cities"] == with_draft   # not a member: coverage counts members only


def test_a_citys_values(client, four_cities):
    enter(client.application, "aa-small", {("gdp-per-capita", ""): 41000}, currency="EUR", **CITATION)
    data = client.get("/api/v1/cities/aa-small/indicators").json
    assert data["city"] == "aa-small"
    assert [(v["measurement_point"], v["year"], v["value"]) for v in data["values"]] == [
        ("adult-literacy-rate", YEAR, 10.0), ("gdp-per-capita", YEAR, 41000.0)]
    assert data["values"][0]["breakdowns"] == {"sex=female": 9.0}
    assert data["values"][1]["currency"] == "EUR" and data["values"][1]["citation"]["title"] == "Annual survey"


@pytest.mark.parametrize("url,status,reason", [
    ("/api/v1/indicators/no-such-point", 404, "No measurement point has the key no-such-point."),
    ("/api/v1/cities/nowhere/indicators", 404, "No city has the address nowhere."),
    ("/api/v1/indicators/adult-literacy-rate?year=20x9", 400, "The year must be between"),
    ("/api/v1/indicators/adult-literacy-rate?year=1066", 400, "The year must be between"),
    ("/api/v1/indicators/adult-literacy-rate?region=atlantis", 400, "Unknown region."),
    ("/api/v1/indicators/adult-literacy-rate?population_band=huge", 400,
     "The population band is one of: small, medium, large, very-large."),
    ("/api/v1/indicators/adult-literacy-rate?colour=red", 400, "Unknown parameter(s): colour."),
])
def test_bad_requests_are_json_with_a_reason(client, url, status, reason):
    response = client.get(url, headers={"Accept-Language": "en"})
    assert response.status_code == status
    assert response.json["error"]["status"] == status and reason in response.json["error"]["reason"]


def test_reasons_are_in_the_readers_language(client):
    response = client.get("/api/v1/indicators/adult-literacy-rate?population_band=huge",
                          headers={"Accept-Language": "zh"})
    assert "人口" in response.json["error"]["reason"]


def test_queries_do_not_grow_with_the_cities(app, client, make_city, count_queries):
    import datetime as dt

    def cities(n, start):
        slugs = [make_city(country="FR", population=300_000, member_since=dt.date(2018, 1, 1),
                           slug=f"q-city-{i}") for i in range(start, start + n)]
        for i, slug in enumerate(slugs):
            enter(app, slug, {("adult-literacy-rate", ""): 50 + i % 7, ("adult-literacy-rate", "sex=male"): 50,
                              ("voter-participation", ""): 40 + i % 5})
            enter(app, slug, {("adult-literacy-rate", ""): 51 + i % 7}, year=YEAR + 1)
        return slugs

    def counts():
        found = []
        for url in ("/api/v1/indicators",
                    f"/api/v1/indicators/adult-literacy-rate?year={YEAR}&region=europe-north-america",
                    "/api/v1/indicators/adult-literacy-rate?population_band=medium",
                    "/api/v1/cities/q-city-0/indicators"):
            with count_queries() as queries:
                assert client.get(url).status_code == 200
            found.append(len(queries))
        return found

    cities(3, 0)
    with_three = counts()
    cities(27, 3)
    assert client.get(f"/api/v1/indicators/adult-literacy-rate?year={YEAR}").json["summary"]["cities"] == 30
    assert counts() == with_three


def test_the_openapi_document_describes_the_indicator_endpoints(client):
    document = client.get("/api/v1/openapi.json").json
    for path in ("/indicators", "/indicators/{key}", "/cities/{slug}/indicators"):
        assert "200" in document["paths"][path]["get"]["responses"]
    schemas = document["components"]["schemas"]
    citation = schemas["Citation"]
    assert set(citation["properties"]) == {"publisher", "title", "year", "url"}
    assert set(schemas["Summary"]["required"]) == {"cities", "min", "q1", "median", "q3", "max"}
    parameters = {p["name"]: p for p in document["paths"]["/indicators/{key}"]["get"]["parameters"]}
    assert parameters["population_band"]["schema"]["enum"] == ["small", "medium", "large", "very-large"]
    assert "europe-north-america" in parameters["region"]["schema"]["enum"]
