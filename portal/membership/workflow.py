"""The application's state machine: every allowed transition, who may make it, and the one
function that performs a transition and records it.

    draft ──submit──▶ submitted ──endorse──▶ endorsed ──start_review──▶ under_review
      ▲                 │   │                                      │   ▲      │
      └──(edit)── returned ◀─return   declined ◀─decline            │   │      ├─admit──▶ admitted
                    │                                request_info ──┘   │      └─reject─▶ not_admitted
                    └──submit (resubmit)            info_requested ──provide_info
    withdraw: from any state before a decision ──▶ withdrawn
"""
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from models.membership import ApplicationState as S
from portal import audit


@dataclass(frozen=True)
class Transition:
    name: str
    sources: tuple
    target: S
    permission: str          # a rule in portal/permissions.py, checked on the application
    label: object            # the button's text
    done: object             # what the person is told afterwards (%(city)s is the city's name)
    needs_comment: bool = False
    # For a step that cannot be undone: what will happen, asked before it is done
    # (portal/confirmation.py); %(city)s, %(member_state)s and %(remaining)s are filled in.
    confirm: object = None


TRANSITIONS = {t.name: t for t in (
    Transition("submit", (S.draft, S.returned), S.submitted, "application.edit",
               _l("Submit to the National Commission"),
               _l("The application of %(city)s is submitted to its National Commission.")),
    Transition("return", (S.submitted,), S.returned, "application.nominate",
               _l("Return to the city for changes"),
               _l("The application of %(city)s is returned to the city for changes."),
               needs_comment=True),
    Transition("decline", (S.submitted,), S.declined, "application.nominate",
               _l("Decline to nominate"),
               _l("You declined to nominate %(city)s; the city is told why."), needs_comment=True),
    Transition("endorse", (S.submitted,), S.endorsed, "application.nominate",
               _l("Endorse (nominate)"),
               _l("The application of %(city)s is endorsed and goes to the secretariat."),
               confirm=_l("Endorsing %(city)s uses one of the nominations of %(member_state)s in this "
                          "call (%(remaining)s left before this one). It cannot be undone: the "
                          "application goes to the secretariat for review.")),
    Transition("start_review", (S.endorsed,), S.under_review, "application.review",
               _l("Start the review"), _l("The review of the application of %(city)s has started.")),
    Transition("request_info", (S.under_review,), S.info_requested, "application.review",
               _l("Ask the city for more information"),
               _l("%(city)s is asked for more information."), needs_comment=True),
    Transition("provide_info", (S.info_requested,), S.under_review, "application.edit",
               _l("Send the answer to the secretariat"),
               _l("Your answer is sent to the secretariat; the review goes on."), needs_comment=True),
    Transition("admit", (S.under_review,), S.admitted, "application.review",
               _l("Admit to the network"), _l("%(city)s is admitted to the network."),
               confirm=_l("%(city)s will become a member of the network, shown as such on every "
                          "page, and the city and its National Commission are told. It cannot "
                          "be undone.")),
    Transition("reject", (S.under_review,), S.not_admitted, "application.review",
               _l("Do not admit"), _l("The application of %(city)s is not admitted; the city is told why."),
               needs_comment=True),
    Transition("withdraw", (S.draft, S.submitted, S.returned, S.endorsed, S.under_review,
                            S.info_requested), S.withdrawn, "application.withdraw",
               _l("Withdraw the application"), _l("The application of %(city)s is withdrawn."),
               confirm=_l("The application of %(city)s will be withdrawn and can no longer be "
                          "changed or submitted; an endorsement it had is given back to the "
                          "Member State. It cannot be undone: to apply again, the city starts a "
                          "new application.")),
)}

STATE_LABELS = {
    S.draft: _l("Draft"),
    S.submitted: _l("With the National Commission"),
    S.returned: _l("Returned for changes"),
    S.declined: _l("Declined by the National Commission"),
    S.endorsed: _l("Endorsed, waiting for review"),
    S.under_review: _l("Under review by the secretariat"),
    S.info_requested: _l("More information requested"),
    S.admitted: _l("Admitted"),
    S.not_admitted: _l("Not admitted"),
    S.withdrawn: _l("Withdrawn"),
}

# How each audit entry of an application reads on its timeline.
TIMELINE_LABELS = {
    "application.created": _l("Application started"),
    "application.saved": _l("Answers saved"),
    "application.submit": _l("Submitted to the National Commission"),
    "application.return": _l("Returned to the city for changes"),
    "application.decline": _l("Declined by the National Commission"),
    "application.endorse": _l("Endorsed (nominated) by the National Commission"),
    "application.start_review": _l("Review started by the secretariat"),
    "application.request_info": _l("More information requested by the secretariat"),
    "application.provide_info": _l("Information sent by the city"),
    "application.admit": _l("Admitted to the network"),
    "application.reject": _l("Not admitted"),
    "application.withdraw": _l("Withdrawn by the city"),
}

# What the city is to do next, by state (on its coordinator's start page); None: nothing.
CITY_NEXT_STEP = {
    S.draft: _l("Finish the answers and submit the application to your National Commission."),
    S.returned: _l("Your National Commission asked for changes: read its comment, change the answers and submit again."),
    S.info_requested: _l("The secretariat asked for more information: answer it on the application's page."),
    S.submitted: None, S.endorsed: None, S.under_review: None,
    S.declined: None, S.admitted: None, S.not_admitted: None, S.withdrawn: None,
}

OPEN_STATES = (S.draft, S.submitted, S.returned, S.endorsed, S.under_review, S.info_requested)


def available(application, user, can):
    """The transitions this user may make on this application now."""
    return [t for t in TRANSITIONS.values()
            if application.state in t.sources and can(user, t.permission, application)]


def move(application, transition, actor, comment=None, **changes):
    """Set the new state and the fields that go with it, and record it; flush, not commit."""
    before = application.state
    application.state = transition.target
    for field, value in changes.items():
        setattr(application, field, value)
    recorded = {"state": (before, transition.target)}
    recorded.update({k: (None, v) for k, v in changes.items() if k != "decision_reason"})
    audit.record(application, f"application.{transition.name}", actor, changes=recorded,
                 comment=comment)
