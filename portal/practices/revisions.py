"""Revisions: how an author corrects their own published practice.

The author opens a revision, a draft copy of the practice (a row of its own, marked
`revision_of`), and edits, submits and gets it published like any draft, while the
published practice stays online unchanged. Publishing the revision copies its content onto
the practice as its next published version (questions, adoptions and links stay with the
practice) and removes the revision. One revision per practice at a time."""
from flask_babel import gettext as _

from models.base import utcnow
from models.practices import Practice, PracticeStatus
from portal import audit
from portal.domain_errors import Conflict, NotAllowed
from portal.extensions import db
from portal.permissions import can
from portal.practices import content, versions


def open_revision(practice, *, actor):
    """A draft of a new version of `practice`, written by `actor` (its author)."""
    if practice.revision is not None and practice.revision.author_id == getattr(actor, "id", None):
        return practice.revision
    if not can(actor, "practice.revise", practice):
        if practice.revision is not None:
            raise Conflict(_("A new version of this practice is already being written."))
        raise NotAllowed(_("Only the author of a published practice opens a new version of it."))
    revision = Practice(status=PracticeStatus.draft, author_id=actor.id, revision_of=practice,
                        slug=content.unique_slug(f"{practice.slug}-new-version", practice.city),
                        cover_image_path=practice.cover_image_path,
                        cover_image_alt=practice.cover_image_alt)
    db.session.add(revision)
    content.apply(revision, content.content_of(practice))
    db.session.flush()
    audit.record(revision, "practice.open_revision", actor, changes={"revision_of": (None, practice.slug)})
    return revision


def merge(revision, *, actor):
    """Publish `revision`: its content becomes the practice's next version. Returns the
    practice and what changed on it (the workflow records them as `practice.publish_revision`,
    see operations.publish_practice)."""
    practice = revision.revision_of
    changes = content.apply(practice, content.content_of(revision))
    if practice.status is not PracticeStatus.published:   # taken down meanwhile: back online
        changes["status"] = (practice.status, PracticeStatus.published)
        practice.status = PracticeStatus.published
        practice.published_at = practice.published_at or utcnow()
    if revision.cover_image_path != practice.cover_image_path:
        practice.cover_image_path, practice.cover_image_alt = revision.cover_image_path, revision.cover_image_alt
        changes["cover"] = (None, practice.cover_image_alt)
    versions.publish_version(practice, actor)
    practice.revision = None     # the revision row goes (delete-orphan)
    db.session.flush()
    return practice, changes
