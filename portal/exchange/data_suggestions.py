"""Suggestions drawn from a member city's published data (suggestions.py adds them to those
drawn from its application).

- The key feature the city rated itself lowest on (3 out of 5 or less) → cities that rated
  themselves 4 or more on it, and their practices tagged with it.
- The first measurement point (in the framework's order) where the city's latest value is in
  the weakest quarter of its peers (cities of its size, else of its region; minding the points
  where lower is better, `rules.LOWER_IS_BETTER`) → the cities in the strongest quarter, and
  their practices tagged with the point's key feature.
Each comes with its reason in plain words. A fixed number of queries per city."""
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from models.cities import City
from models.framework import FocusArea, KeyFeature, MeasurementPoint
from models.monitoring import CityDataSet, DataSetState, SelfAssessment
from models.practices import Practice, PracticeStatus, practice_key_features
from portal.extensions import db
from portal.i18n import localized
from portal.monitoring import display, peer_groups, queries, statistics

LOW_RATING = 3    # a self-rating up to this is a weak spot
HIGH_RATING = 4   # cities that rated themselves from this up are suggested as peers


def weak_spots(city):
    """[(key_feature, reason, [peer city ids])]: the lowest self-rating, then the first point
    in the weakest quarter of the city's peers."""
    found = []
    lowest = _lowest_rating(city)
    if lowest is not None:
        found.append(lowest)
    weakest = _weakest_point(city)
    if weakest is not None:
        found.append(weakest)
    return found


def _lowest_rating(city):
    assessments = [a for a in queries.city_assessments(city).values() if a.rating <= LOW_RATING]
    if not assessments:
        return None
    features = _features([a.key_feature_id for a in assessments])
    lowest = min(assessments, key=lambda a: (a.rating, features[a.key_feature_id].position))
    feature = features[lowest.key_feature_id]
    peers = list(db.session.scalars(
        select(CityDataSet.city_id).distinct().join(SelfAssessment, SelfAssessment.data_set_id == CityDataSet.id)
        .where(CityDataSet.state == DataSetState.published, CityDataSet.city_id != city.id,
               CityDataSet.city_id.in_(peer_groups.member_city_ids()),
               SelfAssessment.key_feature_id == feature.id, SelfAssessment.rating >= HIGH_RATING)))
    reason = _("You rated yourself %(rating)s out of 5 on key feature %(code)s (%(title)s), your lowest rating; "
               "these cities rated themselves %(high)s or more on it.", rating=lowest.rating, code=feature.code,
               title=localized(feature, "title"), high=HIGH_RATING)
    return feature, reason, peers


def _weakest_point(city):
    group = "population" if queries.peer_group_cities(city, "population") is not None else "region"
    peers = queries.peer_group_cities(city, group)
    rows = queries.latest_values(city_ids=peers)
    by_point = {}
    for row in rows:
        by_point.setdefault(row.point_id, []).append(row)
    own = {row.point_id: row.value for row in queries.latest_values(city_ids=[city.id])}
    points = {p.id: p for p in db.session.scalars(
        select(MeasurementPoint).where(MeasurementPoint.id.in_(list(own)))
        .options(selectinload(MeasurementPoint.key_feature).selectinload(KeyFeature.focus_area)
                 .selectinload(FocusArea.commitment)))} if own else {}
    for point in sorted(points.values(), key=lambda p: (p.key_feature.position, p.position)):
        others = by_point.get(point.id, [])
        stats = statistics.summary([row.value for row in others])
        if stats["cities"] < 4 or display.standing(own[point.id], stats, point) != 1:
            continue
        best = [row.city_id for row in others if row.city_id != city.id
                and display.standing(row.value, stats, point) == 4]
        return point.key_feature, _reason(point, group), best
    return None


def _reason(point, group):
    names = {"population": _("cities of your size"), "region": _("cities of your region")}
    if display.is_lower_better(point):
        return _("Your %(point)s is in the highest quarter of %(group)s (lower is better here); these cities are "
                 "in the lowest.", point=localized(point, "name").lower(), group=names[group])
    return _("Your %(point)s is in the lowest quarter of %(group)s; these cities are in the highest.",
             point=localized(point, "name").lower(), group=names[group])


def _features(ids):
    return {f.id: f for f in db.session.scalars(
        select(KeyFeature).where(KeyFeature.id.in_(ids))
        .options(selectinload(KeyFeature.focus_area).selectinload(FocusArea.commitment)))}


def peer_cities(ids):
    if not ids:
        return {}
    return {c.id: c for c in db.session.scalars(
        select(City).where(City.id.in_(ids)).options(selectinload(City.member_state)))}


def practices_of(city_ids, feature, limit):
    """Published practices of these cities tagged with the key feature, newest first."""
    if not city_ids:
        return []
    return db.session.scalars(
        select(Practice).join(practice_key_features)
        .where(practice_key_features.c.key_feature_id == feature.id, Practice.city_id.in_(city_ids),
               Practice.status == PracticeStatus.published)
        .options(selectinload(Practice.translations), selectinload(Practice.city))
        .order_by(Practice.published_at.desc()).limit(limit)).all()
