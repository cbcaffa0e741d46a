"""How complete a city's data for a reference year is, defined once for every bar that shows it.

A measurement point counts once, by its value as a whole (breakdown ""): it is filled when
the city gave that value or said it is not available (with a reason). Breakdowns add detail
to a point but do not make a point more or less complete. A focus area's completeness is the
share of its points filled; the year's, the share of all 54 points filled."""
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import func, select

from models.framework import KeyFeature, MeasurementPoint
from models.monitoring import IndicatorValue
from portal.extensions import db


@dataclass(frozen=True)
class Completeness:
    filled: int
    total: int

    @property
    def percent(self):
        return round(100 * self.filled / self.total) if self.total else 0


@dataclass(frozen=True)
class YearCompleteness:
    year: Completeness
    by_focus_area: dict      # focus_area_id -> Completeness


def _points_by_focus_area():
    return dict(db.session.execute(
        select(KeyFeature.focus_area_id, func.count(MeasurementPoint.id))
        .join(MeasurementPoint, MeasurementPoint.key_feature_id == KeyFeature.id)
        .group_by(KeyFeature.focus_area_id)).all())


def of_data_set(data_set):
    """The YearCompleteness of a data set (None: a year not started, nothing filled)."""
    totals = _points_by_focus_area()
    filled = Counter()
    if data_set is not None and data_set.id is not None:
        filled.update(dict(db.session.execute(
            select(KeyFeature.focus_area_id, func.count(IndicatorValue.id))
            .join(MeasurementPoint, IndicatorValue.measurement_point_id == MeasurementPoint.id)
            .join(KeyFeature, MeasurementPoint.key_feature_id == KeyFeature.id)
            .where(IndicatorValue.data_set_id == data_set.id, IndicatorValue.breakdown == "")
            .group_by(KeyFeature.focus_area_id)).all()))
    by_area = {area_id: Completeness(filled[area_id], total) for area_id, total in totals.items()}
    return YearCompleteness(Completeness(sum(filled.values()), sum(totals.values())), by_area)


def of_data_sets(data_sets):
    """{data_set_id: Completeness of the year} for several data sets, in two queries."""
    total = sum(_points_by_focus_area().values())
    ids = [data_set.id for data_set in data_sets]
    filled = dict(db.session.execute(
        select(IndicatorValue.data_set_id, func.count(IndicatorValue.id))
        .where(IndicatorValue.data_set_id.in_(ids), IndicatorValue.breakdown == "")
        .group_by(IndicatorValue.data_set_id)).all()) if ids else {}
    return {data_set_id: Completeness(filled.get(data_set_id, 0), total) for data_set_id in ids}
