"""Writing audit entries (operations call `record`; timelines read them back)."""
import datetime as dt
from decimal import Decimal

from sqlalchemy import select

from models.audit import AuditEntry
from portal.extensions import db


def _plain(value):
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "value"):  # enums
        return value.value
    return value


def record(target, action, actor, *, changes=None, comment=None):
    """Add an audit entry for `target` (a model instance with an id); flush, not commit."""
    if target.id is None:
        db.session.flush()
    entry = AuditEntry(
        target_type=target.__tablename__, target_id=target.id, action=action,
        actor_id=actor.id if actor is not None else None, comment=comment or None,
        changes={k: [_plain(before), _plain(after)] for k, (before, after) in (changes or {}).items()})
    db.session.add(entry)
    return entry


def changes_between(obj, values):
    """{field: (before, after)} for the fields of `values` that differ on `obj`."""
    return {k: (getattr(obj, k), v) for k, v in values.items() if getattr(obj, k) != v}


def timeline(target_type, target_id):
    return db.session.scalars(
        select(AuditEntry).where(AuditEntry.target_type == target_type,
                                 AuditEntry.target_id == target_id)
        .order_by(AuditEntry.created_at, AuditEntry.id)).all()
