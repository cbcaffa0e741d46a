"""Reads over every published value (coverage, the summaries of a peer group) kept in each
process until the published data or the member cities change.

The fingerprint is two small queries (the published data sets' count and latest change; the
member cities' count, ids and populations), so every web host sees a change at its next
request: nothing is shared between processes, and nothing stale is served."""
from sqlalchemy import func, select

from models.cities import City
from models.monitoring import CityDataSet, DataSetState
from portal.extensions import db

_kept = {}   # (name, key) -> (fingerprint, value)
_LIMIT = 256


def fingerprint():
    published = db.session.execute(
        select(func.count(CityDataSet.id), func.max(CityDataSet.updated_at), func.max(CityDataSet.published_at))
        .where(CityDataSet.state == DataSetState.published)).one()
    members = db.session.execute(
        select(func.count(City.id), func.sum(City.id), func.sum(City.population))
        .where(City.member_since.is_not(None))).one()
    return (*published, *members)


def kept(name, key, compute):
    """`compute()`, or what it gave last time for (`name`, `key`) if nothing published changed."""
    now = fingerprint()
    found = _kept.get((name, key))
    if found is not None and found[0] == now:
        return found[1]
    if len(_kept) >= _LIMIT:
        _kept.clear()
    value = compute()
    _kept[(name, key)] = (now, value)
    return value
