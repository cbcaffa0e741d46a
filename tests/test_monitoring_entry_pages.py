"""The city's data entry pages: a focus area's form saves through save_values, refused values
come back with what was typed, warnings are confirmed by ticking a box, a year is published
and then versioned, and only the city's team changes anything."""
import pytest
from sqlalchemy import select

from models.monitoring import CityDataSet, IndicatorValue
from portal.cities.queries import city_by_slug
from portal.extensions import db
from portal.monitoring.data_entry import Entry, save_values
from tests.conftest import ROLE_EMAILS

PAGE = "/cities/columbus/data/2024/1.1"
SAVE = f"{PAGE}/save"
LITERACY = "adult-literacy-rate"


def row(value, breakdown="", point=LITERACY, **more):
    where = f"{point}[{breakdown}]"
    return {f"{where}.value": value, f"{point}.source": "official", **{f"{where}.{k}": v for k, v in more.items()}}


def stored(app, breakdown=""):
    with app.app_context():
        return db.session.scalar(select(IndicatorValue.value).where(IndicatorValue.breakdown == breakdown)
                                 .order_by(IndicatorValue.id.desc()))


@pytest.fixture
def coordinator(login_as):
    return login_as("city_coordinator")


def test_the_focus_area_page_shows_each_point_in_its_unit_with_its_breakdowns(coordinator):
    html = coordinator.get(PAGE).get_data(as_text=True)
    assert "Adult literacy rate" in html and "percent (0 to 100)" in html and "From 0 to 100." in html
    assert f'name="{LITERACY}[sex=female].value"' in html and "women and girls" in html
    assert '<option value="official" selected>' in html      # the point's expected kind of source


def test_a_refused_value_keeps_what_was_typed_and_says_why(app, coordinator):
    answer = coordinator.post(SAVE, data={**row("140"), **row("abc", "sex=female"),
                                          f"{LITERACY}.citation_publisher": "Statistics office"})
    html = answer.get_data(as_text=True)
    assert answer.status_code == 400
    assert "give a value from 0 to 100" in html and "write a number" in html
    assert 'value="140"' in html and 'value="abc"' in html and 'value="Statistics office"' in html
    assert 'href="#f-adult-literacy-rate-all-value"' in html      # the summary links to the field
    with app.app_context():
        assert db.session.scalar(select(CityDataSet)) is None


def test_a_warning_is_confirmed_by_ticking_the_box(app, coordinator):
    with app.app_context():
        save_values([Entry(city_by_slug("columbus"), 2023, LITERACY, fields={"value": 50, "source": "official"})],
                    actor=_user(ROLE_EMAILS["city_coordinator"]))
        db.session.commit()
    warned = coordinator.post(SAVE, data=row("90"))
    assert warned.status_code == 400 and "I checked this value" in warned.get_data(as_text=True)
    assert "80% away from the previous year" in warned.get_data(as_text=True)
    assert stored(app) == 50                                        # only 2023's
    changed_mind = coordinator.post(SAVE, data=row("95", confirm="90"))   # ticked for another value
    assert changed_mind.status_code == 400 and stored(app) == 50
    confirmed = coordinator.post(SAVE, data=row("90", confirm="90"))
    assert confirmed.status_code == 302 and stored(app) == 90


def _user(email):
    from portal.auth.operations import find_user_by_email
    return find_user_by_email(email)


def test_emptying_a_row_removes_its_value_and_rows_not_sent_stay(app, coordinator):
    coordinator.post(SAVE, data={**row("97"), **row("96", "sex=female")})
    assert coordinator.post(SAVE, data={f"{LITERACY}[].value": "", f"{LITERACY}.source": "official"}).status_code == 302
    assert stored(app) is None and stored(app, "sex=female") == 96


def test_not_available_with_a_reason_counts_towards_completeness(app, coordinator):
    coordinator.post(SAVE, data=row("", not_available="y", reason="No survey yet."))
    year = coordinator.get("/cities/columbus/data/2024").get_data(as_text=True)
    assert "1.1: 14% complete (1 of 7 measurement points)" in year
    assert "The year: 2% complete (1 of 54 measurement points)" in year


