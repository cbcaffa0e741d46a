"""Every public page renders in each of the six languages, with the right content."""
import datetime as dt
import re

import pytest

PUBLIC_PAGES = [
    "/", "/about", "/commitments", "/commitments/1", "/commitments/12", "/key-features",
    "/key-features/1.1.1", "/key-features/3.3.3", "/cities", "/cities/hume",
    "/cities/columbus", "/member-states", "/member-states/AU",
]
HTML_LANG = {"en": "en", "fr": "fr", "es": "es", "ru": "ru", "ar": "ar", "zh": "zh-Hans"}
# The site's name in each language: a page in one language has its own and no other.
SITE_NAME = {"en": "Learning Cities Network", "fr": "Réseau des villes apprenantes",
             "es": "Red de Ciudades del Aprendizaje", "ru": "Сеть обучающихся городов",
             "ar": "شبكة مدن التعلم", "zh": "学习型城市网络"}


def html_lang(response):
    return re.search(r'<html lang="([^"]+)"', response.get_data(as_text=True)).group(1)


@pytest.mark.parametrize("url", PUBLIC_PAGES)
@pytest.mark.parametrize("language", list(HTML_LANG))
def test_public_page_renders_in_each_language(client, url, language):
    response = client.get(url, headers={"Accept-Language": language})
    assert response.status_code == 200
    assert html_lang(response) == HTML_LANG[language]
    page = response.get_data(as_text=True)
    head = page.split("<main", 1)[0]
    for other, name in SITE_NAME.items():
        assert (name in head) == (other == language), (other, name)
    alternates = dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)"', head))
    assert set(alternates) == set(HTML_LANG) - {language}
    assert all(href.endswith(f"lang={code}") for code, href in alternates.items())
    assert re.search(r'<html[^>]* dir="rtl"' if language == "ar" else r'<html[^>]* dir="ltr"', page)
    loaded = [tag for tag in re.findall(r"<(?:link|script|img)\b[^>]*>", head)
              if 'rel="alternate"' not in tag]   # alternates are links, not loads
    assert not any(re.search(r'(src|href)="(https?:)?//', tag) for tag in loaded), \
        "the page head must not load anything from another host"


def published_practices(app):
    from models.practices import Practice
    from portal.extensions import db
    with app.app_context():
        return db.session.scalar(db.select(db.func.count(Practice.id)).where(Practice.status == "published"))


def demo_members(app):
    """Member cities, newest first, read straight from the database."""
    from models.cities import City
    from portal.extensions import db
    with app.app_context():
        cities = db.session.scalars(db.select(City).where(City.member_since.is_not(None))).all()
        return [{"name": {"en": c.name_en}, "country": c.member_state.iso, "since": c.member_since}
                for c in sorted(cities, key=lambda c: (c.member_since, c.name_en), reverse=True)]


def test_home_shows_live_counts_and_newest_members(app, client):
    members = demo_members(app)
    page = client.get("/").get_data(as_text=True)
    assert re.search(rf"<strong>{len(members)}</strong> member cities", page)
    countries = {c["country"] for c in members}
    assert re.search(rf"<strong>{len(countries)}</strong> Member States represented", page)
    assert re.search(rf"<strong>{published_practices(app)}</strong> published practices", page)
    assert "Newest members" in page and members[0]["name"]["en"] in page


def test_home_counts_follow_the_database(app, client, make_city, make_practice):
    members = demo_members(app)
    countries = {c["country"] for c in members}
    make_city(country="TG", name="Lomé", member_since=dt.date(2026, 10, 1))
    before = published_practices(app)
    make_practice(city="hume", title="Learning village partnerships")
    make_practice(city="hume", title="A draft nobody sees yet", published=False)
    page = client.get("/").get_data(as_text=True)
    assert re.search(rf"<strong>{len(members) + 1}</strong> member cities", page)
    assert re.search(rf"<strong>{len(countries) + 1}</strong> Member States represented", page)
    assert re.search(rf"<strong>{before + 1}</strong> published practices", page)
    assert "Learning village partnerships" in page and "A draft nobody sees yet" not in page
    # the newest member comes first
    newest = page.split("Newest members", 1)[1]
    assert newest.index("Lomé") < newest.index(members[0]["name"]["en"])


