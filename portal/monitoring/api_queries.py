"""Reads of published city data for the open-data API: the measurement points with their
coverage, one point's values across cities (with the five-number summary), and one city's
values. Only published data sets are read; a draft never appears. Each read is a fixed
number of queries, whatever the number of cities, years and breakdowns.

A value "not available" is listed with `value: null` and its `reason` (the city said why it
has no figure); it counts in no summary. A breakdown not available is left out of
`breakdowns`, which holds numbers only."""
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import exists, func, select

from models.cities import City, MemberState, Region
from models.framework import DataSource, KeyFeature, MeasurementPoint
from models.monitoring import CityDataSet, DataSetState, IndicatorValue
from models.reference_numbers import YEAR_MAX, YEAR_MIN
from portal.domain_errors import Invalid
from portal.extensions import db
from portal.monitoring import peer_groups, rules, statistics

POINT_PARAMETERS = ("year", "region", "population_band")
_PUBLISHED = CityDataSet.state == DataSetState.published
_VALUE_COLUMNS = (IndicatorValue.breakdown, IndicatorValue.value, IndicatorValue.currency,
                  IndicatorValue.not_available, IndicatorValue.reason, IndicatorValue.source,
                  IndicatorValue.citation_publisher, IndicatorValue.citation_title,
                  IndicatorValue.citation_year, IndicatorValue.citation_url)


@dataclass(frozen=True)
class PointFilters:
    year: int | None = None
    region: str | None = None
    population_band: str | None = None


def parse_point_filters(args):
    """The filters of a point's values from the query string; Invalid with a reason a
    person understands for anything else."""
    unknown = set(args) - set(POINT_PARAMETERS)
    if unknown:
        raise Invalid(_("Unknown parameter(s): %(names)s.", names=", ".join(sorted(unknown))))
    year = (args.get("year") or "").strip()
    if year and not (year.isdigit() and YEAR_MIN <= int(year) <= YEAR_MAX):
        raise Invalid(_("The year must be between %(min)s and %(max)s.", min=YEAR_MIN, max=YEAR_MAX))
    region = (args.get("region") or "").strip()
    if region and db.session.scalar(select(Region.id).where(Region.code == region)) is None:
        raise Invalid(_("Unknown region."))
    band = (args.get("population_band") or "").strip()
    if band and band not in peer_groups.BAND_KEYS:
        raise Invalid(_("The population band is one of: %(bands)s.", bands=", ".join(peer_groups.BAND_KEYS)))
    return PointFilters(year=int(year) if year else None, region=region or None, population_band=band or None)


def point_by_key(key):
    return db.session.scalar(select(MeasurementPoint).where(MeasurementPoint.key == key))


def points_with_coverage():
    """[(point, key feature code, coverage)] in the framework's order, in three queries.
    Coverage: how many member cities published a value of the point (any year), in all and
    by the kind of source."""
    points = db.session.execute(
        select(MeasurementPoint, KeyFeature.code).join(MeasurementPoint.key_feature)
        .order_by(KeyFeature.focus_area_id, KeyFeature.position, MeasurementPoint.position)).all()
    covered = (select(IndicatorValue.measurement_point_id, IndicatorValue.source, CityDataSet.city_id)
               .join(CityDataSet, IndicatorValue.data_set_id == CityDataSet.id)
               .join(City, CityDataSet.city_id == City.id)
               .where(_PUBLISHED, City.member_since.is_not(None), IndicatorValue.value.is_not(None)).subquery())
    by_source = {}
    for point_id, source, cities in db.session.execute(
            select(covered.c.measurement_point_id, covered.c.source, func.count(func.distinct(covered.c.city_id)))
            .group_by(covered.c.measurement_point_id, covered.c.source)):
        by_source.setdefault(point_id, {})[_source(source)] = cities
    totals = dict(db.session.execute(
        select(covered.c.measurement_point_id, func.count(func.distinct(covered.c.city_id)))
        .group_by(covered.c.measurement_point_id)).all())
    return [(point, code, {"cities": totals.get(point.id, 0),
                           "by_source": {s.value: by_source.get(point.id, {}).get(s.value, 0) for s in DataSource}})
            for point, code in points]


