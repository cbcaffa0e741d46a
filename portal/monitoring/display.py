"""How a value reads on a page: the number in the reader's locale with its unit, the group
of a breakdown, and where a value sits in its peer group, in words."""
from flask_babel import format_decimal
from flask_babel import gettext as _

from models.framework import Breakdown, Unit
from portal.monitoring import rules, statistics


def number_text(number):
    if number is None:
        return "–"
    return format_decimal(number, format="#,##0.##")


def value_text(number, unit, currency=None):
    """97.5 → "97.5 %"; a rating → "4 out of 5"; money with its currency."""
    if number is None:
        return "–"
    shown = number_text(number)
    if unit is Unit.percent:
        return _("%(value)s %%", value=shown)
    if unit is Unit.rating:
        return _("%(value)s out of 5", value=shown)
    if unit is Unit.usd_ppp:
        return f"{shown} {currency or rules.DEFAULT_CURRENCY}"
    if unit in (Unit.count, Unit.volume):
        return shown
    return _("%(value)s %(unit)s", value=shown, unit=rules.UNITS[unit].label)


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


def standing_text(level):
    return {1: _("in the weakest quarter of the group"), 2: _("in the lower middle of the group"),
            3: _("in the upper middle of the group"), 4: _("in the strongest quarter of the group")}.get(level, "")
