"""Every route declares who may use it, and every role gets exactly that, route by route.

The expectations below are written out by hand from what each role is for, not derived
from portal/permissions.py, so a change to the table that lets the wrong people in fails."""
import pytest
from flask import url_for

from portal.exchange import discussions
from portal.extensions import db
from portal.membership import operations
from portal.permissions import ENDPOINT_PERMISSIONS, RULES
from portal.practices import queries as practices
from tests.conftest import ROLE_EMAILS
from tests.membership_helpers import complete_application, open_call

EVERYONE = {"anonymous", "city_coordinator", "natcom_officer", "practitioner", "data_officer",
            "secretariat", "administrator"}
SIGNED_IN = EVERYONE - {"anonymous"}
STAFF = {"secretariat", "administrator"}
# The sample application is Columbus's (coordinated by the demo coordinator, in the demo
# National Commission's Member State), returned for changes, so the city may edit it.
VIEWERS = {"city_coordinator", "natcom_officer"} | STAFF
DATA_TEAM = {"city_coordinator", "data_officer"}
DATA_READERS = DATA_TEAM | {"natcom_officer"} | STAFF
# The data entry routes whose sample is Columbus's (the other routes' city is Hume).
COLUMBUS_DATA = ("monitoring.city_data", "monitoring.data_year", "monitoring.focus_area_data",
                 "monitoring.data_history", "monitoring.save_focus_area", "monitoring.publish_year",
                 "monitoring.data_team", "monitoring.appoint_data_officer", "monitoring.remove_data_officer")

