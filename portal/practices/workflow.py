"""The practice's workflow: every transition, from which states, with which permission, what
it says and who is told (portal/workflow.py performs it and records it).

    draft ──submit──▶ submitted ──publish──▶ published ──unpublish──▶ unpublished
      │  ▲               │                      │                        │
      │  └──(edit)── returned ◀──return         └─revise─▶ a revision    └─publish / submit
      └──publish (by its author, when the author may publish: their own practice)

A revision is a draft of a new version of a published practice; it goes through submit and
publish the same way, and publishing it updates the published practice (see revisions.py).
Someone other than the author publishes only what was submitted (or taken down): a draft
nobody submitted stays the author's, and only its author submits a practice.
"""
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

from models.auth import Role
from models.practices import PracticeStatus as S
from portal.auth.operations import staff_users, users_with_role
from portal.workflow import Transition, Workflow, only_author_from


def _submitted(practice, actor, before):
    publishers = staff_users() + users_with_role(Role.city_coordinator, city_id=practice.city_id)
    return [([u for u in publishers if u.id != actor.id], "practice.submitted",
             {"title": practice, "city": practice.city})]


def _published(practice, actor, before):
    author = practice.author
    return [([author], "practice.published", {"title": practice})] if author and author.id != actor.id else []


def _returned(practice, actor, before):
    return [([practice.author], "practice.returned", {"title": practice})] if practice.author else []


TRANSITIONS = (
    Transition("submit", (S.draft, S.returned, S.unpublished), S.submitted, "practice.submit",
               _l("Submit for publication"),
               _l("Your practice “%(title)s” is submitted for review; you will be told when it "
                  "is published or returned."),
               event=_l("Submitted for publication"),
               guard=only_author_from(tuple(S), _l("This practice cannot be submitted now.")),
               refused=_l("You may not submit this practice."),
               conflict=_l("This practice cannot be submitted now."), notify=_submitted),
    Transition("publish", (S.submitted, S.unpublished, S.draft), S.published, "practice.publish",
               _l("Publish"), _l("“%(title)s” is published."), event=lazy_pgettext("practice event", "Published"),
               comment="optional",
               guard=only_author_from((S.draft,), _l("Only its author publishes a draft; this one "
                                                     "has not been submitted.")),
               refused=_l("Only the secretariat or the city's coordinator publishes practices."),
               conflict=_l("This practice is not waiting to be published."), notify=_published),
    Transition("return", (S.submitted,), S.returned, "practice.publish",
               _l("Return to the author with comments"),
               _l("“%(title)s” is returned to its author with your comments."),
               event=_l("Returned with comments"), comment="required",
               refused=_l("Only the secretariat or the city's coordinator reviews practices."),
               conflict=_l("This practice is not waiting for review."), notify=_returned),
    Transition("unpublish", (S.published,), S.unpublished, "practice.publish", _l("Unpublish"),
               _l("“%(title)s” is no longer published."), event=_l("Unpublished"),
               comment="optional", danger=True,
               refused=_l("Only the secretariat or the city's coordinator unpublishes practices."),
               conflict=_l("This practice is not published.")),
    Transition("delete", tuple(S), None, "practice.delete", _l("Delete"),
               _l("“%(title)s” is deleted."), comment="optional", danger=True,
               confirm=_l("“%(title)s” will be deleted, with its published versions, its questions "
                          "and its answers. It cannot be undone."),
               refused=_l("You may not delete this practice.")),
)

WORKFLOW = Workflow(
    "practice", "status", TRANSITIONS,
    link=lambda practice: ("practices.practice", {"slug": practice.slug}),
    comment_required=_l("Please say why in the comment; the author will read it."),
    events={"create": _l("Started"), "update": _l("Changed"), "import": _l("Imported"),
            "open_revision": _l("New version started"),
            "publish_revision": _l("New version published")},
)
