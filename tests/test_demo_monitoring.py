"""The demo site's monitoring data: two published years of every demo member city, a few
self-assessments, a reporting cycle and Hume's accepted report; loading again adds nothing."""
import pytest
from sqlalchemy import func, select

from models.framework import MeasurementPoint
from models.monitoring import (
    CityDataSet,
    IndicatorValue,
    ProgressReport,
    ReportingCycle,
    ReportState,
    SelfAssessment,
)
from portal.extensions import db
from portal.monitoring import rules
from portal.reference import demo_monitoring
from portal.reference.upsert import LoadReport


@pytest.fixture
def demo(app_context):
    """The loaded database with the demo monitoring data, as `flask load-demo` leaves it."""
    report = LoadReport()
    demo_monitoring.load_demo_monitoring(report)
    db.session.commit()
    return report


def test_every_demo_member_city_has_two_published_demo_years_of_every_point(demo):
    cities = demo_monitoring.demo_member_cities()
    assert len(cities) >= 10 and all(city.is_member for city in cities)
    sets = db.session.scalars(select(CityDataSet).where(CityDataSet.city_id.in_([c.id for c in cities]))).all()
    assert sorted({s.year for s in sets}) == list(demo_monitoring.DEMO_YEARS)
    assert len(sets) == 2 * len(cities) and all(s.is_published and s.is_demo for s in sets)
    points = db.session.scalar(select(func.count(MeasurementPoint.id)))
    whole = db.session.execute(
        select(IndicatorValue.data_set_id, func.count()).where(IndicatorValue.breakdown == "")
        .group_by(IndicatorValue.data_set_id)).all()
    assert {count for data_set_id, count in whole if data_set_id in {s.id for s in sets}} == {points}
    assert db.session.scalar(select(func.count()).where(IndicatorValue.breakdown != "")) > 0


def test_demo_values_are_plausible_for_their_unit(demo):
    rows = db.session.execute(select(MeasurementPoint, IndicatorValue.value)
                              .join(IndicatorValue, IndicatorValue.measurement_point_id == MeasurementPoint.id)
                              .where(IndicatorValue.value.is_not(None))).all()
    for point, value in rows:
        unit = rules.UNITS[point.unit]
        assert unit.minimum <= value and (unit.maximum is None or value <= unit.maximum), (point.key, value)
    literacy = [value for point, value in rows if point.key == "adult-literacy-rate"]
    assert 20 < min(literacy) and max(literacy) <= 100


def test_the_numbers_are_the_same_every_time(app_context):
    point = db.session.scalar(select(MeasurementPoint).where(MeasurementPoint.key == "pre-primary-enrolment"))
    first = demo_monitoring.plausible_values(point, level=0.5, year=2023, seed="hume")
    assert first == demo_monitoring.plausible_values(point, level=0.5, year=2023, seed="hume")
    assert set(first) == set(rules.breakdowns_of(point))
    assert first != demo_monitoring.plausible_values(point, level=0.5, year=2023, seed="espoo")


def test_a_cycle_and_humes_accepted_report_with_a_narrative_per_commitment(demo):
    cycle = db.session.scalar(select(ReportingCycle).where(ReportingCycle.title == demo_monitoring.CYCLE_TITLE))
    assert cycle.period_end == demo_monitoring.DEMO_YEARS[-1]
    report = db.session.scalar(select(ProgressReport).where(ProgressReport.cycle_id == cycle.id))
    assert report.city.slug == "hume" and report.state is ReportState.accepted and report.is_demo
    assert [n.commitment_number for n in report.narratives] == list(range(1, 13))
    assert all(n.text for n in report.narratives) and report.achievements and report.plans
    assert db.session.scalar(select(func.count(SelfAssessment.id))) > 0
    # Made through the workflow: its timeline says who submitted and who accepted it.
    from portal.audit import timeline
    assert [e.action for e in timeline("progress_reports", report.id)][-2:] == [
        "progress_report.submit", "progress_report.accept"]


def test_loading_again_adds_nothing(demo):
    tables = (CityDataSet, IndicatorValue, SelfAssessment, ReportingCycle, ProgressReport)

    def counts():
        return [db.session.scalar(select(func.count()).select_from(table)) for table in tables]

    before = counts()
    assert before[0] > 0
    report = LoadReport()
    demo_monitoring.load_demo_monitoring(report)
    assert counts() == before
    assert "demo data sets: 0 created" in "\n".join(report.lines())


def test_the_open_api_shows_the_demo_years(demo, client):
    cities = client.get("/api/v1/indicators/adult-literacy-rate?year=2025").json["summary"]["cities"]
    assert cities == len(client.get("/api/v1/indicators/adult-literacy-rate?year=2023").json["values"]) >= 10
