"""What a search document holds.

Text goes into the field of its language (`title_en` / `title_zh`, `text_en` / `text_zh`),
so a practice written in Chinese with an English translation is found from both languages.
Facets are indexed for filtering and kept as columns for counting: single-valued facets as
the value itself, multi-valued ones (commitments, key-feature areas, target groups) as a
bitmask, so counting the facets of every hit needs no stored-field reads.
"""
from whoosh.fields import DATETIME, ID, KEYWORD, NUMERIC, TEXT, Schema

from search_index import analyzers

# Multi-valued facets: their values in bit order.
COMMITMENT_BITS = [str(n) for n in range(1, 13)]
AREA_BITS = ["1", "2", "3"]
TARGET_GROUP_BITS = ["children", "young_people", "adults", "older_people", "families", "migrants",
                     "people_with_disabilities", "women", "unemployed", "low_literacy", "all"]
MULTI_FACETS = {"commitment": COMMITMENT_BITS, "area": AREA_BITS, "target_group": TARGET_GROUP_BITS}
SINGLE_FACETS = ("region", "country", "organisation_type", "language", "year")
FACETS = ("commitment", "area", "region", "country", "organisation_type", "target_group",
          "language", "year")


def mask_field(facet):
    return f"{facet}_mask"


def build_schema():
    english, chinese = analyzers.english(), analyzers.chinese()
    return Schema(
        id=ID(unique=True, stored=True),
        type=ID(),
        title_en=TEXT(analyzer=english, field_boost=3.0, spelling=True),
        title_zh=TEXT(analyzer=chinese, field_boost=3.0),
        text_en=TEXT(analyzer=english, spelling=True),
        text_zh=TEXT(analyzer=chinese),
        # Filters (indexed) and counting columns (sortable) for each facet.
        commitment=KEYWORD(commas=True),
        commitment_mask=NUMERIC(bits=32, sortable=True),
        area=KEYWORD(commas=True),
        area_mask=NUMERIC(bits=32, sortable=True),
        target_group=KEYWORD(commas=True),
        target_group_mask=NUMERIC(bits=32, sortable=True),
        region=ID(sortable=True),
        country=ID(sortable=True),
        organisation_type=ID(sortable=True),
        language=ID(sortable=True),
        year=ID(sortable=True),
        published=DATETIME(sortable=True),
    )
