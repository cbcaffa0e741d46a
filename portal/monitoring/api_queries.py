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

from models.base import LANGUAGES
from models.cities import City, MemberState, Region
from models.framework import DataSource, KeyFeature, MeasurementPoint
from models.monitoring import CityDataSet, DataSetState, IndicatorValue
from models.reference_numbers import YEAR_MAX, YEAR_MIN
from portal.domain_errors import Invalid
from portal.extensions import db
from portal.monitoring import peer_groups, published_cache, rules, statistics

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
    """(id, key, unit) of a measurement point, or None."""
    return db.session.execute(select(MeasurementPoint.id, MeasurementPoint.key, MeasurementPoint.unit)
                              .where(MeasurementPoint.key == key)).first()


def points_with_coverage():
    """[(point, key feature code, coverage)] in the framework's order. Coverage: how many
    member cities published a value of the point (any year), in all and by the kind of source."""
    points = db.session.execute(
        select(MeasurementPoint, KeyFeature.code).join(MeasurementPoint.key_feature)
        .order_by(KeyFeature.focus_area_id, KeyFeature.position, MeasurementPoint.position)).all()
    coverage = coverage_by_point()
    empty = {"cities": 0, "by_source": {s.value: 0 for s in DataSource}}
    return [(point, code, coverage.get(point.id, empty)) for point, code in points]


def coverage_by_point():
    """{point id: {"cities": n, "by_source": {"official": n, "survey": n, "expert": n}}}.
    Counting reads every published value: kept until the published data changes."""
    return published_cache.kept("coverage", None, _count_coverage)


def _count_coverage():
    covered = (select(IndicatorValue.measurement_point_id, IndicatorValue.source, CityDataSet.city_id).distinct()
               .join(CityDataSet, IndicatorValue.data_set_id == CityDataSet.id)
               .join(City, CityDataSet.city_id == City.id)
               .where(_PUBLISHED, City.member_since.is_not(None), IndicatorValue.value.is_not(None)))
    coverage, cities = {}, {}
    for point_id, source, city_id in _rows(covered):
        found = coverage.setdefault(point_id, {"cities": 0, "by_source": {s.value: 0 for s in DataSource}})
        found["by_source"][_source(source)] += 1
        cities.setdefault(point_id, set()).add(city_id)
    for point_id, ids in cities.items():
        coverage[point_id]["cities"] = len(ids)
    return coverage


def point_values(point, filters):
    """(values, summary) of a point across cities: for `filters.year`, or each city's most
    recent published year with a value of the point; in the peer group of the filters.
    Two queries: the data sets (cities in name order), then their values of the point, found
    through the index on (point, data set)."""
    sets = (select(CityDataSet.id, City.slug, MemberState.iso, CityDataSet.year)
            .join(City, CityDataSet.city_id == City.id)
            .join(MemberState, City.member_state_id == MemberState.id)
            .where(_PUBLISHED, peer_groups.peer_condition(region=filters.region,
                                                          population_band=filters.population_band))
            .order_by(City.name_en, City.slug))
    if filters.year is not None:
        sets = sets.where(CityDataSet.year == filters.year)
    else:
        latest = (select(CityDataSet.city_id, func.max(CityDataSet.year).label("year"))
                  .where(_PUBLISHED, exists().where(IndicatorValue.data_set_id == CityDataSet.id,
                                                    IndicatorValue.measurement_point_id == point.id))
                  .group_by(CityDataSet.city_id).subquery())
        sets = sets.join(latest, (latest.c.city_id == CityDataSet.city_id) & (latest.c.year == CityDataSet.year))
    heads = {row.id: {"city": row.slug, "country": row.iso, "year": row.year} for row in _rows(sets)}
    rows = _rows(select(IndicatorValue.data_set_id, IndicatorValue.data_set_id, IndicatorValue.data_set_id,
                        *_VALUE_COLUMNS)
                 .where(IndicatorValue.measurement_point_id == point.id,
                        IndicatorValue.data_set_id.in_(list(heads)))
                 .order_by(IndicatorValue.data_set_id)) if heads else []   # the index's order: no sort
    grouped = _grouped(rows, lambda row: heads[row[0]])
    values = [grouped[(set_id, set_id)] for set_id in heads if (set_id, set_id) in grouped]
    return values, statistics.summary([entry["value"] for entry in values])


def city_values(city):
    """Every published value of a city, by year then in the framework's order."""
    rows = _rows(
        select(MeasurementPoint.key, MeasurementPoint.key, CityDataSet.year, *_VALUE_COLUMNS)
        .join(CityDataSet, IndicatorValue.data_set_id == CityDataSet.id)
        .join(MeasurementPoint, IndicatorValue.measurement_point_id == MeasurementPoint.id)
        .join(KeyFeature, MeasurementPoint.key_feature_id == KeyFeature.id)
        .where(CityDataSet.city_id == city.id, _PUBLISHED)
        .order_by(CityDataSet.year, KeyFeature.focus_area_id, KeyFeature.position, MeasurementPoint.position,
                  IndicatorValue.breakdown))
    return list(_grouped(rows, lambda row: {"measurement_point": row[0], "year": row[2]}).values())


def _rows(query):
    """Plain rows (the Core path: no ORM bookkeeping per row, for thousands of values)."""
    return db.session.connection().execute(query).all()


def citation_of(publisher, title, year, url):
    """The citation as an object, or None when the city gave none."""
    if not (publisher or title or year or url):
        return None
    return {"publisher": publisher or None, "title": title or None, "year": year, "url": url or None}


def _grouped(rows, head_of):
    """One entry per city-year (or point-year) from rows (who, country or key, year, then
    _VALUE_COLUMNS) ordered so that each entry's rows come together: the whole value (or
    None), the breakdowns' numbers, the source and citation of the value as a whole (of a
    breakdown when there is no whole value). {(who, year): entry}."""
    entries, entry, last = {}, None, None
    for row in rows:
        if (row[0], row[2]) != last:
            last = (row[0], row[2])
            entry = entries[last] = {**head_of(row), "value": None, "currency": None, "not_available": False,
                                     "reason": None, "breakdowns": {}, "source": None, "citation": None}
        breakdown, value, currency, not_available = row[3], row[4], row[5], row[6]
        if not breakdown:
            entry.update(value=value, not_available=not_available, reason=row[7] if not_available else None,
                         currency=currency)
        elif not not_available:
            entry["breakdowns"][breakdown] = value
            entry["currency"] = entry["currency"] or currency
        if not breakdown or entry["source"] is None:
            entry["source"], entry["citation"] = _source(row[8]), citation_of(*row[9:13])
    return entries


def _source(source):
    return source.value if isinstance(source, DataSource) else source


def point_description(point, code, coverage):
    """A point of the catalogue as the API gives it."""
    names = {language: point.localized("name", language) for language in LANGUAGES}
    return {"key": point.key, "key_feature": code, "names": names,
            "unit": point.unit.value, "unit_label": str(rules.UNITS[point.unit].label),
            "breakdowns": [{"dimension": dimension.value, "groups": list(rules.DIMENSIONS[dimension])}
                           for dimension in point.breakdown_list],
            "source": point.source.value, "coverage": coverage}
