"""Saving cities' values against the measurement points: the one operation behind the entry
pages, the CSV upload, `flask indicators-import` and the demo data.

`save_values(entries, actor=…)` checks every entry with the schema (schema.py) and refuses the
whole batch, naming every problem on its field, if one is wrong; then it works out the
warnings (a large change from the city's previous year, a value far from the network's
range) and refuses the batch unless each warning was confirmed; then it writes, in bulk: new
rows, changed rows, removed rows. A value unchanged is not written again, so saving the same
values twice changes nothing. A change to a published data set makes a new version of it:
each value's before and after, who and when (`IndicatorValueChange`).
"""
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from flask_babel import gettext as _
from pydantic import ValidationError
from sqlalchemy import bindparam, delete, insert, select, update

from models.base import utcnow
from models.cities import City
from models.framework import DataSource, MeasurementPoint
from models.monitoring import CityDataSet, DataSetState, IndicatorValue, IndicatorValueChange
from models.reference_numbers import YEAR_MIN
from portal import audit
from portal.domain_errors import Conflict, Invalid, InvalidFields, NeedsConfirmation
from portal.extensions import db
from portal.monitoring import schema, statistics
from portal.permissions import check
from portal.validation import Problem

# The fields of a value as stored (and compared, to tell a change from a repeat); in this order
# csv_format.stored_cells takes them.
STORED = ("value", "currency", "not_available", "reason", "source", "citation_publisher",
          "citation_title", "citation_year", "citation_url", "note")


@dataclass
class Entry:
    """One value to save (or, with `clear`, to remove) for a city's reference year.
    `where` prefixes the keys of its problems and warnings: "adult-literacy-rate[sex=female]"
    on the entry page, "line 12" in a CSV file."""
    city: City
    year: int
    point_key: str
    breakdown: str = ""
    fields: dict = field(default_factory=dict)
    where: str = ""
    clear: bool = False

    def __post_init__(self):
        # Read once: a bulk load asks for each entry's slot several times.
        self.slot = (self.city.id, self.year, self.point_key, self.breakdown)


@dataclass
class Outcome:
    data_sets: list = field(default_factory=list)   # the CityDataSets written to
    added: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0
    warnings: list = field(default_factory=list)    # Problems confirmed


def latest_allowed_year(today=None):
    return (today or dt.date.today()).year


def points_by_key():
    return {point.key: point for point in db.session.scalars(select(MeasurementPoint))}


def entry_key(point_key, breakdown):
    """The prefix of an entry page's fields: "adult-literacy-rate[sex=female]"."""
    return f"{point_key}[{breakdown}]"


def save_values(entries, *, actor, confirmed=False, publish=False, is_demo=False, by_command_line=False,
                today=None):
    """Save `entries` (Entry objects), all or nothing. `confirmed` is True (every warning
    confirmed) or the set of `where`s whose warnings the person confirmed. `publish` publishes
    each data set written to. `by_command_line` is the secretariat's bulk load
    (`flask indicators-import`), which no person's role checks."""
    entries = list(entries)
    points = points_by_key()
    cleaned = {}   # id(entry) -> its fields as stored, filled in by _problems
    problems = _problems(entries, points, today, cleaned)
    if problems:
        raise InvalidFields(problems)
    if not by_command_line:
        for city in {entry.city.id: entry.city for entry in entries}.values():
            check(actor, "city_data.edit", city)
    sets = _data_sets(entries, is_demo=is_demo)
    existing = _existing_values(sets.values(), points)
    warnings = _warnings(entries, cleaned, points, existing)
    unconfirmed = [w for w in warnings if confirmed is not True and w.field.rsplit(".", 1)[0] not in (confirmed or ())]
    if unconfirmed:
        raise NeedsConfirmation(unconfirmed)
    outcome = _write(entries, cleaned, points, sets, existing, actor)
    outcome.warnings = warnings
    if publish:
        for data_set in outcome.data_sets:
            if not data_set.is_published:
                _publish(data_set, actor, flush=False)   # one flush for all: a bulk load has thousands
        db.session.flush()
    return outcome


def entry_problems(entries, today=None):
    """Every problem save_values would refuse `entries` for, without saving anything."""
    return _problems(list(entries), points_by_key(), today)


