"""The one workflow shape, tested at the operations: every transition of every table refuses
a person without its permission and a state it does not leave from (and then changes nothing
and records nothing); the author-only rule of practices; the turns of a peer-learning request;
audit actions named `<target>.<verb>`; the page offers what the operation allows."""
import datetime as dt

import pytest
from sqlalchemy import func, select

from models.audit import AuditEntry
from models.exchange import RequestState
from models.framework import Commitment
from models.membership import ApplicationState
from models.practices import Practice, PracticeStatus
from portal import audit
from portal.auth.operations import find_user_by_email
from portal.domain_errors import Conflict, Invalid, NotAllowed
from portal.exchange import peer_requests
from portal.exchange.workflow import WORKFLOW as REQUESTS
from portal.extensions import db
from portal.membership import operations as membership
from portal.membership.workflow import WORKFLOW as APPLICATIONS
from portal.practices import operations as practices
from portal.practices.workflow import WORKFLOW as PRACTICES
from tests.membership_helpers import city, complete_application
from tests.test_exchange_peers import ESPOO, HUME, coordinators  # noqa: F401  (a fixture)

SOON = dt.date.today() + dt.timedelta(days=30)
CASES = [(wf.target, t.name) for wf in (APPLICATIONS, PRACTICES, REQUESTS) for t in wf.transitions]


def _audit_count():
    return db.session.scalar(select(func.count(AuditEntry.id)))


def _ask(espoo, hume):
    return peer_requests.request_exchange(city("espoo"), city("hume"), {
        "format": "study_visit", "period_start": SOON, "period_end": SOON + dt.timedelta(days=3),
        "commitment": db.session.scalar(select(Commitment).where(Commitment.number == 3)), "practice": None,
        "message": "May we visit?"}, actor=espoo)


def _draft_by(author, make_practice, **options):
    practice = db.session.scalar(select(Practice).where(
        Practice.slug == make_practice(city="columbus", published=False, **options)))
    practice.author_id = author.id
    return practice


def _subject(kind, actors, make_practice):
    """An object of the workflow, the person entitled to act on it by each transition, a
    stranger to it, and the operation that takes a transition."""
    if kind == "application":
        coordinator = actors["city_coordinator"]
        entitled = {"submit": coordinator, "provide_info": coordinator, "withdraw": coordinator,
                    "return": actors["natcom_officer"], "decline": actors["natcom_officer"],
                    "endorse": actors["natcom_officer"]}
        return (complete_application(coordinator), lambda name: entitled.get(name, actors["secretariat"]),
                actors["practitioner"],
                lambda obj, name, actor: membership.transition_application(obj, name, actor=actor, comment="Why."))
    if kind == "practice":
        author = actors["practitioner"]
        return (_draft_by(author, make_practice), lambda name: author if name == "submit" else actors["secretariat"],
                actors["natcom_officer"],
                lambda obj, name, actor: practices.transition_practice(obj, name, actor=actor, comment="Why."))
    espoo, hume = find_user_by_email(ESPOO), find_user_by_email(HUME)
    operations = {
        "accept": lambda obj, actor: peer_requests.accept(obj, actor=actor),
        "decline": lambda obj, actor: peer_requests.decline(obj, actor=actor),
        "withdraw": lambda obj, actor: peer_requests.withdraw(obj, actor=actor),
        "propose_period": lambda obj, actor: peer_requests.propose_period(
            obj, SOON, SOON + dt.timedelta(days=1), actor=actor),
        "close": lambda obj, actor: peer_requests.close(obj, "We met.", public=False, actor=actor, today=SOON),
    }
    return (_ask(espoo, hume), lambda name: espoo if name == "withdraw" else hume, actors["secretariat"],
            lambda obj, name, actor: operations[name](obj, actor))


WORKFLOWS = {wf.target: wf for wf in (APPLICATIONS, PRACTICES, REQUESTS)}