EXPECTED = {
    "static": EVERYONE, "home.index": EVERYONE, "home.about": EVERYONE, "health.healthz": EVERYONE,
    "framework.commitments": EVERYONE, "framework.commitment": EVERYONE,
    "framework.key_features": EVERYONE, "framework.key_feature": EVERYONE,
    "cities.city_list": EVERYONE, "cities.city_map": EVERYONE, "cities.city_profile": EVERYONE,
    "cities.member_states": EVERYONE, "cities.member_state": EVERYONE,
    "auth.signup": EVERYONE, "auth.login": EVERYONE, "auth.forgot_password": EVERYONE,
    "auth.reset_password": EVERYONE, "auth.logout": SIGNED_IN, "auth.account": SIGNED_IN,
    "auth.request_role": SIGNED_IN, "start.index": SIGNED_IN, "auth.notifications_page": SIGNED_IN,
    "auth.read_notifications": SIGNED_IN,
    "auth.signup_sent": EVERYONE, "auth.confirm_sign_up": EVERYONE,
    "auth.change_password": SIGNED_IN, "auth.end_other_sessions": SIGNED_IN,
    "auth.open_notification": SIGNED_IN,   # anyone's own; another's answers 404
    "admin.role_requests": STAFF, "admin.decide_role": STAFF, "admin.mail_outbox": STAFF,
    "membership.overview": EVERYONE, "membership.call": EVERYONE,
    "membership.new_call": STAFF,
    "membership.start_application": {"city_coordinator"},
    "membership.application": VIEWERS, "membership.letter": VIEWERS,
    "membership.transition": {"city_coordinator"},  # the sample action is "withdraw"
    "membership.edit_application": {"city_coordinator"},
    "membership.nominations": {"natcom_officer"},
    "membership.review_queue": STAFF, "membership.dashboard": STAFF,
    "membership.export_applications": STAFF,
    # The sample practice is a draft written by the demo librarian for Columbus.
    "practices.new_practice": {"city_coordinator", "practitioner"},
    "practices.practice": {"practitioner", "city_coordinator"} | STAFF,
    "practices.cover": {"practitioner", "city_coordinator"} | STAFF,
    "practices.edit_practice": {"practitioner", "city_coordinator"} | STAFF,
    "practices.transition": {"practitioner", "city_coordinator"} | STAFF,  # action: delete
    "practices.review_queue": {"city_coordinator"} | STAFF,
    "practices.mine": SIGNED_IN,
    "practices.versions_list": {"practitioner", "city_coordinator"} | STAFF,
    "practices.version": {"practitioner", "city_coordinator"} | STAFF,  # (404: it has none yet)
    "practices.revise": set(),     # only the author revises (the sample published one has none)
    "practices.guide": EVERYONE,
    "practices.feed": EVERYONE, "practices.commitment_feed": EVERYONE,
    "search.search": EVERYONE, "search.practices": EVERYONE,
    "api.practices_list": EVERYONE, "api.practice": EVERYONE, "api.openapi": EVERYONE,
    "open_data.page": EVERYONE, "open_data.practices_jsonl": EVERYONE,
    "auth.notification_settings": SIGNED_IN,
    # The sample thread is a public question of the demo National Commission officer on a
    # published practice of Hume; the sample post is the demo librarian's reply to it.
    "exchange.ask_question": SIGNED_IN, "exchange.thread": EVERYONE, "exchange.reply": SIGNED_IN,
    "exchange.mark_answer": {"natcom_officer"},
    "exchange.report_post": SIGNED_IN - {"practitioner"},
    "exchange.add_participant": set(),   # only in private threads, by their participants
    "moderation.queue": STAFF, "moderation.decide_post": STAFF, "moderation.suspend": STAFF,
    "api.thread": EVERYONE,
    # Published city data only: the open API never shows a draft (tests/test_api_indicators.py).
    "api.indicators": EVERYONE, "api.indicator": EVERYONE, "api.city_indicators": EVERYONE,
    # The sample peer-learning request goes from Columbus (the demo coordinator's city) to Hume:
    # only the two cities' coordinators see it, not the secretariat.
    "exchange.request_exchange": {"city_coordinator"}, "exchange.dashboard": {"city_coordinator"},
    "exchange.peer_request": {"city_coordinator"}, "exchange.answer_request": {"city_coordinator"},
    "exchange.propose_period": {"city_coordinator"}, "exchange.close_request": {"city_coordinator"},
    "exchange.record_adoption": {"city_coordinator"}, "exchange.transfers": EVERYONE,
    # The sample cluster has no member city yet: only the secretariat may discuss in it.
    "exchange.clusters_list": EVERYONE, "exchange.cluster": EVERYONE,
    "exchange.new_cluster": STAFF, "exchange.edit_cluster": STAFF,
    "exchange.cluster_membership": {"city_coordinator"}, "exchange.start_discussion": STAFF,
    # The indicators' CSV. The sample year of Columbus is a draft: its template is for the city's
    # team, its National Commission and the secretariat; its upload for the team only.
    "monitoring.indicators_csv": EVERYONE, "monitoring.city_indicators_csv": EVERYONE,
    "monitoring.csv_template": {"city_coordinator", "data_officer", "natcom_officer"} | STAFF,
    "monitoring.csv_upload": {"city_coordinator", "data_officer"},
    # Monitoring. The self-assessment and the reports page are Columbus's (its team, its National
    # Commission, the secretariat); the sample report is a draft of Hume (a member): only the
    # secretariat sees it, and only Hume's coordinators (none of the demo roles) write it.
    "monitoring.self_assessment": {"city_coordinator", "data_officer", "natcom_officer"} | STAFF,
    "monitoring.city_reports": {"city_coordinator", "data_officer", "natcom_officer"} | STAFF,
    "monitoring.cycles": STAFF, "monitoring.new_cycle": STAFF, "monitoring.reports_overview": STAFF,
    "monitoring.start_report": set(), "monitoring.edit_report": set(),
    "monitoring.report": STAFF, "monitoring.print_report": STAFF,
    "monitoring.report_transition": STAFF,   # accept: a draft cannot be accepted (409)
    # Published data only: Columbus's draft (in the sample) shows on none of these.
    "monitoring.key_features_profile": EVERYONE, "monitoring.measurement_point": EVERYONE,
    "monitoring.coverage": STAFF,
    # The sample data set is a draft of Columbus for 2024: its team enters it; its National
    # Commission and the secretariat read it; nobody else sees it.
    "monitoring.city_data": DATA_READERS, "monitoring.data_year": DATA_READERS,
    "monitoring.focus_area_data": DATA_READERS, "monitoring.data_history": DATA_READERS,
    "monitoring.save_focus_area": DATA_TEAM, "monitoring.publish_year": DATA_TEAM,
    "monitoring.data_team": {"city_coordinator"}, "monitoring.appoint_data_officer": {"city_coordinator"},
    "monitoring.remove_data_officer": {"city_coordinator"},
}


def test_every_endpoint_declares_its_permission(app):
    undeclared = sorted({rule.endpoint for rule in app.url_map.iter_rules()}
                        - set(ENDPOINT_PERMISSIONS))
    assert undeclared == [], f"add these endpoints to portal/permissions.py: {undeclared}"


def test_every_declared_permission_has_a_rule_and_an_expectation(app):
    assert set(ENDPOINT_PERMISSIONS.values()) <= set(RULES)
    routed = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert set(ENDPOINT_PERMISSIONS) == routed
    assert set(EXPECTED) == routed, "write the expected roles of new endpoints in this test"


