"""Writing, reviewing and publishing practices. Each operation checks its rule, changes the
models, writes the audit entry, queues the search update (in the same transaction) and the
notifications, and flushes."""
from flask_babel import gettext as _
from sqlalchemy import func, select

from models.auth import Role, utcnow
from models.framework import Commitment, KeyFeature
from models.practices import (LICENCES, TARGET_GROUPS, OrganisationType, Practice, PracticeKind,
                              PracticeStatus, PracticeTranslation, PracticeVersion)
from portal import audit
from portal.auth.operations import staff_users, users_with_role
from portal.domain_errors import Conflict, Invalid, NotAllowed
from portal.extensions import db
from portal.notifications.operations import notify
from portal.permissions import can
from portal.practices import rules
from portal.search import documents, sync
from portal.text import count_words, slugify
from portal.uploads import save_upload

S = PracticeStatus
TEXT_FIELDS = ("title", "summary", "need", "activities", "partners", "results", "lessons", "body")
FIELDS = TEXT_FIELDS + ("language", "kind", "start_year", "ongoing", "city", "organisation",
                        "organisation_type", "target_groups", "url", "licence")


def validate(data, *, complete):
    """Raise Invalid with the first problem found. `complete` asks for everything a
    published practice needs (a draft may lack some)."""
    title = (data.get("title") or "").strip()
    if not title or len(title) > 300:
        raise Invalid(_("Give a title of at most 300 characters."))
    words = count_words(data.get("summary"))
    if words > rules.MAX_SUMMARY_WORDS:
        raise Invalid(_("The summary has %(n)s words; the limit is %(max)s.",
                        n=words, max=rules.MAX_SUMMARY_WORDS))
    if data.get("language") not in ("en", "zh"):
        raise Invalid(_("Choose the language the practice is written in."))
    if data.get("city") is None:
        raise Invalid(_("Choose the city of the practice."))
    year = data.get("start_year")
    if year is not None and not 1900 <= year <= 2100:
        raise Invalid(_("The start year must be between 1900 and 2100."))
    if data.get("organisation_type") not in (None, "", *[t.value for t in OrganisationType]):
        raise Invalid(_("Choose a type of organisation from the list."))
    if any(group not in TARGET_GROUPS for group in data.get("target_groups") or []):
        raise Invalid(_("Choose target groups from the list."))
    if data.get("licence", "CC-BY-4.0") not in LICENCES:
        raise Invalid(_("Choose a licence from the list."))
    url = (data.get("url") or "").strip()
    if url and not url.startswith(("http://", "https://")):
        raise Invalid(_("A link must start with http:// or https://."))
    numbers = data.get("commitments") or []
    if any(n not in range(1, 13) for n in numbers):
        raise Invalid(_("Commitments are numbered 1 to 12."))
    if complete and not numbers:
        raise Invalid(_("Link the practice to at least one of the 12 commitments."))
    if complete and not (data.get("summary") or "").strip():
        raise Invalid(_("Write a short summary."))
    translation = data.get("translation")
    if translation:
        if translation.get("language") not in ("en", "zh") or translation["language"] == data.get("language"):
            raise Invalid(_("A translation must be in the other language."))
        if not (translation.get("title") or "").strip() or not (translation.get("summary") or "").strip():
            raise Invalid(_("A translation needs at least a title and a summary."))
        words = count_words(translation.get("summary"))
        if words > rules.MAX_SUMMARY_WORDS:
            raise Invalid(_("The translated summary has %(n)s words; the limit is %(max)s.",
                            n=words, max=rules.MAX_SUMMARY_WORDS))