@pytest.mark.parametrize("kind, name", CASES)
def test_each_transition_is_refused_at_the_operation_without_its_permission_or_source_state(
        app, app_context, actors, make_practice, coordinators, kind, name):  # noqa: F811
    workflow = WORKFLOWS[kind]
    transition = workflow[name]
    obj, entitled, stranger, take = _subject(kind, actors, make_practice)
    db.session.flush()
    before = _audit_count()
    with db.session.no_autoflush:
        setattr(obj, workflow.state, transition.sources[0])
        assert workflow.allows(obj, name, entitled(name)), "the table lets the entitled person do it"
        with pytest.raises(NotAllowed):
            take(obj, name, stranger)
        assert getattr(obj, workflow.state) is transition.sources[0]
        wrong = [state for state in type(transition.sources[0]) if state not in transition.sources]
        for state in wrong:
            setattr(obj, workflow.state, state)
            with pytest.raises(Conflict):
                take(obj, name, entitled(name))
            assert getattr(obj, workflow.state) is state
            assert transition not in workflow.available(obj, entitled(name))
        assert _audit_count() == before


# --- Practices: what only the author may do ----------------------------------------------

def test_only_its_author_submits_a_practice_even_someone_who_may_publish_it(app_context, actors, make_practice):
    author, coordinator = actors["practitioner"], actors["city_coordinator"]
    draft = _draft_by(author, make_practice)
    with pytest.raises(Conflict, match="cannot be submitted now"):
        practices.submit_practice(draft, actor=coordinator)
    with pytest.raises(Conflict, match="Only its author publishes a draft"):
        practices.publish_practice(draft, actor=coordinator)
    assert draft.status is PracticeStatus.draft
    assert [t.name for t in PRACTICES.available(draft, coordinator)] == ["delete"]
    assert "submit" in [t.name for t in PRACTICES.available(draft, author)]
    practices.submit_practice(draft, actor=author)
    assert draft.status is PracticeStatus.submitted


def test_returning_a_practice_needs_a_comment_at_the_operation(app_context, actors, make_practice):
    practice = db.session.scalar(select(Practice).where(
        Practice.slug == make_practice(city="columbus", published=False, submitted=True)))
    with pytest.raises(Invalid, match="the author will read it"):
        practices.return_practice(practice, actor=actors["secretariat"], comment="  ")
    assert practice.status is PracticeStatus.submitted
    practices.return_practice(practice, actor=actors["secretariat"], comment="Add the results.")
    assert practice.status is PracticeStatus.returned


# --- Peer-learning requests: whose turn it is -------------------------------------------

def test_only_the_city_that_must_answer_answers_and_only_the_asking_city_withdraws(
        app_context, actors, coordinators):  # noqa: F811
    espoo, hume = find_user_by_email(ESPOO), find_user_by_email(HUME)
    request = _ask(espoo, hume)
    assert [t.name for t in REQUESTS.available(request, hume)] == ["accept", "decline", "propose_period"]
    assert [t.name for t in REQUESTS.available(request, espoo)] == ["withdraw"]
    with pytest.raises(NotAllowed, match="other city is to answer"):
        peer_requests.accept(request, actor=espoo)
    with pytest.raises(NotAllowed, match="Only the asking city"):
        peer_requests.withdraw(request, actor=hume)

    peer_requests.propose_period(request, SOON, SOON + dt.timedelta(days=1), actor=hume)
    assert request.state is RequestState.counter_proposed and request.awaiting_city_id == city("espoo").id
    with pytest.raises(NotAllowed, match="other city is to answer"):
        peer_requests.accept(request, actor=hume)   # not its own proposal
    thread = peer_requests.accept(request, actor=espoo)
    assert request.state is RequestState.accepted and thread.request is request
    with pytest.raises(Conflict, match="already been answered"):
        peer_requests.withdraw(request, actor=espoo)
    with pytest.raises(NotAllowed):
        peer_requests.close(request, "We met.", public=False, actor=actors["secretariat"], today=SOON)
    peer_requests.close(request, "We met.", public=True, actor=hume, today=SOON)
    assert request.state is RequestState.closed and request.outcome_public
    assert [e.action for e in audit.timeline("peer_requests", request.id)] == [
        "peer_request.create", "peer_request.propose_period", "peer_request.accept", "peer_request.close"]


