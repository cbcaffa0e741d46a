"""Each permission is checked by name inside the operation too, not only at the endpoint: an
operation called by anything else (a command, the demo loader, a future API) refuses the
person the rule refuses, with a reason they can read."""
import datetime as dt
import re
from pathlib import Path

import pytest
from sqlalchemy import select

from models.auth import GrantStatus, Role
from models.cities import City
from models.exchange import Adoption, Cluster
from models.membership import Call
from portal.auth import operations as accounts
from portal.domain_errors import NotAllowed
from portal.exchange import adoptions, clusters, discussions
from portal.extensions import db
from portal.membership import operations as membership
from portal.moderation import operations as moderation
from portal.permissions import RULES, allowed_actions, can, check
from portal.practices import queries as practices
from tests.membership_helpers import CALL_TEXTS

ROOT = Path(__file__).resolve().parent.parent
ADOPTION = {"kind": "adapted", "changes": "Held indoors.", "results": "More visitors.", "year": 2024}


def _city(slug):
    return db.session.scalar(select(City).filter_by(slug=slug))


def _coordinator_of(slug):
    user = accounts.create_account(name=f"{slug} coordinator", email=f"{slug}.coord@example.org",
                                   password="a long enough password", verified=True)
    accounts.grant_role(user, Role.city_coordinator, city=_city(slug))
    return user


@pytest.fixture
def hume_practice(make_practice):
    return make_practice(city="hume", title="Hume learning festival")


def test_a_coordinator_cannot_record_an_adoption_of_their_own_citys_practice(hume_practice, app_context):
    practice, hume = practices.practice_by_slug(hume_practice), _city("hume")
    with pytest.raises(NotAllowed, match="cannot adopt its own practice"):
        adoptions.record_adoption(practice, hume, ADOPTION, actor=_coordinator_of("hume"))
    assert db.session.scalar(select(Adoption.id).where(Adoption.practice_id == practice.id)) is None


def test_only_a_coordinator_of_the_adopting_city_records_its_adoption(hume_practice, app_context):
    practice = practices.practice_by_slug(hume_practice)
    with pytest.raises(NotAllowed, match="Only a coordinator of the city"):
        adoptions.record_adoption(practice, _city("espoo"), ADOPTION, actor=_coordinator_of("cork"))
    assert adoptions.record_adoption(practice, _city("espoo"), ADOPTION, actor=_coordinator_of("espoo"))


def test_the_adoption_form_offers_only_the_cities_the_rule_allows(hume_practice, app, client, login_as):
    with app.test_request_context():
        _coordinator_of("hume")
        db.session.commit()
    login_as("hume.coord@example.org")   # Hume's only city is the practice's own
    response = client.get(f"/practices/{hume_practice}/adoptions/new")
    assert response.status_code == 409


def test_a_non_staff_user_cannot_open_a_call(app_context, actors):
    before = db.session.scalar(select(db.func.count(Call.id)))
    for role in ("city_coordinator", "natcom_officer", "practitioner"):
        with pytest.raises(NotAllowed, match="secretariat opens calls"):
            membership.open_call(title="A call", opens_on=dt.date.today(),
                                 closes_on=dt.date.today() + dt.timedelta(days=30),
                                 actor=actors[role], texts=CALL_TEXTS)
    assert db.session.scalar(select(db.func.count(Call.id))) == before


def test_a_non_staff_user_cannot_decide_a_role_request(app_context, actors):
    grant = accounts.request_role(actors["practitioner"], role="natcom_officer", justification="I work there.",
                                  member_state=_city("hume").member_state)
    for role in ("city_coordinator", "natcom_officer", "practitioner"):
        with pytest.raises(NotAllowed, match="secretariat decides role requests"):
            accounts.decide_role(grant, grant_it=True, actor=actors[role])
    assert grant.status is GrantStatus.requested
    assert accounts.decide_role(grant, grant_it=False, actor=actors["secretariat"]).status is GrantStatus.refused


def test_only_a_coordinator_of_the_city_joins_or_leaves_a_cluster(app_context, actors):
    cluster = clusters.save_cluster(None, {"name_en": "Green", "name_zh": "绿色", "is_open": True}, [],
                                    actor=actors["secretariat"])
    espoo = _city("espoo")
    for actor in (_coordinator_of("hume"), actors["secretariat"], None):
        with pytest.raises(NotAllowed, match="Only a coordinator of the city"):
            clusters.join(cluster, espoo, actor=actor)
    clusters.join(cluster, espoo, actor=_coordinator_of("espoo"))
    with pytest.raises(NotAllowed):
        clusters.leave(cluster, espoo, actor=actors["city_coordinator"])
    assert [m.city_id for m in db.session.get(Cluster, cluster.id).memberships] == [espoo.id]


def test_the_secretariat_cannot_suspend_an_administrator_and_is_not_offered_to(app_context, actors):
    admin, secretariat = actors["administrator"], actors["secretariat"]
    assert not can(secretariat, "account.suspend", admin) and can(admin, "account.suspend", secretariat)
    with pytest.raises(NotAllowed, match="Only an administrator"):
        moderation.suspend_user(admin, actor=secretariat, reason="Testing.")
    assert not admin.is_suspended
    assert allowed_actions(secretariat, actors["practitioner"], "account.suspend", "account.reinstate") \
        == {"account.suspend"}


def test_only_the_secretariat_moderates_at_the_operation(hume_practice, app_context, actors):
    thread = discussions.ask_question(practices.practice_by_slug(hume_practice), "When?", "Which months?",
                                      actor=actors["practitioner"])
    post = thread.posts[0]
    with pytest.raises(NotAllowed, match="secretariat moderates"):
        moderation.hide_post(post, actor=actors["city_coordinator"])
    assert not post.is_hidden


def test_check_refuses_with_the_rules_reason_and_an_unknown_name_is_refused(app_context, actors):
    with pytest.raises(NotAllowed, match="secretariat configures clusters"):
        check(actors["practitioner"], "cluster.manage")
    with pytest.raises(NotAllowed):
        check(actors["administrator"], "no.such.permission")
    check(actors["secretariat"], "cluster.manage")   # allowed: returns quietly


NAMED = re.compile(r"""\b(?:can|check|require|allowed_actions)\((?:[^"'()]*?,\s*)?["']([a-z_]+\.[a-z_]+)["']""")


def test_every_permission_named_in_code_and_templates_is_a_rule():
    """`can` answers False for a name it does not know, so a typo would close a door quietly."""
    files = [*ROOT.glob("portal/**/*.py"), *ROOT.glob("templates/**/*.html")]
    named = {(path.relative_to(ROOT).as_posix(), name) for path in files
             for name in NAMED.findall(path.read_text(encoding="utf-8"))}
    assert len(named) > 40
    assert sorted((path, name) for path, name in named if name not in RULES) == []


def test_no_template_works_out_a_rule_from_roles_or_coordinated_cities():
    """Templates are told what the person may do (`can(...)`, or what the view hands them)."""
    pattern = re.compile(r"\b(?:coordinated_city_ids|natcom_state_ids|has_role|granted)\s*\(")
    found = {path.relative_to(ROOT).as_posix() for path in ROOT.glob("templates/**/*.html")
             if pattern.search(path.read_text(encoding="utf-8"))}
    assert found == set()
