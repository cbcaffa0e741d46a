"""What a person's start page lists: for each role they hold, the work waiting for them,
read through the queries of the areas that own it. A person with several roles (a city
coordinator also writes practices) gets each role's part; the template shows a part when
`can(...)` says the person may do that work."""
from dataclasses import dataclass, field

from models.auth import GrantStatus
from models.practices import PracticeStatus
from portal.admin import queries as admin
from portal.cities import queries as cities
from portal.exchange import queries as exchange
from portal.exchange import suggestions
from portal.membership import queries as membership
from portal.moderation import queries as moderation
from portal.permissions import can
from portal.practices import queries as practices

SUGGESTIONS_PER_CITY = 3


@dataclass
class Tasks:
    natcom: dict = field(default_factory=dict)
    secretariat: dict = field(default_factory=dict)
    author: dict = field(default_factory=dict)
    coordinator: dict = field(default_factory=dict)
    to_publish: list = field(default_factory=list)
    role_requests: list = field(default_factory=list)   # the person's own, still waiting
    has_role_work: bool = False   # any of the above sections applies (else: what one can do)


def for_user(user, today):
    tasks = Tasks(role_requests=[g for g in user.grants if g.status is GrantStatus.requested])
    if can(user, "application.nominate"):
        states = user.natcom_state_ids()
        tasks.natcom = {"waiting": membership.waiting_for_endorsement(states),
                        "quotas": membership.nominations_left(states, today)}
    if can(user, "application.review"):
        tasks.secretariat = {"review": membership.review_queue(),
                             "overdue": membership.overdue_decisions(today),
                             "role_requests": admin.pending_role_requests(),
                             "reported": moderation.queue()}
    if can(user, "practice.publish"):
        tasks.to_publish = practices.waiting_for(user, can)
    if can(user, "practice.create"):
        tasks.author = _authored(user)
    if can(user, "application.create"):
        tasks.coordinator = _coordinated(user, today)
    tasks.has_role_work = any(can(user, permission) for permission in (
        "application.nominate", "application.review", "practice.publish", "practice.create",
        "application.create"))
    return tasks


def _authored(user):
    mine = practices.by_author(user)
    by_status = {status: [p for p in mine if p.status is status] for status in PracticeStatus}
    return {"drafts": by_status[PracticeStatus.draft] + by_status[PracticeStatus.unpublished],
            "returned": by_status[PracticeStatus.returned],
            "submitted": by_status[PracticeStatus.submitted],
            "published": by_status[PracticeStatus.published]}


def _coordinated(user, today):
    own = cities.cities_by_ids(user.coordinated_city_ids())
    members = [c for c in own if c.is_member]
    to_answer, under_way = exchange.current_exchanges({c.id for c in members})
    applications = membership.applications_of_cities({c.id for c in own})
    return {"cities": own, "calls_to_apply": membership.calls_open_to(own, today),
            "applications": {c.id: [a for a in applications if a.city_id == c.id] for c in own},
            "to_answer": to_answer, "under_way": under_way,
            "suggestions": {c.id: suggestions.for_city(c, limit=SUGGESTIONS_PER_CITY) for c in members}}