def _problems(entries, points, today, cleaned=None):
    found, seen = [], set()
    last_year = latest_allowed_year(today)
    for entry in entries:
        if not YEAR_MIN <= entry.year <= last_year:
            found.append(Problem(f"{entry.where}.year", _(
                "Reference year: give a year from %(first)s to %(last)s.", first=YEAR_MIN, last=last_year)))
            continue
        point = points.get(entry.point_key)
        if point is None:
            found.append(Problem(f"{entry.where}.measurement_point", _(
                "Measurement point: %(key)s is not one of the Key Features' measurement points.",
                key=entry.point_key)))
            continue
        if entry.slot in seen:
            found.append(Problem(f"{entry.where}.breakdown", _(
                "This value is given twice (same city, year, measurement point and breakdown).")))
            continue
        seen.add(entry.slot)
        fields = {**entry.fields, "breakdown": entry.breakdown}
        if entry.clear:
            fields = {"breakdown": entry.breakdown, "not_available": True, "reason": "-", "source": "official"}
        good = None   # one validation for a good entry (a bulk load is mostly good entries); two for a bad one
        if cleaned is not None and not entry.clear:
            try:
                good = cleaned[id(entry)] = schema.clean(fields, point)
            except ValidationError:
                pass
        if good is None:
            found += [Problem(f"{entry.where}.{p.field}", p.message) for p in schema.value_problems(fields, point)]
    return found


def _data_sets(entries, *, is_demo):
    """{(city_id, year): CityDataSet}, made for the years that have none yet."""
    wanted = {(entry.city.id, entry.year): entry.city for entry in entries}
    city_ids = {city_id for city_id, _year in wanted}
    found = {(s.city_id, s.year): s for s in db.session.scalars(
        select(CityDataSet).where(CityDataSet.city_id.in_(city_ids)))} if city_ids else {}
    filled = {entry.slot[:2] for entry in entries if not entry.clear}
    for (city_id, year), city in wanted.items():
        if (city_id, year) not in found and (city_id, year) in filled:
            data_set = CityDataSet(city=city, year=year, state=DataSetState.draft, is_demo=is_demo)
            db.session.add(data_set)
            found[(city_id, year)] = data_set
    db.session.flush()
    return found


def _existing_values(data_sets, points):
    """{(city_id, year, point_key, breakdown): row as a dict with its id} of every value of
    the cities involved (all their years: the previous year's value is needed for warnings)."""
    city_ids = {data_set.city_id for data_set in data_sets}
    if not city_ids:
        return {}
    key_of = {point.id: key for key, point in points.items()}
    rows = db.session.execute(
        select(IndicatorValue.id, CityDataSet.city_id, CityDataSet.year, IndicatorValue.measurement_point_id,
               IndicatorValue.breakdown, *(getattr(IndicatorValue, name) for name in STORED))
        .join(CityDataSet, IndicatorValue.data_set_id == CityDataSet.id)
        .where(CityDataSet.city_id.in_(city_ids)))
    found = {}
    for row in rows:
        stored = {name: getattr(row, name) for name in STORED}
        stored["source"] = stored["source"].value
        found[(row.city_id, row.year, key_of[row.measurement_point_id], row.breakdown)] = {"id": row.id, **stored}
    return found


def _warnings(entries, cleaned, points, existing):
    """Warnings of every new or changed number, against the city's nearest earlier year (as it
    will be after this batch) and the other member cities' published values for that year."""
    after = {slot: values["value"] for slot, values in existing.items() if not values["not_available"]}
    for entry in entries:
        if entry.clear:
            after.pop(entry.slot, None)
        elif cleaned[id(entry)]["value"] is not None:
            after[entry.slot] = cleaned[id(entry)]["value"]
    years = defaultdict(list)   # (city, point, breakdown) -> [(year, value)]
    for (city_id, year, key, breakdown), value in after.items():
        years[(city_id, key, breakdown)].append((year, value))
    network = _network_summaries({(points[e.point_key].id, e.year) for e in entries if not e.clear})
    found = []
    for entry in entries:
        if entry.clear:
            continue
        new = cleaned[id(entry)]
        before = existing.get(entry.slot)
        if new["value"] is None or (before is not None and before["value"] == new["value"]):
            continue
        earlier = [(year, value) for year, value in years[(entry.slot[0], entry.point_key, entry.breakdown)]
                   if year < entry.year]
        previous = max(earlier)[1] if earlier else None
        others = network.get((points[entry.point_key].id, entry.year, entry.slot[0])) if not entry.breakdown else None
        for message in schema.value_warnings(points[entry.point_key], new["value"], previous=previous,
                                             network=others):
            found.append(Problem(f"{entry.where}.value", message))
    return found


class _Network(dict):
    """Summaries of published whole values per (point, year), leaving one city out on demand."""

    def __init__(self, values):
        super().__init__()
        self.values = values     # (point_id, year) -> [(city_id, value)]

    def get(self, key, default=None):
        point_id, year, city_id = key
        rows = self.values.get((point_id, year))
        if not rows:
            return default
        return statistics.summary([value for other, value in rows if other != city_id])


