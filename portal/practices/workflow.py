"""The practice's workflow: every transition, from which states, with which permission,
and which states only the practice's own author may leave by it.

    draft ──submit──▶ submitted ──publish──▶ published ──unpublish──▶ unpublished
      │  ▲               │                      │                        │
      │  └──(edit)── returned ◀──return         └─revise─▶ a revision    └─publish / submit
      └──publish (by its author, when the author may publish: their own practice)

A revision is a draft of a new version of a published practice; it goes through submit and
publish the same way, and publishing it updates the published practice (see revisions.py).
Someone other than the author publishes only what was submitted (or taken down): a draft
nobody submitted stays the author's.
"""
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from models.practices import PracticeStatus as S
from portal.permissions import can


@dataclass(frozen=True)
class Transition:
    name: str
    sources: tuple           # states anyone holding the permission may take it from
    permission: str          # a rule in portal/permissions.py, checked on the practice
    label: object
    own_sources: tuple = ()  # states only the practice's author may take it from
    comment: str = "none"    # "required", "optional" or "none"


ALL_STATES = tuple(S)

TRANSITIONS = {t.name: t for t in (
    Transition("submit", (), "practice.submit", _l("Submit for publication"),
               own_sources=(S.draft, S.returned, S.unpublished)),
    Transition("publish", (S.submitted, S.unpublished), "practice.publish", _l("Publish"),
               own_sources=(S.draft,), comment="optional"),
    Transition("return", (S.submitted,), "practice.publish",
               _l("Return to the author with comments"), comment="required"),
    Transition("unpublish", (S.published,), "practice.publish", _l("Unpublish"), comment="optional"),
    Transition("delete", ALL_STATES, "practice.delete", _l("Delete"), comment="optional"),
)}


def _is_author(user, practice):
    return user is not None and practice.author_id == user.id


def may(user, name, practice):
    """Whether `user` may take transition `name` on `practice` now."""
    transition = TRANSITIONS.get(name)
    if transition is None or not can(user, transition.permission, practice):
        return False
    if practice.status in transition.sources:
        return True
    return practice.status in transition.own_sources and _is_author(user, practice)


def available(user, practice):
    """The transitions this user may take on this practice now, for the page's buttons."""
    return [t for name, t in TRANSITIONS.items() if may(user, name, practice)]
