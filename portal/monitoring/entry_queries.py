"""What the data entry pages read: a city's data sets, the framework's focus areas with their
measurement points, a data set's values and versions."""
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from models.auth import RoleGrant
from models.framework import Area, FocusArea, KeyFeature
from models.monitoring import CityDataSet, IndicatorValue, IndicatorValueChange
from portal.extensions import db


def data_sets_of(city):
    return db.session.scalars(select(CityDataSet).where(CityDataSet.city_id == city.id)
                              .order_by(CityDataSet.year.desc())).all()


def areas():
    """The framework's areas with their focus areas, in order."""
    return db.session.scalars(select(Area).order_by(Area.code)
                              .options(selectinload(Area.focus_areas))).all()


def focus_area_by_code(code):
    return db.session.scalar(
        select(FocusArea).where(FocusArea.code == code)
        .options(selectinload(FocusArea.key_features).selectinload(KeyFeature.measurement_points),
                 selectinload(FocusArea.area)))


def values_of(data_set, points):
    """{(point key, breakdown): IndicatorValue} of these points in the data set."""
    if data_set is None or not points:
        return {}
    key_of = {point.id: point.key for point in points}
    rows = db.session.scalars(select(IndicatorValue).where(
        IndicatorValue.data_set_id == data_set.id, IndicatorValue.measurement_point_id.in_(key_of)))
    return {(key_of[row.measurement_point_id], row.breakdown): row for row in rows}


def changes_of(data_set):
    """The versions of a published data set, newest first, each with its changes."""
    return db.session.scalars(
        select(IndicatorValueChange).where(IndicatorValueChange.data_set_id == data_set.id)
        .order_by(IndicatorValueChange.version.desc(), IndicatorValueChange.id)
        .options(selectinload(IndicatorValueChange.measurement_point),
                 selectinload(IndicatorValueChange.changed_by))).all()


def grant_by_id(grant_id):
    return db.session.get(RoleGrant, grant_id)
