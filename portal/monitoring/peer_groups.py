"""Peer groups of cities: the cities of a UNESCO region, the cities of a population band
(rules.POPULATION_BANDS). One place for the filter, so that the API, the profile's
comparison, the point pages and the suggestions group cities the same way.

- `peer_condition(region=…, population_band=…)`: the condition on City (the API, which
  lists every city with published data).
- `member_city_ids(region_code=…, region_id=…, population_band=…)`: a SELECT of the ids of
  member cities in that group (the pages); use it as `City.id.in_(member_city_ids(…))`.
- `peer_group_cities(city, group)`: the same for one of `PEER_GROUPS` ("all", "region",
  "population") as seen from `city`; None when the group cannot be formed (no population).
"""
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


PEER_GROUPS = ("all", "region", "population")


def member_city_ids(*, region_code=None, region_id=None, population_band=None):
    """A SELECT of the ids of member cities, in a region and/or a population band."""
    query = select(City.id).where(City.member_since.is_not(None))
    if region_id is not None:
        query = query.where(City.member_state_id.in_(select(MemberState.id).where(MemberState.region_id == region_id)))
    return query.where(peer_condition(region=region_code, population_band=population_band))


def peer_group_cities(city, group):
    """The member cities of `group` ("all", "region", "population") as seen from `city`, as
    a SELECT of ids; None when the city's population is not known (no band to compare in)."""
    if group == "region":
        return member_city_ids(region_id=city.member_state.region_id)
    if group == "population":
        band = rules.population_band(city.population)
        return None if band is None else member_city_ids(population_band=band)
    return member_city_ids()