def test_home_has_an_entry_point_for_each_kind_of_user(client):
    page = client.get("/").get_data(as_text=True)
    for heading in ("A city that wants to join", "A National Commission for UNESCO",
                    "A librarian or practitioner with a practice to share"):
        assert heading in page


def test_commitments_page_lists_all_twelve_with_summaries(client):
    page = client.get("/commitments").get_data(as_text=True)
    for number in range(1, 13):
        assert f'href="/commitments/{number}"' in page
    assert "Boosting resource mobilization and utilization" in page


def test_commitment_page_shows_actions_key_features_and_an_honest_empty_state(client):
    page = client.get("/commitments/5").get_data(as_text=True)
    assert "Revitalizing learning in families and communities" in page
    assert page.count("<li>", page.index('class="actions"'), page.index("</ol>", page.index('class="actions"'))) == 4
    assert 'href="/key-features/2.2.1"' in page
    assert "Practices that serve this commitment" in page


def test_a_city_without_practices_says_so(client):
    assert "This city has not published a practice yet." in client.get("/cities/lyon").get_data(as_text=True)


def test_commitment_page_lists_its_published_practices_only(client, make_practice):
    make_practice(title="Family reading circles", commitments=(5, 9))
    make_practice(title="Unpublished draft", commitments=(5,), published=False)
    make_practice(title="Workplace mentoring", commitments=(6,))
    page = client.get("/commitments/5").get_data(as_text=True)
    assert "Family reading circles" in page
    assert "Unpublished draft" not in page and "Workplace mentoring" not in page


@pytest.mark.parametrize("url", ["/commitments/0", "/commitments/13", "/commitments/abc",
                                 "/key-features/9.9.9", "/cities/atlantis",
                                 "/member-states/XX", "/no-such-page"])
def test_unknown_things_are_404_pages(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "Page not found" in response.get_data(as_text=True)


def test_404_page_in_chinese(client):
    response = client.get("/commitments/13?lang=zh")
    assert response.status_code == 404
    assert html_lang(response) == "zh-Hans"
    assert "找不到页面" in response.get_data(as_text=True)


def test_key_features_page_has_the_whole_tree_with_stable_anchors(client):
    from tests.test_reference_data import POINTS_PER_FEATURE
    page = client.get("/key-features").get_data(as_text=True)
    for code in POINTS_PER_FEATURE:
        assert f'id="{code}"' in page, code
        assert f'href="/key-features/{code}"' in page, code
    for code in ("1.1", "2.6", "3.3"):
        assert f'id="{code}"' in page
    assert page.count('class="measurement-point"') == 54
    assert "Adult literacy rate" in page
    assert "Official city data" in page and "Survey" in page and "Expert review" in page
    assert "5 excellent" in page and "1 poor" in page


def test_key_feature_page_shows_its_measurement_points(client):
    page = client.get("/key-features/2.1.1").get_data(as_text=True)
    assert "Key feature 2.1.1" in page
    assert "Household income" in page and "Sex" in page
    assert 'href="/commitments/4"' in page


def test_key_features_in_chinese(client):
    page = client.get("/key-features?lang=zh").get_data(as_text=True)
    assert "成人识字率" in page
    assert "市政府官方数据" in page


def test_member_state_lowercase_code_redirects(client):
    response = client.get("/member-states/au")
    assert response.status_code == 301
    assert response.headers["Location"].endswith("/member-states/AU")


def test_member_states_are_grouped_by_region(client):
    page = client.get("/member-states").get_data(as_text=True)
    assert page.count("<section id=\"region-") == 5
    assert 'href="/member-states/AU"' in page
