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


def singular(table_name):
    """`peer_requests` → `peer_request`, `cities` → `city`: how an action names its target."""
    return table_name[:-3] + "y" if table_name.endswith("ies") else table_name.removesuffix("s")


def record(target, action, actor, *, changes=None, comment=None):
    """Add an audit entry for `target` (a model instance with an id); flush, not commit.
    `action` is `<target>.<verb>`: the target table's singular name and the verb, in the
    imperative, of the operation or workflow transition (`practice.publish`)."""
    prefix, dot, verb = action.partition(".")
    if prefix != singular(target.__tablename__) or not dot or not verb:
        raise ValueError(f"audit action {action!r} is not {singular(target.__tablename__)}.<verb>")
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
