"""The forms of the data entry pages.

The focus area page is one plain form with a row per measurement point and breakdown (its
value, or "not available" with a reason) and, per point, its source (kind, citation, note on
method, currency), which applies to the point's value as a whole and to its breakdowns. Field
names are `<where>.<field>`, `where` being `data_entry.entry_key(point, breakdown)` (the
prefix save_values puts on its problems and warnings), and `<point key>.<field>` for the
point's source: so a refused value comes back on its field, with what the person typed."""
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, IntegerField
from wtforms.validators import InputRequired, Length, ValidationError

from models.framework import Breakdown
from models.reference_numbers import YEAR_MIN
from portal.monitoring import rules
from portal.monitoring.data_entry import Entry, entry_key, latest_allowed_year

ROW_FIELDS = ("value", "not_available", "reason")
SOURCE_FIELDS = ("source", "currency", "citation_publisher", "citation_title", "citation_year",
                 "citation_url", "note")


class ActionForm(FlaskForm):
    """A button that changes something (publish, remove, save): its CSRF token only."""


class AppointForm(FlaskForm):
    email = EmailField(_l("Email address of the person's account"), validators=[InputRequired(), Length(max=254)])


def _a_year_that_can_be_reported(form, year_field):
    if year_field.data is None or not YEAR_MIN <= year_field.data <= latest_allowed_year():
        raise ValidationError(_l("Give a year from %(first)s to %(last)s.", first=YEAR_MIN,
                                 last=latest_allowed_year()))


class StartYearForm(FlaskForm):
    class Meta:
        csrf = False     # a GET that only opens the year's page

    year = IntegerField(_l("Reference year"), validators=[_a_year_that_can_be_reported])


def html_id(*parts):
    """An id for a field: "f-adult-literacy-rate-sex-female-value"."""
    return "f-" + "-".join(str(part).replace("=", "-") for part in parts if part)


@dataclass
class Row:
    """One value of a point: as a whole (breakdown "") or for one group of a dimension."""
    point: object
    breakdown: str
    label: object
    data: dict
    existed: bool
    errors: dict = field(default_factory=dict)      # field -> [messages]
    warnings: list = field(default_factory=list)
    posted: bool = False         # the form sent this row (a row it did not send is left as it is)
    confirmed: bool = False      # the person confirmed this value's warning

    @property
    def where(self):
        return entry_key(self.point.key, self.breakdown)

    def name(self, name):
        return f"{self.where}.{name}"

    def id(self, name):
        return html_id(self.point.key, self.breakdown or "all", name)

    @property
    def is_blank(self):
        return (not str(self.data.get("value") or "").strip() and not self.data.get("not_available")
                and not str(self.data.get("reason") or "").strip())


@dataclass
class PointSheet:
    point: object
    unit: object                 # rules.UnitRule
    rows: list                   # [Row]: the whole first, then each group
    groups: list                 # [(dimension label, [Row])]
    source: dict                 # the point's source fields
    errors: dict = field(default_factory=dict)

    def name(self, name):
        return f"{self.point.key}.{name}"

    def id(self, name):
        return html_id(self.point.key, name)


def _shown_number(number):
    """A stored number as a person would write it: 1234567, 97.5 (never 1.23457e+06)."""
    if number is None:
        return ""
    return str(int(number)) if number.is_integer() else repr(number)


def _stored_row(stored):
    if stored is None:
        return {"value": "", "not_available": False, "reason": ""}
    return {"value": _shown_number(stored.value), "not_available": stored.not_available,
            "reason": stored.reason or ""}


def _stored_source(point, stored):
    if stored is None:
        return {"source": point.source.value, "currency": rules.DEFAULT_CURRENCY, "citation_publisher": "",
                "citation_title": "", "citation_year": "", "citation_url": "", "note": ""}
    return {"source": stored.source.value, "currency": stored.currency or rules.DEFAULT_CURRENCY,
            "citation_publisher": stored.citation_publisher, "citation_title": stored.citation_title,
            "citation_year": "" if stored.citation_year is None else str(stored.citation_year),
            "citation_url": stored.citation_url, "note": stored.note}


