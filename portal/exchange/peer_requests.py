"""Peer-learning requests between member cities.

A coordinator of a member city asks another member city for an exchange about one of its
practices or a commitment, in a format and a period. The city that must answer (the one that
did not make the last proposal) accepts, declines or proposes another period; the asking city
may withdraw while no answer is given. Accepting opens a private thread for the coordinators
of both cities (who may add people); either city closes the exchange with an outcome note,
public if they choose."""
import datetime as dt

from flask_babel import force_locale, format_date
from flask_babel import gettext as _

from models.auth import Role, utcnow
from models.exchange import ExchangeFormat, PeerRequest, RequestState, Thread, ThreadKind, ThreadParticipant
from portal import audit
from portal.auth.operations import users_with_role
from portal.domain_errors import Conflict, Invalid, NotAllowed
from portal.exchange import rules, schemas
from portal.extensions import db
from portal.i18n import current_language, localized
from portal.notifications.operations import notify

OPEN = (RequestState.proposed, RequestState.counter_proposed)


def coordinators(city):
    return users_with_role(Role.city_coordinator, city_id=city.id)


def _coordinates(user, city_id):
    return user is not None and city_id in user.coordinated_city_ids()


def _period(start, end, *, today=None):
    return schemas.check_period(start, end, today=today)


def request_exchange(from_city, to_city, data, *, actor):
    """`data`: format, period_start, period_end, message, and practice or commitment."""
    if not _coordinates(actor, from_city.id):
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
    checked = schemas.check_peer_request(data)
    format_, message = ExchangeFormat(checked.format), checked.message
    start, end = checked.period_start, checked.period_end
    request = PeerRequest(from_city=from_city, to_city=to_city, practice=practice, commitment=commitment,
                          format=format_, period_start=start, period_end=end, message=message,
                          awaiting_city=to_city, created_by=actor)
    db.session.add(request)
    db.session.flush()
    audit.record(request, "requested", actor)
    _tell(to_city, "request.received", request, actor)
    return request


def accept(request, *, actor, comment=None):
    _answering(request, actor)
    request.state, request.decided_at = RequestState.accepted, utcnow()
    with force_locale("en"):  # stored as written; readers see thread_title() in their language
        stored_title = title_of(request)
    thread = Thread(kind=ThreadKind.exchange, request=request, author=actor, title=stored_title)
    db.session.add(thread)
    for user in {u.id: u for u in coordinators(request.from_city) + coordinators(request.to_city)}.values():
        db.session.add(ThreadParticipant(thread=thread, user=user))
    audit.record(request, "accepted", actor, comment=comment)
    db.session.flush()
    _tell(_other_city(request, actor), "request.accepted", request, actor)
    return thread


def decline(request, *, actor, comment=None):
    _answering(request, actor)
    request.state, request.decided_at = RequestState.declined, utcnow()
    audit.record(request, "declined", actor, comment=comment)
    _tell(_other_city(request, actor), "request.declined", request, actor)


def propose_period(request, start, end, *, actor, comment=None):
    """The answering city proposes another period; the other city must answer next."""
    _answering(request, actor)
    before = (request.period_start, request.period_end)
    request.period_start, request.period_end = _period(start, end)
    request.state = RequestState.counter_proposed
    other = _other_city(request, actor)
    request.awaiting_city = other
    audit.record(request, "period_proposed", actor, comment=comment, changes={
        "period": ([d.isoformat() for d in before], [start.isoformat(), end.isoformat()])})
    db.session.flush()
    _tell(other, "request.new_period", request, actor)


def withdraw(request, *, actor, comment=None):
    if not _coordinates(actor, request.from_city_id):
        raise NotAllowed(_("Only the asking city can withdraw its request."))
    if request.state not in OPEN:
        raise Conflict(_("This request has already been answered."))
    request.state = RequestState.withdrawn
    audit.record(request, "withdrawn", actor, comment=comment)
    _tell(request.to_city, "request.withdrawn", request, actor)


def closes_from(request):
    """The first day an accepted exchange may be closed: there is no outcome to tell before
    the agreed period has started."""
    return request.period_start


def can_be_closed(request, *, today=None):
    return request.state is RequestState.accepted and (today or dt.date.today()) >= closes_from(request)


def close(request, outcome, *, public, actor, today=None):
    """Either city closes an accepted exchange with a short outcome note, once its period
    has started."""
    if not any(_coordinates(actor, city_id) for city_id in request.city_ids()):
        raise NotAllowed(_("Only the coordinators of the two cities can close the exchange."))
    if request.state is not RequestState.accepted:
        raise Conflict(_("Only an accepted exchange can be closed."))
    if not can_be_closed(request, today=today):
        raise Conflict(_("The exchange can be closed once its period has started, from %(date)s; "
                         "there is no outcome to tell before.",
                         date=format_date(closes_from(request), "long")))
    outcome = (outcome or "").strip()
    if not outcome or len(outcome) > rules.MAX_POST_LENGTH:
        raise Invalid(_("Write what came out of the exchange (at most %(n)s characters).",
                        n=rules.MAX_POST_LENGTH))
    request.state, request.outcome = RequestState.closed, outcome
    request.outcome_public, request.closed_at = bool(public), utcnow()
    audit.record(request, "closed", actor, changes={"outcome_public": (False, bool(public))})
    db.session.flush()
    _tell(_other_city(request, actor), "request.closed", request, actor)


TRANSITIONS = {"accept": accept, "decline": decline, "withdraw": withdraw}


def _answering(request, actor):
    if request.state not in OPEN:
        raise Conflict(_("This request has already been answered."))
    if not _coordinates(actor, request.awaiting_city_id):
        raise NotAllowed(_("The other city is to answer now."))


def _other_city(request, actor):
    return request.from_city if _coordinates(actor, request.to_city_id) else request.to_city


def title_of(request):
    """What the request is about, in the reader's language: "Hume → Espoo: its practice"."""
    language = current_language()
    topic = (request.practice.text_in(language, "title") if request.practice
             else _("commitment %(n)s", n=request.commitment.number))
    return _("%(from)s → %(to)s: %(topic)s", topic=topic, **{
        "from": localized(request.from_city, "name"), "to": localized(request.to_city, "name")})[:200]


def thread_title(thread):
    """A thread's title for readers: a private exchange is named after its request, in the
    reader's language; other threads keep the title their author gave them."""
    return title_of(thread.request) if thread.request is not None else thread.title


def _tell(city, kind, request, actor):
    notify([u for u in coordinators(city) if u.id != actor.id], kind,
           {"city": request.from_city if city.id == request.to_city_id else request.to_city,
            "title": request},
           endpoint="exchange.peer_request", request_id=request.id)
