"""Reads of cities' data for the pages that show it: a city's Key Features profile, a
measurement point's page, the secretariat's coverage and the panel beside an application.

Each read is a fixed number of queries, whatever the number of cities, points and years:
values are aggregated in SQL (the latest published year of each city and point is picked
with a window function) and summarised in one pass (`statistics.summary`). Only published
data sets appear in public reads; drafts only where `include_drafts` is passed, by a view
that checked `city_data.view_drafts`.

Peer groups come from `portal/monitoring/peer_groups.py`, the one filter the API's
`region=` and `population_band=` use too.
"""
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import load_only, selectinload

from models.base import LANGUAGES
from models.cities import City, MemberState, Region
from models.framework import Area, DataSource, FocusArea, KeyFeature, MeasurementPoint
from models.monitoring import CityDataSet, DataSetState, IndicatorValue, SelfAssessment
from portal.extensions import db
from portal.monitoring import published_cache, rules, statistics
from portal.monitoring.peer_groups import member_city_ids, peer_group_cities

DEFAULT_PEER_GROUP = "all"
SORTS = ("city", "-city", "value", "-value", "region", "-region")


# Peer groups (portal/monitoring/peer_groups.py) -------------------------------------

def band_label(city):
    band = rules.population_band(city.population)
    return next((label for key, label, _low, _high in rules.POPULATION_BANDS if key == band), None)


# Values ----------------------------------------------------------------------------------

def _published_whole_values():
    return (select(CityDataSet.city_id, CityDataSet.year, IndicatorValue.measurement_point_id.label("point_id"),
                   IndicatorValue.value, IndicatorValue.source)
            .join(CityDataSet, IndicatorValue.data_set_id == CityDataSet.id)
            .where(CityDataSet.state == DataSetState.published, IndicatorValue.breakdown == "",
                   IndicatorValue.value.is_not(None)))


def latest_values(*, city_ids=None, point_ids=None, year=None):
    """Rows (city_id, year, point_id, value, source) of published whole values: those of
    `year`, or without a year each city's most recent published year for each point."""
    query = _published_whole_values()
    if city_ids is not None:
        query = query.where(CityDataSet.city_id.in_(city_ids))
    if point_ids is not None:
        query = query.where(IndicatorValue.measurement_point_id.in_(point_ids))
    if year is not None:
        return db.session.execute(query.where(CityDataSet.year == year)).all()
    ranked = query.add_columns(func.row_number().over(
        partition_by=(CityDataSet.city_id, IndicatorValue.measurement_point_id),
        order_by=CityDataSet.year.desc()).label("rank")).subquery()
    return db.session.execute(
        select(ranked.c.city_id, ranked.c.year, ranked.c.point_id, ranked.c.value, ranked.c.source)
        .where(ranked.c.rank == 1)).all()


def group_summaries(city_ids, *, point_ids=None, year=None):
    """{point_id: statistics.summary} of the latest published values of the cities (a SELECT
    of ids). Kept until the published data changes: it reads every value of the group."""
    def compute():
        by_point = defaultdict(list)
        for row in latest_values(city_ids=city_ids, point_ids=point_ids, year=year):
            by_point[row.point_id].append(row.value)
        return {point_id: statistics.summary(values) for point_id, values in by_point.items()}
    group = str(city_ids.compile(compile_kwargs={"literal_binds": True}))
    return published_cache.kept("group_summaries", (group, tuple(point_ids or ()), year), compute)


@dataclass
class PointData:
    """What a city published for one measurement point: every year's whole value and source,
    and the breakdowns of its latest year."""
    point_id: int
    years: list = field(default_factory=list)         # [IndicatorValue] of the whole value, by year
    breakdowns: list = field(default_factory=list)    # [IndicatorValue] of the latest year

    @property
    def latest(self):
        return self.years[-1] if self.years else None

    @property
    def trend(self):
        return [(v.data_set.year, v.value) for v in self.years if v.value is not None]


