"""Practices in and out as JSON Lines (format: docs/practices-jsonl.md).

An import is checked whole before anything is written: every bad line is reported with its
number and reason, and then nothing changes, in the database or in the index. A practice's
translations are a list under "translations"; a line in the older format, with one
"translation" object, is read as a list of that one (the export writes "translations")."""
import json
from typing import Annotated

from flask_babel import lazy_gettext as _l
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from models.cities import City, MemberState
from models.framework import KeyFeature
from models.practices import MARKDOWN_FIELDS, SECTIONS, Practice, PracticeStatus
from portal import audit
from portal.cities.operations import add_city
from portal.extensions import db
from portal.practices import content, schema, versions
from portal.validation import Storable, problems_of

EXTERNAL_ID_LENGTH = Practice.__table__.c.external_id.type.length
CITY_NAME_LENGTH = City.__table__.c.name_en.type.length

REQUIRED = ("external_id", "title", "summary", "language", "country", "city", "commitments")
OPTIONAL = ("kind", "organisation", "organisation_type", "year", "ongoing", "key_features",
            "target_groups", "url", "body", *SECTIONS, "licence", "source", "translations",
            "translation", "demo")
# Keys of the file that are called otherwise in the operations' data.
DATA_KEYS = {"year": "start_year"}
FILE_KEYS = {v: k for k, v in DATA_KEYS.items()}


class ImportErrors(Exception):
    def __init__(self, errors):
        super().__init__(f"{len(errors)} invalid line(s)")
        self.errors = errors  # [(line number, reason)]


def check_line(item, known_countries, known_key_features):
    """The reasons this line is invalid (empty when it is fine): first the keys of the line,
    then its own keys (LineSchema) and the practice's schema, as for a practice published
    from the form. Types are the schemas' (strict): a string where a list is expected is a
    reason, and so is a text longer than its column."""
    if not isinstance(item, dict):
        return ["the line is not a JSON object"]
    problems = [f"missing required key '{key}'" for key in REQUIRED if key not in item]
    unknown = sorted(set(item) - set(REQUIRED) - set(OPTIONAL))
    if unknown:
        problems.append(f"unknown key(s): {', '.join(unknown)}")
    if "translation" in item and "translations" in item:
        problems.append("give 'translations' (a list) or the older 'translation' (one object), not both")
    if problems:
        return problems
    found = problems_of(LineSchema, item, label=lambda key: LINE_LABELS.get(key, key))
    found += schema.problems(_as_data(item, city=item["city"]), complete=True,
                             known_key_features=known_key_features)
    reasons = [f"'{_file_key(p.field, old_translation='translation' in item)}': {p.message}"
               for p in found]
    if isinstance(item["country"], str) and item["country"].upper() not in known_countries:
        reasons.append(f"'country' {item['country']!r} is not the ISO code of a UNESCO Member State")
    return reasons


class LineSchema(BaseModel):
    """The keys of a line that are not the practice's own data (see schema.PracticeSchema)."""
    model_config = ConfigDict(strict=True, str_strip_whitespace=True, extra="ignore")

    external_id: Annotated[str, Field(min_length=1, max_length=EXTERNAL_ID_LENGTH), Storable]
    country: str
    city: Annotated[str, Field(min_length=1, max_length=CITY_NAME_LENGTH), Storable]   # its English name
    demo: bool | None = None


LINE_LABELS = {"external_id": "external_id", "country": _l("Country"), "city": _l("City"),
               "demo": "demo"}


def _file_key(field, old_translation=False):
    """The key of the line a problem is about: "year" for start_year; a problem of the
    translation of a line in the older format is on 'translation', not 'translations.zh'."""
    head, dot, rest = field.partition(".")
    if head == "translations" and old_translation:
        _which, dot, rest = rest.partition(".")
        return f"translation{dot}{rest}"
    return f"{FILE_KEYS.get(head, head)}{dot}{rest}"


def _translations(item):
    """The translations of a line: its list, or the one object of the older format."""
    if "translation" in item:
        return [item["translation"]] if item["translation"] else []
    return item.get("translations", [])


