"""Loads UNESCO's regions and Member States; country names come from Babel's CLDR data."""
from babel import Locale

from models.base import LANGUAGES
from models.cities import MemberState, Region
from portal.reference.upsert import Upserter

MEMBER_STATES_FILE = "member_states.yaml"


def country_names(iso):
    """The names of a territory in every language of LANGUAGES, from CLDR, or None if CLDR
    does not know it in one of them."""
    names = {f"name_{language}": Locale(language).territories.get(iso) for language in LANGUAGES}
    return names if all(names.values()) else None


def load_member_states(reader, report):
    regions = Upserter(Region, "code", report)
    for position, (where, item) in enumerate(reader.items(reader.content, "regions", ""), 1):
        regions.put(reader.text(item, "code", where, max_length=40), position=position,
                    **reader.translated(item, "name", where, max_length=100))

    states = Upserter(MemberState, "iso", report)
    for where, item in reader.items(reader.content, "member_states", ""):
        iso = reader.text(item, "iso", where)
        if iso in states.seen:
            reader.fail(f"{where}.iso", f"{iso} is listed twice")
        region_code = reader.choice(item, "region", where, set(regions.seen))
        if "name" in item:
            names = reader.translated(item, "name", where, max_length=120)
        else:
            names = country_names(iso) or reader.fail(
                f"{where}.iso", f"{iso!r} is not an ISO 3166-1 alpha-2 code known to CLDR")
        states.put(iso, region=regions.existing[region_code], **names)
    regions.note_unseen("Region")
    states.note_unseen("Member State")
