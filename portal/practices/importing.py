"""Practices in and out as JSON Lines (format: docs/practices-jsonl.md).

An import is checked whole before anything is written: every bad line is reported with its
number and reason, and then nothing changes, in the database or in the index."""
import json

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from models.cities import City, MemberState
from models.framework import KeyFeature
from models.practices import (LICENCES, TARGET_GROUPS, OrganisationType, Practice, PracticeStatus)
from portal import audit
from portal.cities.operations import add_city
from portal.extensions import db
from portal.practices import operations, rules
from portal.text import count_words

REQUIRED = ("external_id", "title", "summary", "body", "language", "country", "city", "commitments")
OPTIONAL = ("kind", "organisation", "organisation_type", "year", "ongoing", "key_features",
            "target_groups", "url", "need", "activities", "partners", "results", "lessons",
            "licence", "translation", "demo")
ORGANISATION_TYPES = {t.value for t in OrganisationType}


class ImportErrors(Exception):
    def __init__(self, errors):
        super().__init__(f"{len(errors)} invalid line(s)")
        self.errors = errors  # [(line number, reason)]


def _check_line(item, known_countries, known_key_features):
    """The reasons this line is invalid (empty when it is fine)."""
    if not isinstance(item, dict):
        return ["the line is not a JSON object"]
    problems = [f"missing required key '{key}'" for key in REQUIRED if key not in item]
    unknown = sorted(set(item) - set(REQUIRED) - set(OPTIONAL))
    if unknown:
        problems.append(f"unknown key(s): {', '.join(unknown)}")
    if problems:
        return problems

    def text(key, limit=None, required=True):
        value = item.get(key)
        if value is None and not required:
            return
        if not isinstance(value, str) or (required and not value.strip()):
            problems.append(f"'{key}' must be a non-empty string")
        elif limit and len(value) > limit:
            problems.append(f"'{key}' is longer than {limit} characters")

    text("external_id", 120)
    text("title", 300)
    text("summary")
    text("body")
    text("city", 160)
    if isinstance(item.get("summary"), str) and count_words(item["summary"]) > rules.MAX_SUMMARY_WORDS:
        problems.append(f"'summary' has {count_words(item['summary'])} words; the limit is {rules.MAX_SUMMARY_WORDS}")
    if item.get("language") not in ("en", "zh"):
        problems.append("'language' must be 'en' or 'zh'")
    if not isinstance(item.get("country"), str) or item["country"].upper() not in known_countries:
        problems.append(f"'country' {item.get('country')!r} is not the ISO code of a UNESCO Member State")
    commitments = item.get("commitments")
    if (not isinstance(commitments, list) or not commitments
            or not all(isinstance(n, int) and not isinstance(n, bool) and 1 <= n <= 12 for n in commitments)):
        problems.append("'commitments' must be a non-empty list of numbers from 1 to 12")
    for key in ("organisation", "need", "activities", "partners", "results", "lessons", "url"):
        text(key, 500 if key in ("organisation", "url") else None, required=False)
    if item.get("kind", "practice") not in ("practice", "case_study"):
        problems.append("'kind' must be 'practice' or 'case_study'")
    if item.get("organisation_type") not in (None, *ORGANISATION_TYPES):
        problems.append(f"'organisation_type' must be one of {', '.join(sorted(ORGANISATION_TYPES))}")
    year = item.get("year")
    if year is not None and not (isinstance(year, int) and not isinstance(year, bool) and 1900 <= year <= 2100):
        problems.append("'year' must be a whole number from 1900 to 2100")
    if not isinstance(item.get("ongoing", True), bool):
        problems.append("'ongoing' must be true or false")
    key_features = item.get("key_features", [])
    if not isinstance(key_features, list) or any(code not in known_key_features for code in key_features):
        problems.append("'key_features' must list known codes such as \"2.2.1\"")
    groups = item.get("target_groups", [])
    if not isinstance(groups, list) or any(g not in TARGET_GROUPS for g in groups):
        problems.append(f"'target_groups' must list values from: {', '.join(TARGET_GROUPS)}")
    if isinstance(item.get("url"), str) and not item["url"].startswith(("http://", "https://")):
        problems.append("'url' must start with http:// or https://")
    if item.get("licence", "CC-BY-4.0") not in LICENCES:
        problems.append(f"'licence' must be one of {', '.join(LICENCES)}")
    translation = item.get("translation")
    if translation is not None:
        if (not isinstance(translation, dict) or translation.get("language") not in ("en", "zh")
                or translation.get("language") == item.get("language")
                or not isinstance(translation.get("title"), str) or not translation["title"].strip()
                or not isinstance(translation.get("summary"), str) or not translation["summary"].strip()):
            problems.append("'translation' must be {language (the other one), title, summary[, body]}")
        elif count_words(translation["summary"]) > rules.MAX_SUMMARY_WORDS:
            problems.append(f"the translated summary is longer than {rules.MAX_SUMMARY_WORDS} words")
    return problems


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
                errors.append((number, f"external_id {item['external_id']!r} already used on line {seen[item['external_id']]}"))
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
        errors += [(number, reason) for reason in _check_line(item, countries, key_features)]
    if errors:
        raise ImportErrors(sorted(errors))

    existing = _existing([item["external_id"] for _, item in items])
    cities = _city_finder(countries)
    slugs = set(db.session.scalars(select(Practice.slug)))
    created = updated = 0
    written = []
    for number, item in items:
        data = _as_data(item, cities(item["country"].upper(), item["city"]))
        practice = existing.get(item["external_id"])
        if practice is None:
            practice = Practice(external_id=item["external_id"], status=PracticeStatus.draft,
                                slug=operations._unique_slug(item["title"], data["city"], slugs),
                                is_demo=bool(item.get("demo")))
            db.session.add(practice)
            created += 1
        else:
            updated += 1
        changes = operations._apply(practice, data)
        if practice.status is not PracticeStatus.published:
            practice.status = PracticeStatus.published
            practice.published_at = practice.published_at or _now()
        written.append((practice, changes))
    db.session.flush()  # once for the whole file: every practice now has its id
    for practice, changes in written:
        audit.record(practice, "practice.imported", actor, changes=changes)
        if changes or practice.last_published_at is None:
            operations._publish_version(practice, actor)
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
    from models.auth import utcnow
    return utcnow()


