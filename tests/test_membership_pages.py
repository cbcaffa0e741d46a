"""The membership pages: what each role sees, forms that refuse bad input without losing
anything, the secretariat's dashboard and export, and the public profile after admission."""
import csv
import datetime as dt
import io
import re

import pytest
from sqlalchemy import select

from models.cities import City
from models.membership import Application
from models.membership import ApplicationState as S
from portal.extensions import db
from portal.reference.demo_membership import CALL_TEXTS, complete_answers, minimal_pdf
from tests.membership_helpers import open_call


def columbus_application(app, client, login_as):
    """The demo coordinator starts Columbus's application in the open demo call; its id."""
    login_as("city_coordinator")
    with app.app_context():
        call_id = open_call().id
        columbus_id = db.session.scalar(select(City.id).filter_by(slug="columbus"))
    response = client.post(f"/membership/calls/{call_id}/apply", data={"city": str(columbus_id)})
    assert response.status_code == 302
    return int(re.search(r"/applications/(\d+)/edit", response.headers["Location"]).group(1))


def form_data(app, **changes):
    with app.app_context():
        answers = complete_answers(db.session.scalar(select(City).filter_by(slug="columbus")))
    data = {k: ("y" if v is True else str(v)) for k, v in answers.items()
            if k not in ("challenges", "expertise", "pledge") and v is not None}
    data.update({f"challenge_{n}": str(r) for n, r in answers["challenges"].items()})
    data["expertise"] = [str(n) for n in answers["expertise"]]
    data["pledge"] = "y"
    data.update(changes)
    return data


LETTER = minimal_pdf()   # the letter save() sends unless told otherwise


def save(client, application_id, data, letter=LETTER):
    if letter is not None:
        data = dict(data, letter=(io.BytesIO(letter), "letter.pdf"))
    return client.post(f"/membership/applications/{application_id}/edit", data=data,
                       content_type="multipart/form-data")


def application(app, application_id):
    with app.app_context():
        found = db.session.get(Application, application_id)
        db.session.expunge(found)
        return found


def test_coordinator_fills_in_and_submits_then_sees_the_timeline(app, client, login_as):
    application_id = columbus_application(app, client, login_as)
    page = client.get(f"/membership/applications/{application_id}/edit").get_data(as_text=True)
    assert 'data-max-words="200"' in page and 'name="challenge_12"' in page
    assert save(client, application_id, form_data(app)).status_code == 302
    response = client.post(f"/membership/applications/{application_id}/submit", data={})
    assert response.status_code == 302
    page = client.get(f"/membership/applications/{application_id}").get_data(as_text=True)
    assert "With the National Commission" in page
    assert "Submitted to the National Commission" in page and "Application started" in page
    assert "The National Commission is asked to decide by" in page


def test_too_many_words_is_refused_and_nothing_is_saved(app, client, login_as):
    application_id = columbus_application(app, client, login_as)
    response = save(client, application_id, form_data(app, motivation="word " * 201))
    assert response.status_code == 400
    assert "201 words: the limit is 200." in response.get_data(as_text=True)
    assert application(app, application_id).motivation == ""


def test_a_file_that_is_not_a_pdf_is_refused(app, client, login_as):
    application_id = columbus_application(app, client, login_as)
    response = save(client, application_id, form_data(app), letter=b"<html>not a pdf</html>")
    assert response.status_code == 400
    assert "must be a PDF file" in response.get_data(as_text=True)
    assert application(app, application_id).letter_path is None


def test_a_bad_rating_is_refused(app, client, login_as):
    application_id = columbus_application(app, client, login_as)
    response = save(client, application_id, form_data(app, challenge_3="9"))
    assert response.status_code == 400
    assert "Rate each commitment from 1 to 5." in response.get_data(as_text=True)


