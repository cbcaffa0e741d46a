"""Reads of practices for the pages, the API and the feeds (a fixed number of queries each)."""
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from models.cities import City, MemberState
from models.practices import Practice, PracticeStatus, practice_commitments, practice_key_features
from portal.extensions import db

S = PracticeStatus


def _eager():
    return (selectinload(Practice.city).selectinload(City.member_state).selectinload(MemberState.region),
            selectinload(Practice.commitments), selectinload(Practice.translations))


def _published():

    return (select(Practice).where(Practice.status == S.published).options(*_eager())
            .order_by(Practice.published_at.desc(), Practice.id.desc()))


def published_count():

    return db.session.scalar(select(func.count()).select_from(Practice).where(Practice.status == S.published))


def latest_published(limit=5):

    return db.session.scalars(_published().limit(limit)).all()


def published_for_commitment(commitment, limit=50):

    return db.session.scalars(
        _published().join(practice_commitments)
        .where(practice_commitments.c.commitment_id == commitment.id).limit(limit)).all()


def published_for_city(city, limit=50):

    return db.session.scalars(_published().where(Practice.city_id == city.id).limit(limit)).all()


def practice_by_slug(slug):

    return db.session.scalars(select(Practice).where(Practice.slug == slug).options(
        *_eager(), selectinload(Practice.key_features), selectinload(Practice.versions),
        selectinload(Practice.author), selectinload(Practice.revision),
        selectinload(Practice.revision_of))).first()


def published_in_order(ids):
    """Published practices for search hits, in the ranked order (visibility applied here)."""

    if not ids:
        return []
    rows = {p.id: p for p in db.session.scalars(
        select(Practice).where(Practice.id.in_(ids), Practice.status == S.published).options(*_eager()))}
    return [rows[i] for i in ids if i in rows]


def cities_in_order(ids):

    if not ids:
        return []
    rows = {c.id: c for c in db.session.scalars(
        select(City).where(City.id.in_(ids)).options(selectinload(City.member_state)))}
    return [rows[i] for i in ids if i in rows]


def waiting_for(user, can):
    """Submitted practices this user may publish."""

    rows = db.session.scalars(select(Practice).where(Practice.status == S.submitted)
                              .options(*_eager(), selectinload(Practice.author),
                                       selectinload(Practice.revision_of))
                              .order_by(Practice.submitted_at)).all()
    return [p for p in rows if can(user, "practice.publish", p)]


def by_author(user):

    return db.session.scalars(select(Practice).where(Practice.author_id == user.id)
                              .options(*_eager(), selectinload(Practice.revision_of))
                              .order_by(Practice.updated_at.desc())).all()


def published_for_key_feature(key_feature, limit=50):
    """Published practices tagged with this key feature, newest first (three queries)."""
    return db.session.scalars(
        _published().join(practice_key_features)
        .where(practice_key_features.c.key_feature_id == key_feature.id).limit(limit)).all()


def feed_entries(commitment=None, limit=30):

    query = _published()
    if commitment is not None:
        query = query.join(practice_commitments).where(practice_commitments.c.commitment_id == commitment.id)
    return db.session.scalars(query.limit(limit)).all()