def _as_data(item, city):
    return {
        "title": item["title"], "summary": item["summary"], "body": item["body"],
        "language": item["language"], "kind": item.get("kind", "practice"), "city": city,
        "organisation": item.get("organisation"), "organisation_type": item.get("organisation_type"),
        "start_year": item.get("year"), "ongoing": item.get("ongoing", True),
        "target_groups": item.get("target_groups", []), "url": item.get("url"),
        "licence": item.get("licence", "CC-BY-4.0"), "commitments": item["commitments"],
        "key_features": item.get("key_features", []),
        **{k: item.get(k, "") for k in ("need", "activities", "partners", "results", "lessons")},
        "translation": item.get("translation"),
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
            "title": practice.title, "summary": practice.summary, "body": practice.body,
            "language": practice.language, "country": practice.city.member_state.iso,
            "city": practice.city.name_en, "commitments": [c.number for c in practice.commitments],
            "kind": practice.kind.value,
        }
        optional = {
            "organisation": practice.organisation,
            "organisation_type": practice.organisation_type.value if practice.organisation_type else None,
            "year": practice.start_year, "key_features": [kf.code for kf in practice.key_features],
            "target_groups": list(practice.target_groups or []), "url": practice.url,
            "need": practice.need, "activities": practice.activities, "partners": practice.partners,
            "results": practice.results, "lessons": practice.lessons, "licence": practice.licence,
        }
        item.update({k: v for k, v in optional.items() if v not in (None, "", [])})
        if not practice.ongoing:
            item["ongoing"] = False
        if practice.translations:
            t = practice.translations[0]
            item["translation"] = {"language": t.language, "title": t.title, "summary": t.summary,
                                   **({"body": t.body} if t.body else {})}
        if practice.is_demo:
            item["demo"] = True
        yield json.dumps(item, ensure_ascii=False)