def test_the_request_page_offers_each_city_only_its_own_moves(app, client, login_as, coordinators):  # noqa: F811
    with app.test_request_context():
        request_id = _ask(find_user_by_email(ESPOO), find_user_by_email(HUME)).id
        db.session.commit()
    login_as(HUME)
    page = client.get(f"/exchanges/{request_id}").get_data(as_text=True)
    assert 'value="accept"' in page and "Propose this period" in page and 'value="withdraw"' not in page
    login_as(ESPOO)
    page = client.get(f"/exchanges/{request_id}").get_data(as_text=True)
    assert 'value="withdraw"' in page and 'value="accept"' not in page and "Propose this period" not in page


# --- Audit names ------------------------------------------------------------------------

def test_every_audit_entry_of_a_journey_is_named_target_dot_verb(app_context, actors, coordinators):  # noqa: F811
    coordinator, natcom = actors["city_coordinator"], actors["natcom_officer"]
    application = complete_application(coordinator)
    membership.transition_application(application, "submit", actor=coordinator)
    membership.transition_application(application, "endorse", actor=natcom)
    _ask(find_user_by_email(ESPOO), find_user_by_email(HUME))
    db.session.flush()
    entries = db.session.scalars(select(AuditEntry)).all()
    assert entries
    for entry in entries:
        target, _, verb = entry.action.partition(".")
        assert target == audit.singular(entry.target_type) and verb, entry.action
    assert [e.action for e in audit.timeline("applications", application.id)] == [
        "application.create", "application.save", "application.submit", "application.endorse"]
    assert APPLICATIONS.event_label("application.endorse") == APPLICATIONS["endorse"].event
    assert str(REQUESTS.event_label("peer_request.create")) == "Requested"


def test_an_audit_entry_in_another_shape_is_refused(app_context, actors):
    with pytest.raises(ValueError):
        audit.record(actors["secretariat"], "account_suspended", None)
    with pytest.raises(ValueError):
        audit.record(city("hume"), "practice.publish", None)


# --- The migration that renamed the entries --------------------------------------------

def test_the_migration_renames_old_audit_actions_and_back(databases, tmp_path):
    import sqlalchemy as sa
    from flask_migrate import downgrade, upgrade

    from tests.conftest import make_app
    before = "d07b34f64a94"
    old = [("peer_requests", "accepted"), ("threads", "question_asked"), ("practices", "practice.published"),
           ("role_grants", "role.refused"), ("users", "account_suspended"), ("applications", "application.submit"),
           ("cities", "accepted")]   # a bare name on another table is not a peer request's
    app = make_app(databases.template_url("before-audit-names"), tmp_path)
    with app.app_context():
        upgrade(revision=before)
        with db.engine.begin() as connection:
            for n, (target_type, action) in enumerate(old, start=1):
                connection.execute(sa.text(
                    "INSERT INTO audit_entries (target_type, target_id, action, changes, created_at)"
                    " VALUES (:t, :n, :a, '{}', :now)"),
                    {"t": target_type, "n": n, "a": action, "now": dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)})

        def actions():
            with db.engine.connect() as connection:
                query = sa.text("SELECT action FROM audit_entries ORDER BY target_id")
                return connection.execute(query).scalars().all()
        upgrade()
        assert actions() == ["peer_request.accept", "thread.ask", "practice.publish", "role_grant.refuse",
                             "user.suspend", "application.submit", "accepted"]
        downgrade(revision=before)
        assert actions() == [action for _, action in old]
        db.session.remove()
        db.engine.dispose()


def test_application_states_have_a_way_out_or_are_final():
    """Every state the table reaches is one it leaves from, or a decision."""
    final = {ApplicationState.declined, ApplicationState.admitted, ApplicationState.not_admitted,
             ApplicationState.withdrawn}
    leaving = {s for t in APPLICATIONS.transitions for s in t.sources}
    assert {t.target for t in APPLICATIONS.transitions} <= leaving | final
    assert not leaving & final
