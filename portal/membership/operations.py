"""Calls, applications, nominations and admissions: every change to them happens here, as a
verb_noun(obj, data, *, actor) that checks its rule, changes the models, writes the audit
entry, queues notifications, and flushes. Views never hold a rule of their own."""
import datetime as dt

from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from models.base import utcnow
from models.framework import Commitment
from models.membership import Application, ApplicationChallenge, Call, Nomination
from models.reference_numbers import COMMITMENT_COUNT
from portal import audit
from portal.domain_errors import Conflict, Invalid, InvalidFields, NotAllowed
from portal.extensions import db
from portal.i18n import list_of, localized
from portal.membership import queries, rules, schema
from portal.membership.schema import CALL_TEXTS, PROFILE_FIELDS, REQUIRED_FOR_SUBMISSION
from portal.membership.workflow import OPEN_STATES, WORKFLOW
from portal.permissions import can, check
from portal.uploads import clean_filename, save_upload


def today():
    return dt.date.today()


# --- Calls -------------------------------------------------------------------------------

def open_call(*, title, opens_on, closes_on, nomination_quota=3, decision_window_days=30, actor,
              texts=None):
    """The secretariat opens a call for membership. `texts` holds CALL_TEXTS: what the call is
    about and who may apply, in English (required) and Chinese (shown instead where given)."""
    check(actor, "call.manage")
    data = {"title": title, "opens_on": opens_on, "closes_on": closes_on,
            "nomination_quota": nomination_quota, "decision_window_days": decision_window_days,
            **{name: (texts or {}).get(name) or "" for name in CALL_TEXTS}}
    found = schema.call_problems(data)
    if found:
        raise InvalidFields(found)
    texts = {name: data[name].strip() for name in CALL_TEXTS}
    call = Call(title=title.strip(), opens_on=opens_on, closes_on=closes_on,
                nomination_quota=nomination_quota, decision_window_days=decision_window_days,
                created_by_id=actor.id, **texts)
    db.session.add(call)
    db.session.flush()
    audit.record(call, "call.open", actor, changes={
        "opens_on": (None, opens_on), "closes_on": (None, closes_on),
        "nomination_quota": (None, nomination_quota)})
    return call


# --- Applications ----------------------------------------------------------------------

def start_application(call, city, *, actor, on=None):
    """A city coordinator starts a draft application to an open call."""
    on = on or today()
    if not can(actor, "application.create", city):
        raise NotAllowed(_("Only a coordinator of %(city)s can apply for it.", city=localized(city, "name")))
    if not call.is_open(on):
        raise Conflict(_("This call is not open: applications are accepted from %(start)s to %(end)s.",
                         start=format_date(call.opens_on, "long"), end=format_date(call.closes_on, "long")))
    if city.is_member:
        raise Conflict(_("%(city)s is already a member of the network.", city=localized(city, "name")))
    if queries.live_application(call, city) is not None:
        raise Conflict(_("%(city)s already has an application in this call.", city=localized(city, "name")))
    application = Application(call=call, city=city, created_by_id=actor.id,
                              population=city.population, area_km2=city.area_km2,
                              website=city.website)
    db.session.add(application)
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError:  # another coordinator of the city started one at the same moment
        raise Conflict(_("%(city)s already has an application in this call.", city=localized(city, "name"))) from None
    audit.record(application, "application.create", actor)
    return application


def save_application(application, data, *, actor, letter=None):
    """Save the city's answers (a draft may be incomplete; limits always apply).

    `data` holds PROFILE_FIELDS plus `challenges` {commitment number: 1..5},
    `expertise` [commitment numbers], `expertise_tags` (text); `letter` is
    (filename, bytes) or None."""
    if not can(actor, "application.edit", application):
        raise NotAllowed(_("This application cannot be changed now."))
    found = schema.problems(data)
    if found:
        raise InvalidFields(found)
    values = {field: data.get(field) for field in PROFILE_FIELDS if field in data}
    values["pledge"] = bool(data.get("pledge"))
    if "expertise_tags" in data:
        values["expertise_tags"] = rules.parse_tags(data["expertise_tags"])
    changes = audit.changes_between(application, values)
    for field, value in values.items():
        setattr(application, field, value)
    commitments = {c.number: c for c in db.session.scalars(select(Commitment))}
    if "challenges" in data:
        ratings = {n: r for n, r in data["challenges"].items() if r}
        application.challenges = [
            ApplicationChallenge(commitment=commitments[n], rating=r) for n, r in sorted(ratings.items())]
    if "expertise" in data:
        application.expertise = [commitments[n] for n in sorted(set(data["expertise"]))]
    if letter is not None:
        _store_letter(application, *letter)
        changes["letter"] = (None, application.letter_filename)
    audit.record(application, "application.save", actor,
                 changes={k: v for k, v in changes.items() if k not in ("motivation", "implementation")}
                 | ({"texts": ("…", "…")} if {"motivation", "implementation"} & set(changes) else {}))
    return application


