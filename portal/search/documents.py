"""What the search index holds for a practice or a city, built from the database."""
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from models.cities import City, MemberState
from models.framework import KeyFeature
from models.practices import MARKDOWN_FIELDS, Practice, PracticeStatus
from portal.extensions import db
from search_index.schema import LANGUAGES


def practice_id(practice_or_id):
    return f"practice:{getattr(practice_or_id, 'id', practice_or_id)}"


def city_id(city_or_id):
    return f"city:{getattr(city_or_id, 'id', city_or_id)}"


def _texts(practice):
    """{language: (title, text)} for the original and each translation (every section)."""
    def text(row, extra=()):
        parts = [row.summary, *(getattr(row, field) for field in MARKDOWN_FIELDS), *extra]
        return "\n".join(part for part in parts if part)
    texts = {practice.language: (practice.title, text(practice, [practice.organisation or ""]))}
    for translation in practice.translations:
        texts.setdefault(translation.language, (translation.title, text(translation)))
    return texts


def practice_document(practice):
    city = practice.city
    document = {
        "id": practice_id(practice), "type": "practice",
        "commitment": [c.number for c in practice.commitments],
        "area": sorted({kf.code.split(".")[0] for kf in practice.key_features}),
        "key_feature": [kf.code for kf in practice.key_features],
        "target_group": list(practice.target_groups or []),
        "region": city.member_state.region.code, "country": city.member_state.iso,
        "organisation_type": practice.organisation_type.value if practice.organisation_type else None,
        "language": practice.language, "year": practice.start_year,
        "published": practice.published_at.replace(tzinfo=None) if practice.published_at else None,
    }
    place = {language: f"{_name(city, language)} {_name(city.member_state, language)}" for language in LANGUAGES}
    for language, (title, text) in _texts(practice).items():
        if language not in place:   # a language the index has no fields for
            continue
        document[f"title_{language}"] = title
        document[f"text_{language}"] = f"{text}\n{place[language]}"
    for language in LANGUAGES:  # the city and its country are findable in every language
        document.setdefault(f"text_{language}", place[language])
    return document


def _name(row, language):
    """A city's or Member State's name in a language; its English name when it has none there
    (a city added by a person may have only that)."""
    return row.localized("name", language)


def city_document(city):
    document = {"id": city_id(city), "type": "city",
                "region": city.member_state.region.code, "country": city.member_state.iso}
    for language in LANGUAGES:
        document[f"title_{language}"] = _name(city, language)
        document[f"text_{language}"] = _name(city.member_state, language)
    return document


def _practices(ids=None):
    query = (select(Practice).where(Practice.status == PracticeStatus.published)
             .options(selectinload(Practice.city).selectinload(City.member_state)
                      .selectinload(MemberState.region),
                      selectinload(Practice.commitments),
                      selectinload(Practice.key_features).load_only(KeyFeature.code),
                      selectinload(Practice.translations)))
    if ids is not None:
        query = query.where(Practice.id.in_(ids))
    return query


def _cities(ids=None):
    query = select(City).options(selectinload(City.member_state).selectinload(MemberState.region))
    if ids is not None:
        query = query.where(City.id.in_(ids))
    return query


def documents_for(document_ids):
    """(documents to put, ids to delete) for the given document ids, from the database as
    it is now: a practice that is no longer published is deleted from the index."""
    wanted = {"practice": set(), "city": set()}
    for document_id in document_ids:
        kind, _, number = document_id.partition(":")
        wanted[kind].add(int(number))
    found = []
    if wanted["practice"]:
        found += [practice_document(p) for p in db.session.scalars(_practices(wanted["practice"]))]
    if wanted["city"]:
        found += [city_document(c) for c in db.session.scalars(_cities(wanted["city"]))]
    present = {d["id"] for d in found}
    return found, sorted(set(document_ids) - present)


def documents_in_batches(document_ids, batch=500):
    """The documents for the given ids (for rebuilds), read `batch` rows at a time; ids
    that are no longer published are skipped."""
    document_ids = list(document_ids)
    for start in range(0, len(document_ids), batch):
        found, _ = documents_for(document_ids[start:start + batch])
        order = {document_id: n for n, document_id in enumerate(document_ids[start:start + batch])}
        yield from sorted(found, key=lambda document: order[document["id"]])
        db.session.expunge_all()


def ordered_ids():
    """Every document id the index should hold: cities, then practices, by number."""
    return sorted(expected_ids(), key=lambda i: (i.split(":")[0] != "city", int(i.split(":")[1])))


def expected_ids():
    practices = db.session.scalars(select(Practice.id).where(Practice.status == PracticeStatus.published))
    cities = db.session.scalars(select(City.id))
    return {practice_id(i) for i in practices} | {city_id(i) for i in cities}
