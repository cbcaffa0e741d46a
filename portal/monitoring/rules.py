"""The numbers and choices of monitoring, each defined once: what each unit of the Key
Features allows, the groups of each breakdown dimension, the population bands of peer groups,
when a value deserves a warning, and the word limit of a progress report's narratives.

The schema (`schema.py`) refuses and warns with these; forms, the CSV import, the API and the
pages read them from here."""
import functools
import math
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from models.framework import Breakdown, DataSource, Unit


@dataclass(frozen=True)
class UnitRule:
    label: object            # what a value is measured in, for a reader
    minimum: float | None    # None: no lower bound
    maximum: float | None    # None: no upper bound
    whole: bool = False      # only whole numbers
    currency: bool = False   # an amount of money: the currency is given with it
    step: str = "any"        # for the form's <input type=number>


UNITS = {
    Unit.percent: UnitRule(_l("percent (0 to 100)"), 0, 100),
    Unit.count: UnitRule(_l("number"), 0, None, whole=True, step="1"),
    Unit.per_100k: UnitRule(_l("per 100 000 residents"), 0, 100_000),
    Unit.years: UnitRule(_l("years"), 0, 30),
    Unit.hours: UnitRule(_l("hours"), 0, 8_760),
    Unit.usd_ppp: UnitRule(_l("currency per resident"), 0, None, currency=True),
    Unit.tonnes_per_capita: UnitRule(_l("tonnes per resident"), 0, 1_000),
    Unit.kg_per_capita: UnitRule(_l("kilograms per resident"), 0, 100_000),
    Unit.visits_per_month: UnitRule(_l("visits per resident per month"), 0, 1_000),
    Unit.ratio: UnitRule(_l("learners per teacher"), 0, 1_000),
    Unit.rating: UnitRule(_l("rating from 1 to 5"), 1, 5),
    Unit.volume: UnitRule(_l("items produced"), 0, None, whole=True, step="1"),
}
# The currency an amount is given in when none is said (the framework's international dollars).
DEFAULT_CURRENCY = "USD"

# The groups of each dimension a measurement point may be broken down by, in display order.
DIMENSIONS = {
    Breakdown.sex: {"female": _l("women and girls"), "male": _l("men and boys")},
    Breakdown.income_quintile: {
        "q1": _l("poorest fifth"), "q2": _l("second fifth"), "q3": _l("middle fifth"),
        "q4": _l("fourth fifth"), "q5": _l("richest fifth")},
    Breakdown.sector: {"public": _l("public sector"), "private": _l("private sector")},
    Breakdown.education_level: {
        "pre-primary": _l("pre-primary"), "primary": _l("primary"), "secondary": _l("secondary"),
        "tertiary": _l("tertiary"), "adult": _l("adult and continuing")},
    Breakdown.school_and_adult_level: {
        "pre-primary": _l("pre-primary"), "primary": _l("primary"), "secondary": _l("secondary"),
        "adult": _l("adult and continuing")},
    Breakdown.learning_setting: {
        "formal": _l("formal (schools, colleges)"), "non-formal": _l("non-formal (community learning spaces)"),
        "informal": _l("informal (at home, at work, online)")},
}
DIMENSION_LABELS = {
    Breakdown.sex: _l("sex"), Breakdown.income_quintile: _l("income quintile"),
    Breakdown.sector: _l("sector"), Breakdown.education_level: _l("education level"),
    Breakdown.school_and_adult_level: _l("level of education"),
    Breakdown.learning_setting: _l("learning setting"),
}
SOURCE_LABELS = {
    DataSource.official: _l("official city data"),
    DataSource.survey: _l("survey"),
    DataSource.expert: _l("expert review"),
}


def breakdown_key(dimension, group):
    """("sex", "female") -> "sex=female"; the value as a whole has the key ""."""
    return f"{dimension}={group}"


def parse_breakdown(key):
    """"sex=female" -> ("sex", "female"); "" -> None; anything else -> ValueError."""
    key = (key or "").strip()
    if not key:
        return None
    dimension, equals, group = key.partition("=")
    if not equals or not dimension.strip() or not group.strip():
        raise ValueError(key)
    return dimension.strip(), group.strip()


def breakdowns_of(point):
    """Every breakdown key a measurement point accepts, in display order ("" first)."""
    return list(_breakdowns(tuple(point.breakdowns or ())))


@functools.lru_cache(maxsize=64)
def _breakdowns(dimensions):
    keys = [""]
    for dimension in dimensions:
        keys += [breakdown_key(dimension, group) for group in DIMENSIONS[Breakdown(dimension)]]
    return tuple(keys)


# Warnings a person must confirm before a value is saved.
LARGE_CHANGE = 0.5          # more than half up or down from the city's previous year
OUTLIER_FENCE = 3.0         # beyond the network's quartiles by three interquartile ranges
OUTLIER_MINIMUM_CITIES = 5  # below this many cities the network has no range to compare with

# Peer groups by population: (key, label, lowest, highest or None).
POPULATION_BANDS = (
    ("small", _l("under 250 000 residents"), 0, 249_999),
    ("medium", _l("250 000 to 999 999 residents"), 250_000, 999_999),
    ("large", _l("1 000 000 to 4 999 999 residents"), 1_000_000, 4_999_999),
    ("very-large", _l("5 000 000 residents and more"), 5_000_000, None),
)


def population_band(population):
    """The key of the band a population falls in, or None when it is not known."""
    if population is None:
        return None
    for key, _label, low, high in POPULATION_BANDS:
        if population >= low and (high is None or population <= high):
            return key
    return None


# A progress report's narrative per commitment (counted by portal/text.py::count_words, where
# two Chinese characters make a word).
NARRATIVE_MAX_WORDS = 300
REPORT_TEXT_MAX_WORDS = 600        # achievements, challenges, plans: each
JUSTIFICATION_MAX_WORDS = 150      # a self-assessment's justification
NOTE_MAX_LENGTH = 2_000            # a value's note on method, or why it is not available
RATING_MIN, RATING_MAX = 1, 5      # self-assessment
# A cycle's reminders go out this many days before its deadline.
REMINDER_DAYS = (30, 7)
# A member that did not submit in this many consecutive closed cycles is flagged.
MISSED_CYCLES_FLAG = 2


def is_finite(number):
    return number is not None and math.isfinite(number)


# Measurement points where a lower value is the better one (fewer crimes, less unemployment,
# less carbon dioxide, fewer learners per teacher…): a city in the lowest quarter of its
# peers on these is doing well, not badly. Comparisons and suggestions read this set.
LOWER_IS_BETTER = frozenset({
    "crime-level", "unemployment-rate", "youth-unemployment-rate", "carbon-dioxide-emissions",
    "housing", "youth-not-in-employment-education-or-training", "pupil-teacher-ratio",
})