def _store_letter(application, filename, content):
    if len(content) > rules.LETTER_MAX_BYTES:
        raise Invalid(_("The letter is %(size)s MB; the limit is %(max)s MB.",
                        size=round(len(content) / 1048576, 1), max=rules.LETTER_MAX_BYTES // 1048576))
    if not rules.looks_like_pdf(content):
        raise Invalid(_("The mayor's letter must be a PDF file; this file is not one."))
    application.letter_path = save_upload("letters", "pdf", content)
    application.letter_filename = clean_filename(filename, default="letter.pdf", extension="pdf")
    application.letter_size = len(content)


def missing_for_submission(application):
    """Human-readable names of what the application still lacks before it can be submitted."""
    missing = [str(schema.FIELD_LABELS[f]) for f in REQUIRED_FOR_SUBMISSION
               if getattr(application, f) in (None, "")]
    if len(application.challenges) < COMMITMENT_COUNT:
        missing.append(_("a rating for each of the %(n)s commitments", n=COMMITMENT_COUNT))
    if not application.pledge:
        missing.append(_("the pledge to adopt the Beijing Declaration and the Key Features"))
    if not application.letter_path:
        missing.append(_("the mayor's signed letter"))
    return missing


# --- Transitions -----------------------------------------------------------------------

def transition_application(application, name, *, actor, comment=None, on=None):
    """Make one workflow transition (see workflow.TRANSITIONS) with its own rules."""
    WORKFLOW.check(application, name, actor)
    return _STEPS.get(name, _step)(application, name, actor, comment, on or today())


def _step(application, name, actor, comment, on, **fields):
    WORKFLOW.perform(application, name, actor=actor, comment=comment, fields=fields)
    return application


def _submit(application, name, actor, comment, on):
    if not application.call.is_open(on):
        raise Conflict(_("The call closed on %(date)s; applications can no longer be submitted.",
                         date=format_date(application.call.closes_on, "long")))
    if application.city.is_member:
        raise Conflict(_("%(city)s is already a member of the network.", city=localized(application.city, "name")))
    missing = missing_for_submission(application)
    if missing:
        raise Invalid(_("The application is not complete. Still missing: %(list)s.",
                        list=list_of(missing)))
    return _step(application, name, actor, comment, on, submitted_at=utcnow())


def free_nomination_slots(call, member_state_id):
    used = set(db.session.scalars(select(Nomination.slot).where(
        Nomination.call_id == call.id, Nomination.member_state_id == member_state_id)))
    return sorted(set(range(1, call.nomination_quota + 1)) - used)


def _endorse(application, name, actor, comment, on):
    """Endorsing uses one of the Member State's nominations in the call (the quota)."""
    call, state_id = application.call, application.city.member_state_id
    free = free_nomination_slots(call, state_id)
    if not free:
        raise Conflict(_("The quota of %(n)s nominations for this Member State in this call is used up.",
                         n=call.nomination_quota))
    try:
        with db.session.begin_nested():
            db.session.add(Nomination(call_id=call.id, member_state_id=state_id, slot=free[0],
                                      application=application))
            db.session.flush()
    except IntegrityError:
        # Another officer took the same slot at the same moment: the database refused ours.
        raise Conflict(_("Another endorsement used the last nomination slot at the same moment. "
                         "Reload the page to see the remaining quota.")) from None
    return _step(application, name, actor, comment, on, endorsed_at=utcnow(), endorsed_by_id=actor.id)


def _decide(application, name, actor, comment, on):
    _step(application, name, actor, comment, on, decided_at=utcnow(), decided_by_id=actor.id,
          decision_reason=(comment or "").strip() or None)
    if name == "admit":
        city = application.city
        audit.record(city, "city.admit", actor, changes={"member_since": (city.member_since, on)})
        city.member_since = on
    return application


def _withdraw(application, name, actor, comment, on):
    if application.nomination is not None:  # the Member State gets its nomination back
        db.session.delete(application.nomination)
        application.nomination = None
    return _step(application, name, actor, comment, on)


_STEPS = {"submit": _submit, "endorse": _endorse, "admit": _decide, "reject": _decide,
          "withdraw": _withdraw}


def is_open(application):
    return application.state in OPEN_STATES
