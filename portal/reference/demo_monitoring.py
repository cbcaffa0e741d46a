"""Demo monitoring: two reporting years of invented but plausible data for every demo member
city (every measurement point, with its breakdowns), a few self-assessment ratings, a
reporting cycle and one accepted progress report (Hume's), so that profiles, comparisons and
the point pages of a demo site are not empty.

Values go through the one save operation (`portal.monitoring.data_entry.save_values`), published
and marked demo. The numbers are deterministic (seeded by city, point and year): loading again
gives the same values, and a city-year that already has a data set is left as it is (what the
site's own people entered since is kept). `plausible_values` is public: the speed benchmark
(bench/key_features_bench.py) draws its generated cities' values from it.
"""
import datetime as dt
import random

from sqlalchemy import select

from models.cities import City
from models.framework import KeyFeature, MeasurementPoint, Unit
from models.monitoring import (
    CityDataSet,
    ReportingCycle,
    SelfAssessment,
)
from models.practices import Practice, PracticeStatus
from portal.auth.operations import find_user_by_email
from portal.extensions import db
from portal.monitoring import report_queries, reports, rules
from portal.monitoring.data_entry import Entry, save_values

DEMO_YEARS = (2023, 2025)
_PUBLISHED = Practice.status == PracticeStatus.published
DEMO_NOTE = "Invented for the demo site."
# (lowest, highest) of a plausible value, per point where the unit alone says too little.
POINT_RANGES = {
    "crime-level": (800, 6_000), "new-patents": (5, 120), "community-learning-spaces": (4, 40),
    "gdp-per-capita": (6_000, 75_000), "research-and-development-expenditure": (0.5, 4),
    "unemployment-rate": (3, 18), "youth-unemployment-rate": (8, 35), "gender-equality-in-politics": (15, 50),
    "gender-equality-in-business-management": (12, 45), "youth-not-in-employment-education-or-training": (5, 25),
    "public-expenditure-on-education": (8, 22), "training-for-the-unemployed": (10, 60),
    "employee-training-hours": (8, 60), "online-learning-time": (5, 120), "average-years-of-schooling": (8, 14),
    "pupil-teacher-ratio": (10, 35), "participation-in-cultural-activities": (0.3, 3),
}
UNIT_RANGES = {
    Unit.percent: (25, 92), Unit.count: (20, 400), Unit.per_100k: (5, 80), Unit.years: (8, 14),
    Unit.hours: (10, 80), Unit.usd_ppp: (6_000, 70_000), Unit.tonnes_per_capita: (2, 14),
    Unit.kg_per_capita: (250, 700), Unit.visits_per_month: (0.3, 3), Unit.ratio: (10, 35),
    Unit.rating: (2, 5), Unit.volume: (50, 2_500),
}
# Points where a higher value is worse: a city further along scores lower.
LOWER_IS_BETTER = {"crime-level", "unemployment-rate", "youth-unemployment-rate", "carbon-dioxide-emissions",
                   "waste-treatment", "pupil-teacher-ratio", "youth-not-in-employment-education-or-training"}
# A point each city reports as not available in its first demo year.
NOT_AVAILABLE = ("social-mobility", "No survey of social mobility was run in the city that year.")


def city_level(slug):
    """How far along a city is, 0.2 to 0.9 (the same for every point: plausible profiles)."""
    return random.Random(f"level:{slug}").uniform(0.2, 0.9)


def _rounded(point, value):
    unit = rules.UNITS[point.unit]
    if unit.whole or point.unit is Unit.rating:
        value = round(value)
    else:
        value = round(value, 1 if value >= 10 else 2)
    low = unit.minimum if unit.minimum is not None else value
    high = unit.maximum if unit.maximum is not None else value
    return min(max(value, low), high)


