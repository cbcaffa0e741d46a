"""Peer-learning requests between member cities.

A coordinator of a member city asks another member city for an exchange about one of its
practices or a commitment, in a format and a period. The city that must answer (the one that
did not make the last proposal) accepts, declines or proposes another period; the asking city
may withdraw while no answer is given. Accepting opens a private thread for the coordinators
of both cities (who may add people); either city closes the exchange with an outcome note,
public if they choose. Who may take each step, from which state, and who is told: see
workflow.py."""
import datetime as dt

from flask_babel import force_locale, format_date
from flask_babel import gettext as _

from models.base import utcnow
from models.exchange import ExchangeFormat, PeerRequest, RequestState, Thread, ThreadKind, ThreadParticipant
from portal import audit
from portal.domain_errors import Conflict, Invalid, NotAllowed
from portal.exchange import rules, schema
from portal.exchange.titles import title_of
from portal.exchange.workflow import WORKFLOW, coordinators, other_city, tell
from portal.extensions import db
from portal.notifications.operations import notify
from portal.permissions import can


def _period(start, end, *, today=None):
    return schema.check_period(start, end, today=today)


def request_exchange(from_city, to_city, data, *, actor):
    """`data`: format, period_start, period_end, message, and practice or commitment."""
    if not can(actor, "peer_request.create", from_city):
        raise NotAllowed(_("Only a coordinator of the city can ask for an exchange on its behalf."))
    if not from_city.is_member or not to_city.is_member:
        raise Conflict(_("Peer-learning exchanges are between member cities of the network."))
    if from_city.id == to_city.id:
        raise Invalid(_("Choose another city than your own."))
    practice, commitment = data.get("practice"), data.get("commitment")
    if practice is None and commitment is None:
        raise Invalid(_("Say what the exchange is about: one of the city's practices or a commitment."))
    if practice is not None and (practice.city_id != to_city.id or not practice.is_published):
        raise Invalid(_("Choose a published practice of the city you are asking."))
    checked = schema.check_peer_request(data)
    format_, message = ExchangeFormat(checked.format), checked.message
    start, end = checked.period_start, checked.period_end
    request = PeerRequest(from_city=from_city, to_city=to_city, practice=practice, commitment=commitment,
                          format=format_, period_start=start, period_end=end, message=message,
                          awaiting_city=to_city, created_by=actor)
    db.session.add(request)
    db.session.flush()
    audit.record(request, "peer_request.create", actor)
    _tell(to_city, "request.received", request, actor)
    return request


def accept(request, *, actor, comment=None):
    """The city that must answer accepts: a private thread opens for both cities' coordinators."""
    WORKFLOW.perform(request, "accept", actor=actor, comment=comment, fields={"decided_at": utcnow()})
    with force_locale("en"):  # stored as written; readers see thread_title() in their language
        stored_title = title_of(request)
    thread = Thread(kind=ThreadKind.exchange, request=request, author=actor, title=stored_title)
    db.session.add(thread)
    for user in {u.id: u for u in coordinators(request.from_city) + coordinators(request.to_city)}.values():
        db.session.add(ThreadParticipant(thread=thread, user=user))
    db.session.flush()
    return thread


def decline(request, *, actor, comment=None):
    WORKFLOW.perform(request, "decline", actor=actor, comment=comment, fields={"decided_at": utcnow()})


def propose_period(request, start, end, *, actor, comment=None):
    """The answering city proposes another period; the other city must answer next."""
    WORKFLOW.check(request, "propose_period", actor)
    before = (request.period_start, request.period_end)
    request.period_start, request.period_end = _period(start, end)
    WORKFLOW.perform(request, "propose_period", actor=actor, comment=comment,
                     fields={"awaiting_city": other_city(request, actor)},
                     changes={"period": ([d.isoformat() for d in before], [start.isoformat(), end.isoformat()])})
    db.session.flush()


def withdraw(request, *, actor, comment=None):
    WORKFLOW.perform(request, "withdraw", actor=actor, comment=comment)


def closes_from(request):
    """The first day an accepted exchange may be closed: there is no outcome to tell before
    the agreed period has started."""
    return request.period_start


def can_be_closed(request, *, today=None):
    return request.state is RequestState.accepted and (today or dt.date.today()) >= closes_from(request)


def close(request, outcome, *, public, actor, today=None):
    """Either city closes an accepted exchange with a short outcome note, once its period
    has started."""
    WORKFLOW.check(request, "close", actor)
    if not can_be_closed(request, today=today):
        raise Conflict(_("The exchange can be closed once its period has started, from %(date)s; "
                         "there is no outcome to tell before.",
                         date=format_date(closes_from(request), "long")))
    outcome = (outcome or "").strip()
    if not outcome or len(outcome) > rules.MAX_POST_LENGTH:
        raise Invalid(_("Write what came out of the exchange (at most %(n)s characters).",
                        n=rules.MAX_POST_LENGTH))
    WORKFLOW.perform(request, "close", actor=actor, fields={
        "outcome": outcome, "outcome_public": bool(public), "closed_at": utcnow()})
    db.session.flush()


# The answers the request page offers in one form (propose_period and close have their own).
ANSWERS = {"accept": accept, "decline": decline, "withdraw": withdraw}


def _tell(city, kind, request, actor):
    users, kind, params = tell(city, kind, request, actor)
    notify(users, kind, params, endpoint="exchange.peer_request", request_id=request.id)
