"""What a notification is about: a city, a practice, a call, a cluster, a thread, a
peer-learning request. `notify()` receives these objects; the notification keeps a reference
to each (and, as a fallback, the text it had then), so that whenever it is shown or mailed it
names them in the reader's language: a city by its Chinese name on a Chinese page, a practice
by its title in the reader's language when it has been translated."""
from flask_babel import force_locale
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from models.cities import City
from models.exchange import Cluster, PeerRequest, Thread
from models.membership import Call
from models.practices import Practice
from portal.exchange.titles import thread_title, title_of
from portal.extensions import db
from portal.i18n import current_language, localized


def _practice_title(practice):
    return practice.text_in(current_language(), "title")


def _request_title(request):
    return title_of(request)


def _thread_title(thread):
    return thread_title(thread)


def _request_loads(via=None):
    """Loader options for what a request's title needs, from a request (or through `via`)."""
    def load(attribute):
        return via.selectinload(attribute) if via is not None else selectinload(attribute)
    return (load(PeerRequest.from_city), load(PeerRequest.to_city), load(PeerRequest.commitment),
            load(PeerRequest.practice).selectinload(Practice.translations))


# kind: (model, how it is named in the current language, what to load with it)
KINDS = {
    "city": (City, lambda city: localized(city, "name"), ()),
    "practice": (Practice, _practice_title, (selectinload(Practice.translations),)),
    "call": (Call, lambda call: call.title, ()),
    "cluster": (Cluster, lambda cluster: cluster.name(current_language()), ()),
    "thread": (Thread, _thread_title, _request_loads(via=selectinload(Thread.request))),
    "peer_request": (PeerRequest, _request_title, _request_loads()),
}
_KIND_OF_MODEL = {model: kind for kind, (model, _name, _loads) in KINDS.items()}


def split(params):
    """notify()'s params → (texts, subjects): each model object becomes a reference, and its
    name in English (or the practice's own language) as the fallback text."""
    texts, subjects = {}, {}
    for name, value in params.items():
        kind = _KIND_OF_MODEL.get(type(value))
        if kind is None:
            texts[name] = value
            continue
        if value.id is None:
            db.session.flush()
        subjects[name] = [kind, value.id]
        with force_locale("en"):
            texts[name] = KINDS[kind][1](value)
    return texts, subjects or None


def found_in(params):
    """The objects given to notify(), as `load` returns them (no query needed)."""
    return {(_KIND_OF_MODEL[type(v)], v.id): v for v in params.values() if type(v) in _KIND_OF_MODEL}


def load(notifications):
    """{(kind, id): object} for everything these notifications are about: one query per kind
    of subject, whatever the number of notifications."""
    wanted = {}
    for notification in notifications:
        for kind, object_id in (notification.subjects or {}).values():
            if kind in KINDS:
                wanted.setdefault(kind, set()).add(object_id)
    found = {}
    for kind, ids in wanted.items():
        model, _name, loads = KINDS[kind]
        for obj in db.session.scalars(select(model).where(model.id.in_(ids)).options(*loads)):
            found[(kind, obj.id)] = obj
    return found


def named(notification, found):
    """{placeholder: text} for the notification's subjects, in the current language; a
    subject deleted since keeps the text it had."""
    values = {}
    for name, (kind, object_id) in (notification.subjects or {}).items():
        obj = found.get((kind, object_id))
        if obj is not None:
            values[name] = KINDS[kind][1](obj)
    return values
