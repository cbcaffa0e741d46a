"""“We adapted this”: a member city records that it adopted or adapted another city's
published practice, what it changed and what happened. Shown on the practice, on both
cities' pages and in the network's transfer graph."""
from flask_babel import gettext as _
from sqlalchemy import select

from models.exchange import Adoption, AdoptionKind
from portal import audit
from portal.domain_errors import Conflict, Invalid
from portal.exchange import schema
from portal.exchange.peer_requests import coordinators
from portal.extensions import db
from portal.i18n import localized
from portal.notifications.operations import notify
from portal.permissions import check


def record_adoption(practice, city, data, *, actor):
    """`data`: kind (adopted/adapted), changes, results, year (optional)."""
    check(actor, "adoption.record", (practice, city))   # a coordinator of the city; not its own practice
    if not city.is_member:
        raise Conflict(_("Adoptions are recorded by member cities of the network."))
    if not practice.is_published:
        raise Invalid(_("Only published practices can be recorded as adopted."))
    checked = schema.check_adoption(data)
    kind, year = AdoptionKind(checked.kind), checked.year
    texts = {"changes": checked.changes, "results": checked.results}
    if db.session.scalar(select(Adoption.id).where(Adoption.city_id == city.id, Adoption.practice_id == practice.id)):
        raise Conflict(_("%(city)s has already recorded this practice.", city=localized(city, "name")))
    adoption = Adoption(city=city, practice=practice, kind=kind, year=year, recorded_by=actor, **texts)
    db.session.add(adoption)
    db.session.flush()
    audit.record(adoption, "adoption.record", actor)
    team = coordinators(practice.city) + ([practice.author] if practice.author else [])
    notify([u for u in team if u.id != actor.id], "adoption.recorded",
           {"city": city, "title": practice},
           endpoint="practices.practice", slug=practice.slug, _anchor="adoptions")
    return adoption
