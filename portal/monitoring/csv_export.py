"""Reading values out as CSV (the format: csv_format.py): everything published (the
open-data download and `flask indicators-export`), a city's published values, and the
template of a city's year (every measurement point × breakdown, stored values filled in).

Drafts are never exported; the template of a draft year is for those who may see drafts
(the view checks `city_data.view_drafts`). The exports stream: rows are read and written in
chunks, so the whole network's values are never held in memory at once."""
from sqlalchemy import String, func, select, type_coerce

from models.cities import City
from models.framework import KeyFeature, MeasurementPoint
from models.monitoring import CityDataSet, DataSetState, IndicatorValue
from portal.extensions import db
from portal.monitoring import csv_format, rules
from portal.monitoring.data_entry import STORED, data_set_of


def _plain(name):
    """A column as the database holds it (the source as text: no Enum to build per row)."""
    column = getattr(IndicatorValue, name)
    return type_coerce(column, String).label(name) if name == "source" else column


# Data sets read per query of values: a bounded chunk, so the export streams.
SETS_PER_QUERY = 200


def _published_sets(city=None):
    """(data set id, city slug, year) of every published data set, in the export's order."""
    statement = (select(CityDataSet.id, City.slug, CityDataSet.year).join(City, CityDataSet.city_id == City.id)
                 .where(CityDataSet.state == DataSetState.published).order_by(City.slug, CityDataSet.year))
    if city is not None:
        statement = statement.where(CityDataSet.city_id == city.id)
    return db.session.execute(statement).all()


def _published_rows(city=None):
    """(slug, year, point key, breakdown, *stored fields in STORED's order) of every published value, sorted by
    city, year, measurement point and breakdown. The values of a chunk of data sets are read
    in one query through the (data set, point, breakdown) index and put in order here: a
    sort by the joined names in the database costs more than the whole export otherwise."""
    sets = _published_sets(city)
    keys = dict(db.session.execute(select(MeasurementPoint.id, MeasurementPoint.key)).all())
    connection = db.session.connection()
    for start in range(0, len(sets), SETS_PER_QUERY):
        chunk = {set_id: (n, slug, year) for n, (set_id, slug, year) in enumerate(sets[start:start + SETS_PER_QUERY])}
        statement = (select(IndicatorValue.data_set_id, IndicatorValue.measurement_point_id, IndicatorValue.breakdown,
                            *(_plain(name) for name in STORED))
                     .where(IndicatorValue.data_set_id.in_(chunk)))
        # As the driver gives them (no result processing per row: half the export's time
        # otherwise); the ids are integers the query itself read, safe to write inline.
        result = connection.exec_driver_sql(str(statement.compile(
            dialect=connection.dialect, compile_kwargs={"literal_binds": True})))
        found = result.cursor.fetchall()   # the driver's plain tuples
        result.close()
        found.sort(key=lambda row: (chunk[row[0]][0], keys[row[1]], row[2]))
        for set_id, point_id, *stored in found:
            _n, slug, year = chunk[set_id]
            yield slug, year, keys[point_id], *stored


def published_csv(city=None):
    """The CSV text, in chunks, of every published value (of `city` only, if given), sorted
    by city, year, measurement point and breakdown. A generator: the queries run when the
    first chunk is asked for (a streamed response asks after the request's commit)."""
    yield from csv_format.write(csv_format.stored_cells(*row) for row in _published_rows(city))


def published_version(city=None):
    """What changes whenever the published values change (for ETag): the number of
    published data sets, and the latest moment one of them changed."""
    statement = select(func.count(), func.max(CityDataSet.updated_at), func.max(CityDataSet.published_at)).where(
        CityDataSet.state == DataSetState.published)
    if city is not None:
        statement = statement.where(CityDataSet.city_id == city.id)
    count, updated, published = db.session.execute(statement).one()
    return f"{count}-{updated}-{published}"


def points_in_order():
    """The measurement points in the framework's order (key feature by key feature)."""
    points = db.session.execute(
        select(MeasurementPoint, KeyFeature.code).join(KeyFeature, MeasurementPoint.key_feature_id == KeyFeature.id)
    ).all()
    return [point for point, _code in sorted(points, key=lambda found: (
        [int(part) for part in found[1].split(".")], found[0].position))]


def template_csv(city, year):
    """The CSV of a city's year to fill in: one row per measurement point × breakdown the
    framework names, with what is stored (draft or published) filled in."""
    data_set = data_set_of(city, year)
    stored = {}
    if data_set is not None:
        for value in db.session.scalars(select(IndicatorValue).where(IndicatorValue.data_set_id == data_set.id)):
            stored[(value.measurement_point_id, value.breakdown)] = {name: getattr(value, name) for name in STORED}

    def rows():
        for point in points_in_order():
            for breakdown in rules.breakdowns_of(point):
                values = stored.get((point.id, breakdown))
                if values is None:
                    yield csv_format.blank_cells(city.slug, year, point.key, breakdown, point.source)
                else:
                    yield csv_format.cells_of(city.slug, year, point.key, breakdown, values)
    return "".join(csv_format.write(rows()))


def year_is_draft(city, year):
    """True when the city has data for `year` that is not published."""
    data_set = data_set_of(city, year)
    return data_set is not None and data_set.state is not DataSetState.published
