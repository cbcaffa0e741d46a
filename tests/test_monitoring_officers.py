"""Data officers: a city's coordinator appoints and removes them (portal/monitoring/officers.py);
the role can also be requested and granted by the secretariat. Tested at the operations, then
through the role request pages."""
import pytest
from sqlalchemy import select

from models.audit import AuditEntry
from models.auth import GrantStatus, Role, RoleGrant
from models.notifications import Notification
from portal.auth.operations import create_account, decide_role, find_user_by_email, request_role
from portal.cities.queries import city_by_slug
from portal.domain_errors import Conflict, InvalidFields, NotAllowed
from portal.extensions import db
from portal.monitoring.data_entry import Entry, save_values
from portal.monitoring.officers import appoint_data_officer, data_officers, remove_data_officer


@pytest.fixture
def columbus(app_context):
    return city_by_slug("columbus")


@pytest.fixture
def person(app_context):
    return create_account(name="Dana Data", email="dana@example.org", password="a long password")


def a_value(city, value=80):
    return Entry(city=city, year=2024, point_key="adult-literacy-rate", fields={"value": value, "source": "official"},
                 where="adult-literacy-rate[]")


def test_the_coordinator_appoints_a_data_officer_who_can_then_save_values(actors, columbus, person):
    with pytest.raises(NotAllowed):
        save_values([a_value(columbus)], actor=person)
    grant = appoint_data_officer(columbus, " Dana@Example.org ", actor=actors["city_coordinator"])
    assert (grant.role, grant.status, grant.city, grant.decided_by) == (
        Role.data_officer, GrantStatus.granted, columbus, actors["city_coordinator"])
    assert person.id in [g.user_id for g in data_officers(columbus)]
    assert db.session.scalar(select(AuditEntry.action).where(
        AuditEntry.target_type == "role_grants", AuditEntry.target_id == grant.id)) == "role_grant.grant"
    told = db.session.scalar(select(Notification).where(Notification.user_id == person.id))
    assert told.kind == "role.appointed" and told.link == "/cities/columbus/data"
    assert save_values([a_value(columbus)], actor=person).added == 1


@pytest.mark.parametrize("role", ["data_officer", "natcom_officer", "practitioner", "secretariat"])
def test_only_a_coordinator_of_the_city_appoints(actors, columbus, person, role):
    with pytest.raises(NotAllowed, match="Only a coordinator of the city"):
        appoint_data_officer(columbus, person.email, actor=actors[role])
    hume = city_by_slug("hume")
    with pytest.raises(NotAllowed):     # Columbus's coordinator cannot appoint for Hume
        appoint_data_officer(hume, person.email, actor=actors["city_coordinator"])
    assert data_officers(hume) == []


def test_an_unknown_address_is_refused_with_a_reason(actors, columbus):
    with pytest.raises(InvalidFields) as refused:
        appoint_data_officer(columbus, "nobody@example.org", actor=actors["city_coordinator"])
    assert refused.value.problems[0].field == "email"
    assert "No account uses the address nobody@example.org" in refused.value.message
    assert db.session.scalars(select(RoleGrant).where(RoleGrant.justification.like("Appointed%"))).all() == []


def test_appointing_twice_is_a_conflict(actors, columbus, person):
    appoint_data_officer(columbus, person.email, actor=actors["city_coordinator"])
    with pytest.raises(Conflict, match="already a data officer"):
        appoint_data_officer(columbus, person.email, actor=actors["city_coordinator"])


def test_a_removed_officer_can_no_longer_save_values(actors, columbus):
    officer = actors["data_officer"]
    grant = next(g for g in data_officers(columbus) if g.user_id == officer.id)
    save_values([a_value(columbus)], actor=officer)
    with pytest.raises(NotAllowed):
        remove_data_officer(grant, actor=officer)     # an officer cannot remove (themselves or others)
    remove_data_officer(grant, actor=actors["city_coordinator"])
    assert grant.status is GrantStatus.revoked
    assert db.session.scalar(select(AuditEntry.action).where(
        AuditEntry.target_type == "role_grants", AuditEntry.target_id == grant.id)
        .order_by(AuditEntry.id.desc())) == "role_grant.revoke"
    assert db.session.scalar(select(Notification.kind).where(Notification.user_id == officer.id)) == "role.removed"
    with pytest.raises(NotAllowed):
        save_values([a_value(columbus, 81)], actor=officer)
    with pytest.raises(Conflict):
        remove_data_officer(grant, actor=actors["city_coordinator"])


def test_a_coordinators_role_is_not_removed_as_a_data_officers(actors, columbus):
    coordinator = actors["city_coordinator"]
    own = next(g for g in coordinator.grants if g.role is Role.city_coordinator)
    with pytest.raises(Conflict, match="not a data officer"):
        remove_data_officer(own, actor=coordinator)
    assert own.status is GrantStatus.granted


def test_appointing_grants_a_pending_request_for_the_role(actors, columbus, person):
    asked = request_role(person, role="data_officer", justification="I run the city's statistics.", city=columbus)
    grant = appoint_data_officer(columbus, person.email, actor=actors["city_coordinator"])
    assert grant is asked and grant.status is GrantStatus.granted


def test_the_role_is_requested_and_granted_by_the_secretariat(actors, columbus, person):
    grant = request_role(person, role="data_officer", justification="I run the city's statistics.", city=columbus)
    decide_role(grant, grant_it=True, actor=actors["secretariat"])
    assert save_values([a_value(columbus)], actor=person).added == 1


def test_the_role_request_pages_give_a_data_officer_role(app, client, login_as):
    with app.app_context():
        create_account(name="Dana Data", email="dana@example.org", password="a long password")
        columbus_id = city_by_slug("columbus").id
        db.session.commit()
    login_as("dana@example.org")
    assert client.post("/account/roles", data={"role": "data_officer", "city": str(columbus_id),
                                               "justification": "I run the city's statistics."}).status_code == 302
    with app.app_context():
        grant_id = db.session.scalar(select(RoleGrant.id).where(RoleGrant.role == Role.data_officer,
                                                                RoleGrant.status == GrantStatus.requested))
    login_as("secretariat")
    assert client.post(f"/admin/role-requests/{grant_id}", data={"decision": "grant"}).status_code == 302
    login_as("dana@example.org")
    assert client.get("/cities/columbus/data/2024/1.1").status_code == 200
    saved = client.post("/cities/columbus/data/2024/1.1/save", data={"adult-literacy-rate[].value": "91",
                                                                 "adult-literacy-rate.source": "official"})
    assert saved.status_code == 302
    with app.app_context():
        assert find_user_by_email("dana@example.org").data_team_city_ids() == {columbus_id}
