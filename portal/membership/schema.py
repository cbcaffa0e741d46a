"""The schemas of membership: a call (what the secretariat writes when it opens one) and an
application (the city's figures and their ranges, the lengths of its answers read from the
columns, the choices, the ratings of the commitments, and what a submitted application needs).

`save_application` (operations.py) checks the data with `problems`; `ApplicationForm` takes
its labels and ranges from here, to render them and to say them while the person types.
Numbers are checked as numbers, whether they come from the form or from elsewhere.
"""
import datetime as dt
from decimal import Decimal
from typing import Annotated

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, create_model, field_validator, model_validator

from models.base import LANGUAGES
from models.membership import Application, Call
from models.reference_numbers import COMMITMENT_NUMBERS, FIRST_COMMITMENT, LAST_COMMITMENT, YEAR_MAX
from portal.i18n import lazy_language_name
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
# What a call says, in each language: English is required, the others fall back to it.
CALL_TEXT_KINDS = ("description", "eligibility")
CALL_TEXTS = tuple(f"{kind}_{language}" for kind in CALL_TEXT_KINDS for language in LANGUAGES)

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


# --- A call for membership ---------------------------------------------------------------

# (lowest, highest) of a call's numbers.
CALL_NUMBERS = {"nomination_quota": (1, 50), "decision_window_days": (1, 365)}
CALL_TITLE_LENGTH = Call.__table__.c.title.type.length


def _call_number(name):
    low, high = CALL_NUMBERS[name]
    return Annotated[int, Field(ge=low, le=high)]


def _call_text(required):
    return Annotated[str, Field(min_length=1 if required else 0, max_length=rules.MAX_CALL_TEXT), Storable]


class _CallSchema(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)

    title: Annotated[str, Field(min_length=1, max_length=CALL_TITLE_LENGTH), Storable]
    opens_on: dt.date
    closes_on: dt.date
    nomination_quota: _call_number("nomination_quota")
    decision_window_days: _call_number("decision_window_days")

    @model_validator(mode="after")
    def _closes_after_it_opens(self):
        if self.closes_on < self.opens_on:
            raise fail(_("A call must close on or after the day it opens."))
        return self


# A call as `open_call` receives it: its texts in English required, in the other languages optional.
CallSchema = create_model("CallSchema", __base__=_CallSchema, **{
    name: (_call_text(required=True), ...) if name.endswith("_en") else (_call_text(required=False), "")
    for name in CALL_TEXTS})


def _english_texts_needed(error):
    return _("Say in English what the call is about and which cities may apply; "
             "the texts in the other languages are optional.")


def _call_text_too_long(error):
    return _("Keep each text of the call under %(n)s characters.", n=rules.MAX_CALL_TEXT)


CALL_MESSAGES = {
    **{(name, kind): (lambda error, name=name: _(
        "%(field)s must be between %(min)s and %(max)s.", field=CALL_LABELS[name],
        min=CALL_NUMBERS[name][0], max=CALL_NUMBERS[name][1]))
       for name in CALL_NUMBERS for kind in ("greater_than_equal", "less_than_equal")},
    **{(f"{kind}_en", "string_too_short"): _english_texts_needed for kind in CALL_TEXT_KINDS},
    **{(name, "string_too_long"): _call_text_too_long for name in CALL_TEXTS},
}
CALL_LABELS = {
    "title": _l("Title"), "opens_on": _l("Opens on"), "closes_on": _l("Closes on"),
    "nomination_quota": _l("Nominations per Member State"),
    "decision_window_days": _l("Days a National Commission has to decide"),
    **{f"description_{language}": (
        _l("What the call is about (%(language)s)", language=lazy_language_name(language))
        if language == "en" else
        _l("What the call is about (%(language)s, optional)", language=lazy_language_name(language)))
       for language in LANGUAGES},
    **{f"eligibility_{language}": (
        _l("Who may apply (%(language)s)", language=lazy_language_name(language))
        if language == "en" else
        _l("Who may apply (%(language)s, optional)", language=lazy_language_name(language)))
       for language in LANGUAGES},
}


def call_problems(data):
    """Every problem of a call's data."""
    return problems_of(CallSchema, data, label=lambda key: CALL_LABELS.get(key, key),
                       messages=CALL_MESSAGES)
