"""The thematic clusters the network starts with (data/clusters.yaml). Clusters are then the
secretariat's to edit: loading creates those that are missing, and brings those that nobody
has edited on the site (no `cluster.create` or `cluster.update` audit entry) in line with
the file, so that a correction of the file reaches existing installations while the
secretariat's own choices stay."""
from sqlalchemy import select

from models.audit import AuditEntry
from models.exchange import Cluster
from models.framework import Commitment
from portal import audit
from portal.extensions import db

CLUSTERS_FILE = "clusters.yaml"
EDITED_ON_THE_SITE = ("cluster.create", "cluster.update")


def load_clusters(reader, report):
    commitments = {c.number: c for c in db.session.scalars(select(Commitment))}
    existing = {c.slug: c for c in db.session.scalars(select(Cluster))}
    edited = set(db.session.scalars(select(AuditEntry.target_id).where(
        AuditEntry.target_type == Cluster.__tablename__, AuditEntry.action.in_(EDITED_ON_THE_SITE))))
    for where, item in reader.items(reader.content, "clusters", ""):
        slug = reader.text(item, "slug", where, max_length=80)
        numbers = item.get("commitments") or []
        if not isinstance(numbers, list) or any(n not in commitments for n in numbers):
            reader.fail(f"{where}.commitments", "expected a list of commitment numbers (1 to 12)")
        values = {**reader.translated(item, "name", where, max_length=160),
                  **reader.translated(item, "description", where)}
        cluster = existing.get(slug)
        if cluster is None:
            db.session.add(Cluster(slug=slug, commitments=[commitments[n] for n in numbers], **values))
            report.add("clusters", "created")
        elif cluster.id in edited:
            report.add("clusters", "unchanged")  # the secretariat's edits stay
        else:
            report.add("clusters", _follow_the_file(cluster, values, [commitments[n] for n in sorted(numbers)]))


def _follow_the_file(cluster, values, wanted):
    changes = audit.changes_between(cluster, values)
    before = [c.number for c in cluster.commitments]
    if before != [c.number for c in wanted]:
        changes["commitments"] = (before, [c.number for c in wanted])
    if not changes:
        return "unchanged"
    for key, value in values.items():
        setattr(cluster, key, value)
    cluster.commitments = wanted
    audit.record(cluster, "cluster.load_from_reference", None, changes=changes)
    return "updated"
