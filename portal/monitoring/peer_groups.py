"""Peer groups of cities: the cities of a UNESCO region, the cities of a population band
(rules.POPULATION_BANDS). One place for the filter, so that the API, the profile's
comparison and the point pages group cities the same way."""
from sqlalchemy import and_, select, true

from models.cities import City, MemberState, Region
from portal.monitoring import rules

BAND_KEYS = tuple(key for key, _label, _low, _high in rules.POPULATION_BANDS)


def band_condition(band):
    """The condition on City.population of a band's key ("small" … "very-large")."""
    for key, _label, low, high in rules.POPULATION_BANDS:
        if key == band:
            above = City.population >= low
            return above if high is None else and_(above, City.population <= high)
    raise ValueError(band)


def region_condition(region_code):
    """The condition that a city is in the region of this code (a subquery: no join needed)."""
    return City.member_state_id.in_(
        select(MemberState.id).join(MemberState.region).where(Region.code == region_code))


def peer_condition(*, region=None, population_band=None):
    """The condition on City of a peer group: the region's cities, the band's cities, both,
    or every city (`true()`) when neither is given."""
    conditions = []
    if region:
        conditions.append(region_condition(region))
    if population_band:
        conditions.append(band_condition(population_band))
    return and_(true(), *conditions)
