"""What each kind of notification says, in the reader's language."""
from flask_babel import lazy_gettext as _l
from markupsafe import escape

from portal.notifications import subjects

MESSAGES = {
    "role.requested": _l("%(user)s asks for the role %(role)s."),
    "role.granted": _l("You now have the role %(role)s."),
    "role.refused": _l("Your request for the role %(role)s was refused."),
    "role.appointed": _l("%(user)s appointed you as a data officer of %(city)s."),
    "role.removed": _l("%(user)s ended your role as a data officer of %(city)s."),
    "application.submitted": _l("%(city)s submitted its application to the call “%(call)s” for your endorsement."),
    "application.resubmitted": _l("%(city)s resubmitted its application to the call “%(call)s”."),
    "application.returned": _l("Your National Commission returned the application of %(city)s for changes."),
    "application.declined": _l("Your National Commission declined to nominate %(city)s."),
    "application.endorsed": _l("The application of %(city)s was endorsed by its National Commission."),
    "application.review_started": _l("The secretariat started reviewing the application of %(city)s."),
    "application.info_requested": _l("The secretariat asks %(city)s for more information."),
    "application.info_provided": _l("%(city)s answered the request for more information."),
    "application.admitted": _l("%(city)s was admitted to the Learning Cities Network."),
    "application.not_admitted": _l("The application of %(city)s was not admitted."),
    "practice.submitted": _l("“%(title)s” (%(city)s) is waiting to be published."),
    "practice.published": _l("Your practice “%(title)s” is published."),
    "practice.returned": _l("Your practice “%(title)s” was returned with comments."),
    "application.withdrawn": _l("%(city)s withdrew its application to the call “%(call)s”."),
    "question.asked": _l("%(user)s asked a question about “%(title)s”."),
    "answer.posted": _l("%(user)s replied in “%(title)s”."),
    "answer.marked": _l("Your reply in “%(title)s” was marked as the answer."),
    "cluster.discussion": _l("%(user)s started the discussion “%(title)s” in the cluster %(cluster)s."),
    "cluster.post": _l("%(user)s wrote in the cluster discussion “%(title)s”."),
    "message.posted": _l("%(user)s wrote in your exchange “%(title)s”."),
    "exchange.added": _l("%(user)s added you to the exchange “%(title)s”."),
    "request.received": _l("%(city)s asks your city for a peer-learning exchange: %(title)s."),
    "request.accepted": _l("%(city)s accepted the exchange “%(title)s”. Its private thread is open."),
    "request.declined": _l("%(city)s declined the exchange “%(title)s”."),
    "request.new_period": _l("%(city)s proposes another period for the exchange “%(title)s”."),
    "request.withdrawn": _l("%(city)s withdrew its request “%(title)s”."),
    "request.closed": _l("%(city)s closed the exchange “%(title)s” with an outcome note."),
    "adoption.recorded": _l("%(city)s recorded that it adopted or adapted your city's practice “%(title)s”."),
    "reporting_cycle.opened": _l("The reporting cycle “%(cycle)s” is open: %(city)s is due to submit its "
                                 "progress report by %(deadline)s."),
    "progress_report.reminder": _l("The progress report of %(city)s for “%(cycle)s” is due on %(deadline)s "
                                   "(in %(days)s days)."),
    "progress_report.submitted": _l("%(city)s submitted its progress report for “%(cycle)s”."),
    "progress_report.resubmitted": _l("%(city)s sent its progress report for “%(cycle)s” again."),
    "progress_report.returned": _l("The secretariat returned the progress report of %(city)s with comments."),
    "progress_report.accepted": _l("The progress report of %(city)s for “%(cycle)s” was accepted."),
    "progress_report.published": _l("The progress report of %(city)s for “%(cycle)s” is published."),
    "report.threshold": _l("A post by %(user)s in “%(title)s” was reported by several people "
                           "and is hidden until you review it."),
}


ROLE_NAMES = {
    "city_coordinator": _l("city coordinator"),
    "natcom_officer": _l("National Commission officer"),
    "practitioner": _l("practitioner"),
    "data_officer": _l("data officer"),
    "secretariat": _l("network secretariat"),
    "administrator": _l("administrator"),
}


def render(notification, found=None, *, mark=str):
    """The notification's text in the current language, its subjects named in that language.
    `found` is what `subjects.load` returned for a list of notifications (one query per kind
    of subject for the whole list); without it the subjects are loaded for this one. With
    `mark` (say, language_of_parts.marked) each value is passed through it and the text is
    HTML."""
    template = MESSAGES.get(notification.kind)
    if template is None:
        return notification.kind
    if found is None:
        found = subjects.load([notification])
    values = {**notification.params, **subjects.named(notification, found)}
    if "role" in values:
        values["role"] = str(ROLE_NAMES.get(values["role"], values["role"]))
    if mark is str:
        return str(template) % values
    return escape(str(template)) % {name: mark(value) for name, value in values.items()}


def texts(notifications, *, mark=str):
    """{id: text} for a list of notifications, in the current language."""
    found = subjects.load(notifications)
    return {n.id: render(n, found, mark=mark) for n in notifications}
