"""The application's state machine: every allowed transition, who may make it, what it says
and who is told (portal/workflow.py performs it and records it).

    draft ──submit──▶ submitted ──endorse──▶ endorsed ──start_review──▶ under_review
      ▲                 │   │                                      │   ▲      │
      └──(edit)── returned ◀─return   declined ◀─decline            │   │      ├─admit──▶ admitted
                    │                                request_info ──┘   │      └─reject─▶ not_admitted
                    └──submit (resubmit)            info_requested ──provide_info
    withdraw: from any state before a decision ──▶ withdrawn
"""
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

from models.auth import Role
from models.membership import ApplicationState as S
from portal.auth.operations import staff_users, users_with_role
from portal.workflow import Transition, Workflow


def _coordinators(application):
    return users_with_role(Role.city_coordinator, city_id=application.city_id)


def _natcom(application):
    return users_with_role(Role.natcom_officer, member_state_id=application.city.member_state_id)


def _params(application):
    return {"city": application.city, "call": application.call}


def _tell(who, kind):
    """Notify `who(application)` of `kind`."""
    return lambda application, actor, before: [(who(application), kind, _params(application))]


def _submitted(application, actor, before):
    kind = "application.resubmitted" if before is S.returned else "application.submitted"
    return [(_natcom(application), kind, _params(application))]


def _withdrawn(application, actor, before):
    told = [] if before is S.draft else _natcom(application)
    if before in (S.endorsed, S.under_review, S.info_requested):
        told += staff_users()
    return [(told, "application.withdrawn", _params(application))]


TRANSITIONS = (
    Transition("submit", (S.draft, S.returned), S.submitted, "application.edit",
               _l("Submit to the National Commission"),
               _l("The application of %(city)s is submitted to its National Commission."),
               event=_l("Submitted to the National Commission"), comment="optional",
               notify=_submitted),
    Transition("return", (S.submitted,), S.returned, "application.nominate",
               _l("Return to the city for changes"),
               _l("The application of %(city)s is returned to the city for changes."),
               event=_l("Returned to the city for changes"), comment="required",
               notify=_tell(_coordinators, "application.returned")),
    Transition("decline", (S.submitted,), S.declined, "application.nominate",
               _l("Decline to nominate"),
               _l("You declined to nominate %(city)s; the city is told why."),
               event=_l("Declined by the National Commission"), comment="required", danger=True,
               notify=_tell(_coordinators, "application.declined")),
    Transition("endorse", (S.submitted,), S.endorsed, "application.nominate",
               _l("Endorse (nominate)"),
               _l("The application of %(city)s is endorsed and goes to the secretariat."),
               event=_l("Endorsed (nominated) by the National Commission"), comment="optional",
               confirm=_l("Endorsing %(city)s uses one of the nominations of %(member_state)s in this "
                          "call (%(remaining)s left before this one). It cannot be undone: the "
                          "application goes to the secretariat for review."),
               notify=_tell(lambda a: _coordinators(a) + staff_users(), "application.endorsed")),
    Transition("start_review", (S.endorsed,), S.under_review, "application.review",
               _l("Start the review"), _l("The review of the application of %(city)s has started."),
               event=_l("Review started by the secretariat"), comment="optional",
               notify=_tell(_coordinators, "application.review_started")),
    Transition("request_info", (S.under_review,), S.info_requested, "application.review",
               _l("Ask the city for more information"),
               _l("%(city)s is asked for more information."),
               event=_l("More information requested by the secretariat"), comment="required",
               notify=_tell(_coordinators, "application.info_requested")),
    Transition("provide_info", (S.info_requested,), S.under_review, "application.edit",
               _l("Send the answer to the secretariat"),
               _l("Your answer is sent to the secretariat; the review goes on."),
               event=_l("Information sent by the city"), comment="required",
               notify=_tell(lambda a: staff_users(), "application.info_provided")),
    Transition("admit", (S.under_review,), S.admitted, "application.review",
               _l("Admit to the network"), _l("%(city)s is admitted to the network."),
               event=_l("Admitted to the network"), comment="optional",
               confirm=_l("%(city)s will become a member of the network, shown as such on every "
                          "page, and the city and its National Commission are told. It cannot "
                          "be undone."),
               notify=_tell(lambda a: _coordinators(a) + _natcom(a), "application.admitted")),
    Transition("reject", (S.under_review,), S.not_admitted, "application.review",
               _l("Do not admit"), _l("The application of %(city)s is not admitted; the city is told why."),
               event=_l("Not admitted"), comment="required", danger=True,
               notify=_tell(lambda a: _coordinators(a) + _natcom(a), "application.not_admitted")),
    Transition("withdraw", (S.draft, S.submitted, S.returned, S.endorsed, S.under_review,
                            S.info_requested), S.withdrawn, "application.withdraw",
               _l("Withdraw the application"), _l("The application of %(city)s is withdrawn."),
               event=_l("Withdrawn by the city"), danger=True,
               confirm=_l("The application of %(city)s will be withdrawn and can no longer be "
                          "changed or submitted; an endorsement it had is given back to the "
                          "Member State. It cannot be undone: to apply again, the city starts a "
                          "new application."),
               notify=_withdrawn),
)

WORKFLOW = Workflow(
    "application", "state", TRANSITIONS,
    link=lambda application: ("membership.application", {"application_id": application.id}),
    refused=_l("You may not do this on this application."),
    conflict=_l("This application is no longer in a state that allows this; "
                "someone may have acted on it meanwhile. Reload the page."),
    comment_required=_l("Please say why in the comment; the city will read it."),
    events={"create": _l("Application started"), "save": _l("Answers saved")},
    unrecorded=("decision_reason",),
)

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
    S.withdrawn: lazy_pgettext("application status", "Withdrawn"),
}

# What the city is to do next, by state (on its coordinator's start page); None: nothing.
CITY_NEXT_STEP = {
    S.draft: _l("Finish the answers and submit the application to your National Commission."),
    S.returned: _l("Your National Commission asked for changes: read its comment, change the answers and "
                   "submit again."),
    S.info_requested: _l("The secretariat asked for more information: answer it on the application's page."),
    S.submitted: None, S.endorsed: None, S.under_review: None,
    S.declined: None, S.admitted: None, S.not_admitted: None, S.withdrawn: None,
}

OPEN_STATES = (S.draft, S.submitted, S.returned, S.endorsed, S.under_review, S.info_requested)

