"""Reads for the membership area; list pages run a fixed number of queries."""
import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from models.cities import City, MemberState, Region
from models.membership import Application, ApplicationState, Call, Nomination
from portal.extensions import db

S = ApplicationState
REVIEW_STATES = (S.endorsed, S.under_review, S.info_requested)
VISIBLE_TO_NATCOM = tuple(s for s in S if s is not S.draft)


def _with_city():
    return selectinload(Application.city).selectinload(City.member_state).selectinload(MemberState.region)


def calls():
    return db.session.scalars(select(Call).order_by(Call.opens_on.desc(), Call.id.desc())).all()


def open_calls(on):
    return db.session.scalars(select(Call).where(Call.opens_on <= on, Call.closes_on >= on)
                              .order_by(Call.closes_on)).all()


def call_by_id(call_id):
    return db.session.get(Call, call_id)


def _live(query):
    """A city has at most one application per call that is not withdrawn."""
    return query.where(Application.state != S.withdrawn)


def live_application(call, city):
    return db.session.scalar(_live(select(Application).where(
        Application.call_id == call.id, Application.city_id == city.id)))


def calls_open_to(cities, today):
    """{city id: the open calls it may still apply to} for cities that are not members."""
    calls = open_calls(today)
    waiting = [c for c in cities if not c.is_member]
    if not calls or not waiting:
        return {c.id: [] for c in cities}
    taken = set(db.session.execute(_live(select(Application.city_id, Application.call_id).where(
        Application.city_id.in_([c.id for c in waiting]),
        Application.call_id.in_([c.id for c in calls])))).all())
    return {c.id: [call for call in calls if not c.is_member and (c.id, call.id) not in taken]
            for c in cities}


def application_by_id(application_id):
    return db.session.scalars(
        select(Application).where(Application.id == application_id).options(
            _with_city(), selectinload(Application.call),
            selectinload(Application.challenges), selectinload(Application.expertise),
            selectinload(Application.nomination))).first()


def applications_of_cities(city_ids):
    if not city_ids:
        return []
    return db.session.scalars(
        select(Application).where(Application.city_id.in_(city_ids))
        .options(_with_city(), selectinload(Application.call))
        .order_by(Application.updated_at.desc())).all()


def used_nominations(call_id, member_state_id):
    return db.session.scalar(select(func.count(Nomination.id)).where(
        Nomination.call_id == call_id, Nomination.member_state_id == member_state_id))


def remaining_nominations(application):
    """Nominations its Member State has left in the application's call."""
    return application.call.nomination_quota - used_nominations(
        application.call_id, application.city.member_state_id)


def nomination_queue(member_state_ids):
    """For each call and Member State the officer speaks for: its applications (drafts are
    the city's business) and the nominations used."""
    if not member_state_ids:
        return []
    applications = db.session.scalars(
        select(Application).join(Application.city)
        .where(City.member_state_id.in_(member_state_ids),
               Application.state.in_(VISIBLE_TO_NATCOM))
        .options(_with_city(), selectinload(Application.call))
        .order_by(Application.call_id.desc(), Application.submitted_at)).all()
    used = {(row.call_id, row.member_state_id): row.used for row in db.session.execute(
        select(Nomination.call_id, Nomination.member_state_id, func.count(Nomination.id).label("used"))
        .where(Nomination.member_state_id.in_(member_state_ids))
        .group_by(Nomination.call_id, Nomination.member_state_id))}
    groups = {}
    for application in applications:
        key = (application.call_id, application.city.member_state_id)
        group = groups.setdefault(key, {"call": application.call,
                                        "member_state": application.city.member_state,
                                        "applications": []})
        group["applications"].append(application)
    for key, group in groups.items():
        group["used"] = used.get(key, 0)
        group["remaining"] = group["call"].nomination_quota - group["used"]
    return list(groups.values())


def waiting_for_endorsement(member_state_ids):
    """Submitted applications of these Member States' cities: their National Commission is
    to endorse, return or decline them (oldest first, as their deadlines come)."""
    if not member_state_ids:
        return []
    return db.session.scalars(
        select(Application).join(Application.city)
        .where(City.member_state_id.in_(member_state_ids), Application.state == S.submitted)
        .options(_with_city(), selectinload(Application.call))
        .order_by(Application.submitted_at)).all()


def nominations_left(member_state_ids, today):
    """[(call, member state, nominations left)] for every open call and each of these
    Member States."""
    if not member_state_ids:
        return []
    calls = open_calls(today)
    states = db.session.scalars(select(MemberState).where(MemberState.id.in_(member_state_ids))
                                .order_by(MemberState.name_en)).all()
    used = {(row.call_id, row.member_state_id): row.used for row in db.session.execute(
        select(Nomination.call_id, Nomination.member_state_id, func.count(Nomination.id).label("used"))
        .where(Nomination.member_state_id.in_(member_state_ids),
               Nomination.call_id.in_([c.id for c in calls]))
        .group_by(Nomination.call_id, Nomination.member_state_id))}
    return [(call, state, call.nomination_quota - used.get((call.id, state.id), 0))
            for call in calls for state in states]


def overdue_decisions(today):
    """Submitted applications whose National Commission let the call's decision window pass."""
    submitted = db.session.scalars(
        select(Application).where(Application.state == S.submitted)
        .options(_with_city(), selectinload(Application.call))
        .order_by(Application.submitted_at)).all()
    return [a for a in submitted if a.decision_overdue(today)]


def review_queue():
    return db.session.scalars(
        select(Application).where(Application.state.in_(REVIEW_STATES))
        .options(_with_city(), selectinload(Application.call))
        .order_by(Application.endorsed_at)).all()


def dashboard(call, today):
    """Counts by state and by region × state, and overdue National Commission decisions."""
    rows = db.session.execute(
        select(Region.code, Application.state, func.count(Application.id))
        .join(Application.city).join(City.member_state).join(MemberState.region)
        .where(Application.call_id == call.id)
        .group_by(Region.code, Application.state)).all()
    by_state = {state: 0 for state in S}
    by_region = {}
    for region_code, state, count in rows:
        by_state[state] += count
        by_region.setdefault(region_code, {s: 0 for s in S})[state] += count
    cutoff = dt.datetime.combine(today - dt.timedelta(days=call.decision_window_days),
                                 dt.time.min, tzinfo=dt.timezone.utc)
    overdue = db.session.scalars(
        select(Application).where(Application.call_id == call.id,
                                  Application.state == S.submitted,
                                  Application.submitted_at < cutoff)
        .options(_with_city(), selectinload(Application.call))
        .order_by(Application.submitted_at)).all()
    regions = db.session.scalars(select(Region).order_by(Region.position)).all()
    return {"by_state": by_state, "by_region": by_region, "regions": regions, "overdue": overdue}


def applications_for_export(call):
    return db.session.scalars(
        select(Application).where(Application.call_id == call.id)
        .options(_with_city(), selectinload(Application.challenges),
                 selectinload(Application.expertise))
        .order_by(Application.id)).all()


def admitted_application(city):
    """The application that made the city a member (its public fields show on the profile)."""
    return db.session.scalars(
        select(Application).where(Application.city_id == city.id,
                                  Application.state == S.admitted)
        .options(selectinload(Application.expertise))
        .order_by(Application.decided_at.desc())).first()
