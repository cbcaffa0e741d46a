"""Writing, reviewing and publishing practices. Each operation checks its rule, changes the
models, writes the audit entry, queues the search update (in the same transaction) and the
notifications, and flushes."""
from flask_babel import gettext as _
from sqlalchemy import func, select

from models.auth import Role, utcnow
from models.framework import Commitment, KeyFeature
from models.practices import (MARKDOWN_FIELDS, TRANSLATED_FIELDS, OrganisationType, Practice,
                              PracticeKind, PracticeStatus, PracticeTranslation)
from portal import audit
from portal.domain_errors import InvalidFields, NotAllowed
from portal.extensions import db
from portal.permissions import can
from portal.practices import covers, revisions, schema, versions
from portal.practices.workflow import WORKFLOW
from portal.search import documents, sync
from portal.text import slugify

S = PracticeStatus
FIELDS = ("title", "summary", *MARKDOWN_FIELDS, "language", "kind", "start_year", "ongoing", "city",
          "organisation", "organisation_type", "target_groups", "url", "licence", "source")
OPTIONAL_TEXTS = ("organisation", "url", "source")   # stored as NULL when empty


def problems(data, *, complete):
    """Every problem of `data` (see schema.py), key features checked against the table."""
    known = _reference("key_features", KeyFeature, "code")
    return schema.problems(data, complete=complete, known_key_features=known)


def validate(data, *, complete):
    """Raise InvalidFields naming every problem. `complete` asks for everything a reader
    needs before the practice is submitted or published (a draft may lack it)."""
    found = problems(data, complete=complete)
    if found:
        raise InvalidFields(found)


def _apply(practice, data):
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
            commitments = _reference("commitments", Commitment, "number")
            practice.commitments = [commitments[n] for n in wanted]
    if "key_features" in data:
        codes = sorted(set(data["key_features"]))
        known = _reference("key_features", KeyFeature, "code")
        if [kf.code for kf in practice.key_features] != codes:
            changes["key_features"] = ([kf.code for kf in practice.key_features], codes)
            practice.key_features = [known[code] for code in codes]
    if "translation" in data:
        _apply_translation(practice, data["translation"], changes)
    for key in ("title", "summary", *MARKDOWN_FIELDS):
        if key in changes:  # texts can be long: the audit notes that they changed
            changes[key] = ("…", "…")
    return {k: v for k, v in changes.items() if k != "city"} | (
        {"city": (changes["city"][0].slug if changes["city"][0] else None, changes["city"][1].slug)}
        if "city" in changes else {})


def _reference(name, model, key):
    """Commitments and key features by number / code, read once per transaction (an import
    of thousands of practices would otherwise ask for them thousands of times)."""
    cache = db.session.info.setdefault("reference_rows", {})
    if name not in cache:
        cache[name] = {getattr(row, key): row for row in db.session.scalars(select(model))}
    return cache[name]


def _apply_translation(practice, translation, changes):
    other = "zh" if practice.language == "en" else "en"
    existing = practice.translation(other)
    for stale in [t for t in practice.translations if t.language == practice.language]:
        practice.translations.remove(stale)   # the practice's language changed
    if not translation:
        if existing is not None:
            practice.translations.remove(existing)
            changes["translation"] = (other, None)
        return
    values = {field: (translation.get(field) or "").strip() for field in TRANSLATED_FIELDS}
    if existing is None:
        practice.translations.append(PracticeTranslation(language=translation["language"], **values))
        changes["translation"] = (None, translation["language"])
    elif any(getattr(existing, k) != v for k, v in values.items()):
        for k, v in values.items():
            setattr(existing, k, v)
        changes["translation"] = ("…", "…")


RESERVED_SLUGS = {"new", "review", "mine", "feed-atom", "guide"}  # pages under /practices/


def _unique_slug(title, city, taken=None):
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


def create_practice(data, *, actor, cover=None):
    """An author starts a practice, as a draft."""
    if not can(actor, "practice.create"):
        raise NotAllowed(_("Only practitioners and city coordinators write practices."))
    validate(data, complete=False)
    if not _author_may_use_city(actor, data["city"]):
        raise NotAllowed(_("You can write practices for your own city only."))
    practice = Practice(status=S.draft, author_id=actor.id, slug=_unique_slug(data["title"], data["city"]))
    _apply(practice, data)
    db.session.add(practice)
    if cover:
        covers.store(practice, cover)
    db.session.flush()
    audit.record(practice, "practice.create", actor)
    return practice


