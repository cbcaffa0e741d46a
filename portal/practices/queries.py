"""Reads of published practices for the pages that list them."""
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from models.cities import City
from models.practices import Practice, practice_commitments
from portal.extensions import db


def _published():
    return (select(Practice).where(Practice.published_at.is_not(None))
            .options(selectinload(Practice.city).selectinload(City.member_state),
                     selectinload(Practice.commitments))
            .order_by(Practice.published_at.desc(), Practice.id.desc()))


def published_count():
    return db.session.scalar(
        select(func.count()).select_from(Practice).where(Practice.published_at.is_not(None)))


def latest_published(limit=5):
    return db.session.scalars(_published().limit(limit)).all()


def published_for_commitment(commitment, limit=50):
    return db.session.scalars(
        _published().join(practice_commitments)
        .where(practice_commitments.c.commitment_id == commitment.id).limit(limit)).all()


def published_for_city(city, limit=50):
    return db.session.scalars(_published().where(Practice.city_id == city.id).limit(limit)).all()
