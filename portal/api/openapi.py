"""The OpenAPI 3.1 description of the open-data API."""
from models.base import LANGUAGES
from models.reference_numbers import FIRST_COMMITMENT, LAST_COMMITMENT
from portal.api import openapi_indicators
from portal.urls import absolute_url_for

_ERROR = {"type": "object", "required": ["error"], "properties": {"error": {
    "type": "object", "required": ["status", "reason"],
    "properties": {"status": {"type": "integer"}, "reason": {"type": "string"}}}}}

_SUMMARY = {
    "type": "object",
    "required": ["slug", "title", "summary", "city", "country", "commitments", "language"],
    "properties": {
        "slug": {"type": "string"}, "title": {"type": "string"}, "summary": {"type": "string"},
        "city": {"type": "string", "description": "The city's English name"},
        "country": {"type": "string", "description": "ISO 3166-1 alpha-2"},
        "commitments": {"type": "array", "items": {"type": "integer", "minimum": FIRST_COMMITMENT,
                                                            "maximum": LAST_COMMITMENT}},
        "language": {"type": "string", "enum": list(LANGUAGES)},
        "kind": {"type": "string", "enum": ["practice", "case_study"]},
        "external_id": {"type": "string", "description": "Present for imported practices"},
        "url": {"type": "string", "format": "uri"},
        "published_at": {"type": ["string", "null"], "format": "date-time"},
    },
}


def _parameter(name, description, schema):
    return {"name": name, "in": "query", "required": False, "description": description,
            "schema": schema}


def openapi_document():
    facets = {"type": "object", "additionalProperties": {
        "type": "object", "additionalProperties": {"type": "integer"}},
        "description": "For each facet, the number of matching practices per value."}
    return {
        "openapi": "3.1.0",
        "info": {"title": "Learning Cities Network — open data", "version": "1.0.0",
                 "description": "Published practices of learning cities, linked to the 12 "
                                "commitments of the Beijing Declaration, and cities' published data "
                                "against the measurement points of the Key Features of Learning "
                                "Cities. Texts are under the licence each practice states (CC BY "
                                "4.0 by default)."},
        "servers": [{"url": absolute_url_for("api.openapi").rsplit("/openapi.json", 1)[0]}],
        "paths": {
            "/practices": {"get": {
                "summary": "Search published practices",
                "parameters": [
                    _parameter("q", "Words to search for, in any of the six UN languages (English, French, "
                                    "Spanish, Russian, Arabic, Chinese); quotes for a phrase",
                               {"type": "string", "maxLength": 200}),
                    _parameter("commitment", "Commitment number",
                               {"type": "integer", "minimum": FIRST_COMMITMENT, "maximum": LAST_COMMITMENT}),
                    _parameter("key_feature", "Code of a key feature of learning cities, such as 2.2.1",
                               {"type": "string", "pattern": "^[1-3]\\.[1-6]\\.[1-5]$"}),
                    _parameter("country", "ISO 3166-1 alpha-2 code", {"type": "string", "pattern": "^[A-Za-z]{2}$"}),
                    _parameter("region", "UNESCO region", {"type": "string", "enum": openapi_indicators.REGIONS}),
                    _parameter("language", "Language the practice is written in",
                               {"type": "string", "enum": list(LANGUAGES)}),
                    _parameter("sort", "Order", {"type": "string", "enum": ["relevance", "newest"]}),
                    _parameter("page", "Page of 20 results", {"type": "integer", "minimum": 1, "maximum": 500}),
                ],
                "responses": {
                    "200": {"description": "A page of results", "content": {"application/json": {"schema": {
                        "type": "object", "required": ["results", "total", "facets"],
                        "properties": {"results": {"type": "array",
                                                   "items": {"$ref": "#/components/schemas/PracticeSummary"}},
                                       "total": {"type": "integer"}, "page": {"type": "integer"},
                                       "per_page": {"type": "integer"}, "pages": {"type": "integer"},
                                       "facets": facets,
                                       "partial": {"type": "boolean", "description":
                                                   "True when no practice has every word of q: the results are "
                                                   "those with most of the words, most first"},
                                       "missing_words": {"type": "array", "items": {"type": "string"},
                                                         "description": "Words of q that no practice has"}}}}}},
                    "400": {"description": "A parameter is not valid",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                }}},
            "/practices/{slug}": {"get": {
                "summary": "One published practice",
                "parameters": [{"name": "slug", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": {
                    "200": {"description": "The practice",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Practice"}}}},
                    "404": {"description": "No published practice with this slug",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                }}},
            "/threads/{id}": {"get": {
                "summary": ("A discussion: a question on a practice, a cluster discussion, "
                            "or a private exchange thread (for its participants only)"),
                "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}],
                "responses": {
                    "200": {"description": "The thread and its posts (hidden posts without their text)",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thread"}}}},
                    "404": {"description": "No such thread, or a private thread the caller does not take part in",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                }}},
            **openapi_indicators.PATHS,
        },
        "components": {"schemas": {
            "PracticeSummary": _SUMMARY,
            "Practice": {"allOf": [
                {"$ref": "#/components/schemas/PracticeSummary"}, {"type": "object", "properties": {
                "need": {"type": "string"}, "activities": {"type": "string"}, "partners": {"type": "string"},
                "results": {"type": "string"}, "lessons": {"type": "string"},
                "body": {"type": "string", "description": "Markdown"},
                "organisation": {"type": ["string", "null"]}, "organisation_type": {"type": ["string", "null"]},
                "year": {"type": ["integer", "null"]}, "ongoing": {"type": "boolean"},
                "target_groups": {"type": "array", "items": {"type": "string"}},
                "key_features": {"type": "array", "items": {"type": "string"}},
                "region": {"type": "string"}, "licence": {"type": "string"},
                "more_information": {"type": ["string", "null"]},
                "source": {"type": ["string", "null"],
                           "description": "Citation of the publication the account is based on"},
                "last_changed_at": {"type": ["string", "null"], "format": "date-time"},
                "translations": {"type": "array", "items": {"type": "object", "properties": {
                    "language": {"type": "string", "enum": list(LANGUAGES)}, "title": {"type": "string"},
                    "summary": {"type": "string"}, "need": {"type": "string"}, "activities": {"type": "string"},
                    "partners": {"type": "string"}, "results": {"type": "string"},
                    "lessons": {"type": "string"}, "body": {"type": "string", "description": "Markdown"}},
                    "description": "The practice translated into another of the portal's languages, one item "
                                   "per language (never its own), in the order en, fr, es, ru, ar, zh; an "
                                   "empty section is not translated"}},
            }}]},
            "Thread": {"type": "object", "properties": {
                "id": {"type": "integer"}, "kind": {"type": "string", "enum": ["question", "cluster", "exchange"]},
                "title": {"type": "string"}, "practice": {"type": ["string", "null"], "description": "slug"},
                "cluster": {"type": ["string", "null"], "description": "slug"},
                "posts": {"type": "array", "items": {"type": "object", "properties": {
                    "id": {"type": "integer"}, "author": {"type": "string"},
                    "body": {"type": ["string", "null"], "description": "Markdown; null when hidden"},
                    "created_at": {"type": "string", "format": "date-time"},
                    "is_answer": {"type": "boolean"}, "hidden": {"type": "boolean"}}}}}},
            "Error": _ERROR,
            **openapi_indicators.SCHEMAS,
        }},
    }
