"""Suggestions for a member city's dashboard, each with the reason it is made.

From the city's own application: the commitments it rated as a major challenge (4 or 5 out
of 5) → published practices of other cities linked to those commitments, and member cities
that offered expertise in them. Cities of the same UNESCO region come first, then those of a
similar population; practices the city already adopted are left out.

From the city's published data (data_suggestions.py): the key feature it rated itself lowest
on, and a measurement point where it is in the weakest quarter of its peers → practices of
the cities that do best on it, and those cities as peers."""
import math
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from models.cities import City, MemberState
from models.exchange import Adoption
from models.framework import Commitment
from models.membership import Application, ApplicationState
from models.practices import Practice, PracticeStatus
from portal.exchange import data_suggestions
from portal.extensions import db
from portal.i18n import localized

MAJOR = 4   # ratings from this up count as a major challenge


@dataclass
class Suggestion:
    kind: str           # "practice" or "city"
    target: object      # a Practice or a City
    commitment: Commitment
    reason: str


def _application(city):
    """The city's latest application that rated its challenges (not a draft)."""
    return db.session.scalar(
        select(Application).where(Application.city_id == city.id,
                                  Application.state != ApplicationState.draft)
        .options(selectinload(Application.challenges))
        .order_by(Application.id.desc()).limit(1))


def _closeness(city, other):
    """Sort key: same region first, then the nearest population (by ratio)."""
    same_region = other.member_state.region_id == city.member_state.region_id
    if city.population and other.population:
        distance = abs(math.log(other.population / city.population))
    else:
        distance = math.inf
    return (not same_region, distance)


def for_city(city, *, limit=5):
    found = _from_application(city, limit)
    return found + _from_data(city, limit, found)


def _from_application(city, limit):
    application = _application(city)
    if application is None:
        return []
    ratings = {c.commitment_id: c.rating for c in application.challenges if c.rating >= MAJOR}
    if not ratings:
        return []
    commitments = {c.id: c for c in db.session.scalars(select(Commitment).where(Commitment.id.in_(ratings)))}
    by_importance = sorted(ratings, key=lambda cid: (-ratings[cid], commitments[cid].number))
    return _practices(city, ratings, commitments, by_importance, limit) + \
        _peer_cities(city, ratings, commitments, by_importance, limit)


def _from_data(city, limit, already):
    """Practices and peers for the city's weak spots in its own data, each once."""
    seen = {(s.kind, s.target.id) for s in already}
    spots = data_suggestions.weak_spots(city)
    cities = data_suggestions.peer_cities({i for _f, _r, ids in spots for i in ids})
    chosen = []
    for feature, reason, ids in spots:
        peers = sorted((cities[i] for i in ids if i in cities), key=lambda other: _closeness(city, other))
        for practice in data_suggestions.practices_of([p.id for p in peers], feature, limit):
            if ("practice", practice.id) not in seen:
                seen.add(("practice", practice.id))
                chosen.append(Suggestion("practice", practice, feature.focus_area.commitment, reason))
        for other in peers[:limit]:
            if ("city", other.id) not in seen:
                seen.add(("city", other.id))
                chosen.append(Suggestion("city", other, feature.focus_area.commitment, reason))
    return chosen[:2 * limit]


def _reason(commitment, rating):
    return _("Because you rated commitment %(n)s (%(title)s) as a major challenge (%(rating)s out of 5).",
             n=commitment.number, title=localized(commitment, "title"), rating=rating)


def _practices(city, ratings, commitments, by_importance, limit):
    adopted = select(Adoption.practice_id).where(Adoption.city_id == city.id)
    found = db.session.scalars(
        select(Practice).where(Practice.status == PracticeStatus.published, Practice.city_id != city.id,
                               Practice.commitments.any(Commitment.id.in_(ratings)),
                               Practice.id.not_in(adopted))
        .options(selectinload(Practice.commitments), selectinload(Practice.translations),
                 selectinload(Practice.city).selectinload(City.member_state))
        .order_by(Practice.published_at.desc()).limit(200)).all()
    rank = {cid: n for n, cid in enumerate(by_importance)}
    chosen = []
    for practice in sorted(found, key=lambda p: (min(rank[c.id] for c in p.commitments if c.id in rank),
                                                 _closeness(city, p.city))):
        commitment = min((c for c in practice.commitments if c.id in rank), key=lambda c: rank[c.id])
        chosen.append(Suggestion("practice", practice, commitment, _reason(commitment, ratings[commitment.id])))
        if len(chosen) == limit:
            break
    return chosen


def _peer_cities(city, ratings, commitments, by_importance, limit):
    applications = db.session.scalars(
        select(Application).where(Application.city_id != city.id,
                                  Application.state == ApplicationState.admitted,
                                  Application.expertise.any(Commitment.id.in_(ratings)))
        .options(selectinload(Application.expertise),
                 selectinload(Application.city).selectinload(City.member_state)
                 .selectinload(MemberState.region))).all()
    rank = {cid: n for n, cid in enumerate(by_importance)}
    offers = {}
    for application in applications:
        if application.city.is_member:
            offered = [c for c in application.expertise if c.id in rank]
            best = min(offered, key=lambda c: rank[c.id])
            offers[application.city.id] = (application.city, best)
    chosen = []
    for other, commitment in sorted(offers.values(), key=lambda pair: (rank[pair[1].id], _closeness(city, pair[0]))):
        reason = _("%(reason)s %(city)s offers expertise in it.", reason=_reason(commitment, ratings[commitment.id]),
                   city=localized(other, "name"))
        chosen.append(Suggestion("city", other, commitment, reason))
        if len(chosen) == limit:
            break
    return chosen