def test_an_incomplete_application_is_not_submitted_and_the_page_says_why(app, client, login_as):
    application_id = columbus_application(app, client, login_as)
    response = client.post(f"/membership/applications/{application_id}/submit", data={})
    assert response.status_code == 400
    assert "Still missing" in response.get_data(as_text=True)
    assert application(app, application_id).state is S.draft


def test_the_letter_is_private(app, client, login_as):
    application_id = columbus_application(app, client, login_as)
    save(client, application_id, form_data(app))
    client.post(f"/membership/applications/{application_id}/submit", data={})
    response = client.get(f"/membership/applications/{application_id}/letter")
    assert response.status_code == 200 and response.data.startswith(b"%PDF-")
    login_as("natcom_officer")
    assert client.get(f"/membership/applications/{application_id}/letter").status_code == 200
    login_as("practitioner")
    assert client.get(f"/membership/applications/{application_id}/letter").status_code == 403
    login_as(None)
    assert client.get(f"/membership/applications/{application_id}/letter").status_code == 302
    # and it is not under static/
    assert "static" not in application(app, application_id).letter_path


def test_a_commission_returns_with_comments_and_must_give_them(app, client, login_as):
    application_id = columbus_application(app, client, login_as)
    save(client, application_id, form_data(app))
    client.post(f"/membership/applications/{application_id}/submit", data={})
    login_as("natcom_officer")
    page = client.get("/membership/nominations").get_data(as_text=True)
    assert "Columbus" in page and re.search(r"Nominations used: 0 of 3; 3 left", page)
    no_comment = client.post(f"/membership/applications/{application_id}/return", data={"comment": ""})
    assert no_comment.status_code == 400 and "say why" in no_comment.get_data(as_text=True)
    client.post(f"/membership/applications/{application_id}/return", data={"comment": "Add 2025 figures."})
    assert application(app, application_id).state is S.returned
    login_as("city_coordinator")
    page = client.get(f"/membership/applications/{application_id}").get_data(as_text=True)
    assert "Add 2025 figures." in page and "Returned for changes" in page


def test_an_endorsement_beyond_the_quota_is_refused_with_a_message(app, client, login_as):
    with app.app_context():
        open_call().nomination_quota = 1
        db.session.commit()
    application_id = columbus_application(app, client, login_as)
    save(client, application_id, form_data(app))
    client.post(f"/membership/applications/{application_id}/submit", data={})
    with app.app_context():  # the quota of 1 is already used by another US city
        from models.membership import Nomination
        db.session.add(Nomination(call_id=open_call().id, member_state_id=db.session.scalar(
            select(City.member_state_id).filter_by(slug="columbus")), slot=1,
            application_id=_other_us_application(app)))
        db.session.commit()
    login_as("natcom_officer")
    response = client.post(f"/membership/applications/{application_id}/endorse", data={"confirmed": "yes"})
    assert response.status_code == 409
    assert "quota" in response.get_data(as_text=True)
    assert application(app, application_id).state is S.submitted


def _other_us_application(app):
    """An application row of another US city, standing for an earlier endorsement."""
    from models.membership import Application as A
    with app.app_context():
        state_id = db.session.scalar(select(City.member_state_id).filter_by(slug="columbus"))
        boston = City(slug="boston", name_en="Boston", name_zh="波士顿", member_state_id=state_id)
        db.session.add(boston)
        db.session.flush()
        other = A(call_id=open_call().id, city_id=boston.id, created_by_id=1)
        db.session.add(other)
        db.session.commit()
        return other.id


