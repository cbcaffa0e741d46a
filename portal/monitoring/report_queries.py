"""Reads of reporting: cycles, who is due, reports and what they show, reminders already
sent, the overdue list by region and the members that missed cycles in a row."""
from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from models.audit import AuditEntry
from models.auth import Role
from models.cities import City, MemberState
from models.framework import Area, FocusArea, KeyFeature, MeasurementPoint
from models.monitoring import CityDataSet, IndicatorValue, ProgressReport, ReportingCycle, ReportState
from portal.auth.operations import users_with_role
from portal.extensions import db
from portal.monitoring import rules
from portal.monitoring.workflow import SUBMITTED_STATES


def cycles():
    return db.session.scalars(select(ReportingCycle).order_by(ReportingCycle.deadline.desc(),
                                                              ReportingCycle.id.desc())).all()


def cycle_by_id(cycle_id):
    return db.session.get(ReportingCycle, cycle_id)


def open_cycles(on):
    """Cycles whose deadline has not passed on `on`."""
    return db.session.scalars(select(ReportingCycle).where(ReportingCycle.deadline >= on)
                              .order_by(ReportingCycle.deadline)).all()


def _due(cycle):
    return City.member_since.is_not(None) & (City.member_since < cycle.opened_on)


def due_cities(cycle):
    """Every city that was a member before the cycle opened."""
    return db.session.scalars(select(City).where(_due(cycle)).order_by(City.name_en)).all()


def is_due(cycle, city):
    return city.member_since is not None and city.member_since < cycle.opened_on


def coordinators_of(city):
    return users_with_role(Role.city_coordinator, city_id=city.id)


def report_of(cycle, city):
    return db.session.scalar(select(ProgressReport).where(
        ProgressReport.cycle_id == cycle.id, ProgressReport.city_id == city.id))


def report_by_id(report_id):
    return db.session.scalars(select(ProgressReport).where(ProgressReport.id == report_id).options(
        selectinload(ProgressReport.narratives), selectinload(ProgressReport.practices),
        selectinload(ProgressReport.cycle), selectinload(ProgressReport.city))).first()


def cities_not_submitted(cycle):
    """Due cities with no report in the cycle, or one never submitted."""
    submitted = select(ProgressReport.city_id).where(
        ProgressReport.cycle_id == cycle.id, ProgressReport.submitted_at.is_not(None))
    return db.session.scalars(select(City).where(_due(cycle), City.id.not_in(submitted))
                              .order_by(City.name_en)).all()


def reminded_cities(cycle, days):
    """Ids of the cities already reminded for `cycle` at the threshold `days`."""
    entries = db.session.scalars(select(AuditEntry.changes).where(
        AuditEntry.target_type == "reporting_cycles", AuditEntry.target_id == cycle.id,
        AuditEntry.action == "reporting_cycle.remind"))
    return {changes["city_id"][1] for changes in entries if changes.get("days", [None, None])[1] == days}


def cycles_for_city(city):
    """[(cycle, its report or None)] for every cycle the city is due in, newest first."""
    if city.member_since is None:
        return []
    found = db.session.scalars(select(ReportingCycle).where(ReportingCycle.opened_on > city.member_since)
                               .order_by(ReportingCycle.deadline.desc())).all()
    reports = {r.cycle_id: r for r in db.session.scalars(
        select(ProgressReport).where(ProgressReport.city_id == city.id))}
    return [(cycle, reports.get(cycle.id)) for cycle in found]


def overdue_by_region(on):
    """[(region, [(city, cycle)])]: due cities that did not submit by a deadline passed on `on`,
    by UNESCO region (in the regions' order), cities by name."""
    closed = db.session.scalars(select(ReportingCycle).where(ReportingCycle.deadline < on)).all()
    groups = defaultdict(list)
    for cycle in closed:
        for city in db.session.scalars(select(City).where(_due(cycle), City.id.not_in(
                select(ProgressReport.city_id).where(ProgressReport.cycle_id == cycle.id,
                                                     ProgressReport.submitted_at.is_not(None))))
                .options(selectinload(City.member_state).selectinload(MemberState.region))):
            groups[city.member_state.region].append((city, cycle))
    return [(region, sorted(rows, key=lambda row: (row[0].name_en, row[1].deadline)))
            for region, rows in sorted(groups.items(), key=lambda item: item[0].position)]