def city_values(city, *, include_drafts=False):
    """{point_id: PointData} of the city's published values (all years), in one query."""
    query = (select(IndicatorValue).join(CityDataSet, IndicatorValue.data_set_id == CityDataSet.id)
             .where(CityDataSet.city_id == city.id)
             .options(selectinload(IndicatorValue.data_set))
             .order_by(CityDataSet.year, IndicatorValue.breakdown))
    if not include_drafts:
        query = query.where(CityDataSet.state == DataSetState.published)
    found = {}
    rows = db.session.scalars(query).all()
    latest_year = {}
    for value in rows:
        if not value.breakdown:
            found.setdefault(value.measurement_point_id, PointData(value.measurement_point_id)).years.append(value)
            latest_year[value.measurement_point_id] = value.data_set.year
    for value in rows:
        data = found.get(value.measurement_point_id)
        if value.breakdown and data and value.data_set.year == latest_year[value.measurement_point_id]:
            data.breakdowns.append(value)
    return found


def city_assessments(city, *, include_drafts=False):
    """{key_feature_id: SelfAssessment} of the city's most recent (published) data set that
    rated each key feature."""
    query = (select(SelfAssessment).join(CityDataSet, SelfAssessment.data_set_id == CityDataSet.id)
             .where(CityDataSet.city_id == city.id).options(selectinload(SelfAssessment.data_set))
             .order_by(CityDataSet.year))
    if not include_drafts:
        query = query.where(CityDataSet.state == DataSetState.published)
    return {a.key_feature_id: a for a in db.session.scalars(query)}


def key_feature_tree():
    """Areas → focus areas → key features → measurement points (a fixed number of queries)."""
    return db.session.scalars(
        select(Area).order_by(Area.code).options(
            selectinload(Area.focus_areas).selectinload(FocusArea.key_features)
            .selectinload(KeyFeature.measurement_points))).all()


@dataclass
class Profile:
    city: City
    group: str
    values: dict            # point_id -> PointData
    summaries: dict         # point_id -> summary of the peer group (empty: no group)
    assessments: dict       # key_feature_id -> SelfAssessment
    tree: list
    group_formed: bool = True


def profile(city, group):
    """A city's Key Features profile against a peer group, in a fixed number of queries."""
    peers = peer_group_cities(city, group)
    return Profile(city=city, group=group, values=city_values(city),
                   summaries=group_summaries(peers) if peers is not None else {},
                   assessments=city_assessments(city), tree=key_feature_tree(),
                   group_formed=peers is not None)


# A measurement point across cities ------------------------------------------------------------

def point_by_key(code, point_key):
    return db.session.scalars(
        select(MeasurementPoint).join(KeyFeature).where(MeasurementPoint.key == point_key, KeyFeature.code == code)
        .options(selectinload(MeasurementPoint.key_feature).selectinload(KeyFeature.focus_area)
                 .selectinload(FocusArea.area))).first()


def years_of_point(point):
    """The years some city published a value of the point, most recent first."""
    return list(db.session.scalars(
        select(CityDataSet.year).distinct().join(IndicatorValue, IndicatorValue.data_set_id == CityDataSet.id)
        .where(CityDataSet.state == DataSetState.published, IndicatorValue.measurement_point_id == point.id,
               IndicatorValue.breakdown == "")
        .order_by(CityDataSet.year.desc())))


@dataclass
class Distribution:
    year: int | None
    rows: list              # [(city, value, source)] of member cities, sorted as asked
    summary: dict
    regions: list           # [(region, summary)] in the regions' order
    sources: list           # [(DataSource, number of cities)]
    members: int            # member cities in all
    not_available: int      # member cities that said the value is not available


def point_distribution(point, year, sort="value"):
    """The member cities' published whole values of `point` for `year` (four queries)."""
    rows = db.session.execute(
        select(City, IndicatorValue.value, IndicatorValue.source, IndicatorValue.not_available)
        .join(CityDataSet, CityDataSet.city_id == City.id)
        .join(IndicatorValue, IndicatorValue.data_set_id == CityDataSet.id)
        .where(City.id.in_(member_city_ids()), CityDataSet.state == DataSetState.published,
               CityDataSet.year == year, IndicatorValue.measurement_point_id == point.id,
               IndicatorValue.breakdown == "")
        .options(load_only(City.slug, City.member_state_id,
                           *(getattr(City, f"name_{language}") for language in LANGUAGES)),
                 selectinload(City.member_state).selectinload(MemberState.region))).all()
    given = [(city, value, source) for city, value, source, missing in rows if not missing]
    by_region = defaultdict(list)
    sources = defaultdict(int)
    for city, value, source in given:
        by_region[city.member_state.region_id].append(value)
        sources[source] += 1
    regions = db.session.scalars(select(Region).order_by(Region.position)).all()
    return Distribution(
        year=year, rows=sort_rows(given, sort), summary=statistics.summary([v for _c, v, _s in given]),
        regions=[(region, statistics.summary(by_region.get(region.id, []))) for region in regions],
        sources=[(s, sources[s]) for s in DataSource if s in sources],
        members=db.session.scalar(select(func.count()).select_from(member_city_ids().subquery())),
        not_available=sum(1 for *_rest, missing in rows if missing))


