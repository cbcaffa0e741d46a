"""Reads of cities, Member States and regions."""
import datetime as dt

from sqlalchemy import case, func, select
from sqlalchemy.orm import selectinload

from models.cities import City, MemberState, Region
from portal.extensions import db

MEMBERSHIP_FILTERS = ("all", "members", "non-members")


def network_counts():
    """Member cities and the Member States they come from."""
    row = db.session.execute(
        select(func.count(City.id), func.count(func.distinct(City.member_state_id)))
        .where(City.member_since.is_not(None))).one()
    return {"member_cities": row[0], "member_states_represented": row[1]}


def newest_members(limit=5):
    return db.session.scalars(
        select(City).where(City.member_since.is_not(None))
        .options(selectinload(City.member_state))
        .order_by(City.member_since.desc(), City.name_en).limit(limit)).all()


def regions():
    return db.session.scalars(select(Region).order_by(Region.position)).all()


def member_states():
    return db.session.scalars(
        select(MemberState).options(selectinload(MemberState.region))
        .order_by(MemberState.name_en)).all()


def years_joined():
    """The years in which at least one member joined, newest first."""
    dates = db.session.scalars(select(City.member_since).where(City.member_since.is_not(None)))
    return sorted({d.year for d in dates}, reverse=True)


def member_cities():
    return db.session.scalars(
        select(City).where(City.member_since.is_not(None))
        .options(selectinload(City.member_state).selectinload(MemberState.region))
        .order_by(City.name_en)).all()


def filter_cities(*, region=None, member_state=None, membership="all", year=None, page=1,
                  per_page=24):
    """A page of cities matching the filters, ordered by name.

    `region` is a region code, `member_state` an ISO code, `membership` one of
    MEMBERSHIP_FILTERS."""
    query = (select(City).join(City.member_state).join(MemberState.region)
             .options(selectinload(City.member_state).selectinload(MemberState.region))
             .order_by(City.name_en))
    if region:
        query = query.where(Region.code == region)
    if member_state:
        query = query.where(MemberState.iso == member_state)
    if membership == "members":
        query = query.where(City.member_since.is_not(None))
    elif membership == "non-members":
        query = query.where(City.member_since.is_(None))
    if year:  # a date range, so the index on member_since serves and every database agrees
        query = query.where(City.member_since.between(dt.date(year, 1, 1), dt.date(year, 12, 31)))
    return db.paginate(query, page=page, per_page=per_page, error_out=False)


def city_by_slug(slug):
    return db.session.scalars(
        select(City).where(City.slug == slug)
        .options(selectinload(City.member_state).selectinload(MemberState.region))).first()


def member_states_by_region():
    """[(region, [(member_state, cities, member_cities), ...]), ...], in two queries."""
    counts = dict(
        (row.member_state_id, (row.cities, row.members)) for row in db.session.execute(
            select(City.member_state_id, func.count(City.id).label("cities"),
                   func.count(case((City.member_since.is_not(None), 1))).label("members"))
            .group_by(City.member_state_id)))
    states = db.session.scalars(
        select(MemberState).options(selectinload(MemberState.region))
        .order_by(MemberState.name_en)).all()
    grouped = {region.id: (region, []) for region in regions()}
    for state in states:
        grouped[state.region_id][1].append((state, *counts.get(state.id, (0, 0))))
    return list(grouped.values())


def member_state_by_iso(iso):
    return db.session.scalars(
        select(MemberState).where(MemberState.iso == iso.upper())
        .options(selectinload(MemberState.region),
                 selectinload(MemberState.cities))).first()


def all_cities():
    return db.session.scalars(
        select(City).options(selectinload(City.member_state)).order_by(City.name_en)).all()


def cities_by_ids(city_ids):
    if not city_ids:
        return []
    return db.session.scalars(select(City).where(City.id.in_(city_ids))
                              .options(selectinload(City.member_state))
                              .order_by(City.name_en)).all()


def city_by_id(city_id):
    try:
        return db.session.get(City, int(city_id))
    except (TypeError, ValueError):
        return None
