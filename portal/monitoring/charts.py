"""Small charts drawn on the server as SVG: no script, nothing from another host.

Each chart is an image to assistive technology (`role="img"`, labelled by its own <title>
and <desc>); the page puts the same numbers beside it as text or in a table. Every text put
in the markup is escaped here, and numbers are written by us, so a chart cannot carry markup
from the data."""
from markupsafe import Markup, escape

WIDTH = 240


def _scale(low, high, start, end):
    """A function mapping [low, high] onto [start, end] (the middle when low == high)."""
    if high == low:
        return lambda value: (start + end) / 2
    return lambda value: start + (value - low) / (high - low) * (end - start)


def _open(chart_id, title, description, width, height, css_class):
    return (f'<svg class="chart {css_class}" role="img" viewBox="0 0 {width} {height}" '
            f'width="{width}" height="{height}" aria-labelledby="{escape(chart_id)}-t {escape(chart_id)}-d" '
            f'xmlns="http://www.w3.org/2000/svg" focusable="false">'
            f'<title id="{escape(chart_id)}-t">{escape(title)}</title>'
            f'<desc id="{escape(chart_id)}-d">{escape(description)}</desc>')


def trend_chart(trend, *, chart_id, title, description, height=72):
    """A line through the city's values by year: `trend` is [(year, value)] in year order."""
    parts = [_open(chart_id, title, description, WIDTH, height, "trend")]
    if trend:
        years = [year for year, _value in trend]
        values = [value for _year, value in trend]
        x = _scale(min(years), max(years), 16, WIDTH - 16)
        y = _scale(min(values), max(values), height - 20, 8)
        line = " ".join(f"{x(year):.1f},{y(value):.1f}" for year, value in trend)
        parts.append(f'<polyline class="line" fill="none" points="{line}"/>')
        parts += [f'<circle class="dot" cx="{x(year):.1f}" cy="{y(value):.1f}" r="3.5"/>' for year, value in trend]
        parts.append(f'<text class="axis" x="{x(years[0]):.1f}" y="{height - 4}" '
                     f'text-anchor="middle">{years[0]}</text>')
        if len(years) > 1:
            parts.append(f'<text class="axis" x="{x(years[-1]):.1f}" y="{height - 4}" '
                         f'text-anchor="middle">{years[-1]}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def range_marker(value, stats, *, chart_id, title, description, height=28):
    """The group's range (a line from lowest to highest), its middle half (a box from the first
    to the third quartile) and median (a tick), with the city's value as a dot."""
    parts = [_open(chart_id, title, description, WIDTH, height, "range")]
    if stats and stats.get("cities"):
        low = min(stats["min"], value if value is not None else stats["min"])
        high = max(stats["max"], value if value is not None else stats["max"])
        x = _scale(low, high, 8, WIDTH - 8)
        middle = height / 2
        parts.append(f'<line class="whisker" x1="{x(stats["min"]):.1f}" x2="{x(stats["max"]):.1f}" '
                     f'y1="{middle}" y2="{middle}"/>')
        parts.append(f'<rect class="box" x="{x(stats["q1"]):.1f}" y="{middle - 7}" '
                     f'width="{max(x(stats["q3"]) - x(stats["q1"]), 1):.1f}" height="14"/>')
        parts.append(f'<line class="median" x1="{x(stats["median"]):.1f}" x2="{x(stats["median"]):.1f}" '
                     f'y1="{middle - 9}" y2="{middle + 9}"/>')
        if value is not None:
            parts.append(f'<circle class="own" cx="{x(value):.1f}" cy="{middle}" r="5"/>')
    parts.append("</svg>")
    return Markup("".join(parts))


def dot_plot(values, stats, *, chart_id, title, description, height=64):
    """Every city's value as a dot on one axis (dots of equal value stacked), over the box of
    the quartiles."""
    width = 320
    parts = [_open(chart_id, title, description, width, height, "dots")]
    if values:
        x = _scale(min(values), max(values), 10, width - 10)
        middle = height / 2 - 6
        parts.append(f'<rect class="box" x="{x(stats["q1"]):.1f}" y="{middle - 10}" '
                     f'width="{max(x(stats["q3"]) - x(stats["q1"]), 1):.1f}" height="20"/>')
        parts.append(f'<line class="median" x1="{x(stats["median"]):.1f}" x2="{x(stats["median"]):.1f}" '
                     f'y1="{middle - 13}" y2="{middle + 13}"/>')
        seen = {}
        for value in sorted(values):
            column = round(x(value))
            level = seen.get(column, 0)
            seen[column] = level + 1
            offset = (level % 5 - 2) * 4
            parts.append(f'<circle class="dot" cx="{column}" cy="{middle + offset:.1f}" r="3"/>')
        parts.append(f'<text class="axis" x="10" y="{height - 4}">{_number(min(values))}</text>')
        parts.append(f'<text class="axis" x="{width - 10}" y="{height - 4}" text-anchor="end">'
                     f'{_number(max(values))}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def _number(value):
    return f"{value:g}"
