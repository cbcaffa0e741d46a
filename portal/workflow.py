"""The one shape of every workflow (applications, practices, peer-learning requests, and the
progress reports to come).

Each area declares its `Workflow` in its own `workflow.py`: the audited table's name, the
state attribute, and a table of `Transition`s. A transition names the permission of
`portal/permissions.RULES` it needs, the states it leaves from, the state it reaches, what
its button and messages say, whether it takes a comment, and who is told. `Workflow.perform`
is the one function that makes a transition: it refuses (NotAllowed, Conflict, Invalid with a
human message), sets the state and fields, records the audit entry `<target>.<verb>` and sends
the notifications the transition declares. Operations call it; views and templates ask
`available` which buttons to show, so a page never offers what the operation refuses.
"""
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

from portal import audit
from portal.domain_errors import Conflict, Invalid, NotAllowed
from portal.notifications.operations import notify
from portal.permissions import can

COMMENT_CHOICES = ("none", "optional", "required")


@dataclass(frozen=True)
class Transition:
    name: str                 # the verb: the button's action and the audit entry's `<target>.<name>`
    sources: tuple            # the states it may be taken from
    target: object            # the state it reaches (None: the state does not change, e.g. delete)
    permission: str           # a rule of portal/permissions.RULES, checked on the object
    label: object             # the button's text
    done: object = None       # what the person is told afterwards (%(…)s filled in by the view)
    event: object = None      # how the audit entry reads on a timeline (default: the label)
    comment: str = "none"     # "none", "optional" or "required"
    confirm: object = None    # for what cannot be undone: what will happen, asked first
    danger: bool = False      # the button looks dangerous (it removes or refuses something)
    guard: object = None      # an extra rule, guard(obj, user) -> a DomainError or None
    refused: object = None    # the NotAllowed message (default: the workflow's)
    conflict: object = None   # the Conflict message when the state does not allow it
    notify: object = None     # notify(obj, actor, before) -> [(users, kind, params)]

    def __post_init__(self):
        assert self.comment in COMMENT_CHOICES, self.comment

    @property
    def needs_comment(self):
        return self.comment == "required"


def only_author_from(states, message, *, state="status", author="author_id"):
    """A guard: from `states`, only the object's author may take the transition (a Conflict
    saying `message` for anyone else)."""
    def guard(obj, user):
        if getattr(obj, state) in states and getattr(obj, author) != getattr(user, "id", None):
            return Conflict(str(message))
        return None
    return guard


@dataclass
class Workflow:
    target: str               # the audited table's singular name: "application", "practice"…
    state: str                # the attribute holding the state
    transitions: tuple
    link: object              # link(obj) -> (endpoint, url values) of its page, for notifications
    refused: object = _l("You may not do this.")
    conflict: object = _l("This is no longer in a state that allows this; someone may have acted "
                          "on it meanwhile. Reload the page.")
    comment_required: object = _l("Please say why in the comment.")
    events: dict = field(default_factory=dict)   # labels of audit entries that are not transitions
    unrecorded: tuple = ()    # fields set by a transition but kept out of the audit's changes

    def __post_init__(self):
        self.by_name = {t.name: t for t in self.transitions}

    def __getitem__(self, name):
        return self.by_name[name]

    def __contains__(self, name):
        return name in self.by_name

    # --- Asking -------------------------------------------------------------------------

    def refusal(self, obj, name, user):
        """Why `user` may not take transition `name` on `obj` now (a DomainError), or None."""
        transition = self.by_name.get(name)
        if transition is None:
            return Invalid(str(_l("Unknown action.")))
        if getattr(obj, self.state) not in transition.sources:
            return Conflict(str(transition.conflict or self.conflict))
        if not can(user, transition.permission, obj):
            return NotAllowed(str(transition.refused or self.refused))
        if transition.guard is not None:
            return transition.guard(obj, user)
        return None

    def allows(self, obj, name, user):
        return self.refusal(obj, name, user) is None

    def available(self, obj, user):
        """The transitions `user` may take on `obj` now, in table order: the page's buttons."""
        return [t for t in self.transitions if self.allows(obj, t.name, user)]

    def check(self, obj, name, actor):
        """Raise what refuses the transition; return the transition. An operation calls it
        first when it has preconditions of its own to check before `perform`."""
        error = self.refusal(obj, name, actor)
        if error is not None:
            raise error
        return self.by_name[name]

    def event_label(self, action):
        """How an audit entry of this workflow's objects reads on a timeline."""
        prefix, _, verb = action.partition(".")
        if prefix == self.target:
            if verb in self.by_name:
                transition = self.by_name[verb]
                return transition.event or transition.label
            if verb in self.events:
                return self.events[verb]
        return action

    def action(self, verb):
        return f"{self.target}.{verb}"

    # --- Doing --------------------------------------------------------------------------

    def perform(self, obj, name, *, actor, comment=None, fields=None, changes=None, apply=None,
                verb=None):
        """Make transition `name` on `obj`: check it, set the state and `fields`, record the
        audit entry `<target>.<verb>` (`verb` defaults to the transition's name) with the
        changes (plus `changes`, e.g. a period written differently), and notify. `apply`, when
        given, makes the change itself (e.g. a revision merged into its practice) and returns
        (audited object, changes). Flushes nothing itself; returns the audited object."""
        transition = self.check(obj, name, actor)
        comment = (comment or "").strip() or None
        if transition.comment == "required" and not comment:
            raise Invalid(str(self.comment_required))
        before = getattr(obj, self.state)
        if apply is not None:
            audited, recorded = apply()
        else:
            audited, recorded = obj, {}
            if transition.target is not None:
                setattr(obj, self.state, transition.target)
                recorded[self.state] = (before, transition.target)
            for key, value in (fields or {}).items():
                if key not in self.unrecorded and getattr(obj, key) != value:
                    recorded[key] = (getattr(obj, key), value)
                setattr(obj, key, value)
        recorded.update(changes or {})
        audit.record(audited, self.action(verb or transition.name), actor, changes=recorded,
                     comment=comment)
        self._notify(transition, audited, actor, before)
        return audited

    def _notify(self, transition, obj, actor, before):
        if transition.notify is None:
            return
        endpoint, values = self.link(obj)
        for users, kind, params in transition.notify(obj, actor, before):
            if users:
                notify(users, kind, params, endpoint=endpoint, **values)
