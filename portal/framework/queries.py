"""Reads of the guiding documents, each in a fixed number of queries."""
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from models.framework import Area, Commitment, Declaration, FocusArea, KeyFeature
from models.reference_numbers import FIRST_COMMITMENT, LAST_COMMITMENT
from portal.extensions import db


def declaration():
    return db.session.scalars(
        select(Declaration).options(selectinload(Declaration.calls_to_action))).first()


def all_commitments():
    return db.session.scalars(
        select(Commitment).options(selectinload(Commitment.focus_area))
        .order_by(Commitment.number)).all()


def commitment_by_number(number):
    return db.session.scalars(
        select(Commitment).where(Commitment.number == number).options(
            selectinload(Commitment.actions),
            selectinload(Commitment.focus_area).selectinload(FocusArea.key_features),
        )).first()


def neighbours(number):
    """Numbers of the previous and next commitments (None at the ends)."""
    return (number - 1 if number > FIRST_COMMITMENT else None,
            number + 1 if number < LAST_COMMITMENT else None)


def all_areas():
    return db.session.scalars(select(Area).order_by(Area.code)).all()


def all_key_features():
    return db.session.scalars(select(KeyFeature).order_by(KeyFeature.code)).all()


def key_feature_tree():
    """The three areas with their focus areas, key features and measurement points."""
    return db.session.scalars(
        select(Area).order_by(Area.code).options(
            selectinload(Area.focus_areas).selectinload(FocusArea.commitment),
            selectinload(Area.focus_areas).selectinload(FocusArea.key_features)
            .selectinload(KeyFeature.measurement_points),
        )).all()


def key_feature_by_code(code):
    return db.session.scalars(
        select(KeyFeature).where(KeyFeature.code == code).options(
            selectinload(KeyFeature.measurement_points),
            selectinload(KeyFeature.focus_area).selectinload(FocusArea.area),
            selectinload(KeyFeature.focus_area).selectinload(FocusArea.commitment),
            selectinload(KeyFeature.focus_area).selectinload(FocusArea.key_features),
        )).first()
