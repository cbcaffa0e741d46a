"""Saving a city's values: the rules of the one operation behind the entry page, the CSV
upload and the import (portal/monitoring/data_entry.py), tested at the operation."""
import pytest
from sqlalchemy import func, select

from models.monitoring import CityDataSet, IndicatorValue, IndicatorValueChange
from portal.cities.queries import city_by_slug
from portal.domain_errors import InvalidFields, NeedsConfirmation, NotAllowed
from portal.extensions import db
from portal.monitoring.data_entry import Entry, publish_data_set, save_values

CITED = {"source": "official", "citation_publisher": "City statistics office"}


def entry(city, point, value, *, year=2024, breakdown="", **fields):
    return Entry(city=city, year=year, point_key=point, breakdown=breakdown,
                 fields={**CITED, "value": value, **fields}, where=f"{point}[{breakdown}]")


def stored_values():
    return db.session.scalar(select(func.count()).select_from(IndicatorValue))


@pytest.fixture
def columbus(app_context):
    return city_by_slug("columbus")


def test_a_coordinator_saves_values_of_the_points_unit(actors, columbus):
    outcome = save_values([entry(columbus, "adult-literacy-rate", "97.5"),
                           entry(columbus, "adult-literacy-rate", 98, breakdown="sex=female")],
                          actor=actors["city_coordinator"])
    assert (outcome.added, outcome.changed) == (2, 0)
    data_set = db.session.scalar(select(CityDataSet))
    assert (data_set.city_id, data_set.year, data_set.state.value) == (columbus.id, 2024, "draft")
    assert sorted(v.value for v in data_set.values) == [97.5, 98.0]


@pytest.mark.parametrize("point, value, says", [
    ("adult-literacy-rate", 140, "give a value from 0 to 100"),
    ("crime-level", -3, "from 0 to"),
    ("adult-literacy-rate", "lots", "write a number"),
])
def test_values_the_unit_cannot_hold_are_refused_and_nothing_is_saved(actors, columbus, point, value, says):
    with pytest.raises(InvalidFields) as refused:
        save_values([entry(columbus, "voter-participation", 60), entry(columbus, point, value)],
                    actor=actors["city_coordinator"])
    assert says in refused.value.message
    assert refused.value.problems[0].field == f"{point}[].value"
    assert stored_values() == 0


def test_a_rating_of_seven_is_refused(actors, columbus, app_context):
    from models.framework import MeasurementPoint, Unit
    rated = db.session.scalar(select(MeasurementPoint.key).where(MeasurementPoint.unit == Unit.rating))
    with pytest.raises(InvalidFields, match="from 1 to 5"):
        save_values([entry(columbus, rated, 7, source="expert")], actor=actors["city_coordinator"])


def test_a_breakdown_the_framework_does_not_name_is_refused(actors, columbus):
    with pytest.raises(InvalidFields, match="broken down by sex only"):
        save_values([entry(columbus, "adult-literacy-rate", 90, breakdown="income_quintile=q1")],
                    actor=actors["city_coordinator"])
    with pytest.raises(InvalidFields, match="as a whole only"):
        save_values([entry(columbus, "voter-participation", 50, breakdown="sex=female")],
                    actor=actors["city_coordinator"])


def test_not_available_needs_a_reason(actors, columbus):
    with pytest.raises(InvalidFields, match="say why"):
        save_values([entry(columbus, "voter-participation", None, not_available=True)],
                    actor=actors["city_coordinator"])
    save_values([entry(columbus, "voter-participation", None, not_available=True, reason="No election yet.")],
                actor=actors["city_coordinator"])
    assert db.session.scalar(select(IndicatorValue.reason)) == "No election yet."


def test_only_the_citys_team_saves_its_values(actors, columbus):
    for role in ("practitioner", "natcom_officer", "secretariat"):
        with pytest.raises(NotAllowed):
            save_values([entry(columbus, "voter-participation", 60)], actor=actors[role])
    assert stored_values() == 0


def test_a_large_change_from_the_previous_year_must_be_confirmed(actors, columbus):
    coordinator = actors["city_coordinator"]
    save_values([entry(columbus, "voter-participation", 40, year=2022)], actor=coordinator)
    with pytest.raises(NeedsConfirmation) as asked:
        save_values([entry(columbus, "voter-participation", 70, year=2023)], actor=coordinator)
    assert "75% away from the previous year's 40" in asked.value.message
    assert stored_values() == 1
    save_values([entry(columbus, "voter-participation", 70, year=2023)], actor=coordinator,
                confirmed={"voter-participation[]"})
    assert stored_values() == 2


def test_saving_the_same_values_again_changes_nothing(actors, columbus):
    coordinator = actors["city_coordinator"]
    save_values([entry(columbus, "voter-participation", 40)], actor=coordinator)
    again = save_values([entry(columbus, "voter-participation", "40.0")], actor=coordinator)
    assert (again.added, again.changed, again.unchanged) == (0, 0, 1)


def test_changes_after_publishing_are_versions_with_who_and_when(actors, columbus):
    coordinator = actors["city_coordinator"]
    save_values([entry(columbus, "voter-participation", 40)], actor=coordinator)
    data_set = publish_data_set(columbus, 2024, actor=coordinator)
    assert (data_set.state.value, data_set.version) == ("published", 1)
    save_values([entry(columbus, "voter-participation", 45)], actor=coordinator)
    db.session.refresh(data_set)
    assert data_set.version == 2
    change = db.session.scalar(select(IndicatorValueChange))
    assert (change.before["value"], change.after["value"], change.changed_by_id) == (40, 45, coordinator.id)