@pytest.fixture
def sample(app, make_practice):
    """URL values for every rule, pointing at objects the demo roles relate to."""
    from portal.auth.operations import find_user_by_email
    with app.test_request_context():
        coordinator = find_user_by_email(ROLE_EMAILS["city_coordinator"])
        natcom = find_user_by_email(ROLE_EMAILS["natcom_officer"])
        application = complete_application(coordinator)
        operations.transition_application(application, "submit", actor=coordinator)
        operations.transition_application(application, "return", actor=natcom, comment="More.")
        db.session.commit()
        grant_id = coordinator.grants[0].id
        practitioner = find_user_by_email(ROLE_EMAILS["practitioner"])
        practice = _draft_with_cover(practitioner)
        published = practices.practice_by_slug(make_practice(title="Sample published practice"))
        thread = discussions.ask_question(published, "How did you start?", "Tell us more.", actor=natcom)
        reply = discussions.reply(thread, "With a pilot.", actor=practitioner)
        db.session.commit()
        peer_request = _sample_request(coordinator)
        notification_id = _sample_notification(practitioner)
        year = _sample_draft_data_set()
        cycle, report = _sample_report()
        _sample_draft_data()
        data_grant_id = _sample_data_set(coordinator)
        return {"year": year, "focus_area_code": "1.1", "data_grant_id": data_grant_id,
                "notification_id": notification_id, "thread_id": thread.id, "post_id": reply.id,
                "user_id": practitioner.id, "request_id": peer_request.id, "slug_cluster": "literacy",
                "slug_published": published.slug,"number": 1, "code": "1.1.1", "slug": "hume", "iso": "AU",
                "filename": "css/portal.css", "call_id": open_call().id,
                "application_id": application.id, "action": "withdraw", "grant_id": grant_id,
                "token": "not-a-valid-token", "slug_practice": practice.slug,
                "cycle_id": cycle.id, "report_id": report.id, "key": "adult-literacy-rate",
                "point_key": "adult-literacy-rate"}


def _arguments(rule, sample):
    values = {a: sample[a] for a in rule.arguments}
    if rule.endpoint.startswith(("practices.", "api.practice")) and "slug" in values:
        values["slug"] = sample["slug_practice"]
    if rule.endpoint in ("exchange.cluster", "exchange.edit_cluster", "exchange.cluster_membership",
                         "exchange.start_discussion"):
        values["slug"] = sample["slug_cluster"]
    if rule.endpoint in ("exchange.ask_question", "exchange.record_adoption", "practices.revise"):
        values["slug"] = sample["slug_published"]
    if rule.endpoint.startswith("monitoring.") and "slug" in values and rule.endpoint != "monitoring.start_report":
        values["slug"] = "columbus"   # the city of the demo coordinator and data officer
    if rule.endpoint == "practices.transition":
        values["action"] = "delete"
    if rule.endpoint == "monitoring.report_transition":
        values["action"] = "accept"
    if rule.endpoint in COLUMBUS_DATA:
        values["slug"] = "columbus"
    if rule.endpoint == "monitoring.remove_data_officer":
        values["grant_id"] = sample["data_grant_id"]
    return values


def _sample_report():
    """A reporting cycle and a draft progress report of Hume, a member city."""
    import datetime as dt

    from portal.auth.operations import find_user_by_email
    from portal.cities.queries import city_by_slug
    from portal.monitoring import reports
    cycle = reports.open_cycle(title="Sample cycle", period_start=2023, period_end=2024,
                               deadline=dt.date.today() + dt.timedelta(days=60),
                               actor=find_user_by_email(ROLE_EMAILS["secretariat"]))
    report = reports.start_report(cycle, city_by_slug("hume"), actor=find_user_by_email("hume@demo.example.org"))
    db.session.commit()
    return cycle, report


def _sample_request(coordinator):
    import datetime as dt

    from models.exchange import ExchangeFormat, PeerRequest
    from portal.cities.queries import city_by_slug
    from portal.framework.queries import commitment_by_number
    columbus, hume = city_by_slug("columbus"), city_by_slug("hume")
    found = PeerRequest(from_city=columbus, to_city=hume, awaiting_city=hume, commitment=commitment_by_number(3),
                        format=ExchangeFormat.online_call, period_start=dt.date(2030, 1, 1),
                        period_end=dt.date(2030, 1, 31), message="May we learn from you?", created_by=coordinator)
    db.session.add(found)
    db.session.commit()
    return found


def _sample_draft_data_set():
    """A draft year of Columbus's data (one value), as its data officer would have entered it."""
    from portal.cities.queries import city_by_slug
    from portal.monitoring.data_entry import Entry, save_values
    save_values([Entry(city_by_slug("columbus"), 2024, "voter-participation",
                       fields={"value": 61, "source": "official"})], actor=None, by_command_line=True)
    db.session.commit()
    return 2024


def _sample_notification(user):
    from models.notifications import Notification
    notification = Notification(user=user, kind="role.granted", params={"role": "practitioner"},
                                link="/account")
    db.session.add(notification)
    db.session.commit()
    return notification.id