def plausible_values(point, *, level, year, seed):
    """{breakdown key: value} of one point for a city's year: the value as a whole ("") and each
    breakdown the framework names for it. `level` is city_level(); `seed` any string (the
    city's slug) so that the same call gives the same numbers."""
    rng = random.Random(f"{seed}:{point.key}:{year}")
    low, high = POINT_RANGES.get(point.key) or UNIT_RANGES[point.unit]
    place = 1 - level if point.key in LOWER_IS_BETTER else level
    whole = low + (high - low) * min(max(place + rng.uniform(-0.15, 0.15), 0.02), 0.98)
    whole *= 1 + 0.02 * (year - 2023) * rng.uniform(0.2, 1.5)   # a little better every year
    values = {"": _rounded(point, whole)}
    for dimension in point.breakdown_list:
        groups = list(rules.DIMENSIONS[dimension])
        if point.unit is Unit.percent and point.key == "allocation-of-public-education-expenditure":
            shares = [rng.uniform(0.5, 1.5) for _ in groups]
            for group, share in zip(groups, shares, strict=True):
                values[rules.breakdown_key(dimension.value, group)] = round(100 * share / sum(shares), 1)
            continue
        for position, group in enumerate(groups):
            # Income quintiles rise from the poorest fifth; other groups sit around the whole.
            spread = (position - (len(groups) - 1) / 2) * 0.06 if dimension.value == "income_quintile" else 0
            factor = 1 + spread + rng.uniform(-0.08, 0.08)
            values[rules.breakdown_key(dimension.value, group)] = _rounded(point, whole * factor)
    return values


def _citation(city, point, year):
    publisher = {"official": f"{city.name_en} statistics office", "survey": f"{city.name_en} residents' survey",
                 "expert": f"{city.name_en} learning city review panel"}[point.source.value]
    return {"source": point.source.value, "citation_publisher": publisher,
            "citation_title": f"Learning city monitoring {year} (demo)", "citation_year": year, "note": DEMO_NOTE}


def demo_member_cities():
    return db.session.scalars(select(City).where(City.is_demo.is_(True), City.member_since.is_not(None))
                              .order_by(City.slug)).all()


def load_demo_monitoring(report):
    """Data sets, self-assessments, the cycle and Hume's report; creates what is missing."""
    cities = demo_member_cities()
    points = db.session.scalars(select(MeasurementPoint).order_by(MeasurementPoint.id)).all()
    existing = {(s.city_id, s.year) for s in db.session.scalars(
        select(CityDataSet).where(CityDataSet.city_id.in_([c.id for c in cities])))}
    entries = []
    for city in cities:
        for year in DEMO_YEARS:
            if (city.id, year) in existing:
                report.add("demo data sets", "unchanged")
                continue
            entries += _entries(city, year, points)
            report.add("demo data sets", "created")
    if entries:
        save_values(entries, actor=None, confirmed=True, publish=True, is_demo=True, by_command_line=True)
    _self_assessments(cities, report)
    _demo_report(report)


def _entries(city, year, points):
    level = city_level(city.slug)
    found = []
    for point in points:
        fields = _citation(city, point, year)
        if point.key == NOT_AVAILABLE[0] and year == DEMO_YEARS[0]:
            found.append(Entry(city=city, year=year, point_key=point.key, where=f"{city.slug} {year} {point.key}",
                               fields={**fields, "not_available": True, "reason": NOT_AVAILABLE[1]}))
            continue
        for breakdown, value in plausible_values(point, level=level, year=year, seed=city.slug).items():
            found.append(Entry(city=city, year=year, point_key=point.key, breakdown=breakdown,
                               where=f"{city.slug} {year} {point.key}[{breakdown}]",
                               fields={**fields, "value": value,
                                       "currency": rules.DEFAULT_CURRENCY if rules.UNITS[point.unit].currency
                                       else None}))
    return found


# Key features each demo city rates itself on in its latest year (the first key feature of
# each focus area), with the rating drawn from its level.
ASSESSED_FEATURES = ("1.1.1", "1.2.1", "1.3.1", "2.1.1", "2.2.1", "2.3.1", "2.4.1", "2.5.1", "2.6.1",
                     "3.1.1", "3.2.1", "3.3.1")


