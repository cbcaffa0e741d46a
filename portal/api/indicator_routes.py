"""The open data of cities against the Key Features' measurement points (documented in
/api/v1/openapi.json): the points with their coverage, one point across cities, one city's
values. Only published data sets are read (portal/monitoring/api_queries.py)."""
from flask import abort, jsonify, request
from flask_babel import gettext as _

from portal.api.blueprint import bp
from portal.cities.queries import city_by_slug
from portal.monitoring import api_queries


@bp.get("/indicators")
def indicators():
    """The measurement points: key, names, unit, breakdowns, expected source, coverage."""
    return jsonify({"indicators": [api_queries.point_description(point, code, coverage)
                                   for point, code, coverage in api_queries.points_with_coverage()]})


@bp.get("/indicators/<key>")
def indicator(key):
    """One point's published values across cities, with their five-number summary; for a
    year (or each city's latest), a region, a population band."""
    point = api_queries.point_by_key(key)
    if point is None:
        abort(404, description=_("No measurement point has the key %(key)s.", key=key))
    filters = api_queries.parse_point_filters(request.args)
    values, summary = api_queries.point_values(point, filters)
    return jsonify({"key": point.key, "unit": point.unit.value, "year": filters.year,
                    "region": filters.region, "population_band": filters.population_band,
                    "values": values, "summary": summary})


@bp.get("/cities/<slug>/indicators")
def city_indicators(slug):
    """Every published value of one city."""
    city = city_by_slug(slug)
    if city is None:
        abort(404, description=_("No city has the address %(slug)s.", slug=slug))
    return jsonify({"city": city.slug, "values": api_queries.city_values(city)})
