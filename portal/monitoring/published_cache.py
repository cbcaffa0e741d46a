"""Reads over every published value (coverage, the summaries of a peer group) kept in each
process until the published data or the member cities change.

The fingerprint is two small queries (the published data sets' count and latest change; the
member cities' count, ids and populations), so every web host sees a change at its next
request: nothing is shared between processes, and nothing stale is served.

`rendered()` keeps the HTML of the heavy part of a public page (a city's profile, a point's
table of every member city) the same way, the most recently used few per process, each for
at most RENDERED_MAX_AGE seconds (so a renamed city shows under its new name within that
time even when no data changed)."""
from sqlalchemy import func, select

from models.cities import City
from models.monitoring import CityDataSet, DataSetState
from portal.extensions import db
from portal.fragment_cache import Fragments

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


RENDERED_MAX_AGE = 60      # seconds
RENDERED_ENTRIES = 64      # pages of 100–200 kB each: about 10 MB per process at most
_pages = Fragments(fingerprint=fingerprint, max_age=RENDERED_MAX_AGE, entries=RENDERED_ENTRIES)


def rendered(key, render):
    """`render()` (HTML), or what it gave for `key` less than RENDERED_MAX_AGE ago if nothing
    published changed since. `key` must name everything the HTML depends on (the page, its
    choices, the reader's language)."""
    return _pages.rendered(key, render)