def _author_may_use_city(actor, city):
    """Authors write for the cities their roles are tied to; the secretariat for any city."""
    if actor.has_role(Role.secretariat, Role.administrator):
        return True
    return city.id in {g.city_id for g in actor.granted() if g.city_id}


def update_practice(practice, data, *, actor, cover=None):
    """Save changes. A publisher's change to a published practice is published at once, as
    a new version; an author edits drafts, returned practices and revisions (an author's
    published practice changes through a revision: revisions.open_revision)."""
    if not can(actor, "practice.edit", practice):
        raise NotAllowed(_("You may not change this practice now."))
    validate({**content_of(practice), **data}, complete=practice.is_published)
    changes = _apply(practice, data)
    if cover:
        covers.store(practice, cover)
        changes["cover"] = (None, practice.cover_image_alt)
    db.session.flush()
    audit.record(practice, "practice.update", actor, changes=changes)
    if practice.is_published and changes:
        versions.publish_version(practice, actor)
    return practice


def content_of(practice):
    """The practice's content as operation data (what _apply takes)."""
    data = {field: getattr(practice, field) for field in FIELDS}
    data.update(kind=practice.kind.value, commitments=[c.number for c in practice.commitments],
                organisation_type=practice.organisation_type.value if practice.organisation_type else None,
                target_groups=list(practice.target_groups or []),
                key_features=[kf.code for kf in practice.key_features])
    translation = practice.translation("zh" if practice.language == "en" else "en")
    data["translation"] = ({"language": translation.language,
                            **{f: getattr(translation, f) for f in TRANSLATED_FIELDS}}
                           if translation is not None else None)
    return data


def transition_practice(practice, name, *, actor, comment=None):
    """Take transition `name` (see workflow.TRANSITIONS) on `practice`; returns the practice
    (a published revision returns the practice it revised; a deleted practice, None)."""
    WORKFLOW.check(practice, name, actor)
    steps = {"submit": lambda: submit_practice(practice, actor=actor),
             "publish": lambda: publish_practice(practice, actor=actor, comment=comment),
             "return": lambda: return_practice(practice, actor=actor, comment=comment),
             "unpublish": lambda: unpublish_practice(practice, actor=actor, comment=comment),
             "delete": lambda: delete_practice(practice, actor=actor, comment=comment)}
    return steps[name]()


def submit_practice(practice, *, actor):
    WORKFLOW.check(practice, "submit", actor)
    validate(content_of(practice), complete=True)
    return WORKFLOW.perform(practice, "submit", actor=actor, fields={"submitted_at": utcnow()})


def publish_practice(practice, *, actor, comment=None):
    """Publish a submitted (or unpublished) practice, or one's own draft. Publishing a
    revision updates the practice it revises, as its new version, and removes the revision."""
    WORKFLOW.check(practice, "publish", actor)
    validate(content_of(practice), complete=True)
    if practice.is_revision:
        revision = practice
        return WORKFLOW.perform(revision, "publish", actor=actor, comment=comment, verb="publish_revision",
                                apply=lambda: revisions.merge(revision, actor=actor))
    WORKFLOW.perform(practice, "publish", actor=actor, comment=comment,
                     fields={"published_at": practice.published_at or utcnow()})
    versions.publish_version(practice, actor)
    return practice


def return_practice(practice, *, actor, comment):
    return WORKFLOW.perform(practice, "return", actor=actor, comment=comment)


def unpublish_practice(practice, *, actor, comment=None):
    WORKFLOW.perform(practice, "unpublish", actor=actor, comment=comment)
    sync.queue(documents.practice_id(practice))
    return practice


def delete_practice(practice, *, actor, comment=None):
    WORKFLOW.perform(practice, "delete", actor=actor, comment=comment,
                     changes={"slug": (practice.slug, None), "title": (practice.title, None)})
    sync.queue(documents.practice_id(practice))
    db.session.delete(practice)
    db.session.flush()
