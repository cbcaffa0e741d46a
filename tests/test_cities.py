"""The city directory's filters, city profiles and Member State pages."""
import datetime as dt
import re

import pytest


def city_names(response):
    page = response.get_data(as_text=True)
    return re.findall(r'<th scope="row"><a href="/cities/[^"]+">([^<]+)</a>', page)


def result_heading(response):
    return re.search(r'id="results-title"[^>]*>(?:<[^>]*>)*([^<]+)<', response.get_data(as_text=True)).group(1)


def test_all_cities_are_listed_by_name(client):
    names = city_names(client.get("/cities"))
    assert "Hume" in names and "Columbus" in names
    assert names == sorted(names)


def test_filter_by_region(client):
    names = city_names(client.get("/cities?region=europe-north-america"))
    assert "Columbus" in names and "Cork" in names
    assert "Hume" not in names and "Beijing" not in names


def test_filter_by_member_state(client):
    assert sorted(city_names(client.get("/cities?country=AU"))) == ["Hume", "Melton"]


def test_filter_by_membership(client, make_city):
    make_city(country="FR", name="Nantes")
    members = city_names(client.get("/cities?membership=members"))
    others = city_names(client.get("/cities?membership=non-members"))
    assert "Hume" in members and "Hume" not in others
    assert "Nantes" in others and "Nantes" not in members
    assert "Columbus" in others
    assert len(members) + len(others) == len(city_names(client.get("/cities")))


def test_filters_combine(client):
    names = city_names(client.get("/cities?region=asia-pacific&country=AU&membership=members"))
    assert sorted(names) == ["Hume", "Melton"]
    assert city_names(client.get("/cities?region=africa&country=AU")) == []


def test_no_match_says_so(client):
    response = client.get("/cities?region=africa&country=AU")
    assert response.status_code == 200
    assert "No city matches these filters." in response.get_data(as_text=True)


@pytest.mark.parametrize("query, field, reason", [
    ("region=atlantis", "region", "UNESCO region: Not a valid choice."),
    ("country=ZZ", "country", "Member State: Not a valid choice."),
    ("membership=maybe", "membership", "Membership: Not a valid choice."),
    ("page=abc", "page", "Page: Not a valid integer value."),
    ("page=0", "page", "Page: Number must be between 1 and 100000."),
])
def test_bad_filters_get_a_clear_400(client, query, field, reason):
    response = client.get(f"/cities?{query}")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Please correct the following" in page
    assert re.search(rf'<li><a href="#{field}">{re.escape(reason)}[^<]*</a></li>', page)
    invalid = re.findall(r'<select[^>]*aria-invalid="true"[^>]*id="(\w+)"', page)
    assert invalid == ([] if field == "page" else [field])   # the page number has no field


def test_bad_filter_message_in_chinese(client):
    response = client.get("/cities?region=atlantis&lang=zh")
    assert response.status_code == 400
    assert "请更正" in response.get_data(as_text=True)


def test_pagination_keeps_the_filters(app, client, make_city):
    app.config["CITIES_PER_PAGE"] = 3
    for n in range(5):
        make_city(country="DE", name=f"Ville {n}")
    first = client.get("/cities?country=DE")
    assert city_names(first) == ["Ville 0", "Ville 1", "Ville 2"]
    assert 'href="/cities?country=DE&amp;page=2"' in first.get_data(as_text=True)
    assert city_names(client.get("/cities?country=DE&page=2")) == ["Ville 3", "Ville 4"]
    beyond = client.get("/cities?country=DE&page=9")
    assert "There is no page 9" in beyond.get_data(as_text=True)


def test_city_profile_shows_its_public_facts(client):
    page = client.get("/cities/hume").get_data(as_text=True)
    assert "Australia" in page and "Asia and the Pacific" in page
    assert "243,901" in page and "504" in page and "km²" in page
    assert 'href="https://www.hume.vic.gov.au/"' in page
    assert "Member since" in page and "demo" in page


def test_city_that_is_not_a_member_says_so(client):
    page = client.get("/cities/columbus").get_data(as_text=True)
    assert "not a member of the network" in page


def test_city_without_figures_says_not_recorded(client, make_city):
    slug = make_city(country="KE", name="Kisumu", member_since=dt.date(2024, 1, 1))
    page = client.get(f"/cities/{slug}").get_data(as_text=True)
    main = page.split("<main", 1)[1].split("</main>", 1)[0]
    assert "not recorded" in main and "Kenya" in main and "badge-demo" not in main


def test_member_state_page_lists_its_cities(client):
    page = client.get("/member-states/AU").get_data(as_text=True)
    assert "Hume" in page and "Melton" in page
    assert 'href="/cities?country=AU"' in page


def test_member_state_without_cities_has_an_empty_state(client):
    page = client.get("/member-states/TV").get_data(as_text=True)
    assert "No city of this Member State takes part in the portal yet." in page
