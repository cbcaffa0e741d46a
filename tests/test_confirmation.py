"""Actions that cannot be undone ask first, without JavaScript: the POST without the
confirmation field renders a page that says what will happen, with Confirm (the same fields
posted again) and Cancel; only the confirmed POST acts. Then the person is told what happened."""
import re

import pytest
from sqlalchemy import select

from models.auth import User
from models.membership import Application
from models.membership import ApplicationState as S
from models.practices import Practice
from portal.extensions import db
from portal.membership import operations
from tests.conftest import ROLE_EMAILS
from tests.membership_helpers import complete_application


@pytest.fixture
def application_in(app, actors):
    """`application_in("submitted")`: Columbus's application brought to that state; its id."""
    def bring(state):
        coordinator, natcom = actors["city_coordinator"], actors["natcom_officer"]
        application = complete_application(coordinator)
        steps = {"draft": [], "submitted": [("submit", coordinator)],
                 "under_review": [("submit", coordinator), ("endorse", natcom),
                                  ("start_review", actors["secretariat"])]}[state]
        for name, actor in steps:
            operations.transition_application(application, name, actor=actor)
        db.session.commit()
        return application.id
    return bring


def state_of(app, application_id):
    with app.app_context():
        return db.session.get(Application, application_id).state


def asks_first(response, consequence):
    """The confirmation page: what will happen, and a form that posts again with confirmed=yes."""
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert consequence in page
    assert re.search(r'<input type="hidden" name="confirmed" value="yes">', page)
    assert ">Cancel</a>" in page
    return page


@pytest.mark.parametrize("role, state, action, consequence, after, told", [
    ("city_coordinator", "draft", "withdraw", "will be withdrawn", S.withdrawn,
     "The application of Columbus is withdrawn."),
    ("natcom_officer", "submitted", "endorse", "uses one of the nominations of United States",
     S.endorsed, "The application of Columbus is endorsed"),
    ("secretariat", "under_review", "admit", "will become a member of the network", S.admitted,
     "Columbus is admitted to the network."),
])
def test_an_application_step_that_cannot_be_undone_is_confirmed_first(
        app, client, login_as, application_in, role, state, action, consequence, after, told):
    application_id = application_in(state)
    url = f"/membership/applications/{application_id}/{action}"
    login_as(role)
    page = asks_first(client.post(url, data={"comment": "Our reasons."}), consequence)
    assert '<input type="hidden" name="comment" value="Our reasons.">' in page  # nothing typed is lost
    assert state_of(app, application_id).value == state
    response = client.post(url, data={"comment": "Our reasons.", "confirmed": "yes"})
    assert response.status_code == 302 and state_of(app, application_id) is after
    assert told in client.get(response.headers["Location"]).get_data(as_text=True)


def test_the_endorsement_says_how_many_nominations_are_left(app, client, login_as, application_in):
    application_id = application_in("submitted")
    login_as("natcom_officer")
    page = client.post(f"/membership/applications/{application_id}/endorse", data={}).get_data(as_text=True)
    assert "(3 left before this one)" in page


def test_steps_that_can_be_undone_or_need_a_comment_are_not_asked_again(app, client, login_as, application_in):
    application_id = application_in("draft")
    login_as("city_coordinator")
    response = client.post(f"/membership/applications/{application_id}/submit", data={})
    assert response.status_code == 302 and state_of(app, application_id) is S.submitted
    assert "The application of Columbus is submitted to its National Commission." in \
        client.get(response.headers["Location"]).get_data(as_text=True)


def test_deleting_a_practice_is_confirmed_first(app, client, login_as, make_practice):
    slug = make_practice(city="columbus", title="Mobile library on the river")
    login_as("secretariat")
    asks_first(client.post(f"/practices/{slug}/delete", data={}),
               "“Mobile library on the river” will be deleted")
    with app.app_context():
        assert db.session.scalar(select(Practice).filter_by(slug=slug)) is not None
    response = client.post(f"/practices/{slug}/delete", data={"confirmed": "yes"})
    assert response.status_code == 302
    assert "“Mobile library on the river” is deleted." in \
        client.get(response.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Practice).filter_by(slug=slug)) is None


def test_suspending_an_account_is_confirmed_first(app, client, login_as):
    with app.app_context():
        user_id = db.session.scalar(select(User.id).filter_by(email=ROLE_EMAILS["practitioner"]))
    login_as("secretariat")
    url = f"/moderation/accounts/{user_id}"
    page = asks_first(client.post(url, data={"action": "suspend", "reason": "Spam"}),
                      "will be signed out at once")
    assert '<input type="hidden" name="reason" value="Spam">' in page
    with app.app_context():
        assert not db.session.get(User, user_id).is_suspended
    response = client.post(url, data={"action": "suspend", "reason": "Spam", "confirmed": "yes"})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(User, user_id).is_suspended


def test_a_practice_action_says_what_happened(app, client, login_as):
    from tests.test_practices import write_draft
    slug = write_draft(app, client, login_as)
    response = client.post(f"/practices/{slug}/submit", data={})
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Your practice “Maker space for teen coders” is submitted for review" in page
    login_as("secretariat")
    response = client.post(f"/practices/{slug}/publish", data={})
    assert "“Maker space for teen coders” is published." in \
        client.get(response.headers["Location"]).get_data(as_text=True)


def test_other_actions_say_what_happened_too(app, client, login_as):
    from portal.auth.operations import create_account, request_role
    from portal.cities.queries import city_by_slug
    from tests.membership_helpers import open_call
    with app.test_request_context():
        call_id, columbus_id = open_call().id, city_by_slug("columbus").id
        person = create_account(name="Pat Person", email="pat@example.org", password="a long enough password")
        grant_id = request_role(person, role="practitioner", justification="I run the library's lab.",
                                city=city_by_slug("hume"), organisation="Hume Libraries").id
        db.session.commit()
    login_as("city_coordinator")
    response = client.post(f"/membership/calls/{call_id}/apply", data={"city": str(columbus_id)})
    assert "The application of Columbus is started as a draft." in \
        client.get(response.headers["Location"]).get_data(as_text=True)
    login_as("secretariat")
    response = client.post(f"/admin/role-requests/{grant_id}", data={"decision": "grant"})
    assert "Pat Person now holds the role: Practitioner" in \
        client.get(response.headers["Location"]).get_data(as_text=True)