def read_lines(handle):
    """[(line number, parsed object)] and [(line number, reason)] for lines that are not JSON."""
    items, errors, seen = [], [], {}
    for number, line in enumerate(handle, start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            errors.append((number, f"not valid JSON ({exc.msg} at column {exc.colno})"))
            continue
        if isinstance(item, dict) and isinstance(item.get("external_id"), str):
            if item["external_id"] in seen:
                errors.append((number, f"external_id {item['external_id']!r} already used "
                                       f"on line {seen[item['external_id']]}"))
                continue
            seen[item["external_id"]] = number
        items.append((number, item))
    return items, errors


def import_practices(handle, *, actor=None):
    """Check every line, then create or update and publish; flush, not commit.
    Returns (created, updated). Raises ImportErrors listing every bad line."""
    items, errors = read_lines(handle)
    countries = {s.iso: s for s in db.session.scalars(select(MemberState))}
    key_features = {kf.code: kf for kf in db.session.scalars(select(KeyFeature))}
    for number, item in items:
        errors += [(number, reason) for reason in check_line(item, countries, key_features)]
    if errors:
        raise ImportErrors(sorted(errors))

    existing = _existing([item["external_id"] for _, item in items])
    cities = _city_finder(countries)
    slugs = set(db.session.scalars(select(Practice.slug)))
    created = updated = 0
    written = []
    for _number, item in items:
        data = _as_data(item, city=cities(item["country"].upper(), item["city"]))
        practice = existing.get(item["external_id"])
        if practice is None:
            practice = Practice(external_id=item["external_id"], status=PracticeStatus.draft,
                                slug=content.unique_slug(item["title"], data["city"], slugs),
                                is_demo=bool(item.get("demo")))
            db.session.add(practice)
            created += 1
        else:
            updated += 1
        changes = content.apply(practice, data)
        if practice.status is not PracticeStatus.published:
            practice.status = PracticeStatus.published
            practice.published_at = practice.published_at or _now()
        written.append((practice, changes))
    db.session.flush()  # once for the whole file: every practice now has its id
    for practice, changes in written:
        audit.record(practice, "practice.import", actor, changes=changes)
        if changes or practice.last_published_at is None:
            versions.publish_version(practice, actor)
    return created, updated


def _existing(external_ids, chunk=500):
    """Known practices by external_id, read in chunks (databases limit the size of IN lists)."""
    found = {}
    for start in range(0, len(external_ids), chunk):
        for practice in db.session.scalars(
                select(Practice).where(Practice.external_id.in_(external_ids[start:start + chunk]))
                .options(selectinload(Practice.commitments), selectinload(Practice.key_features),
                         selectinload(Practice.translations), selectinload(Practice.versions),
                         selectinload(Practice.city))):
            found[practice.external_id] = practice
    return found


def _now():
    from models.base import utcnow
    return utcnow()


def _as_data(item, *, city):
    """A line as the data the operations take."""
    return {
        "title": item["title"], "summary": item["summary"], "body": item.get("body", ""),
        "language": item["language"], "kind": item.get("kind", "practice"), "city": city,
        "organisation": item.get("organisation"), "organisation_type": item.get("organisation_type"),
        "start_year": item.get("year"), "ongoing": item.get("ongoing", True),
        "target_groups": item.get("target_groups", []), "url": item.get("url"),
        "licence": item.get("licence", "CC-BY-4.0"), "source": item.get("source"),
        "commitments": item["commitments"], "key_features": item.get("key_features", []),
        **{k: item.get(k, "") for k in SECTIONS},
        "translations": _translations(item),
    }


def _city_finder(countries):
    """Find a city by English name within its country, creating it (not a member) if unknown."""
    known = {(c.member_state_id, c.name_en.lower()): c for c in db.session.scalars(select(City))}

    def find(iso, name):
        state = countries[iso]
        city = known.get((state.id, name.strip().lower()))
        if city is None:
            city = add_city(name, state, comment="Named by an imported practice")
            known[(state.id, name.strip().lower())] = city
        return city
    return find


def export_lines():
    """Every published practice as a JSON Lines string, in the import format."""
    query = (select(Practice).where(Practice.status == PracticeStatus.published)
             .options(selectinload(Practice.city).selectinload(City.member_state),
                      selectinload(Practice.commitments), selectinload(Practice.key_features),
                      selectinload(Practice.translations)).order_by(Practice.id))
    for practice in db.session.scalars(query):
        item = {
            "external_id": practice.external_id or f"portal-{practice.slug}",
            "title": practice.title, "summary": practice.summary,
            "language": practice.language, "country": practice.city.member_state.iso,
            "city": practice.city.name_en, "commitments": [c.number for c in practice.commitments],
            "kind": practice.kind.value,
        }
        optional = {
            "organisation": practice.organisation,
            "organisation_type": practice.organisation_type.value if practice.organisation_type else None,
            "body": practice.body, "year": practice.start_year,
            "key_features": [kf.code for kf in practice.key_features],
            "target_groups": list(practice.target_groups or []), "url": practice.url,
            **{section: getattr(practice, section) for section in SECTIONS},
            "licence": practice.licence, "source": practice.source,
        }
        item.update({k: v for k, v in optional.items() if v not in (None, "", [])})
        if not practice.ongoing:
            item["ongoing"] = False
        if practice.translations:
            item["translations"] = [
                {"language": t.language, "title": t.title, "summary": t.summary,
                 **{f: getattr(t, f) for f in MARKDOWN_FIELDS if getattr(t, f)}}
                for t in content.ordered_translations(practice)]
        if practice.is_demo:
            item["demo"] = True
        yield json.dumps(item, ensure_ascii=False)
