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
    needs_comment: bool = False


TRANSITIONS = {t.name: t for t in (
    Transition("submit", (S.draft, S.returned), S.submitted, "application.edit",
               _l("Submit to the National Commission")),
    Transition("return", (S.submitted,), S.returned, "application.nominate",
               _l("Return to the city for changes"), needs_comment=True),
    Transition("decline", (S.submitted,), S.declined, "application.nominate",
               _l("Decline to nominate"), needs_comment=True),
    Transition("endorse", (S.submitted,), S.endorsed, "application.nominate",
               _l("Endorse (nominate)")),
    Transition("start_review", (S.endorsed,), S.under_review, "application.review",
               _l("Start the review")),
    Transition("request_info", (S.under_review,), S.info_requested, "application.review",
               _l("Ask the city for more information"), needs_comment=True),
    Transition("provide_info", (S.info_requested,), S.under_review, "application.edit",
               _l("Send the answer to the secretariat"), needs_comment=True),
    Transition("admit", (S.under_review,), S.admitted, "application.review",
               _l("Admit to the network")),
    Transition("reject", (S.under_review,), S.not_admitted, "application.review",
               _l("Do not admit"), needs_comment=True),
    Transition("withdraw", (S.draft, S.submitted, S.returned, S.endorsed, S.under_review,
                            S.info_requested), S.withdrawn, "application.withdraw",
               _l("Withdraw the application")),
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