def missed_in_a_row(on, city_ids=None):
    """{city_id: n} for members that missed the last n (n ≥ rules.MISSED_CYCLES_FLAG) closed
    cycles they were due in, in a row: no report submitted by the deadline. Cycles a city was
    not due in do not break the run. Three queries, whatever the number of cities."""
    closed = db.session.scalars(select(ReportingCycle).where(ReportingCycle.deadline < on)
                                .order_by(ReportingCycle.deadline.desc())).all()
    if not closed:
        return {}
    members = select(City.id, City.member_since).where(City.member_since.is_not(None))
    if city_ids is not None:
        members = members.where(City.id.in_(city_ids))
    submitted = {(row.cycle_id, row.city_id): row.submitted_at for row in db.session.execute(
        select(ProgressReport.cycle_id, ProgressReport.city_id, ProgressReport.submitted_at)
        .where(ProgressReport.submitted_at.is_not(None)))}
    flagged = {}
    for city_id, member_since in db.session.execute(members):
        missed = 0
        for cycle in closed:
            if not member_since < cycle.opened_on:
                continue
            at = submitted.get((cycle.id, city_id))
            if at is not None and at.date() <= cycle.deadline:
                break
            missed += 1
        if missed >= rules.MISSED_CYCLES_FLAG:
            flagged[city_id] = missed
    return flagged


def cities_by_id(city_ids):
    return db.session.scalars(select(City).where(City.id.in_(city_ids)).order_by(City.name_en)).all()


def cycle_progress(cycle):
    """[(state, number of due cities)], None for "not started" first, then in workflow order."""
    states = dict(db.session.execute(select(ProgressReport.city_id, ProgressReport.state)
                                     .where(ProgressReport.cycle_id == cycle.id)).all())
    counts = defaultdict(int)
    for city in due_cities(cycle):
        counts[states.get(city.id)] += 1
    return [(state, counts[state]) for state in (None, *ReportState) if counts[state]]


def data_set_of(city, year):
    return db.session.scalars(select(CityDataSet).where(CityDataSet.city_id == city.id, CityDataSet.year == year)
                              .options(selectinload(CityDataSet.assessments))).first()


def whole_values(data_set):
    """[(measurement point, value)] of a data set's values as a whole, in the framework's order."""
    if data_set is None:
        return []
    return db.session.execute(
        select(MeasurementPoint, IndicatorValue).join(IndicatorValue, IndicatorValue.measurement_point_id
                                                      == MeasurementPoint.id)
        .join(KeyFeature, MeasurementPoint.key_feature_id == KeyFeature.id)
        .where(IndicatorValue.data_set_id == data_set.id, IndicatorValue.breakdown == "")
        .order_by(KeyFeature.position, MeasurementPoint.position)).all()


def key_feature_tree():
    """Areas → focus areas → key features (with their measurement points), in order."""
    return db.session.scalars(select(Area).order_by(Area.code).options(
        selectinload(Area.focus_areas).selectinload(FocusArea.key_features)
        .selectinload(KeyFeature.measurement_points))).all()


def is_submitted(report):
    return report is not None and report.state in SUBMITTED_STATES


def public_reports(city):
    """The city's reports that everyone may read (accepted or published), newest first."""
    return db.session.scalars(select(ProgressReport).join(ReportingCycle).where(
        ProgressReport.city_id == city.id, ProgressReport.state.in_((ReportState.accepted, ReportState.published)))
        .options(selectinload(ProgressReport.cycle)).order_by(ReportingCycle.deadline.desc())).all()


def missed_cycles_of(city, on):
    """How many cycles in a row the city missed (0 below rules.MISSED_CYCLES_FLAG)."""
    return missed_in_a_row(on, [city.id]).get(city.id, 0)
