"""Adding a city the portal did not know (from a role request, or an imported practice)."""
from sqlalchemy import func, select

from models.cities import City
from portal import audit
from portal.extensions import db
from portal.search import documents, sync
from portal.text import slugify


def new_city_slug(name, member_state):
    """`lyon`, then `lyon-fr`, then `lyon-3`…: the first slug no city uses yet."""
    base = slugify(name, fallback=f"city-{member_state.iso.lower()}")
    slug, n = base, 1
    while db.session.scalar(select(func.count(City.id)).where(City.slug == slug)):
        n += 1
        slug = f"{base}-{member_state.iso.lower()}" if n == 2 else f"{base}-{n}"
    return slug


def add_city(name, member_state, *, actor=None, comment=None):
    """Create a city (not a member) with the name given, shown in every language until someone
    translates it; audited and sent to the search index."""
    name = name.strip()
    city = City(slug=new_city_slug(name, member_state), name_en=name,
                member_state=member_state)
    db.session.add(city)
    db.session.flush()
    audit.record(city, "city.create", actor, comment=comment)
    sync.queue(documents.city_id(city))
    return city