def point_values(point, filters):
    """(values, summary) of a point across cities: for `filters.year`, or each city's most
    recent published year with a value of the point; in the peer group of the filters."""
    query = (select(City.slug, MemberState.iso, CityDataSet.year, *_VALUE_COLUMNS)
             .join(CityDataSet, IndicatorValue.data_set_id == CityDataSet.id)
             .join(City, CityDataSet.city_id == City.id)
             .join(MemberState, City.member_state_id == MemberState.id)
             .where(IndicatorValue.measurement_point_id == point.id, _PUBLISHED,
                    peer_groups.peer_condition(region=filters.region, population_band=filters.population_band))
             .order_by(City.name_en, City.slug, IndicatorValue.breakdown))
    if filters.year is not None:
        query = query.where(CityDataSet.year == filters.year)
    else:
        latest = (select(CityDataSet.city_id, func.max(CityDataSet.year).label("year"))
                  .where(_PUBLISHED, exists().where(IndicatorValue.data_set_id == CityDataSet.id,
                                                    IndicatorValue.measurement_point_id == point.id))
                  .group_by(CityDataSet.city_id).subquery())
        query = query.join(latest, (latest.c.city_id == CityDataSet.city_id) & (latest.c.year == CityDataSet.year))
    values = _grouped(db.session.execute(query), lambda row: (row.slug, row.year),
                      lambda row: {"city": row.slug, "country": row.iso, "year": row.year})
    return values, statistics.summary([entry["value"] for entry in values])


def city_values(city):
    """Every published value of a city, by year then in the framework's order."""
    rows = db.session.execute(
        select(MeasurementPoint.key, CityDataSet.year, *_VALUE_COLUMNS)
        .join(CityDataSet, IndicatorValue.data_set_id == CityDataSet.id)
        .join(MeasurementPoint, IndicatorValue.measurement_point_id == MeasurementPoint.id)
        .join(KeyFeature, MeasurementPoint.key_feature_id == KeyFeature.id)
        .where(CityDataSet.city_id == city.id, _PUBLISHED)
        .order_by(CityDataSet.year, KeyFeature.focus_area_id, KeyFeature.position, MeasurementPoint.position,
                  IndicatorValue.breakdown))
    return _grouped(rows, lambda row: (row.key, row.year),
                    lambda row: {"measurement_point": row.key, "year": row.year})


def citation_of(row):
    """The citation as an object, or None when the city gave none."""
    if not (row.citation_publisher or row.citation_title or row.citation_year or row.citation_url):
        return None
    return {"publisher": row.citation_publisher or None, "title": row.citation_title or None,
            "year": row.citation_year, "url": row.citation_url or None}


def _grouped(rows, key_of, head_of):
    """One entry per city-year (or point-year) from rows ordered with the whole value ("")
    first: the whole value (or None), the breakdowns' numbers, the source and citation of
    the value as a whole (of its first breakdown when there is no whole value)."""
    entries = {}
    for row in rows:
        entry = entries.get(key_of(row))
        if entry is None:
            entry = entries[key_of(row)] = {**head_of(row), "value": None, "currency": None, "not_available": False,
                                            "reason": None, "breakdowns": {}, "source": None, "citation": None}
        if row.breakdown == "":
            entry.update(value=row.value, not_available=row.not_available,
                         reason=row.reason if row.not_available else None,
                         currency=row.currency)
        elif not row.not_available:
            entry["breakdowns"][row.breakdown] = row.value
            entry["currency"] = entry["currency"] or row.currency
        if row.breakdown == "" or entry["source"] is None:
            entry["source"], entry["citation"] = _source(row.source), citation_of(row)
    return list(entries.values())


def _source(source):
    return source.value if isinstance(source, DataSource) else source


def point_description(point, code, coverage):
    """A point of the catalogue as the API gives it."""
    return {"key": point.key, "key_feature": code, "names": {"en": point.name_en, "zh": point.name_zh},
            "unit": point.unit.value, "unit_label": str(rules.UNITS[point.unit].label),
            "breakdowns": [{"dimension": dimension.value, "groups": list(rules.DIMENSIONS[dimension])}
                           for dimension in point.breakdown_list],
            "source": point.source.value, "coverage": coverage}
