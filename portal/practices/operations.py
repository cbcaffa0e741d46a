"""Writing, reviewing and publishing practices. Each operation checks its rule, changes the
models, writes the audit entry, queues the search update (in the same transaction) and the
notifications, and flushes."""
from flask_babel import gettext as _

from models.base import utcnow
from models.framework import KeyFeature
from models.practices import (
    Practice,
    PracticeStatus,
)
from portal import audit
from portal.domain_errors import InvalidFields, NotAllowed
from portal.extensions import db
from portal.permissions import can, check
from portal.practices import content, covers, revisions, schema, versions
from portal.practices.workflow import WORKFLOW
from portal.search import documents, sync

S = PracticeStatus


def problems(data, *, complete):
    """Every problem of `data` (see schema.py), key features checked against the table."""
    known = content.reference_rows("key_features", KeyFeature, "code")
    return schema.problems(data, complete=complete, known_key_features=known)


def validate(data, *, complete):
    """Raise InvalidFields naming every problem. `complete` asks for everything a reader
    needs before the practice is submitted or published (a draft may lack it)."""
    found = problems(data, complete=complete)
    if found:
        raise InvalidFields(found)


def create_practice(data, *, actor, cover=None):
    """An author starts a practice, as a draft."""
    if not can(actor, "practice.create"):
        raise NotAllowed(_("Only practitioners and city coordinators write practices."))
    validate(data, complete=False)
    check(actor, "practice.write_for_city", data["city"])
    practice = Practice(status=S.draft, author_id=actor.id, slug=content.unique_slug(data["title"], data["city"]))
    content.apply(practice, data)
    db.session.add(practice)
    if cover:
        covers.store(practice, cover)
    db.session.flush()
    audit.record(practice, "practice.create", actor)
    return practice


def update_practice(practice, data, *, actor, cover=None):
    """Save changes. A publisher's change to a published practice is published at once, as
    a new version; an author edits drafts, returned practices and revisions (an author's
    published practice changes through a revision: revisions.open_revision)."""
    if not can(actor, "practice.edit", practice):
        raise NotAllowed(_("You may not change this practice now."))
    validate({**content.content_of(practice), **data}, complete=practice.is_published)
    if data.get("city") is not None and data["city"].id != practice.city_id:
        check(actor, "practice.write_for_city", data["city"])
    changes = content.apply(practice, data)
    if cover:
        covers.store(practice, cover)
        changes["cover"] = (None, practice.cover_image_alt)
    db.session.flush()
    audit.record(practice, "practice.update", actor, changes=changes)
    if practice.is_published and changes:
        versions.publish_version(practice, actor)
    return practice


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
    validate(content.content_of(practice), complete=True)
    return WORKFLOW.perform(practice, "submit", actor=actor, fields={"submitted_at": utcnow()})


def publish_practice(practice, *, actor, comment=None):
    """Publish a submitted (or unpublished) practice, or one's own draft. Publishing a
    revision updates the practice it revises, as its new version, and removes the revision."""
    WORKFLOW.check(practice, "publish", actor)
    validate(content.content_of(practice), complete=True)
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
