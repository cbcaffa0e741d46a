"""Published (and draft) values for the tests of the pages that show cities' data, entered
through the one save operation (portal/monitoring/data_entry.py)."""
import datetime as dt

from sqlalchemy import select

from models.framework import KeyFeature
from models.monitoring import SelfAssessment
from portal.cities.queries import city_by_slug
from portal.extensions import db
from portal.monitoring.data_entry import Entry, data_set_of, save_values

CITED = {"source": "official", "citation_publisher": "City statistics office"}
MEMBER_SINCE = dt.date(2018, 1, 1)


def entry(city, point, value, *, year=2023, breakdown="", **fields):
    return Entry(city=city, year=year, point_key=point, breakdown=breakdown,
                 fields={**CITED, "value": value, **fields}, where=f"{city.slug}.{point}[{breakdown}].{year}")


def publish(values, *, publish=True):
    """`values`: {(slug, point, year): value}; saved in one batch, published or as drafts."""
    entries = [entry(city_by_slug(slug), point, value, year=year) for (slug, point, year), value in values.items()]
    save_values(entries, actor=None, confirmed=True, publish=publish, by_command_line=True)
    db.session.commit()


def assess(slug, year, code, rating, justification=""):
    data_set = data_set_of(city_by_slug(slug), year)
    feature = db.session.scalar(select(KeyFeature).filter_by(code=code))
    db.session.add(SelfAssessment(data_set=data_set, key_feature_id=feature.id, rating=rating,
                                  justification=justification))
    db.session.commit()


def member_cities(make_city, count, *, country="FR", population=100_000, prefix="peer"):
    return [make_city(country=country, slug=f"{prefix}-{n}", name=f"{prefix.title()} {n}",
                      member_since=MEMBER_SINCE, population=population) for n in range(count)]


def without_data():
    """Start from no city data at all (the demo data may hold some), so that medians are known."""
    from sqlalchemy import delete

    from models.monitoring import CityDataSet, IndicatorValue, IndicatorValueChange
    for model in (IndicatorValueChange, IndicatorValue, SelfAssessment):
        db.session.execute(delete(model))
    db.session.execute(delete(CityDataSet))
    db.session.commit()
