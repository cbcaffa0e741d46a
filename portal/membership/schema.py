"""The one schema of a membership application: the city's figures and their ranges, the
lengths of its answers (read from the columns), the choices, the ratings of the commitments,
and what a submitted application needs.

`save_application` (operations.py) checks the data with `problems`; `ApplicationForm` takes
its labels and ranges from here, to render them and to say them while the person types.
Numbers are checked as numbers, whether they come from the form or from elsewhere.
"""
from decimal import Decimal
from typing import Annotated

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from models.membership import Application
from models.reference_numbers import COMMITMENT_NUMBERS, FIRST_COMMITMENT, LAST_COMMITMENT, YEAR_MAX
from portal.membership import rules
from portal.text import count_words
from portal.validation import Storable, fail, problems_of

PROFILE_FIELDS = ("data_year", "population", "area_km2", "gdp_per_capita_city_usd",
                  "gdp_per_capita_country_usd", "schooling_years_men", "schooling_years_women",
                  "website", "mayor_title", "mayor_name", "contact_name", "contact_email",
                  "contact_phone", "communication_language", "motivation", "implementation",
                  "pledge")
REQUIRED_FOR_SUBMISSION = ("data_year", "population", "area_km2", "gdp_per_capita_city_usd",
                           "gdp_per_capita_country_usd", "schooling_years_men",
                           "schooling_years_women", "mayor_title", "mayor_name",
                           "contact_name", "contact_email", "communication_language",
                           "motivation", "implementation")
CALL_TEXTS = ("description_en", "description_zh", "eligibility_en", "eligibility_zh")

FIELD_LABELS = {
    "data_year": _l("Year the figures describe"),
    "population": _l("Population"),
    "area_km2": _l("Area (km²)"),
    "gdp_per_capita_city_usd": _l("GDP per capita of the city (USD)"),
    "gdp_per_capita_country_usd": _l("GDP per capita of the country (USD)"),
    "schooling_years_men": _l("Average years of schooling, men"),
    "schooling_years_women": _l("Average years of schooling, women"),
    "website": _l("Official website of the city"),
    "mayor_title": _l("Mayor's title"),
    "mayor_name": _l("Mayor's name"),
    "contact_name": _l("Contact person"),
    "contact_email": _l("Contact email"),
    "contact_phone": _l("Contact telephone"),
    "communication_language": _l("Language of communication"),
    "motivation": _l("Motivation"),
    "implementation": _l("How the city implements, or plans to implement, the learning-city concept"),
    "pledge": _l("Pledge"),
}

# The city's figures: (lowest, highest, decimal places or None for a whole number).
DATA_YEAR_MIN = 1990   # figures older than this say little about the city today
NUMBERS = {
    "data_year": (DATA_YEAR_MIN, YEAR_MAX, None),
    "population": (1, 100_000_000, None),
    "area_km2": (Decimal("0.01"), 1_000_000, 2),
    "gdp_per_capita_city_usd": (0, 10_000_000, 2),
    "gdp_per_capita_country_usd": (0, 10_000_000, 2),
    "schooling_years_men": (0, 25, 1),
    "schooling_years_women": (0, 25, 1),
}
TEXTS = ("website", "mayor_title", "mayor_name", "contact_name", "contact_email", "contact_phone")
RATINGS = range(1, 6)   # how hard a commitment is for the city: 1 (minor) to 5 (major)


def max_length(name):
    """The most characters a text answer may hold: its column's size."""
    return Application.__table__.c[name].type.length


def _number(name):
    low, high, places = NUMBERS[name]
    kind = int if places is None else Decimal
    return Annotated[kind | None, Field(ge=low, le=high)]


def _text(name):
    return Annotated[str | None, Field(max_length=max_length(name)), Storable]


class ApplicationSchema(BaseModel):
    """A city's answers as save_application receives them (every key optional: a draft is
    saved as it is; `missing_for_submission` says what a submission still needs)."""
    model_config = ConfigDict(str_strip_whitespace=True)

    data_year: _number("data_year") = None
    population: _number("population") = None
    area_km2: _number("area_km2") = None
    gdp_per_capita_city_usd: _number("gdp_per_capita_city_usd") = None
    gdp_per_capita_country_usd: _number("gdp_per_capita_country_usd") = None
    schooling_years_men: _number("schooling_years_men") = None
    schooling_years_women: _number("schooling_years_women") = None
    website: _text("website") = None
    mayor_title: _text("mayor_title") = None
    mayor_name: _text("mayor_name") = None
    contact_name: _text("contact_name") = None
    contact_email: _text("contact_email") = None
    contact_phone: _text("contact_phone") = None
    communication_language: str | None = None
    motivation: str | None = None
    implementation: str | None = None
    pledge: bool | None = None
    challenges: dict[int, int | None] | None = None
    expertise: list[int] | None = None
    expertise_tags: str | None = None

    @field_validator("motivation", "implementation")
    @classmethod
    def _words(cls, value, info: ValidationInfo):
        words = count_words(value)
        if words > rules.MAX_WORDS:
            what = {"motivation": _("The motivation"),
                    "implementation": _("The description of how the city implements the concept")}
            raise fail(_("%(what)s has %(n)s words; the limit is %(max)s.",
                         what=what[info.field_name], n=words, max=rules.MAX_WORDS))
        return value

    @field_validator("communication_language")
    @classmethod
    def _known_language(cls, value):
        if value and value not in rules.COMMUNICATION_LANGUAGES:
            raise fail(_("Choose a language of communication from the list."))
        return value

    @field_validator("challenges")
    @classmethod
    def _ratings(cls, value):
        for number, rating in (value or {}).items():
            if number not in COMMITMENT_NUMBERS or (rating is not None and rating not in RATINGS):
                raise fail(rate_each_commitment())
        return value

    @field_validator("expertise")
    @classmethod
    def _commitments(cls, value):
        if any(n not in COMMITMENT_NUMBERS for n in value or []):
            raise fail(_("Expertise refers to the commitments numbered %(first)s to %(last)s.",
                         first=FIRST_COMMITMENT, last=LAST_COMMITMENT))
        return value

    @field_validator("expertise_tags")
    @classmethod
    def _tags(cls, value):
        tags = rules.parse_tags(value)
        if len(tags) > rules.MAX_EXPERTISE_TAGS or any(len(t) > rules.MAX_TAG_LENGTH for t in tags):
            raise fail(_("Give at most %(n)s expertise tags of at most %(len)s characters each.",
                         n=rules.MAX_EXPERTISE_TAGS, len=rules.MAX_TAG_LENGTH))
        return value


def rate_each_commitment():
    """Said when a rating is not one of RATINGS (by the schema, and by the form's parser)."""
    return _("Rate each commitment from 1 to 5.")


def _range_message(name):
    low, high, _places = NUMBERS[name]
    return lambda error: _("%(field)s must be between %(min)s and %(max)s.",
                           field=FIELD_LABELS[name], min=low, max=high)


MESSAGES = {(name, kind): _range_message(name) for name in NUMBERS
            for kind in ("greater_than_equal", "less_than_equal")}
LABELS = {**FIELD_LABELS, "challenges": _l("Challenges"),
          "expertise": _l("Commitments on which the city can share expertise"),
          "expertise_tags": _l("Other expertise, as tags separated by commas")}


def problems(data):
    """Every problem of an application's answers (a draft's: nothing is required)."""
    return problems_of(ApplicationSchema, data, label=lambda key: LABELS.get(key, key),
                       messages=MESSAGES)
