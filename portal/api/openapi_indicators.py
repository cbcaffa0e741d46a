"""The OpenAPI description of the indicator endpoints (cities' published data against the
Key Features' measurement points); portal/api/openapi.py merges it into the document."""
from models.base import LANGUAGES
from models.framework import Breakdown, DataSource, Unit
from models.reference_numbers import YEAR_MAX, YEAR_MIN
from portal.monitoring import peer_groups

REGIONS = ["africa", "arab-states", "asia-pacific", "europe-north-america", "latin-america-caribbean"]


def _ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


def _json(description, schema):
    return {"description": description, "content": {"application/json": {"schema": schema}}}


_NUMBER = {"type": ["number", "null"]}
_VALUE_FIELDS = {
    "year": {"type": "integer", "description": "The reference year of the city's published data set"},
    "value": {"type": ["number", "null"],
              "description": "The value as a whole, in the point's unit; null when the city published "
                             "it as not available (then `reason` says why) or gave breakdowns only"},
    "currency": {"type": ["string", "null"], "description": "ISO 4217 code, for amounts of money"},
    "not_available": {"type": "boolean", "description": "The city says it has no figure for the value as a whole"},
    "reason": {"type": ["string", "null"], "description": "Why the value is not available"},
    "breakdowns": {"type": "object", "additionalProperties": {"type": "number"},
                   "description": "Values by group, keyed `dimension=group` (e.g. `sex=female`); "
                                  "groups not available are left out"},
    "source": {"type": ["string", "null"], "enum": [s.value for s in DataSource] + [None]},
    "citation": {"oneOf": [_ref("Citation"), {"type": "null"}]},
}
_NOT_FOUND = _json("No such measurement point or city", _ref("Error"))

PATHS = {
    "/indicators": {"get": {
        "summary": "The Key Features' measurement points, with how many member cities published each",
        "responses": {"200": _json("The 54 measurement points", {
            "type": "object", "required": ["indicators"],
            "properties": {"indicators": {"type": "array", "items": _ref("Indicator")}}})}}},
    "/indicators/{key}": {"get": {
        "summary": "One measurement point's published values across cities, with their summary",
        "description": "Only published data sets. A value published as not available is listed with "
                       "`value: null` and its `reason`, and counts in no summary. The summary covers the "
                       "listed values as a whole (not their breakdowns); quartiles by linear interpolation "
                       "between order statistics (numpy's default).",
        "parameters": [
            {"name": "key", "in": "path", "required": True, "schema": {"type": "string"},
             "description": "The point's key, such as adult-literacy-rate"},
            {"name": "year", "in": "query", "required": False,
             "schema": {"type": "integer", "minimum": YEAR_MIN, "maximum": YEAR_MAX},
             "description": "A reference year; without it, each city's most recent published year with this point"},
            {"name": "region", "in": "query", "required": False, "schema": {"type": "string", "enum": REGIONS},
             "description": "Only cities of this UNESCO region"},
            {"name": "population_band", "in": "query", "required": False,
             "schema": {"type": "string", "enum": list(peer_groups.BAND_KEYS)},
             "description": "Only cities of this size: small (under 250 000), medium (250 000 to 999 999), "
                            "large (1 000 000 to 4 999 999), very-large (5 000 000 and more)"},
        ],
        "responses": {"200": _json("The values and their summary", _ref("IndicatorValues")),
                      "400": _json("A parameter is not valid", _ref("Error")), "404": _NOT_FOUND}}},
    "/cities/{slug}/indicators": {"get": {
        "summary": "Every published value of one city",
        "parameters": [{"name": "slug", "in": "path", "required": True, "schema": {"type": "string"}}],
        "responses": {"200": _json("The city's values, by year", _ref("CityIndicators")), "404": _NOT_FOUND}}},
}

SCHEMAS = {
    "Citation": {"type": "object", "required": ["publisher", "title", "year", "url"], "properties": {
        "publisher": {"type": ["string", "null"]}, "title": {"type": ["string", "null"]},
        "year": {"type": ["integer", "null"]}, "url": {"type": ["string", "null"], "format": "uri"}},
        "description": "Where a value comes from, as the city cited it"},
    "Summary": {"type": "object", "required": ["cities", "min", "q1", "median", "q3", "max"], "properties": {
        "cities": {"type": "integer", "description": "How many values as a whole are summarised"},
        "min": _NUMBER, "q1": _NUMBER, "median": _NUMBER, "q3": _NUMBER, "max": _NUMBER},
        "description": "Null numbers when there is no value"},
    "Indicator": {"type": "object", "required": ["key", "names", "unit", "breakdowns", "source", "coverage"],
                  "properties": {
        "key": {"type": "string"}, "key_feature": {"type": "string", "description": "Code, such as 1.1.1"},
        "names": {"type": "object", "properties": {language: {"type": "string"} for language in LANGUAGES}},
        "unit": {"type": "string", "enum": [u.value for u in Unit]},
        "unit_label": {"type": "string", "description": "The unit in the reader's language"},
        "breakdowns": {"type": "array", "items": {"type": "object", "properties": {
            "dimension": {"type": "string", "enum": [b.value for b in Breakdown]},
            "groups": {"type": "array", "items": {"type": "string"}}}}},
        "source": {"type": "string", "enum": [s.value for s in DataSource],
                   "description": "The kind of source the framework expects"},
        "coverage": {"type": "object", "properties": {
            "cities": {"type": "integer", "description": "Member cities that published a value (any year)"},
            "by_source": {"type": "object", "additionalProperties": {"type": "integer"},
                          "description": "The same, by the kind of source they gave"}}}}},
    "IndicatorValues": {"type": "object", "required": ["key", "unit", "year", "values", "summary"], "properties": {
        "key": {"type": "string"}, "unit": {"type": "string"},
        "year": {"type": ["integer", "null"], "description": "null: each city's latest year"},
        "region": {"type": ["string", "null"]}, "population_band": {"type": ["string", "null"]},
        "values": {"type": "array", "items": {"type": "object", "required": ["city", "year", "value", "breakdowns",
                                                                               "source", "citation"],
                                              "properties": {"city": {"type": "string", "description": "slug"},
                                                             "country": {"type": "string"}, **_VALUE_FIELDS}}},
        "summary": _ref("Summary")}},
    "CityIndicators": {"type": "object", "required": ["city", "values"], "properties": {
        "city": {"type": "string", "description": "slug"},
        "values": {"type": "array", "items": {"type": "object", "required": [
            "measurement_point", "year", "value", "breakdowns", "source", "citation"],
            "properties": {"measurement_point": {"type": "string"}, **_VALUE_FIELDS}}}}},
}
