"""The progress report's state machine: every allowed transition, who may make it, what it
says and who is told (portal/workflow.py performs it and records it as progress_report.<verb>).

    draft ──submit──▶ submitted ──accept──▶ accepted ──publish──▶ published
                        │    ▲
                 return │    │ resubmit
                        ▼    │
                       returned
The narrative is public once accepted (permissions.REPORT_PUBLIC_STATES).
"""
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

from models.auth import Role
from models.monitoring import ReportState as S
from portal.auth.operations import staff_users, users_with_role
from portal.workflow import Transition, Workflow


def coordinators(report):
    return users_with_role(Role.city_coordinator, city_id=report.city_id)


def _natcom(report):
    return users_with_role(Role.natcom_officer, member_state_id=report.city.member_state_id)


def params(report):
    return {"city": report.city, "cycle": report.cycle.title}


def _tell(who, kind):
    return lambda report, actor, before: [(who(report), kind, params(report))]


TRANSITIONS = (
    Transition("submit", (S.draft,), S.submitted, "report.write",
               _l("Submit the report to the secretariat"),
               _l("The progress report of %(city)s is submitted to the secretariat; the data of "
                  "%(year)s is published with it."),
               event=_l("Submitted to the secretariat"), comment="optional",
               notify=_tell(lambda r: staff_users(), "progress_report.submitted")),
    Transition("return", (S.submitted,), S.returned, "report.review",
               _l("Return to the city with comments"),
               _l("The progress report of %(city)s is returned to the city with your comments."),
               event=_l("Returned to the city with comments"), comment="required",
               notify=_tell(coordinators, "progress_report.returned")),
    Transition("resubmit", (S.returned,), S.submitted, "report.write",
               _l("Send the report again"),
               _l("The progress report of %(city)s is sent to the secretariat again."),
               event=_l("Resubmitted by the city"), comment="optional",
               notify=_tell(lambda r: staff_users(), "progress_report.resubmitted")),
    Transition("accept", (S.submitted,), S.accepted, "report.review",
               _l("Accept the report"),
               _l("The progress report of %(city)s is accepted; its narrative is now public."),
               event=_l("Accepted by the secretariat"), comment="optional",
               confirm=_l("The progress report of %(city)s will be accepted and its narrative shown "
                          "to everyone. It cannot be undone."),
               notify=_tell(lambda r: coordinators(r) + _natcom(r), "progress_report.accepted")),
    Transition("publish", (S.accepted,), S.published, "report.review",
               _l("Publish the report"),
               _l("The progress report of %(city)s is published."),
               event=_l("Published by the secretariat"), comment="optional",
               notify=_tell(coordinators, "progress_report.published")),
)

WORKFLOW = Workflow(
    "progress_report", "state", TRANSITIONS,
    link=lambda report: ("monitoring.report", {"report_id": report.id}),
    refused=_l("You may not do this on this progress report."),
    conflict=_l("This progress report is no longer in a state that allows this; someone may "
                "have acted on it meanwhile. Reload the page."),
    comment_required=_l("Please write your comments; the city will read them."),
    events={"create": _l("Report started"), "save": _l("Report saved")},
)

STATE_LABELS = {
    S.draft: _l("Draft"),
    S.submitted: _l("Submitted, with the secretariat"),
    S.returned: _l("Returned to the city with comments"),
    S.accepted: lazy_pgettext("report status", "Accepted"),
    S.published: lazy_pgettext("report status", "Published"),
}

SUBMITTED_STATES = (S.submitted, S.accepted, S.published)
