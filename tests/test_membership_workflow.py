"""The membership workflow's rules, tested on the operations themselves."""
import datetime as dt

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from models.auth import Role
from models.membership import Application, Nomination
from models.membership import ApplicationState as S
from models.notifications import Notification, OutgoingMail
from portal import audit
from portal.auth import operations as accounts
from portal.domain_errors import Conflict, Invalid, NotAllowed
from portal.extensions import db
from portal.membership import operations
from portal.membership.rules import count_words
from tests.membership_helpers import city, complete_application, new_call, open_call

pytestmark = pytest.mark.usefixtures("app_context")


def act(application, action, actor, comment=None, **kwargs):
    return operations.transition_application(application, action, actor=actor, comment=comment, **kwargs)


def notifications_of(user):
    return db.session.scalars(select(Notification).where(Notification.user_id == user.id)).all()


def test_the_whole_journey_from_draft_to_member(actors):
    coordinator, natcom, staff = actors["city_coordinator"], actors["natcom_officer"], actors["secretariat"]
    application = complete_application(coordinator)
    assert application.state is S.draft

    act(application, "submit", coordinator)
    assert application.state is S.submitted and application.submitted_at is not None
    assert any(n.kind == "application.submitted" for n in notifications_of(natcom))
    assert db.session.scalar(select(func.count(OutgoingMail.id))
                             .where(OutgoingMail.recipient == natcom.email)) == 1

    act(application, "return", natcom, "Please add the 2025 figures.")
    assert application.state is S.returned
    assert any(n.kind == "application.returned" for n in notifications_of(coordinator))

    act(application, "submit", coordinator)
    act(application, "endorse", natcom)
    assert application.state is S.endorsed
    # slot 1: the first of its Member State's three
    assert application.endorsed_by_id == natcom.id and application.nomination.slot == 1

    act(application, "start_review", staff)
    act(application, "admit", staff, "Welcome to the network.")
    assert application.state is S.admitted
    assert application.city.member_since == dt.date.today()

    actions = [e.action for e in audit.timeline("applications", application.id)]
    assert actions[0] == "application.create"
    assert actions[-6:] == ["application.submit", "application.return", "application.submit",
                            "application.endorse", "application.start_review", "application.admit"]
    returned = next(e for e in audit.timeline("applications", application.id)
                    if e.action == "application.return")
    assert returned.actor_id == natcom.id and returned.comment == "Please add the 2025 figures."


def test_more_information_loop_and_refusal_with_reasons(actors):
    coordinator, natcom, staff = actors["city_coordinator"], actors["natcom_officer"], actors["secretariat"]
    application = complete_application(coordinator)
    for step, actor in (("submit", coordinator), ("endorse", natcom), ("start_review", staff)):
        act(application, step, actor)
    act(application, "request_info", staff, "How is the plan funded?")
    assert application.state is S.info_requested
    operations.save_application(application, {"motivation": "Updated motivation."}, actor=coordinator)
    act(application, "provide_info", coordinator, "The council funds it until 2030.")
    assert application.state is S.under_review
    with pytest.raises(Invalid):
        act(application, "reject", staff)  # reasons are required
    act(application, "reject", staff, "No city-wide strategy yet.")
    assert application.state is S.not_admitted and application.decision_reason == "No city-wide strategy yet."
    assert application.city.member_since is None


@pytest.mark.parametrize("role,action", [
    ("natcom_officer", "submit"), ("practitioner", "submit"), ("secretariat", "endorse"),
    ("city_coordinator", "endorse"), ("city_coordinator", "decline"),
])
def test_only_the_named_role_may_make_a_transition(actors, role, action):
    application = complete_application(actors["city_coordinator"])
    if action != "submit":
        act(application, "submit", actors["city_coordinator"])
    with pytest.raises(NotAllowed):
        act(application, action, actors[role])


def test_a_national_commission_acts_only_for_its_own_member_state(actors):
    durban = db.session.scalar(select(Application).join(Application.city)
                               .where(Application.state == S.submitted,
                                      Application.city.has(slug="durban")))
    with pytest.raises(NotAllowed):
        act(durban, "endorse", actors["natcom_officer"])  # the US officer, a South African city
    assert durban.state is S.submitted


def test_the_quota_refuses_an_endorsement_too_many(actors):
    staff, natcom = actors["secretariat"], actors["natcom_officer"]
    call = new_call(staff, nomination_quota=1)
    first = _submitted_us_application(call, "columbus", natcom)
    second = _submitted_us_application(call, "boston", natcom)
    act(first, "endorse", natcom)
    with pytest.raises(Conflict, match="quota"):
        act(second, "endorse", natcom)
    assert second.state is S.submitted


def test_withdrawing_an_endorsed_application_gives_the_nomination_back(actors):
    staff, natcom = actors["secretariat"], actors["natcom_officer"]
    call = new_call(staff, nomination_quota=1)
    first = _submitted_us_application(call, "columbus", natcom)
    second = _submitted_us_application(call, "boston", natcom)
    act(first, "endorse", natcom)
    coordinator = accounts.users_with_role(Role.city_coordinator, city_id=first.city_id)[0]
    act(first, "withdraw", coordinator)
    assert db.session.scalar(select(func.count(Nomination.id))) == \
        db.session.scalar(select(func.count(Nomination.id)).where(Nomination.call_id != call.id))
    act(second, "endorse", natcom)
    assert second.state is S.endorsed