def test_admission_makes_the_city_a_member_with_a_public_profile(app, client, login_as):
    application_id = columbus_application(app, client, login_as)
    save(client, application_id, form_data(app, motivation="Columbus libraries open learning labs.",
                                           contact_email="private.person@columbus.example"))
    client.post(f"/membership/applications/{application_id}/submit", data={})
    login_as("natcom_officer")
    client.post(f"/membership/applications/{application_id}/endorse", data={"confirmed": "yes"})
    login_as("secretariat")
    assert "Columbus" in client.get("/membership/review").get_data(as_text=True)
    client.post(f"/membership/applications/{application_id}/start_review", data={})
    client.post(f"/membership/applications/{application_id}/admit", data={"comment": "Welcome.", "confirmed": "yes"})
    login_as(None)
    page = client.get("/cities/columbus").get_data(as_text=True)
    assert "Columbus libraries open learning labs." in page
    assert dt.date.today().strftime("%Y") in page and "not a member" not in page
    assert "private.person@columbus.example" not in page and "letter" not in page.lower().split("<main")[1]
    members = client.get("/cities?membership=members").get_data(as_text=True)
    assert "Columbus" in members
    assert "Columbus" in client.get("/cities/map").get_data(as_text=True)


def test_dashboard_counts_by_state_and_region_and_lists_overdue_decisions(client, login_as):
    login_as("secretariat")
    page = client.get("/membership/dashboard").get_data(as_text=True)
    assert "Applications by state" in page
    assert "Lima" in page.split("Overdue National Commission decisions")[1]
    assert "Durban" not in page.split("Overdue National Commission decisions")[1]