def _apply(practice, data):
    """Copy `data` onto the practice; returns {field: (before, after)} for the audit."""
    values = {field: data[field] for field in FIELDS if field in data}
    for field in TEXT_FIELDS:
        if field in values:
            values[field] = (values[field] or "").strip()
    if "organisation_type" in values:
        values["organisation_type"] = OrganisationType(values["organisation_type"]) \
            if values["organisation_type"] else None
    if "kind" in values:
        values["kind"] = PracticeKind(values["kind"] or "practice")
    if "url" in values:
        values["url"] = (values["url"] or "").strip() or None
    if "organisation" in values:
        values["organisation"] = (values["organisation"] or "").strip() or None
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
        found = [known[code] for code in codes if code in known]
        if len(found) != len(codes):
            unknown = sorted(set(codes) - {kf.code for kf in found})
            raise Invalid(_("Unknown key features: %(codes)s.", codes=", ".join(unknown)))
        if [kf.code for kf in practice.key_features] != codes:
            changes["key_features"] = ([kf.code for kf in practice.key_features], codes)
            practice.key_features = sorted(found, key=lambda kf: kf.code)
    if "translation" in data:
        _apply_translation(practice, data["translation"], changes)
    for key in ("title", "summary", "need", "activities", "partners", "results", "lessons", "body"):
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
    if not translation:
        if existing is not None:
            practice.translations.remove(existing)
            changes["translation"] = (other, None)
        return
    values = {"title": translation["title"].strip(), "summary": translation["summary"].strip(),
              "body": (translation.get("body") or "").strip()}
    if existing is None:
        practice.translations.append(PracticeTranslation(language=translation["language"], **values))
        changes["translation"] = (None, translation["language"])
    elif any(getattr(existing, k) != v for k, v in values.items()):
        for k, v in values.items():
            setattr(existing, k, v)
        changes["translation"] = ("…", "…")


RESERVED_SLUGS = {"new", "review", "mine", "feed-atom"}  # pages under /practices/


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


def _store_cover(practice, cover):
    filename, content, alt = cover
    if len(content) > rules.COVER_MAX_BYTES:
        raise Invalid(_("The image is larger than 2 MB."))
    extension = rules.image_type(content)
    if extension is None:
        raise Invalid(_("The cover image must be a PNG, JPEG or WebP picture."))
    if not (alt or "").strip():
        raise Invalid(_("Describe the image in a few words for people who cannot see it."))
    practice.cover_image_path = save_upload("covers", extension, content)
    practice.cover_image_alt = alt.strip()


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
        _store_cover(practice, cover)
    db.session.flush()
    audit.record(practice, "practice.created", actor)
    return practice


def _author_may_use_city(actor, city):
    """Authors write for the cities their roles are tied to; the secretariat for any city."""
    if actor.has_role(Role.secretariat, Role.administrator):
        return True
    return city.id in {g.city_id for g in actor.granted() if g.city_id}


def update_practice(practice, data, *, actor, cover=None):
    """Save changes. A publisher's change to a published practice is published at once, as
    a new version; an author edits drafts and returned practices."""
    if not can(actor, "practice.edit", practice):
        raise NotAllowed(_("You may not change this practice now."))
    validate({**_current(practice), **data}, complete=practice.is_published)
    changes = _apply(practice, data)
    if cover:
        _store_cover(practice, cover)
        changes["cover"] = (None, practice.cover_image_alt)
    db.session.flush()
    audit.record(practice, "practice.updated", actor, changes=changes)
    if practice.is_published and changes:
        _publish_version(practice, actor)
    return practice


def _current(practice):
    return {"title": practice.title, "summary": practice.summary, "language": practice.language,
            "city": practice.city, "commitments": [c.number for c in practice.commitments]}


def submit_practice(practice, *, actor):
    if not can(actor, "practice.submit", practice) or practice.status not in (S.draft, S.returned, S.unpublished):
        raise Conflict(_("This practice cannot be submitted now."))
    validate(_current(practice), complete=True)
    before = practice.status
    practice.status, practice.submitted_at = S.submitted, utcnow()
    audit.record(practice, "practice.submitted", actor, changes={"status": (before, S.submitted)})
    publishers = staff_users() + users_with_role(Role.city_coordinator, city_id=practice.city_id)
    notify([u for u in publishers if u.id != actor.id], "practice.submitted",
           {"title": practice, "city": practice.city},
           endpoint="practices.practice", slug=practice.slug)
    return practice