def sort_rows(rows, sort):
    from portal.i18n import localized
    keys = {"city": lambda r: localized(r[0], "name").casefold(), "value": lambda r: r[1],
            "region": lambda r: (r[0].member_state.region.position, -r[1])}
    return sorted(rows, key=keys[sort.lstrip("-")], reverse=sort.startswith("-"))


# Coverage ------------------------------------------------------------------------------------

@dataclass
class Coverage:
    regions: list           # [Region]
    members: dict           # region_id -> member cities
    reported: dict          # (point_id, region_id) -> member cities with a published value
    tree: list


def coverage_by_region():
    """How many member cities published a value (any year) of each point, by region."""
    region_of = (select(City.id.label("city_id"), MemberState.region_id)
                 .join(MemberState, City.member_state_id == MemberState.id)
                 .where(City.member_since.is_not(None)).subquery())
    reported = db.session.execute(
        select(IndicatorValue.measurement_point_id, region_of.c.region_id,
               func.count(func.distinct(CityDataSet.city_id)))
        .join(CityDataSet, IndicatorValue.data_set_id == CityDataSet.id)
        .join(region_of, region_of.c.city_id == CityDataSet.city_id)
        .where(CityDataSet.state == DataSetState.published, IndicatorValue.breakdown == "",
               IndicatorValue.value.is_not(None))
        .group_by(IndicatorValue.measurement_point_id, region_of.c.region_id)).all()
    members = db.session.execute(select(region_of.c.region_id, func.count()).group_by(region_of.c.region_id)).all()
    return Coverage(regions=db.session.scalars(select(Region).order_by(Region.position)).all(),
                    members=dict(members), reported={(p, r): n for p, r, n in reported},
                    tree=key_feature_tree())


def reported_counts(point_ids):
    """{point_id: member cities that published a value of it (any year)} in one query."""
    rows = db.session.execute(
        select(IndicatorValue.measurement_point_id, func.count(func.distinct(CityDataSet.city_id)))
        .join(CityDataSet, IndicatorValue.data_set_id == CityDataSet.id)
        .where(CityDataSet.state == DataSetState.published, IndicatorValue.breakdown == "",
               IndicatorValue.value.is_not(None), IndicatorValue.measurement_point_id.in_(point_ids),
               CityDataSet.city_id.in_(member_city_ids()))
        .group_by(IndicatorValue.measurement_point_id)).all()
    return dict(rows)


# Beside an application --------------------------------------------------------------------------

@dataclass
class CityData:
    values: list            # [(MeasurementPoint, IndicatorValue)] latest per point, in the framework's order
    assessments: list       # [(KeyFeature, SelfAssessment)] latest per key feature, in the framework's order
    drafts_shown: bool


def application_data(city, *, include_drafts):
    """The applicant city's latest value of each point and its self-assessment: published
    only, or with its drafts for those who may see them (three queries)."""
    values = city_values(city, include_drafts=include_drafts)
    assessments = city_assessments(city, include_drafts=include_drafts)
    points = db.session.scalars(
        select(MeasurementPoint).where(MeasurementPoint.id.in_(list(values)))
        .join(KeyFeature).order_by(KeyFeature.position, MeasurementPoint.position)).all() if values else []
    features = db.session.scalars(
        select(KeyFeature).where(KeyFeature.id.in_(list(assessments))).order_by(KeyFeature.position)
    ).all() if assessments else []
    return CityData(values=[(p, values[p.id].latest) for p in points],
                    assessments=[(f, assessments[f.id]) for f in features], drafts_shown=include_drafts)