def test_export_of_a_call_as_csv(app, client, login_as):
    login_as("secretariat")
    with app.app_context():
        call_id = open_call().id
    response = client.get(f"/membership/calls/{call_id}/applications.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    cities = {row["city"]: row for row in rows}
    assert {"Durban", "Lima", "Doha", "Osan", "Lyon", "Nairobi", "Tunis"} <= set(cities)
    assert cities["Osan"]["state"] == "endorsed" and cities["Durban"]["letter"] == "yes"


def test_the_export_keeps_drafts_private_and_neutralises_formulas(app, client, login_as):
    with app.app_context():
        call_id = open_call().id
        submitted = db.session.scalar(db.select(Application).join(Application.city)
                                      .where(Application.call_id == call_id, City.slug == "lima"))
        submitted.mayor_name = "=HYPERLINK(\"https://evil.example\",\"Open\")"
        submitted.contact_name = "@SUM(A1)"
        submitted.website = "+1-555"
        submitted.mayor_title = "-2+3"
        submitted.expertise_tags = ["\t=cmd", "\r=cmd"]
        lima_email = submitted.contact_email
        db.session.commit()
    login_as("secretariat")
    response = client.get(f"/membership/calls/{call_id}/applications.csv")
    rows = {row["city"]: row for row in csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff")))}
    draft = rows["Tunis"]
    assert draft["state"] == "draft"
    assert draft["contact_email"] == draft["mayor_name"] == draft["population"] == draft["letter"] == ""
    assert rows["Lima"]["contact_email"] == lima_email != ""  # a submitted application is the secretariat's to read
    assert rows["Lima"]["mayor_name"] == "'=HYPERLINK(\"https://evil.example\",\"Open\")"
    assert rows["Lima"]["contact_name"] == "'@SUM(A1)" and rows["Lima"]["website"] == "'+1-555"
    assert rows["Lima"]["mayor_title"] == "'-2+3" and rows["Lima"]["expertise_tags"] == "'\t=cmd, \r=cmd"


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_every_cell_a_spreadsheet_would_run_is_neutralised(start):
    from portal.spreadsheet import neutralise
    assert neutralise(f"{start}1+1") == f"'{start}1+1"
    assert neutralise(f"a{start}1") == f"a{start}1" and neutralise(-3) == -3   # numbers stay numbers


def test_a_call_with_bad_dates_is_refused(client, login_as):
    login_as("secretariat")
    response = client.post("/membership/calls/new", data={
        "title": "Backwards", "opens_on": "2027-03-01", "closes_on": "2027-01-01",
        "nomination_quota": "3", "decision_window_days": "30", **CALL_TEXTS})
    assert response.status_code == 400 and "close on or after" in response.get_data(as_text=True)


def test_the_secretariat_opens_a_call_with_its_description_and_eligibility(client, login_as):
    login_as("secretariat")
    call = {"title": "Call 2027", "opens_on": "2027-01-01", "closes_on": "2027-03-31",
            "nomination_quota": "2", "decision_window_days": "20",
            "description_en": "Cities that learn together.\n\nSecond paragraph.",
            "description_zh": "共同学习的城市。", "eligibility_en": "Cities of every Member State.",
            "eligibility_zh": "", "description_ar": "مدن تتعلم معا.",
            "eligibility_fr": "Les villes de tous les États membres."}
    response = client.post("/membership/calls/new", data=dict(call, description_en=" ", eligibility_en=""))
    assert response.status_code == 400 and "Say in English what the call is about" in response.get_data(as_text=True)
    assert 'Cities that learn together.' not in response.get_data(as_text=True)  # empty English refused
    response = client.post("/membership/calls/new", data=call)
    assert response.status_code == 302
    overview = client.get("/membership/").get_data(as_text=True)
    assert "Call 2027" in overview and "Cities that learn together." in overview
    assert "Second paragraph." not in overview   # the overview shows the first paragraph
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "<p>Cities that learn together.</p>" in page and "Cities of every Member State." in page
    page = client.get(response.headers["Location"] + "?lang=zh").get_data(as_text=True)
    assert "共同学习的城市。" in page and "Cities of every Member State." in page   # English where no Chinese
    page = client.get(response.headers["Location"] + "?lang=fr").get_data(as_text=True)
    assert "Cities that learn together." in page and "Les villes de tous les États membres." in page
    assert "مدن تتعلم معا." in client.get(response.headers["Location"] + "?lang=ar").get_data(as_text=True)


def test_the_demo_calls_say_what_they_are_and_who_may_apply_in_both_languages(app, client):
    with app.app_context():
        call_id = open_call().id
    page = client.get(f"/membership/calls/{call_id}").get_data(as_text=True)
    assert "About this call" in page and "Who may apply" in page and "whatever its size" in page
    assert "无论规模大小" in client.get(f"/membership/calls/{call_id}?lang=zh").get_data(as_text=True)


def test_a_city_that_wants_to_join_is_told_how_to_apply(app, client, login_as):
    with app.app_context():
        call_id = open_call().id
    for url in ("/membership/", f"/membership/calls/{call_id}"):
        page = client.get(url).get_data(as_text=True)
        assert 'href="/signup"' in page and "/login?next=" in page
        assert "Ask for the role of city coordinator for your city" in page
    login_as("practitioner")
    page = client.get(f"/membership/calls/{call_id}").get_data(as_text=True)
    assert 'href="/account#request-title"' in page and "/login?next=" not in page
    login_as("city_coordinator")
    assert "Start an application" in client.get(f"/membership/calls/{call_id}").get_data(as_text=True)


def test_the_map_of_members_works_without_any_other_host(client):
    page = client.get("/cities/map").get_data(as_text=True)
    assert 'href="/static/vendor/world-110m/land.svg"' in page
    assert page.count("<circle") >= 10
    assert "Member cities" in page and 'href="/cities/hume"' in page


def test_directory_filters_by_year_joined(client):
    page = client.get("/cities?year=2016").get_data(as_text=True)
    assert "Hume" in page and "Espoo" not in page


def test_answers_keep_their_paragraphs_line_breaks_and_lists_escaped(app, client, login_as):
    application_id = columbus_application(app, client, login_as)
    motivation = "We want to learn.\n\nOur aims:\n- libraries open late\n- <b>no</b> fees"
    assert save(client, application_id, form_data(app, motivation=motivation)).status_code == 302
    page = client.get(f"/membership/applications/{application_id}").get_data(as_text=True)
    assert "<p>We want to learn.</p>" in page
    assert "<p>Our aims:<br>\n- libraries open late<br>\n- &lt;b&gt;no&lt;/b&gt; fees</p>" in page