def _submitted_us_application(call, slug, natcom):
    """A submitted application of a US city in `call` (Boston is created for the test)."""
    from models.cities import City
    found = city(slug)
    if found is None:
        found = City(slug=slug, name_en=slug.title(), name_zh=slug, member_state_id=city("columbus").member_state_id)
        db.session.add(found)
        db.session.flush()
    coordinator = accounts.users_with_role(Role.city_coordinator, city_id=found.id)
    coordinator = coordinator[0] if coordinator else _new_coordinator(found)
    application = complete_application(coordinator, slug, call=call)
    act(application, "submit", coordinator)
    return application


def _new_coordinator(found):
    user = accounts.create_account(name=f"Coordinator {found.slug}", email=f"c-{found.slug}@test.example",
                            password="long enough password")
    accounts.grant_role(user, Role.city_coordinator, city=found)
    return user


def test_no_submission_after_the_call_closes(actors):
    coordinator = actors["city_coordinator"]
    application = complete_application(coordinator)
    closing = application.call.closes_on
    with pytest.raises(Conflict, match="closed"):
        act(application, "submit", coordinator, on=closing + dt.timedelta(days=1))
    act(application, "submit", coordinator, on=closing)  # the last day still counts
    assert application.state is S.submitted


def test_a_call_that_is_not_open_takes_no_new_application(actors):
    staff = actors["secretariat"]
    call = new_call(staff, opens_on=dt.date.today() + dt.timedelta(days=3),
                    closes_on=dt.date.today() + dt.timedelta(days=30))
    with pytest.raises(Conflict, match="not open"):
        operations.start_application(call, city("columbus"), actor=actors["city_coordinator"])


def test_one_application_per_city_and_call_and_none_for_members(actors):
    coordinator = actors["city_coordinator"]
    application = complete_application(coordinator)
    with pytest.raises(Conflict, match="already has an application"):
        operations.start_application(open_call(), city("columbus"), actor=coordinator)
    act(application, "withdraw", coordinator)
    again = operations.start_application(open_call(), city("columbus"), actor=coordinator)
    assert again.id != application.id and again.state is S.draft and again.city.slug == "columbus"

    hume = city("hume")
    accounts.grant_role(coordinator, Role.city_coordinator, city=hume)
    with pytest.raises(Conflict, match="already a member"):
        operations.start_application(open_call(), hume, actor=coordinator)


def test_the_database_refuses_a_second_live_application_for_the_same_call():
    columbus = city("columbus")
    for _ in range(2):
        db.session.add(Application(call=open_call(), city=columbus, created_by_id=1))
    with pytest.raises(IntegrityError):
        db.session.flush()


def test_the_database_ties_the_endorsed_state_to_its_endorser(actors):
    application = complete_application(actors["city_coordinator"])
    application.state = S.endorsed
    application.submitted_at = dt.datetime.now(dt.timezone.utc)
    with pytest.raises(IntegrityError):
        db.session.flush()


def test_an_incomplete_application_cannot_be_submitted_and_says_what_is_missing(actors):
    coordinator = actors["city_coordinator"]
    application = operations.start_application(open_call(), city("columbus"), actor=coordinator)
    with pytest.raises(Invalid) as error:
        act(application, "submit", coordinator)
    assert "the mayor's signed letter" in error.value.message
    assert "a rating for each of the 12 commitments" in error.value.message
    assert application.state is S.draft


@pytest.mark.parametrize("field", ["motivation", "implementation"])
def test_at_most_200_words(actors, field):
    coordinator = actors["city_coordinator"]
    application = operations.start_application(open_call(), city("columbus"), actor=coordinator)
    with pytest.raises(Invalid, match="201 words"):
        operations.save_application(application, {field: "word " * 201}, actor=coordinator)
    operations.save_application(application, {field: "word " * 200}, actor=coordinator)
    assert count_words(getattr(application, field)) == 200


def test_chinese_text_counts_two_characters_as_a_word():
    assert count_words("学习型城市 learning city") == 5   # 5 characters: 3 words, rounded up
    assert count_words("城" * 400) == 200                # a 200-word answer holds 400 characters


def test_the_letter_must_really_be_a_pdf_of_limited_size(actors):
    coordinator = actors["city_coordinator"]
    application = operations.start_application(open_call(), city("columbus"), actor=coordinator)
    with pytest.raises(Invalid, match="PDF"):
        operations.save_application(application, {}, actor=coordinator,
                                    letter=("letter.pdf", b"MZ\x90\x00 not a pdf at all"))
    too_big = b"%PDF-1.4\n" + b"0" * (2 * 1024 * 1024) + b"\n%%EOF\n"
    with pytest.raises(Invalid, match="limit is 2 MB"):
        operations.save_application(application, {}, actor=coordinator, letter=("big.pdf", too_big))
    assert application.letter_path is None


def test_ratings_and_languages_are_checked(actors):
    coordinator = actors["city_coordinator"]
    application = operations.start_application(open_call(), city("columbus"), actor=coordinator)
    with pytest.raises(Invalid):
        operations.save_application(application, {"challenges": {3: 9}}, actor=coordinator)
    with pytest.raises(Invalid):
        operations.save_application(application, {"communication_language": "xx"}, actor=coordinator)


def test_the_coordinator_cannot_edit_while_the_commission_decides(actors):
    coordinator = actors["city_coordinator"]
    application = complete_application(coordinator)
    act(application, "submit", coordinator)
    with pytest.raises(NotAllowed):
        operations.save_application(application, {"motivation": "changed"}, actor=coordinator)


def test_a_decided_application_takes_no_more_transitions(actors):
    sorocaba = db.session.scalar(select(Application).where(Application.state == S.admitted))
    with pytest.raises(Conflict):
        act(sorocaba, "withdraw", actors["secretariat"])
