"""The one definition of the indicators' CSV format: the template a city downloads, the file
it uploads, `flask indicators-import`, `flask indicators-export` and the open-data download
all read or write it through here (described for people in docs/data-formats.md).

One row is one value: `city` (the city's slug), `year`, `measurement_point` (its key in
data/key_features.yaml), `breakdown` (empty, or "sex=female"), `value`, `source` (official,
survey or expert), `citation` and `note`.
- "Not available" is `value` NA, with the reason in `note`.
- Money carries its currency after the number ("41000 EUR"); without one it is USD.
- `citation` is "publisher | title | year | link"; parts may be empty, trailing ones left out.
- A row whose value and note are both empty is left out (the template's unfilled rows).
Reading checks the shape of the file and of each row; what a value may be is the schema's
business (schema.py, through data_entry.save_values). Problems are on "line N.column"."""
import csv
import io
import itertools
import re
from dataclasses import dataclass

from flask_babel import get_locale
from flask_babel import gettext as _

from portal.monitoring import rules
from portal.monitoring.data_entry import STORED, Entry
from portal.spreadsheet import neutralise, restore
from portal.validation import Problem

COLUMNS = ("city", "year", "measurement_point", "breakdown", "value", "source", "citation", "note")
NOT_AVAILABLE = "NA"
CITATION_PARTS = ("citation_publisher", "citation_title", "citation_year", "citation_url")
CITATION_SEPARATOR = " | "
# The CSV column that holds each field of an Entry (its problems are reported on it).
COLUMN_OF_FIELD = {
    "year": "year", "measurement_point": "measurement_point", "breakdown": "breakdown",
    "value": "value", "currency": "value", "not_available": "value", "reason": "note",
    "source": "source", "note": "note", **dict.fromkeys(CITATION_PARTS, "citation"),
}
BOM = "\ufeff"   # Excel writes it, and reads a CSV as UTF-8 only with it
_MONEY = re.compile(r"^(?P<number>.*?)\s*(?P<currency>[A-Za-z]{3})$")


@dataclass
class Row:
    line: int
    cells: dict     # column -> text, as written (a neutralised formula restored)


def problem(line, column, reason):
    """A problem of the file, said as "line N, column C: reason"."""
    if column is None:
        return Problem(f"line {line}", _("line %(line)s: %(reason)s", line=line, reason=reason))
    return Problem(f"line {line}.{column}",
                   _("line %(line)s, column %(column)s: %(reason)s", line=line, column=column, reason=reason))


def column_problem(found):
    """A problem of an Entry read from line N ("line N.<field>") as a problem of its column."""
    where, _dot, field = found.field.rpartition(".")
    line = int(where.removeprefix("line "))
    return problem(line, COLUMN_OF_FIELD.get(field, field), found.message)


def read_rows(content):
    """The rows of a file (bytes) and the problems of its shape: not UTF-8, a header that is
    not COLUMNS, a row with the wrong number of cells. A UTF-8 byte-order mark is accepted."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = content[:error.start].count(b"\n") + 1
        return [], [problem(line, None, _(
            "the file is not UTF-8 text. In a spreadsheet, save it as \"CSV UTF-8\".")), ]
    reader = csv.reader(io.StringIO(text, newline=""))
    rows, problems, line, header_seen = [], [], 1, False
    try:
        for cells in reader:
            start, line = line, reader.line_num + 1
            if not any(cell.strip() for cell in cells):
                continue
            if not header_seen:
                header_seen = True
                if [cell.strip().lower() for cell in cells] != list(COLUMNS):
                    return [], [problem(start, None, _(
                        "the first line must name the columns, in this order: %(columns)s.",
                        columns=", ".join(COLUMNS)))]
                continue
            if len(cells) != len(COLUMNS):
                problems.append(problem(start, None, _(
                    "%(found)s columns instead of %(wanted)s (%(columns)s).", found=len(cells),
                    wanted=len(COLUMNS), columns=", ".join(COLUMNS))))
                continue
            cells = [restore(cell.strip()) for cell in cells]
            rows.append(Row(start, dict(zip(COLUMNS, cells, strict=True))))
    except csv.Error:
        problems.append(problem(line, None, _("a quoted cell is not closed.")))
    if not rows and not problems:
        problems.append(problem(1, None, _("the file holds no values.")))
    return rows, problems


def entries_of(rows, cities, points, *, only=None):
    """The Entry of each row (`cities`: slug -> City; `points`: key -> MeasurementPoint) and
    the problems found reading them. `only` = (city, year): a row of any other city or year is
    refused (a city's upload holds its own year's rows)."""
    entries, problems = [], []
    for row in rows:
        if not row.cells["value"] and not row.cells["note"]:
            continue
        found = _row_problems(row, cities, points, only)
        if found:
            problems += found
            continue
        entries.append(Entry(city=cities[row.cells["city"]], year=int(row.cells["year"]),
                             point_key=row.cells["measurement_point"], breakdown=row.cells["breakdown"],
                             fields=fields_of(row.cells, points[row.cells["measurement_point"]]),
                             where=f"line {row.line}"))
    return entries, problems


def _row_problems(row, cities, points, only):
    cells, line, found = row.cells, row.line, []
    if cells["city"] not in cities:
        found.append(problem(line, "city", _("no city has the slug \"%(slug)s\".", slug=cells["city"])))
    if not re.fullmatch(r"\d{4}", cells["year"]):
        found.append(problem(line, "year", _("write the year with four digits (e.g. 2024).")))
    if cells["measurement_point"] not in points:
        found.append(problem(line, "measurement_point", _(
            "\"%(key)s\" is not the key of a measurement point.", key=cells["measurement_point"])))
    if not cells["value"]:
        found.append(problem(line, "value", _(
            "write the value, or %(na)s with the reason in the note.", na=NOT_AVAILABLE)))
    if only is not None and not found:
        city, year = only
        if cells["city"] != city.slug or int(cells["year"]) != year:
            column = "city" if cells["city"] != city.slug else "year"
            found.append(problem(line, column, _(
                "this upload is for the data of %(city)s for %(year)s only.",
                city=city.localized("name", str(get_locale() or "en")[:2]), year=year)))
    return found


def fields_of(cells, point):
    """The Entry fields of a row's cells, for `point`."""
    value, note = cells["value"], cells["note"]
    fields = {"source": cells["source"].lower(), "note": note, "not_available": False,
              **parse_citation(cells["citation"])}
    if value.upper() == NOT_AVAILABLE:
        return {**fields, "not_available": True, "value": None, "reason": note, "note": ""}
    money = _MONEY.match(value) if rules.UNITS[point.unit].currency else None
    if money:
        return {**fields, "value": money["number"], "currency": money["currency"]}
    return {**fields, "value": value}