def publish_practice(practice, *, actor, comment=None):
    if not can(actor, "practice.publish", practice):
        raise NotAllowed(_("Only the secretariat or the city's coordinator publishes practices."))
    if practice.status not in (S.submitted, S.unpublished, S.draft):
        raise Conflict(_("This practice is not waiting to be published."))
    validate(_current(practice), complete=True)
    before = practice.status
    practice.status = S.published
    practice.published_at = practice.published_at or utcnow()
    audit.record(practice, "practice.published", actor, changes={"status": (before, S.published)},
                 comment=comment)
    _publish_version(practice, actor)
    if practice.author is not None and practice.author_id != actor.id:
        notify([practice.author], "practice.published", {"title": practice},
               endpoint="practices.practice", slug=practice.slug)
    return practice


def _publish_version(practice, actor):
    """Keep what readers now see, and send it to the search index."""
    practice.last_published_at = utcnow()
    number = 1 + max((v.number for v in practice.versions), default=0)
    db.session.add(PracticeVersion(practice=practice, number=number, published_by_id=actor.id if actor else None,
                                   published_at=practice.last_published_at, snapshot=snapshot(practice)))
    sync.queue(documents.practice_id(practice))


def snapshot(practice):
    return {
        **{field: getattr(practice, field) for field in TEXT_FIELDS},
        "language": practice.language, "kind": practice.kind.value, "city": practice.city.slug,
        "start_year": practice.start_year, "ongoing": practice.ongoing,
        "organisation": practice.organisation,
        "organisation_type": practice.organisation_type.value if practice.organisation_type else None,
        "target_groups": list(practice.target_groups or []), "url": practice.url,
        "licence": practice.licence, "commitments": [c.number for c in practice.commitments],
        "key_features": [kf.code for kf in practice.key_features],
        "translations": [{"language": t.language, "title": t.title, "summary": t.summary,
                          "body": t.body} for t in practice.translations],
    }


def return_practice(practice, *, actor, comment):
    if not can(actor, "practice.publish", practice):
        raise NotAllowed(_("Only the secretariat or the city's coordinator reviews practices."))
    if practice.status is not S.submitted:
        raise Conflict(_("This practice is not waiting for review."))
    if not (comment or "").strip():
        raise Invalid(_("Please say why in the comment; the author will read it."))
    practice.status = S.returned
    audit.record(practice, "practice.returned", actor, changes={"status": (S.submitted, S.returned)},
                 comment=comment.strip())
    if practice.author is not None:
        notify([practice.author], "practice.returned", {"title": practice},
               endpoint="practices.practice", slug=practice.slug)
    return practice


def unpublish_practice(practice, *, actor, comment=None):
    if not can(actor, "practice.publish", practice):
        raise NotAllowed(_("Only the secretariat or the city's coordinator unpublishes practices."))
    if practice.status is not S.published:
        raise Conflict(_("This practice is not published."))
    practice.status = S.unpublished
    audit.record(practice, "practice.unpublished", actor,
                 changes={"status": (S.published, S.unpublished)}, comment=comment)
    sync.queue(documents.practice_id(practice))
    return practice


def delete_practice(practice, *, actor, comment=None):
    if not can(actor, "practice.delete", practice):
        raise NotAllowed(_("You may not delete this practice."))
    audit.record(practice, "practice.deleted", actor, comment=comment,
                 changes={"slug": (practice.slug, None), "title": (practice.title, None)})
    sync.queue(documents.practice_id(practice))
    db.session.delete(practice)
    db.session.flush()


TRANSITIONS = {
    "submit": lambda p, actor, comment: submit_practice(p, actor=actor),
    "publish": lambda p, actor, comment: publish_practice(p, actor=actor, comment=comment),
    "return": lambda p, actor, comment: return_practice(p, actor=actor, comment=comment),
    "unpublish": lambda p, actor, comment: unpublish_practice(p, actor=actor, comment=comment),
    "delete": lambda p, actor, comment: delete_practice(p, actor=actor, comment=comment),
}
