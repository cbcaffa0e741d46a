"""Importing a CSV file of values (the format: csv_format.py): the city's upload on the
site and the secretariat's `flask indicators-import`. All or nothing, through the one save
operation (data_entry.save_values): a file with any bad row saves nothing, and every bad row
is named with its line, column and reason; warnings are named the same way."""
from sqlalchemy import select

from models.cities import City
from portal.domain_errors import InvalidFields, NeedsConfirmation
from portal.extensions import db
from portal.monitoring import csv_format, data_entry


def import_csv(content, *, actor, only=None, confirmed=False, publish=False, by_command_line=False):
    """Save the values of `content` (the file's bytes); returns data_entry's Outcome.
    `only` = (city, year) refuses the rows of any other city or year (a city's upload)."""
    rows, problems = csv_format.read_rows(content)
    if not rows:
        raise InvalidFields(problems)
    cities = _cities({row.cells["city"] for row in rows})
    entries, row_problems = csv_format.entries_of(rows, cities, data_entry.points_by_key(), only=only)
    problems += row_problems
    if problems:   # name every bad row, the values' own problems too
        problems += [csv_format.column_problem(found) for found in data_entry.entry_problems(entries)]
        raise InvalidFields(_by_line(problems))
    try:
        return data_entry.save_values(entries, actor=actor, confirmed=confirmed, publish=publish,
                                      by_command_line=by_command_line)
    except NeedsConfirmation as warned:
        raise NeedsConfirmation(_by_line(map(csv_format.column_problem, warned.warnings))) from None
    except InvalidFields as refused:
        raise InvalidFields(_by_line(map(csv_format.column_problem, refused.problems))) from None


def _cities(slugs):
    return {city.slug: city for city in db.session.scalars(select(City).where(City.slug.in_(slugs)))}


def _by_line(problems):
    def line(found):
        return int(found.field.removeprefix("line ").partition(".")[0])
    return sorted(problems, key=line)
