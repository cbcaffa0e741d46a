"""The one schema of a value a city reports against a measurement point, and the warnings a
person must confirm before an implausible value is saved.

`value_problems(entry, point)` refuses what the unit cannot hold (a share of 140 %, a rating
of 7, a negative count), a breakdown the framework does not name for the point, a source that
is not one of the three kinds, a missing reason for "not available", a citation that is not a
citation. `value_warnings(...)` says what looks implausible (a change of more than half since
the previous year, a value far outside the network's range). The entry page, the CSV upload,
`flask indicators-import` and the API all go through `portal/monitoring/data_entry.py`, which
uses these two. Each problem is on a field of the entry (`value`, `breakdown`, `source`…).
"""
import math
from typing import Annotated
from urllib.parse import urlsplit

from babel.numbers import format_decimal, get_currency_name, list_currencies
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from models.framework import Breakdown, DataSource
from models.monitoring import IndicatorValue
from models.reference_numbers import YEAR_MAX, YEAR_MIN
from portal.monitoring import rules, statistics
from portal.validation import Storable, fail, problems_of

_CONFIG = ConfigDict(str_strip_whitespace=True, extra="ignore")
_CURRENCIES = frozenset(list_currencies())
_SOURCES = frozenset(kind.value for kind in DataSource)


def _length(column):
    return IndicatorValue.__table__.c[column].type.length


LABELS = {
    "measurement_point": _l("Measurement point"), "breakdown": _l("Breakdown"), "value": _l("Value"),
    "currency": _l("Currency"), "not_available": _l("Not available"), "reason": _l("Reason"),
    "source": _l("Kind of source"), "citation_publisher": _l("Publisher"),
    "citation_title": _l("Title of the source"), "citation_year": _l("Year of the source"),
    "citation_url": _l("Link to the source"), "note": _l("Note on method"), "year": _l("Reference year"),
}


def label(key):
    return LABELS.get(key, key)


def _number(text):
    """"1 234,5" and "1,234.5" are not guessed at: a value is written with a dot for decimals
    (spaces between thousands are allowed)."""
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        return float(text)
    text = str(text).replace(" ", "").replace("\u00a0", "").replace("\u202f", "").strip()
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        raise fail(_("Value: write a number, with a dot for decimals (e.g. 12.5).")) from None
    if not math.isfinite(number):
        raise fail(_("Value: write a number, with a dot for decimals (e.g. 12.5)."))
    return number


class ValueSchema(BaseModel):
    """One value. Context: `point` (the MeasurementPoint it is for)."""
    model_config = _CONFIG

    breakdown: str = ""
    not_available: bool = False
    value: float | None = Field(default=None, validate_default=True)
    currency: str | None = Field(default=None, validate_default=True)
    reason: Annotated[str, Storable, Field(max_length=rules.NOTE_MAX_LENGTH, validate_default=True)] = ""
    source: str | None = None
    citation_publisher: Annotated[str, Storable, Field(max_length=_length("citation_publisher"))] = ""
    citation_title: Annotated[str, Storable, Field(max_length=_length("citation_title"))] = ""
    citation_year: int | None = Field(default=None, ge=YEAR_MIN, le=YEAR_MAX)
    citation_url: Annotated[str, Storable, Field(max_length=_length("citation_url"))] = ""
    note: Annotated[str, Storable, Field(max_length=rules.NOTE_MAX_LENGTH)] = ""

    @field_validator("not_available", mode="before")
    @classmethod
    def _ticked(cls, value):
        if isinstance(value, str):
            return value.strip().lower() in ("1", "true", "yes", "on", "y")
        return bool(value)

    @field_validator("value", mode="before")
    @classmethod
    def _a_number(cls, value):
        return None if value is None else _number(value)

    @field_validator("value")
    @classmethod
    def _within_the_unit(cls, value, info: ValidationInfo):
        point = info.context["point"]
        unit = rules.UNITS[point.unit]
        if info.data.get("not_available"):
            if value is not None:
                raise fail(_("Value: leave it empty when the value is not available, or untick "
                             "\"not available\"."))
            return None
        if value is None:
            raise fail(_("Value: give a value, or tick \"not available\" and say why."))
        if unit.minimum is not None and value < unit.minimum or (
                unit.maximum is not None and value > unit.maximum):
            raise fail(_out_of_range(point, unit, value))
        if unit.whole and value != int(value):
            raise fail(_("Value: %(point)s is counted in whole numbers.", point=_name(point)))
        return value

    @field_validator("reason")
    @classmethod
    def _why_not_available(cls, value, info: ValidationInfo):
        if info.data.get("not_available") and not value:
            raise fail(_("Reason: say why the value is not available."))
        return value if info.data.get("not_available") else ""

    @field_validator("citation_year", mode="before")
    @classmethod
    def _blank_year(cls, value):
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("breakdown")
    @classmethod
    def _named_by_the_framework(cls, value, info: ValidationInfo):
        point = info.context["point"]
        if value not in rules.breakdowns_of(point):
            dimensions = ", ".join(str(rules.DIMENSION_LABELS[d]) for d in point.breakdown_list)
            if not dimensions:
                raise fail(_("Breakdown: %(point)s is reported as a whole only; leave the breakdown empty.",
                             point=_name(point)))
            raise fail(_("Breakdown: %(point)s is broken down by %(dimensions)s only (e.g. %(example)s).",
                         point=_name(point), dimensions=dimensions, example=rules.breakdowns_of(point)[1]))
        return value

    @field_validator("source")
    @classmethod
    def _a_kind_of_source(cls, value):
        if value not in _SOURCES:
            raise fail(_("Kind of source: choose official city data, a survey or an expert review "
                         "(official, survey or expert)."))
        return value

    @field_validator("currency", mode="before")
    @classmethod
    def _a_currency_code(cls, value, info: ValidationInfo):
        if not rules.UNITS[info.context["point"].unit].currency:
            return None
        value = (value or "").strip().upper() or rules.DEFAULT_CURRENCY
        if value not in _CURRENCIES:
            raise fail(_("Currency: give its three-letter code (e.g. USD, EUR, CNY)."))
        return value

    @field_validator("citation_url")
    @classmethod
    def _a_web_address(cls, value):
        if value and (urlsplit(value).scheme not in ("http", "https") or not urlsplit(value).netloc):
            raise fail(_("Link to the source: give a web address starting with https:// or http://."))
        return value