def _sample_draft_data():
    """A draft value of Columbus (seen beside its application by its team, its National
    Commission and the secretariat; on no public page)."""
    from tests.monitoring_data import publish
    publish({("columbus", "adult-literacy-rate", 2023): 99.5}, publish=False)
def _sample_data_set(coordinator):
    """A draft data set of Columbus for 2024 with one value; the id of the demo data officer's role."""
    from models.auth import Role
    from portal.auth.operations import find_user_by_email
    from portal.cities.queries import city_by_slug
    from portal.monitoring.data_entry import Entry, save_values
    save_values([Entry(city=city_by_slug("columbus"), year=2024, point_key="adult-literacy-rate",
                       fields={"value": 97, "source": "official"})], actor=coordinator)
    db.session.commit()
    officer = find_user_by_email(ROLE_EMAILS["data_officer"])
    return next(g.id for g in officer.grants if g.role is Role.data_officer)


def _draft_with_cover(author):
    """A draft practice of the demo librarian (Columbus), with a cover image."""
    from portal.cities.queries import city_by_slug
    from portal.practices import operations as practices
    from tests.images import picture
    png = picture()
    practice = practices.create_practice(
        {"title": "Sample draft", "summary": "A draft.", "language": "en",
         "city": city_by_slug("columbus"), "commitments": [7]},
        actor=author, cover=("cover.png", png, "A sample picture"))
    db.session.commit()
    return practice


# What an allowed role gets from the sample request (a GET, or a POST without a form):
# 200 unless said here. A redirect is (302, where to). A role not allowed gets 403, or the
# sign-in page when signed out, whatever the route.
ANSWERS = {
    "api.practice": 404, "practices.version": 404,   # the sample is a draft: not in the API, no version yet
    "open_data.practices_jsonl": 404,                # not built yet in a fresh instance
    "auth.confirm_sign_up": 400, "auth.reset_password": 400,  # the sample token is not valid
    "auth.logout": (302, "/"), "auth.end_other_sessions": (302, "/account"),
    "auth.read_notifications": (302, "/account/notifications"),
    "auth.open_notification": {"practitioner": (303, "/account")},  # another's: 404
    "exchange.mark_answer": (302, "/threads/{thread_id}#post-{post_id}"),
    # A POST without the form's fields is refused with a reason.
    "admin.decide_role": 400, "auth.request_role": 400, "exchange.answer_request": 400,
    "exchange.close_request": 400, "exchange.propose_period": 400, "exchange.cluster_membership": 400,
    "exchange.reply": 400, "exchange.start_discussion": 400, "membership.start_application": 400,
    "moderation.decide_post": 400, "moderation.suspend": 400, "monitoring.appoint_data_officer": 400,
    # Saving a focus area with nothing in the form changes nothing; publishing and removing go back.
    "monitoring.save_focus_area": (302, "/cities/columbus/data/2024/1.1"),
    "monitoring.publish_year": (302, "/cities/columbus/data/2024"),
    "monitoring.remove_data_officer": (302, "/cities/columbus/data/team"),
    # Columbus is not a member city: it cannot ask for an exchange or record an adoption yet.
    "exchange.request_exchange": 409, "exchange.record_adoption": 409,
    "monitoring.report_transition": 409,
    # membership.transition (withdraw) and practices.transition (delete) ask first: 200.
}
OTHERS_OPEN_NOTIFICATION = 404


def expected_answer(endpoint, role, sample):
    if role not in EXPECTED[endpoint]:
        return (302, "/login") if role == "anonymous" else 403
    answer = ANSWERS.get(endpoint, 200)
    if isinstance(answer, dict):
        answer = answer.get(role, OTHERS_OPEN_NOTIFICATION)
    if isinstance(answer, tuple):
        return answer[0], answer[1].format(**sample)
    return answer


def answer_of(response):
    if response.status_code in (301, 302, 303):
        return response.status_code, response.headers["Location"].split("?")[0]
    return response.status_code


@pytest.mark.parametrize("role", sorted(EVERYONE))
def test_each_role_gets_exactly_what_it_should_on_every_route(app, client, login_as, sample, role):
    with app.test_request_context():
        requests = [(rule.endpoint, "POST" if "POST" in rule.methods and "GET" not in rule.methods
                     else "GET", url_for(rule.endpoint, **_arguments(rule, sample)))
                    for rule in app.url_map.iter_rules()]
    wrong = []
    # Reads first: the writes (withdraw, sign out) change what follows.
    for endpoint, method, url in sorted(requests, key=lambda r: r[1] == "POST"):
        login_as(None if role == "anonymous" else role)  # again: the walk signs out once
        got, wanted = answer_of(client.open(url, method=method)), expected_answer(endpoint, role, sample)
        if got != wanted:
            wrong.append(f"{role} {method} {url} ({endpoint}): {got}, expected {wanted}")
    assert wrong == [], "\n".join(wrong)
