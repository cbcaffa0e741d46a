"""The schemas of what member cities write in peer learning: a peer request (its format,
message and period), a proposed period, and an adoption ("we adapted this").

The operations (peer_requests.py, adoptions.py) check their data here and raise `Invalid`
naming every problem; the forms take their limits and messages from here. What needs the
database or the actor (whose practice, which city, who may ask) stays in the operations.
"""
import datetime as dt
from enum import Enum
from typing import Annotated

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from models.exchange import AdoptionKind, ExchangeFormat
from models.reference_numbers import YEAR_MAX, YEAR_MIN
from portal.domain_errors import InvalidFields
from portal.exchange import rules
from portal.validation import fail, problems_of

MESSAGE_MAX_LENGTH = rules.MAX_POST_LENGTH     # a request's message, an adoption's texts
TEXT_MAX_LENGTH = rules.MAX_POST_LENGTH
_CONFIG = ConfigDict(str_strip_whitespace=True, extra="ignore")


class PeriodSchema(BaseModel):
    """A period of exchange: both days given, in order, not in the past, at most a year.
    Context: `today` (a date; today's date if not given)."""
    model_config = _CONFIG

    period_start: dt.date | None = None
    period_end: dt.date | None = None

    @model_validator(mode="after")
    def _a_possible_period(self, info: ValidationInfo):
        start, end = self.period_start, self.period_end
        today = (info.context or {}).get("today") or dt.date.today()
        if start is None or end is None:
            raise fail(_("Give the first and last day of the period."))
        if end < start:
            raise fail(_("The period must end after it starts."))
        if start < today:
            raise fail(_("The period cannot start in the past."))
        if (end - start).days > rules.MAX_EXCHANGE_DAYS:
            raise fail(_("Propose a period of at most a year."))
        return self


class PeerRequestSchema(PeriodSchema):
    """What a city asks another for: a format, a message and a period."""
    format: str | None = None
    message: str | None = None

    @field_validator("format")
    @classmethod
    def _known_format(cls, value):
        if value not in {f.value for f in ExchangeFormat}:
            raise fail(_("Choose a format for the exchange."))
        return value

    @field_validator("message")
    @classmethod
    def _message(cls, value):
        if not value or len(value) > MESSAGE_MAX_LENGTH:
            raise fail(_("Write a message of at most %(n)s characters.", n=MESSAGE_MAX_LENGTH))
        return value


ADOPTION_MESSAGES = {
    "kind": _l("Say whether the city adopted the practice as it was or adapted it."),
    "changes": _l("Say what the city changed (or that it changed nothing)."),
    "results": _l("Say what happened after the city took it up."),
}


class AdoptionSchema(BaseModel):
    """A city's record that it adopted or adapted a practice: how, what it changed, what
    happened, and since when (optional)."""
    model_config = _CONFIG

    kind: str | None = None
    changes: str | None = None
    results: str | None = None
    year: Annotated[int, Field(ge=YEAR_MIN, le=YEAR_MAX)] | None = None

    @field_validator("kind")
    @classmethod
    def _known_kind(cls, value):
        if value not in {k.value for k in AdoptionKind}:
            raise fail(ADOPTION_MESSAGES["kind"])
        return value

    @field_validator("changes", "results")
    @classmethod
    def _texts(cls, value, info: ValidationInfo):
        if not value or len(value) > TEXT_MAX_LENGTH:
            raise fail(ADOPTION_MESSAGES[info.field_name])
        return value


def year_range_message(error=None):
    return _("The year must be between %(min)s and %(max)s.", min=YEAR_MIN, max=YEAR_MAX)


_YEAR_MESSAGES = {("year", kind): year_range_message for kind in
                  ("greater_than_equal", "less_than_equal", "int_type", "int_parsing", "int_from_float")}


def _check(model, data, **context):
    """The data as `model` reads it (texts trimmed, dates as dates), or InvalidFields."""
    data = {key: value.value if isinstance(value, Enum) else value for key, value in data.items()}
    found = problems_of(model, data, label=lambda key: key, messages=_YEAR_MESSAGES, context=context)
    if found:
        raise InvalidFields(found)
    return model.model_validate(data, context=context)


def check_period(start, end, *, today=None):
    """(start, end) if they make a possible period of exchange, else Invalid saying why."""
    checked = _check(PeriodSchema, {"period_start": start, "period_end": end}, today=today)
    return checked.period_start, checked.period_end


def check_peer_request(data, *, today=None):
    """A request's format, message and period, checked (PeerRequestSchema), or Invalid
    naming every problem."""
    return _check(PeerRequestSchema, data, today=today)


def check_adoption(data):
    """An adoption's kind, texts and year, checked (AdoptionSchema), or Invalid naming
    every problem."""
    return _check(AdoptionSchema, data)