def _network_summaries(pairs):
    if not pairs:
        return _Network({})
    point_ids = {point_id for point_id, _year in pairs}
    years = {year for _point, year in pairs}
    rows = db.session.execute(
        select(IndicatorValue.measurement_point_id, CityDataSet.year, CityDataSet.city_id, IndicatorValue.value)
        .join(CityDataSet, IndicatorValue.data_set_id == CityDataSet.id)
        .where(CityDataSet.state == DataSetState.published, IndicatorValue.breakdown == "",
               IndicatorValue.value.is_not(None), IndicatorValue.measurement_point_id.in_(point_ids),
               CityDataSet.year.in_(years)))
    values = defaultdict(list)
    for point_id, year, city_id, value in rows:
        values[(point_id, year)].append((city_id, value))
    return _Network(values)


def _write(entries, cleaned, points, sets, existing, actor):
    outcome = Outcome()
    now = utcnow()
    actor_id = actor.id if actor is not None else None
    new_rows, updates, removals, changes = [], [], [], defaultdict(list)
    for entry in entries:
        data_set = sets.get(entry.slot[:2])
        before = existing.get(entry.slot)
        point = points[entry.point_key]
        if entry.clear:
            if before is not None:
                removals.append(before["id"])
                changes[data_set].append((point, entry.breakdown, _plain(before), None))
            continue
        new = {name: cleaned[id(entry)][name] for name in STORED}
        new["confirmed_warning"] = None
        if before is not None and all(before[name] == new[name] for name in STORED):
            outcome.unchanged += 1
            continue
        row = {**new, "source": DataSource(new["source"]), "updated_at": now, "updated_by_id": actor_id}
        if before is None:
            new_rows.append({**row, "data_set_id": data_set.id, "measurement_point_id": point.id,
                             "breakdown": entry.breakdown})
        else:
            updates.append({**row, "id": before["id"]})
        changes[data_set].append((point, entry.breakdown, _plain(before), _plain(new)))
    # Core statements, executed many at once: the ORM's bulk paths cost twice as much here.
    table = IndicatorValue.__table__
    if new_rows:
        db.session.execute(insert(table), new_rows)
    if updates:
        db.session.execute(update(table).where(table.c.id == bindparam("row_id")),
                           [{**row, "row_id": row.pop("id")} for row in updates])
    if removals:
        db.session.execute(delete(IndicatorValue).where(IndicatorValue.id.in_(removals)))
    outcome.added, outcome.changed, outcome.removed = len(new_rows), len(updates), len(removals)
    for data_set, changed in changes.items():
        _record_changes(data_set, changed, actor, now)
    outcome.data_sets = list(changes) or [s for s in sets.values() if s is not None]
    db.session.flush()
    for data_set in sets.values():   # their values were written around the ORM
        db.session.expire(data_set, ["values"])
    return outcome


def _plain(values):
    if values is None:
        return None
    return {name: values[name] for name in STORED}


def _record_changes(data_set, changed, actor, now):
    data_set.updated_at = now
    if data_set.is_published:
        data_set.version += 1
        db.session.add_all(IndicatorValueChange(
            data_set_id=data_set.id, version=data_set.version, measurement_point_id=point.id,
            breakdown=breakdown, before=before, after=after, changed_at=now,
            changed_by_id=actor.id if actor is not None else None)
            for point, breakdown, before, after in changed)
        audit.record(data_set, "city_data_set.change", actor, changes={"version": (data_set.version - 1,
                                                                                   data_set.version)})
    else:
        audit.record(data_set, "city_data_set.save", actor)


def data_set_of(city, year):
    return db.session.scalar(select(CityDataSet).where(CityDataSet.city_id == city.id, CityDataSet.year == year))


def publish_data_set(city, year, *, actor):
    """The city makes its data for `year` public. From then on each change is a version."""
    check(actor, "city_data.edit", city)
    data_set = data_set_of(city, year)
    if data_set is None or not (data_set.values or data_set.assessments):
        raise Invalid(_("There is nothing to publish for %(year)s yet: enter some values first.", year=year))
    if data_set.is_published:
        raise Conflict(_("The data of %(year)s is already published.", year=year))
    _publish(data_set, actor)
    return data_set


def _publish(data_set, actor, flush=True):
    data_set.state = DataSetState.published
    data_set.version = 1
    data_set.published_at = utcnow()
    data_set.published_by_id = actor.id if actor is not None else None
    audit.record(data_set, "city_data_set.publish", actor)
    if flush:
        db.session.flush()
