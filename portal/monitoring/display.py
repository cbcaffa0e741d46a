"""How a value reads on a page: the number in the reader's locale with its unit, the group
of a breakdown, and where a value sits in its peer group, in words."""
import decimal
import functools

from babel import Locale
from flask_babel import format_decimal
from flask_babel import gettext as _

from models.framework import Breakdown, Unit
from portal.i18n import locale_in_force
from portal.monitoring import rules, statistics

_HUNDREDTH = decimal.Decimal("0.01")


@functools.lru_cache(maxsize=32)
def _separators(locale_id):
    """The locale's grouping and decimal signs for Latin digits, as a str.translate table."""
    symbols = Locale.parse(locale_id).number_symbols["latn"]
    return str.maketrans({",": symbols["group"], ".": symbols["decimal"]})


def number_text(number):
    """A number in the reader's locale with at most two decimals ("#,##0.##"), rounded half
    to even as Babel does. A page shows hundreds of them, so the common case (not negative)
    is formatted here with the locale's separators; the rest goes through Babel."""
    if number is None:
        return "–"
    if isinstance(number, (int, float, decimal.Decimal)) and number >= 0 and number == number:
        rounded = decimal.Decimal(str(number)).quantize(_HUNDREDTH, rounding=decimal.ROUND_HALF_EVEN)
        text = f"{rounded:,f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        return text.translate(_separators(locale_in_force() or "en"))
    return format_decimal(number, format="#,##0.##")


@functools.lru_cache(maxsize=32)
def _unit_wordings(locale_id):
    """How a value reads in each unit, translated once per locale (`locale_id` is the locale
    in force when it is first asked for)."""
    return {"percent": _("%(value)s %%"), "rating": _("%(value)s out of 5"),
            "other": _("%(value)s %(unit)s"),
            "labels": {unit: str(spec.label) for unit, spec in rules.UNITS.items()}}


def value_text(number, unit, currency=None):
    """97.5 → "97.5 %"; a rating → "4 out of 5"; money with its currency."""
    if number is None:
        return "–"
    shown = number_text(number)
    if unit in (Unit.count, Unit.volume):
        return shown
    if unit is Unit.usd_ppp:
        return f"{shown} {currency or rules.DEFAULT_CURRENCY}"
    wordings = _unit_wordings(locale_in_force() or "en")
    if unit is Unit.percent:
        return wordings["percent"] % {"value": shown}
    if unit is Unit.rating:
        return wordings["rating"] % {"value": shown}
    return wordings["other"] % {"value": shown, "unit": wordings["labels"][unit]}


def breakdown_text(key):
    """"sex=female" → "sex: women and girls"."""
    parsed = rules.parse_breakdown(key)
    if parsed is None:
        return _("as a whole")
    dimension, group = parsed
    try:
        dimension = Breakdown(dimension)
        return _("%(dimension)s: %(group)s", dimension=rules.DIMENSION_LABELS[dimension],
                 group=rules.DIMENSIONS[dimension][group])
    except (ValueError, KeyError):
        return key


def is_lower_better(point):
    return point.key in rules.LOWER_IS_BETTER


def standing(value, stats, point):
    """1 (among the weakest quarter of the group) to 4 (among the strongest), minding the
    points where a lower value is better; None without a group to compare with."""
    quarter = statistics.quarter_of(value, stats)
    if quarter is None:
        return None
    return 5 - quarter if is_lower_better(point) else quarter


@functools.lru_cache(maxsize=32)
def _standings(locale_id):
    return {1: _("in the weakest quarter of the group"), 2: _("in the lower middle of the group"),
            3: _("in the upper middle of the group"), 4: _("in the strongest quarter of the group")}


def standing_text(level):
    return _standings(locale_in_force() or "en").get(level, "")