def test_publishing_and_the_versions_after(app, coordinator):
    coordinator.post(SAVE, data=row("97"))
    assert coordinator.post("/cities/columbus/data/2024/publish").status_code == 302
    assert "Published, version 1" in coordinator.get("/cities/columbus/data/2024").get_data(as_text=True)
    assert coordinator.post("/cities/columbus/data/2024/publish").status_code == 409   # already published
    coordinator.post(SAVE, data=row("98"))
    history = coordinator.get("/cities/columbus/data/2024/history")
    html = history.get_data(as_text=True)
    assert history.status_code == 200 and "97" in html and "98" in html and "Casey Coordinator" in html
    assert "Published, version 2" in html


def test_publishing_nothing_is_refused_with_a_reason(coordinator):
    answer = coordinator.post("/cities/columbus/data/2020/publish")
    assert answer.status_code == 400 and "nothing to publish" in answer.get_data(as_text=True)


def test_the_national_commission_reads_but_cannot_change(app, coordinator, login_as):
    coordinator.post(SAVE, data=row("97"))
    natcom = login_as("natcom_officer")
    page = natcom.get(PAGE).get_data(as_text=True)
    assert 'value="97"' in page and "disabled" in page and "Save as a draft" not in page
    assert natcom.post(SAVE, data=row("12")).status_code == 403
    assert natcom.post("/cities/columbus/data/2024/publish").status_code == 403
    assert stored(app) == 97


@pytest.mark.parametrize("url", ["/cities/columbus/data", "/cities/columbus/data/2024", PAGE,
                                 "/cities/columbus/data/2024/history", "/cities/columbus/data/team"])
def test_a_practitioner_gets_403(login_as, url):
    assert login_as("practitioner").get(url).status_code == 403


def test_another_citys_coordinator_gets_403(login_as):
    hume = login_as("hume@demo.example.org")
    assert hume.get(PAGE).status_code == 403
    assert hume.post(SAVE, data=row("50")).status_code == 403


def test_the_team_page_appoints_by_address_and_says_why_not(app, coordinator):
    from portal.auth.operations import create_account
    with app.app_context():
        create_account(name="Dana Data", email="dana@example.org", password="a long password")
        db.session.commit()
    unknown = coordinator.post("/cities/columbus/data/team", data={"email": "nobody@example.org"})
    assert unknown.status_code == 400
    assert "No account uses the address nobody@example.org" in unknown.get_data(as_text=True)
    assert 'value="nobody@example.org"' in unknown.get_data(as_text=True)
    assert coordinator.post("/cities/columbus/data/team", data={"email": "dana@example.org"}).status_code == 302
    assert "Dana Data" in coordinator.get("/cities/columbus/data/team").get_data(as_text=True)


def test_a_year_the_portal_cannot_hold_is_refused(coordinator):
    assert coordinator.get("/cities/columbus/data?year=1066").status_code == 400
    assert coordinator.get("/cities/columbus/data/1066").status_code == 404
    assert coordinator.get("/cities/columbus/data/2024/9.9").status_code == 404


def test_the_city_page_links_the_data_for_the_team_only(login_as):
    assert "Key Features data" in login_as("data_officer").get("/cities/columbus").get_data(as_text=True)
    assert "Key Features data" not in login_as("practitioner").get("/cities/columbus").get_data(as_text=True)


def test_a_confirmation_is_kept_when_the_page_comes_back_for_another_value(app, coordinator):
    with app.app_context():
        save_values([Entry(city_by_slug("columbus"), 2023, point, fields={"value": 20, "source": "official"})
                     for point in (LITERACY, "voter-participation")], actor=_user(ROLE_EMAILS["city_coordinator"]))
        db.session.commit()
    answer = coordinator.post(SAVE, data={**row("90", confirm="90"), **row("60", point="voter-participation")})
    html = answer.get_data(as_text=True)
    assert answer.status_code == 400 and html.count("I checked this value") == 1
    assert f'<input type="hidden" name="{LITERACY}[].confirm" value="90">' in html


def test_stored_numbers_are_shown_as_written(app, coordinator):
    with app.app_context():
        save_values([Entry(city_by_slug("columbus"), 2024, "crime-level",
                           fields={"value": 12345.25, "source": "official"})],
                    actor=_user(ROLE_EMAILS["city_coordinator"]))
        db.session.commit()
    assert 'value="12345.25"' in coordinator.get(PAGE).get_data(as_text=True)