def _self_assessments(cities, report):
    features = db.session.scalars(select(KeyFeature).where(KeyFeature.code.in_(ASSESSED_FEATURES))).all()
    sets = {s.city_id: s for s in db.session.scalars(
        select(CityDataSet).where(CityDataSet.year == DEMO_YEARS[-1], CityDataSet.is_demo.is_(True)))}
    for city in cities:
        data_set = sets.get(city.id)
        if data_set is None:
            continue
        rated = {a.key_feature_id for a in data_set.assessments}
        practice_ids = db.session.scalars(select(Practice.id).where(Practice.city_id == city.id, _PUBLISHED)
                                          .order_by(Practice.id).limit(2)).all()
        for feature in features:
            if feature.id in rated:
                report.add("demo self-assessments", "unchanged")
                continue
            rng = random.Random(f"rating:{city.slug}:{feature.code}")
            rating = min(5, max(1, round(1 + 4 * city_level(city.slug) + rng.uniform(-1, 1))))
            db.session.add(SelfAssessment(
                data_set=data_set, key_feature=feature, rating=rating, language="en",
                justification=f"{city.name_en} rates itself {rating} of 5 here: an invented demo rating, "
                              "drawn from the demo figures of its measurement points.",
                evidence_practice_ids=list(practice_ids),
                evidence_points=[p.key for p in feature.measurement_points][:2]))
            report.add("demo self-assessments", "created")
    db.session.flush()


CYCLE_TITLE = "Progress reports 2024–2025 (demo)"
SECRETARIAT_EMAIL = "secretariat@demo.example.org"
HUME_COORDINATOR_EMAIL = "hume@demo.example.org"
NARRATIVES = {
    1: "The council made lifelong learning one of the five aims of the city plan and set aside a yearly budget for it.",
    2: "Adult literacy classes moved into the branch libraries, with evening and weekend groups.",
    3: "Kindergartens in the two poorest suburbs now open an hour earlier so that parents can work or study.",
    4: "A first survey of residents counted who learns and where; it will be repeated every two years.",
    5: "Employers on the industrial estate run joint apprenticeships with the technical college.",
    6: "All community centres now lend laptops and run short courses on using public services online.",
    7: "Teachers and volunteer tutors share a yearly training day on teaching adults.",
    8: "The learning festival moved to the town centre and drew families who had not come before.",
    9: "Older residents lead walking groups that double as local history courses.",
    10: "The city joined two thematic clusters of the network and hosted a peer visit.",
    11: "A learning city committee of the council, schools, employers and community groups meets four times a year.",
    12: "Spending on adult and community learning is published every year with the city budget.",
}


def _demo_report(report):
    """A reporting cycle and Hume's accepted report, made through the reports' operations and
    workflow (so the report has its timeline): the demo secretariat opens the cycle, Hume's
    demo coordinator writes and submits, the secretariat accepts."""
    secretariat = find_user_by_email(SECRETARIAT_EMAIL)
    coordinator = find_user_by_email(HUME_COORDINATOR_EMAIL)
    hume = db.session.scalar(select(City).where(City.slug == "hume"))
    if secretariat is None or coordinator is None or hume is None or not hume.is_member:
        report.notes.append("Hume, its demo coordinator or the demo secretariat is missing: "
                            "the demo progress report was not written")
        return
    cycle = db.session.scalar(select(ReportingCycle).where(ReportingCycle.title == CYCLE_TITLE))
    if cycle is None:
        cycle = reports.open_cycle(title=CYCLE_TITLE, period_start=2024, period_end=DEMO_YEARS[-1],
                                   deadline=dt.date(2026, 3, 31), actor=secretariat,
                                   today=max(dt.date(2025, 6, 1), hume.member_since + dt.timedelta(days=1)),
                                   is_demo=True)
        report.add("demo reporting cycles", "created")
    else:
        report.add("demo reporting cycles", "unchanged")
    if report_queries.report_of(cycle, hume) is not None:
        report.add("demo progress reports", "unchanged")
        return
    progress = reports.start_report(cycle, hume, actor=coordinator, is_demo=True)
    practice_ids = db.session.scalars(select(Practice.id).where(Practice.city_id == hume.id, _PUBLISHED)
                                      .order_by(Practice.id).limit(3)).all()
    reports.save_report(progress, {
        "narratives": NARRATIVES,
        "achievements": "Literacy classes in every branch library; a first residents' survey of learning; "
                        "a learning city committee that meets every quarter.",
        "challenges": "Reaching men over fifty who left school early; keeping volunteer tutors beyond their "
                      "first year.",
        "plans": "Open two learning spaces in new suburbs, repeat the survey in 2027 and publish its results "
                 "with the city's data on the Key Features.",
        "practice_ids": list(practice_ids)}, actor=coordinator)
    reports.transition_report(progress, "submit", actor=coordinator)
    reports.transition_report(progress, "accept", actor=secretariat,
                              comment="Thank you: a clear report, with data for every focus area.")
    report.add("demo progress reports", "created")
