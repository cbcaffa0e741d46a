"""Each person's start page: where signing in and signing up lead, listing the work waiting
for each role the person holds, with links to do it; a fixed number of queries."""
import datetime as dt

from sqlalchemy import select

from models.cities import City
from portal.extensions import db
from tests.account_helpers import sign_up
from tests.conftest import ROLE_EMAILS


def start_page(client):
    response = client.get("/start")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def section(page, title_id):
    return page.split(f'id="{title_id}"')[1].split("</section>")[0]


def test_signing_in_and_signing_up_lead_to_the_start_page(app, client):
    response = client.post("/login", data={"email": ROLE_EMAILS["natcom_officer"],
                                           "password": "learning-cities-demo"})
    assert response.headers["Location"] == "/start"
    client.post("/logout")
    response = sign_up(client, app)   # through the mailed link
    assert response.headers["Location"] == "/start"
    assert client.get("/start").status_code == 200
    client.post("/logout")
    assert "/login" in client.get("/start").headers["Location"]


def submitted_us_applications(app, names):
    """Applications of new US cities, submitted today to the open demo call."""
    from models.cities import MemberState
    from models.membership import Application, ApplicationState
    from tests.membership_helpers import open_call
    with app.app_context():
        us, call = db.session.scalar(select(MemberState).filter_by(iso="US")), open_call()
        for name in names:
            city = City(slug=name.lower(), name_en=name, name_zh=name, member_state=us)
            db.session.add_all([city, Application(call=call, city=city, created_by_id=1,
                                                  state=ApplicationState.submitted,
                                                  submitted_at=dt.datetime.now(dt.timezone.utc))])
        db.session.commit()


def test_a_national_commission_sees_what_to_endorse_and_its_nominations_left(app, client, login_as):
    submitted_us_applications(app, ["Boston"])
    login_as("natcom_officer")
    part = section(start_page(client), "natcom-title")
    assert "Boston" in part and "to decide by" in part
    assert "Call for membership 2026 (demo)" in part and "3 nominations left of 3" in part
    assert 'href="/membership/nominations"' in part


def test_the_secretariat_sees_its_queues(client, login_as):
    login_as("secretariat")
    page = start_page(client)
    part = section(page, "secretariat-title")
    # The demo call has applications endorsed, under review and with information requested,
    # and Lima's National Commission let its decision window pass.
    assert "3 applications to review" in part and "Lyon" in part
    assert "1 overdue decision of a National Commission" in part and "Lima" in part and "decision overdue" in part
    for link in ("/membership/review", "/membership/dashboard", "/admin/role-requests", "/moderation/"):
        assert f'href="{link}"' in part
    assert 'id="publish-title"' in page


def test_a_practitioner_sees_drafts_returned_practices_and_where_to_share_one(app, client, login_as):
    from tests.test_practices import write_draft
    slug = write_draft(app, client, login_as, title="Homework club in the library")
    client.post(f"/practices/{slug}/submit", data={})
    login_as("city_coordinator")
    client.post(f"/practices/{slug}/return", data={"comment": "Add the results."})
    write_draft(app, client, login_as, title="Seed library")
    page = start_page(client)
    part = section(page, "author-title")
    assert 'href="/practices/new"' in part and "Share a practice" in part
    assert "Returned to you with comments" in part and "Homework club in the library" in part
    assert "Drafts" in part and "Seed library" in part
    assert 'href="/practices/mine"' in part
    assert 'id="city-title"' not in page and 'id="secretariat-title"' not in page


def test_a_coordinator_sees_the_city_and_where_to_apply(client, login_as):
    login_as("city_coordinator")   # Columbus has not applied yet; the 2026 call is open
    part = section(start_page(client), "city-title")
    assert "Columbus" in part and "not a member yet" in part
    assert "Apply in “Call for membership 2026 (demo)”" in part


def test_a_member_citys_coordinator_sees_its_exchanges(client, login_as):
    login_as("espoo@demo.example.org")
    part = section(start_page(client), "city-title")
    assert "Espoo" in part and "member since" in part and "Apply in" not in part
    assert 'href="/exchanges"' in part


def test_an_application_returned_says_what_to_do_next(app, client, login_as):
    from models.auth import Role, User
    from portal.auth.operations import grant_role
    with app.app_context():
        user = db.session.scalar(select(User).filter_by(email=ROLE_EMAILS["practitioner"]))
        grant_role(user, Role.city_coordinator, city=db.session.scalar(select(City).filter_by(slug="doha")))
        db.session.commit()
    login_as("practitioner")   # now also a coordinator of Doha, whose demo application was returned
    part = section(start_page(client), "city-title")
    assert "Doha" in part and "Returned for changes" in part and "change the answers and submit again" in part


def test_someone_without_a_role_is_told_what_they_can_do_and_how_to_ask_for_one(app, client):
    sign_up(client, app)
    part = section(start_page(client), "no-role-title")
    assert 'href="/practices"' in part and 'href="/account#request-title"' in part
    assert "City coordinator" in part and "National Commission officer" in part


def test_the_start_page_runs_a_fixed_number_of_queries(app, client, login_as, count_queries):
    login_as("natcom_officer")
    submitted_us_applications(app, ["Boston"])
    start_page(client)
    with count_queries() as before:
        start_page(client)
    submitted_us_applications(app, ["Denver", "Austin", "Tucson"])
    with count_queries() as after:
        assert "Tucson" in start_page(client)
    assert len(after) == len(before)