def _out_of_range(point, unit, value):
    if unit.maximum is None:
        return _("Value: %(value)s is not possible for %(point)s (%(unit)s): it cannot be below %(min)s.",
                 value=_shown(value), point=_name(point), unit=unit.label, min=_shown(unit.minimum))
    return _("Value: %(value)s is not possible for %(point)s (%(unit)s): give a value from %(min)s to %(max)s.",
             value=_shown(value), point=_name(point), unit=unit.label, min=_shown(unit.minimum),
             max=_shown(unit.maximum))


def _name(point):
    return point.localized("name", str(get_locale() or "en")[:2])


def _shown(number):
    """A number in a message, in the reader's locale (its decimal sign and grouping), with
    every decimal it was given."""
    return format_decimal(number, format="#,##0.##########", locale=get_locale() or "en")


def value_problems(entry, point):
    """Every problem of one entry (a dict) for `point`, each on its field."""
    return problems_of(ValueSchema, entry, label=label, context={"point": point})


def clean(entry, point):
    """The entry as it will be stored (call after value_problems found nothing)."""
    return ValueSchema.model_validate(entry, context={"point": point}).model_dump()


def value_warnings(point, value, *, previous=None, network=None):
    """What looks implausible about `value` (a number) for `point`: `previous` is the city's
    value for the nearest earlier year (or None), `network` the summary
    (portal/monitoring/statistics.py) of the other cities' values for the point."""
    found = []
    if previous is not None and previous != 0 and abs(value - previous) / abs(previous) > rules.LARGE_CHANGE:
        found.append(_("%(value)s is %(change)s%% away from the previous year's %(previous)s: please check it.",
                       value=_shown(value), previous=_shown(previous),
                       change=round(abs(value - previous) / abs(previous) * 100)))
    if network is not None and network["cities"] >= rules.OUTLIER_MINIMUM_CITIES:
        low, high = statistics.fences(network, rules.OUTLIER_FENCE)
        if not low <= value <= high:
            found.append(_("%(value)s is far outside what other member cities report for this point "
                           "(their middle half is %(q1)s to %(q3)s): please check it.",
                           value=_shown(value), q1=_shown(network["q1"]), q3=_shown(network["q3"])))
    return found


def currency_name(code, locale):
    return get_currency_name(code, locale=locale)


def dimension_of(breakdown):
    """The Breakdown of a stored breakdown key ("sex=female" -> Breakdown.sex), None for ""."""
    parsed = rules.parse_breakdown(breakdown)
    return Breakdown(parsed[0]) if parsed else None
