"""Building applications through the real operations, for the membership tests."""
import datetime as dt

from sqlalchemy import select

from models.cities import City
from models.membership import Call
from portal.extensions import db
from portal.membership import operations
from portal.reference.demo_membership import CALL_TEXTS, OPEN_CALL_TITLE, complete_answers, minimal_pdf


def open_call():
    return db.session.scalar(select(Call).where(Call.title == OPEN_CALL_TITLE))


def city(slug):
    return db.session.scalar(select(City).where(City.slug == slug))


def complete_application(coordinator, slug="columbus", call=None):
    """A Columbus application (by default) in the open demo call, complete, as a draft."""
    found = city(slug)
    application = operations.start_application(call or open_call(), found, actor=coordinator)
    operations.save_application(application, complete_answers(found), actor=coordinator,
                                letter=("letter.pdf", minimal_pdf()))
    return application


def new_call(actor, **overrides):
    values = dict(title="Test call", opens_on=dt.date.today() - dt.timedelta(days=1),
                  closes_on=dt.date.today() + dt.timedelta(days=30), nomination_quota=3,
                  actor=actor, texts=CALL_TEXTS)
    values.update(overrides)
    return operations.open_call(**values)