class FocusAreaSheet:
    """Every row of a focus area's points: as stored, or as the person typed them (`formdata`)."""

    def __init__(self, points, stored, formdata=None):
        self.points = []
        self.errors = []          # messages that belong to no field
        for point in points:
            rows = [self._row(point, breakdown, stored, formdata) for breakdown in rules.breakdowns_of(point)]
            first = stored.get((point.key, "")) or next(
                (stored[(point.key, row.breakdown)] for row in rows if (point.key, row.breakdown) in stored), None)
            source = _stored_source(point, first)
            if formdata is not None:
                source = {name: formdata.get(f"{point.key}.{name}", source[name]) for name in SOURCE_FIELDS}
            groups = [(rules.DIMENSION_LABELS[dimension],
                       [row for row in rows if row.breakdown.startswith(f"{dimension.value}=")])
                      for dimension in point.breakdown_list]
            self.points.append(PointSheet(point, rules.UNITS[point.unit], rows, groups, source))

    @staticmethod
    def _row(point, breakdown, stored, formdata):
        existing = stored.get((point.key, breakdown))
        row = Row(point, breakdown, _group_label(breakdown), _stored_row(existing), existing is not None)
        if formdata is not None and row.name("value") in formdata:
            row.data = {"value": formdata.get(row.name("value"), ""),
                        "not_available": bool(formdata.get(row.name("not_available"))),
                        "reason": formdata.get(row.name("reason"), "")}
            row.posted = True
        return row

    def entries(self, city, year):
        """The Entries to save: each posted row with something in it, and a clear for each
        posted row left blank that had a value. Rows not posted are left as they are."""
        found = []
        for sheet in self.points:
            for row in sheet.rows:
                if not row.posted or (row.is_blank and not row.existed):
                    continue
                fields = {**row.data, **sheet.source} if not row.is_blank else {}
                found.append(Entry(city=city, year=year, point_key=sheet.point.key, breakdown=row.breakdown,
                                   fields=fields, where=row.where, clear=row.is_blank))
        return found

    def confirmed(self, formdata):
        """The rows whose warning the person confirmed, for the value they confirmed it for."""
        found = set()
        for sheet in self.points:
            for row in sheet.rows:
                if formdata.get(row.name("confirm")) is not None and \
                        formdata.get(row.name("confirm")) == str(row.data.get("value")):
                    row.confirmed = True      # kept (hidden) if the page comes back for another row
                    found.add(row.where)
        return found

    def _find(self, where):
        for sheet in self.points:
            for row in sheet.rows:
                if row.where == where:
                    return sheet, row
        return None, None

    def add_problems(self, problems):
        for problem in problems:
            where, _dot, name = problem.field.rpartition(".")
            sheet, row = self._find(where)
            if row is None:
                self.errors.append(problem.message)
            elif name in SOURCE_FIELDS:
                messages = sheet.errors.setdefault(name, [])
                if problem.message not in messages:
                    messages.append(problem.message)
            else:
                row.errors.setdefault(name if name in ROW_FIELDS else "value", []).append(problem.message)

    def add_warnings(self, warnings):
        for warning in warnings:
            _sheet, row = self._find(warning.field.rpartition(".")[0])
            if row is None:
                self.errors.append(warning.message)
            else:
                row.warnings.append(warning.message)

    @property
    def has_errors(self):
        return bool(self.errors) or any(sheet.errors or any(row.errors for row in sheet.rows)
                                        for sheet in self.points)

    def problems(self):
        """(id of the field, message) of every problem and warning, for the summary at the top."""
        found = []
        for sheet in self.points:
            for name, messages in sheet.errors.items():
                found += [(sheet.id(name), message) for message in messages]
            for row in sheet.rows:
                for name, messages in row.errors.items():
                    found += [(row.id(name), message) for message in messages]
                found += [(row.id("confirm"), message) for message in row.warnings]
        return found


def _group_label(breakdown):
    if not breakdown:
        return _l("As a whole")
    dimension, group = rules.parse_breakdown(breakdown)
    return rules.DIMENSIONS[Breakdown(dimension)][group]