def parse_citation(text):
    """"publisher | title | year | link" -> the four citation fields (missing parts empty).
    A title may hold "|" itself: the first part is the publisher, the last two the year and
    the link when there are more than four."""
    parts = [part.strip() for part in text.split("|")] if text.strip() else []
    if len(parts) > len(CITATION_PARTS):
        parts = [parts[0], CITATION_SEPARATOR.join(parts[1:-2]), parts[-2], parts[-1]]
    parts += [""] * (len(CITATION_PARTS) - len(parts))
    return dict(zip(CITATION_PARTS, parts, strict=True))


def format_citation(publisher, title, year, url):
    parts = [publisher or "", title or "", "" if year is None else str(year), url or ""]
    while parts and not parts[-1] and "|" not in (title or ""):
        parts.pop()
    return CITATION_SEPARATOR.join(parts)


def format_number(number):
    """A value as written in the file: whole numbers without ".0", others as Python writes
    the shortest text that reads back as the same number."""
    if number.is_integer() and abs(number) < 1e15:
        return str(int(number))
    return repr(number)


def cells_of(city_slug, year, point_key, breakdown, values):
    """The cells of one stored value (`values`: a mapping with the fields of
    data_entry.STORED), formula cells neutralised."""
    return stored_cells(city_slug, year, point_key, breakdown, *(values[name] for name in STORED))


def stored_cells(city_slug, year, point_key, breakdown, value, currency, not_available, reason, source,
                 publisher, title, citation_year, url, note):
    """The same from the fields in data_entry.STORED's order (the export's fast path: a
    network's export is 300 000 rows)."""
    if not_available:
        value, note = NOT_AVAILABLE, reason or ""
    else:
        value = format_number(value) + (f" {currency}" if currency else "")
        note = note or ""
    citation = format_citation(publisher, title, citation_year, url)
    # The slug, year, key, breakdown and source are the portal's own words: only the rest is neutralised.
    return [city_slug, year, point_key, breakdown, neutralise(value), getattr(source, "value", source),
            neutralise(citation), neutralise(note)]


def blank_cells(city_slug, year, point_key, breakdown, source):
    """A template row of a value not entered yet (the kind of source expected filled in)."""
    return [city_slug, str(year), point_key, breakdown, "", getattr(source, "value", source), "", ""]


def write(rows):
    """The CSV text of `rows` (lists of cells), in chunks, the BOM and the header first: a
    generator, so that an export streams whatever its size."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    out.write(BOM)
    writer.writerow(COLUMNS)
    rows = iter(rows)
    while True:
        before = out.tell()
        writer.writerows(itertools.islice(rows, 2000))
        if out.tell() == before:
            break
        yield out.getvalue()
        out.seek(0)
        out.truncate()
    if out.tell():
        yield out.getvalue()
