"""What a search document holds.

Text goes into the fields of its language (`title_<language>`, `text_<language>` for each of
the six languages of analyzers.LANGUAGES, each with that language's analyzer), so a practice
written in Chinese with an English and a French translation is found from all three languages.
Facets are indexed for filtering and kept as columns for counting: single-valued facets as
the value itself, multi-valued ones (commitments, key-feature areas, key features, target
groups) as a bitmask, so counting the facets of every hit needs no stored-field reads.
"""
import datetime as dt

from whoosh.columns import NumericColumn
from whoosh.fields import COLUMN, ID, KEYWORD, TEXT, Schema
from whoosh.util.times import datetime_to_long

from models.reference_numbers import COMMITMENT_NUMBERS
from search_index import analyzers

# Multi-valued facets: their values in bit order.
COMMITMENT_BITS = [str(n) for n in COMMITMENT_NUMBERS]
AREA_BITS = ["1", "2", "3"]
TARGET_GROUP_BITS = ["children", "young_people", "adults", "older_people", "families", "migrants",
                     "people_with_disabilities", "women", "unemployed", "low_literacy", "all"]
# The 38 key features of the framework (data/key_features.yaml; a test checks the two agree).
KEY_FEATURE_BITS = [f"{area}.{focus}.{n}" for area, focus, count in (
    (1, 1, 4), (1, 2, 5), (1, 3, 3), (2, 1, 3), (2, 2, 2), (2, 3, 3), (2, 4, 3), (2, 5, 4),
    (2, 6, 3), (3, 1, 2), (3, 2, 3), (3, 3, 3)) for n in range(1, count + 1)]
MULTI_FACETS = {"commitment": COMMITMENT_BITS, "area": AREA_BITS, "key_feature": KEY_FEATURE_BITS,
                "target_group": TARGET_GROUP_BITS}
SINGLE_FACETS = ("region", "country", "organisation_type", "language", "year")
FACETS = ("commitment", "area", "key_feature", "region", "country", "organisation_type",
          "target_group", "language", "year")

LANGUAGES = tuple(analyzers.LANGUAGES)


def title_field(language):
    return f"title_{language}"


def text_field(language):
    return f"text_{language}"


def fields_of(languages):
    """The text fields of these languages: titles, then texts."""
    return [title_field(language) for language in languages] + [text_field(language) for language in languages]


TEXT_FIELDS = fields_of(LANGUAGES)
LANGUAGE_OF_FIELD = {field: field.partition("_")[2] for field in TEXT_FIELDS}
# Fields analysed by analyzers.english() (Whoosh's StemmingAnalyzer with its defaults).
ENGLISH_FIELDS = ("title_en", "text_en")
# Spelling suggestions come from the English body words (searcher._suggest_english).
SPELLING_FIELD = "text_en"


def mask_field(facet):
    return f"{facet}_mask"


def _mask_column(bits=32):
    # A column only: filters use the keyword field beside it, so indexing the number as
    # well (eight terms per document for a 32-bit NUMERIC) would only slow rebuilds.
    return COLUMN(NumericColumn("I" if bits <= 32 else "Q"))


def build_schema():
    texts = {}
    for language, (make_analyzer, _script) in analyzers.LANGUAGES.items():
        analyzer = make_analyzer()   # one per language, shared by its title and its text
        texts[title_field(language)] = TEXT(analyzer=analyzer, field_boost=3.0)
        texts[text_field(language)] = TEXT(analyzer=analyzer, spelling=text_field(language) == SPELLING_FIELD)
    return Schema(
        id=ID(unique=True, stored=True),
        type=ID(),
        **texts,
        # Filters (indexed) and counting columns (sortable) for each facet.
        commitment=KEYWORD(commas=True),
        commitment_mask=_mask_column(),
        area=KEYWORD(commas=True),
        area_mask=_mask_column(),
        key_feature=KEYWORD(commas=True),
        key_feature_mask=_mask_column(len(KEY_FEATURE_BITS)),
        target_group=KEYWORD(commas=True),
        target_group_mask=_mask_column(),
        region=ID(sortable=True),
        country=ID(sortable=True),
        organisation_type=ID(sortable=True),
        language=ID(sortable=True),
        year=ID(sortable=True),
        # Publication time (microseconds, as Whoosh counts datetimes) for "newest first": a
        # column only, since no query filters on it (a DATETIME field would index 16 terms
        # per document).
        published=COLUMN(NumericColumn("q")),
    )


def to_fields(document):
    """A plain document (see portal/search/documents.py) as Whoosh fields."""
    fields = {"id": document["id"], "type": document["type"]}
    for name in TEXT_FIELDS:
        if document.get(name):
            fields[name] = document[name]
    for facet, bits in MULTI_FACETS.items():
        values = [str(v) for v in document.get(facet, [])]
        if values:
            fields[facet] = ",".join(values)
        fields[mask_field(facet)] = sum(1 << bits.index(v) for v in values if v in bits)
    for facet in ("region", "country", "organisation_type", "language", "year"):
        if document.get(facet) not in (None, ""):
            fields[facet] = str(document[facet])
    fields["published"] = datetime_to_long(document.get("published") or dt.datetime(1970, 1, 1))
    return fields


def is_current(schema):
    """Whether an index's schema has the fields, of the same kinds and with the same analyzers,
    that build_schema() makes now (an index built by an older version must be rebuilt:
    `flask search-reindex`; `flask search-check` says so, and the worker will not write to it)."""
    expected = build_schema()
    return sorted(schema.names()) == sorted(expected.names()) and all(
        type(schema[name]) is type(expected[name])
        and getattr(schema[name], "analyzer", None) == getattr(expected[name], "analyzer", None)
        for name in expected.names())
