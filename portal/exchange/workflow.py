"""The peer-learning request's workflow: every transition, from which states, with which
permission, and who is told (portal/workflow.py performs it and records it).

    proposed ──accept──▶ accepted ──close──▶ closed
       │  ▲                 ▲
       │  └─propose_period─┐│ (the city that must answer proposes another period;
       ▼                   ││  the other city must answer next)
    counter_proposed ──────┘└─accept
    decline: from proposed or counter_proposed ──▶ declined (by the city that must answer)
    withdraw: from proposed or counter_proposed ──▶ withdrawn (by the asking city)
"""
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

from models.auth import Role
from models.exchange import RequestState as S
from portal.auth.operations import users_with_role
from portal.permissions import can
from portal.workflow import Transition, Workflow

OPEN = (S.proposed, S.counter_proposed)


def coordinators(city):
    return users_with_role(Role.city_coordinator, city_id=city.id)


def other_city(request, actor):
    """The city on the other side from `actor` (who speaks for one of the two)."""
    return request.from_city if can(actor, "peer_request.create", request.to_city) else request.to_city


def tell(city, kind, request, actor):
    """A notification to the coordinators of `city` (but not `actor`)."""
    return ([u for u in coordinators(city) if u.id != actor.id], kind,
            {"city": request.from_city if city.id == request.to_city_id else request.to_city,
             "title": request})


def _tell_other(kind):
    return lambda request, actor, before: [tell(other_city(request, actor), kind, request, actor)]


ANSWERED = _l("This request has already been answered.")
NOT_YOUR_TURN = _l("The other city is to answer now.")

TRANSITIONS = (
    Transition("accept", OPEN, S.accepted, "peer_request.answer", _l("Accept"),
               _l("Accepted. Use the private thread to plan the exchange."),
               event=lazy_pgettext("request event", "Accepted"), comment="optional",
               refused=NOT_YOUR_TURN, conflict=ANSWERED, notify=_tell_other("request.accepted")),
    Transition("decline", OPEN, S.declined, "peer_request.answer", _l("Decline"),
               _l("You declined the request; the other city is told."), event=_l("Declined"),
               comment="optional", danger=True, refused=NOT_YOUR_TURN, conflict=ANSWERED,
               notify=_tell_other("request.declined")),
    Transition("propose_period", OPEN, S.counter_proposed, "peer_request.answer",
               _l("Propose this period"), _l("Your proposal is sent."),
               event=_l("Another period proposed"), comment="optional", refused=NOT_YOUR_TURN,
               conflict=ANSWERED, notify=_tell_other("request.new_period")),
    Transition("withdraw", OPEN, S.withdrawn, "peer_request.withdraw", _l("Withdraw the request"),
               _l("Your request is withdrawn; the other city is told."),
               event=lazy_pgettext("request event", "Withdrawn"), comment="optional",
               refused=_l("Only the asking city can withdraw its request."), conflict=ANSWERED,
               notify=lambda request, actor, before: [tell(request.to_city, "request.withdrawn", request, actor)]),
    Transition("close", (S.accepted,), S.closed, "peer_request.close", _l("Close with this outcome"),
               _l("The exchange is closed. Thank you for sharing what came out of it."),
               event=_l("Closed with an outcome"),
               refused=_l("Only the coordinators of the two cities can close the exchange."),
               conflict=_l("Only an accepted exchange can be closed."),
               notify=_tell_other("request.closed")),
)

WORKFLOW = Workflow(
    "peer_request", "state", TRANSITIONS,
    link=lambda request: ("exchange.peer_request", {"request_id": request.id}),
    events={"create": _l("Requested")},
    unrecorded=("awaiting_city", "outcome"),
)
