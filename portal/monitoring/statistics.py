"""Summaries of values across cities: the five numbers the profile, the point pages and the
API show (quartiles by linear interpolation between order statistics, numpy's default), and
where a value sits among them."""
import numpy


def summary(values):
    """{"cities", "min", "q1", "median", "q3", "max"} of a list of numbers (None for each
    number when the list is empty)."""
    values = [float(v) for v in values if v is not None]
    if not values:
        return {"cities": 0, "min": None, "q1": None, "median": None, "q3": None, "max": None}
    low, q1, median, q3, high = (float(x) for x in numpy.quantile(values, [0, 0.25, 0.5, 0.75, 1]))
    return {"cities": len(values), "min": low, "q1": q1, "median": median, "q3": q3, "max": high}


def quarter_of(value, stats):
    """1 (lowest quarter) to 4 (highest) of `value` among the summarised values; None when
    there is nothing to compare with."""
    if value is None or not stats["cities"]:
        return None
    if value <= stats["q1"]:
        return 1
    if value <= stats["median"]:
        return 2
    if value < stats["q3"]:
        return 3
    return 4


def fences(stats, distance):
    """The range beyond which a value is far from the others: `distance` interquartile ranges
    below the first quartile and above the third."""
    spread = stats["q3"] - stats["q1"]
    return stats["q1"] - distance * spread, stats["q3"] + distance * spread
