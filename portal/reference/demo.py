"""Loads demo content (cities for now), marked as demo in the database and on the site."""
import datetime as dt
from decimal import Decimal

from sqlalchemy import select

from models.cities import City, MemberState
from portal.extensions import db
from portal.reference.upsert import Upserter

DEMO_CITIES_FILE = "demo/cities.yaml"


def load_demo_cities(reader, report):
    states = {s.iso: s for s in db.session.scalars(select(MemberState))}
    if not states:
        reader.fail("cities", "load the reference data first (flask load-reference)")
    cities = Upserter(City, "slug", report)
    loaded = []
    for where, item in reader.items(reader.content, "cities", ""):
        slug = reader.text(item, "slug", where, max_length=120)
        country = reader.choice(item, "country", where, set(states))
        member_since = item.get("member_since")
        if member_since is not None and not isinstance(member_since, dt.date):
            reader.fail(f"{where}.member_since", "expected a date such as 2016-09-19, or null")
        population = reader.optional(item, "population", where, int)
        area = item.get("area_km2")
        if area is not None:
            if isinstance(area, bool) or not isinstance(area, (int, float)) or area <= 0:
                reader.fail(f"{where}.area_km2", "expected a positive number")
            area = Decimal(str(area)).quantize(Decimal("0.01"))
        coordinates = {}
        for axis, limit in (("latitude", 90), ("longitude", 180)):
            value = item.get(axis)
            if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))
                                      or not -limit <= value <= limit):
                reader.fail(f"{where}.{axis}", f"expected decimal degrees between -{limit} and {limit}")
            coordinates[axis] = float(value) if value is not None else None
        loaded.append(cities.put(
            slug,
            **coordinates,
            member_state=states[country],
            population=population,
            area_km2=area,
            website=reader.optional(item, "website", where, str),
            # A null date leaves alone a city that became a member through the workflow.
            **({"member_since": member_since} if member_since else {}),
            is_demo=True,
            **reader.translated(item, "name", where, max_length=160),
            **reader.translated(item, "description", where),
        ))
    return loaded
