"""A practice's content: copying operation data onto a practice (and reading it back), and
choosing its slug. Used by the operations, by revisions and by the import, so that all three
write a practice the same way."""
from sqlalchemy import func, select

from models.base import LANGUAGES
from models.framework import Commitment, KeyFeature
from models.practices import (
    MARKDOWN_FIELDS,
    TRANSLATED_FIELDS,
    OrganisationType,
    Practice,
    PracticeKind,
    PracticeTranslation,
)
from portal import audit
from portal.extensions import db
from portal.text import slugify

FIELDS = ("title", "summary", *MARKDOWN_FIELDS, "language", "kind", "start_year", "ongoing", "city",
          "organisation", "organisation_type", "target_groups", "url", "licence", "source")
OPTIONAL_TEXTS = ("organisation", "url", "source")   # stored as NULL when empty


def apply(practice, data):
    """Copy `data` onto the practice; returns {field: (before, after)} for the audit."""
    values = {field: data[field] for field in FIELDS if field in data}
    for field in ("title", "summary", *MARKDOWN_FIELDS, *OPTIONAL_TEXTS):
        if field in values:
            values[field] = (values[field] or "").strip()
    for field in OPTIONAL_TEXTS:
        if field in values:
            values[field] = values[field] or None
    if "organisation_type" in values:
        values["organisation_type"] = OrganisationType(values["organisation_type"]) \
            if values["organisation_type"] else None
    if "kind" in values:
        values["kind"] = PracticeKind(values["kind"] or "practice")
    if "licence" in values:
        values["licence"] = values["licence"] or "CC-BY-4.0"
    changes = audit.changes_between(practice, values)
    for field, value in values.items():
        setattr(practice, field, value)
    if "commitments" in data:
        wanted = sorted(set(data["commitments"]))
        if [c.number for c in practice.commitments] != wanted:
            changes["commitments"] = ([c.number for c in practice.commitments], wanted)
            commitments = reference_rows("commitments", Commitment, "number")
            practice.commitments = [commitments[n] for n in wanted]
    if "key_features" in data:
        codes = sorted(set(data["key_features"]))
        known = reference_rows("key_features", KeyFeature, "code")
        if [kf.code for kf in practice.key_features] != codes:
            changes["key_features"] = ([kf.code for kf in practice.key_features], codes)
            practice.key_features = [known[code] for code in codes]
    if "translations" in data:
        _apply_translations(practice, data["translations"] or [], changes)
    for key in ("title", "summary", *MARKDOWN_FIELDS):
        if key in changes:  # texts can be long: the audit notes that they changed
            changes[key] = ("…", "…")
    return {k: v for k, v in changes.items() if k != "city"} | (
        {"city": (changes["city"][0].slug if changes["city"][0] else None, changes["city"][1].slug)}
        if "city" in changes else {})


def reference_rows(name, model, key):
    """Commitments and key features by number / code, read once per transaction (an import
    of thousands of practices would otherwise ask for them thousands of times)."""
    cache = db.session.info.setdefault("reference_rows", {})
    if name not in cache:
        cache[name] = {getattr(row, key): row for row in db.session.scalars(select(model))}
    return cache[name]


def _apply_translations(practice, translations, changes):
    """Make the practice's translations those given (one per language, none in its own): a
    translation not given is removed. The audit notes each one added ("translation.fr":
    (None, "fr")), removed (("fr", None)) or changed (("…", "…"))."""
    wanted = {t["language"]: t for t in translations if t["language"] != practice.language}
    for existing in list(practice.translations):
        if existing.language not in wanted:
            practice.translations.remove(existing)
            changes[f"translation.{existing.language}"] = (existing.language, None)
    for language, translation in wanted.items():
        values = {field: (translation.get(field) or "").strip() for field in TRANSLATED_FIELDS}
        existing = practice.translation(language)
        if existing is None:
            practice.translations.append(PracticeTranslation(language=language, **values))
            changes[f"translation.{language}"] = (None, language)
        elif any(getattr(existing, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(existing, k, v)
            changes[f"translation.{language}"] = ("…", "…")


RESERVED_SLUGS = {"new", "review", "mine", "feed-atom", "guide"}  # pages under /practices/


def unique_slug(title, city, taken=None):
    """A slug from the title, not yet used. `taken` (a set of slugs) saves a query per call."""
    base = slugify(title, fallback=f"{city.slug}-practice")
    if base in RESERVED_SLUGS:
        base = f"{base}-practice"

    def used(slug):
        if taken is not None:
            return slug in taken
        return db.session.scalar(select(func.count(Practice.id)).where(Practice.slug == slug))

    slug, n = base, 1
    while used(slug):
        n += 1
        slug = f"{base}-{n}"
    if taken is not None:
        taken.add(slug)
    return slug


def content_of(practice):
    """The practice's content as operation data (what `apply` takes)."""
    data = {field: getattr(practice, field) for field in FIELDS}
    data.update(kind=practice.kind.value, commitments=[c.number for c in practice.commitments],
                organisation_type=practice.organisation_type.value if practice.organisation_type else None,
                target_groups=list(practice.target_groups or []),
                key_features=[kf.code for kf in practice.key_features])
    data["translations"] = [{"language": t.language, **{f: getattr(t, f) for f in TRANSLATED_FIELDS}}
                            for t in ordered_translations(practice)]
    return data


def ordered_translations(practice):
    """The practice's translations in the order of LANGUAGES (English, French, … Chinese)."""
    return sorted(practice.translations, key=lambda t: LANGUAGES.index(t.language)
                  if t.language in LANGUAGES else len(LANGUAGES))
